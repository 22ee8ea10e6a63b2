"""What a fact file may read: documents inside its own project, nothing else.

A fact file in a pull request is written by whoever opened it, and so is any
document it names; jinsha prints passages of that document into the CI log.
So a document named by ``source.document`` must be inside the fact file's
*project*: the nearest folder, walking up from the fact file, that holds a
``jinsha.toml``, a ``pyproject.toml`` with a ``[tool.jinsha]`` table, or
``.git`` (a git work tree); the fact file's own folder when there is none.
Within it:

- no absolute path, and no ``..`` that leaves the project;
- after every symbolic link is resolved, still inside (a git symlink in a pull
  request can point anywhere);
- nothing under a ``.git`` folder (``actions/checkout`` leaves the job's token
  in ``.git/config``, which is inside the work tree);
- a regular file of at most ``MAX_DOCUMENT_BYTES``: never a device, a FIFO or a
  file of /proc, /sys or /dev.

The fact file itself obeys the same rule when it is a symbolic link (or lies
under one): resolved, it must still be inside its project. A refusal says what
was refused and why, never any of the file's content.

The project's configuration can widen the boundary by naming folders whose
documents (and fact files) may be read too, relative to the configuration's
folder::

    allow-documents-outside = ["../shared/seeds"]   # jinsha.toml, or [tool.jinsha]

The configuration is part of the repository, so a pull request can change it.
Where the repository is not trusted, the environment decides instead:
``JINSHA_ALLOW_DOCUMENTS_OUTSIDE`` (folders separated by ``os.pathsep``, relative
to the working folder), once set, even to nothing, replaces every
configuration's ``allow-documents-outside``.

A path given on the command line (``check --source``, ``extract``'s and
``coverage``'s document) is the user's own choice and may be any regular file;
only the size limit and the regular-file rule apply to it. The fact file that
ships inside jinsha's own package is jinsha's, and is trusted as its code is.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core._messages import quoted
from ..core.textfiles import MAX_DOCUMENT_BYTES, read_regular

MAX_FACT_FILE_BYTES = 256 * 1024 * 1024  # 100,000 facts with as many rules take 37 MB
WIDEN_KEY = "allow-documents-outside"
WIDEN_VARIABLE = "JINSHA_ALLOW_DOCUMENTS_OUTSIDE"  # set by whoever runs jinsha: it overrides WIDEN_KEY
SPECIAL_FOLDERS = ("/proc", "/sys", "/dev")  # file systems whose files are not documents
_PACKAGE = os.path.realpath(Path(__file__).resolve().parent.parent)

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_FACT_FILE_BYTES",
    "Project",
    "Refused",
    "document_path",
    "find_project",
    "read_fact_file",
]


class Refused(ValueError):
    """A path a fact file may not read; the message says why and never shows content."""


class Project:
    """The folder a fact file's reads are confined to, and what it is."""

    __slots__ = ("_widened", "config", "kind", "root")

    def __init__(self, root: str, kind: str, config: str | None = None) -> None:
        self.root = root  # absolute, as reached by walking up (not resolved)
        self.kind = kind  # "config", "git" or "folder"
        self.config = config  # the configuration file, when kind is "config"
        self._widened: list[str] | None = None

    def __repr__(self) -> str:
        return f"Project({self.root!r}, {self.kind!r})"

    def describe(self) -> str:
        if self.kind == "config":
            return f"the project {self.root} (the folder of its {os.path.basename(self.config or '')})"
        if self.kind == "git":
            return f"the project {self.root} (its git work tree)"
        return f"the project {self.root} (the fact file's folder: no jinsha.toml, [tool.jinsha] or .git above it)"

    def widened(self) -> list[str]:
        """The folders the configuration's ``allow-documents-outside`` adds (absolute, normalised),
        or those of JINSHA_ALLOW_DOCUMENTS_OUTSIDE when it is set."""
        if self._widened is None:
            self._widened = []
            trusted = trusted_widening()
            if trusted is not None:
                self._widened = trusted
            elif self.config:
                from .config import ConfigError, read_config

                try:
                    self.widen(read_config(Path(self.config)).allow_outside)
                except ConfigError as error:
                    raise Refused(f"the project configuration cannot be used: {error}") from None
        return self._widened

    def widen(self, folders: tuple[str, ...] | list[str]) -> None:
        """Widen to the configuration's folders (relative to the root), unless the environment decides."""
        trusted = trusted_widening()
        if trusted is not None:
            self._widened = trusted
            return
        self._widened = [os.path.normpath(os.path.join(self.root, os.path.expanduser(name))) for name in folders]


def trusted_widening() -> list[str] | None:
    """The folders JINSHA_ALLOW_DOCUMENTS_OUTSIDE names (absolute, normalised), or None when it is unset."""
    value = os.environ.get(WIDEN_VARIABLE)
    if value is None:
        return None
    return [os.path.abspath(os.path.expanduser(part)) for part in value.split(os.pathsep) if part.strip()]


def find_project(folder: str | Path) -> Project:
    """The project of a fact file in ``folder``: see the module docstring."""
    start = os.path.abspath(folder)
    current = start
    while True:
        jinsha_toml = os.path.join(current, "jinsha.toml")
        if os.path.isfile(jinsha_toml):
            return Project(current, "config", jinsha_toml)
        pyproject = os.path.join(current, "pyproject.toml")
        if os.path.isfile(pyproject) and _has_jinsha_table(pyproject):
            return Project(current, "config", pyproject)
        if os.path.lexists(os.path.join(current, ".git")):  # a folder, or a file in a linked work tree
            return Project(current, "git")
        parent = os.path.dirname(current)
        if parent == current:
            return Project(start, "folder")
        current = parent


def _has_jinsha_table(pyproject: str) -> bool:
    from .config import _mentions_jinsha  # a header is enough to tell, without parsing TOML on every run

    return _mentions_jinsha(Path(pyproject))


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _has_git_part(path: str, base: str) -> bool:
    relative = os.path.relpath(path, base) if _inside(path, base) else path
    return any(part.casefold() == ".git" for part in Path(relative).parts)


def _base_of(path: str, folders: list[str]) -> str | None:
    """The first of ``folders`` that holds ``path``."""
    return next((folder for folder in folders if _inside(path, folder)), None)


def trusted(fact_file: str | Path) -> bool:
    """A fact file inside jinsha's own installed package (the bundled one)."""
    return _inside(os.path.realpath(fact_file), _PACKAGE)


def check_inside(path: str, project: Project, what: str, shown: str) -> None:
    """Refuse ``path`` (absolute and normalised) unless it is in the project, also once resolved."""
    lexical = [project.root]
    base = _base_of(path, lexical) or _base_of(path, project.widened())
    if base is None:
        how = (
            f"{WIDEN_VARIABLE}, which is set and overrides the configuration"
            if trusted_widening() is not None
            else f"{WIDEN_KEY} in jinsha.toml or {WIDEN_VARIABLE}"
        )
        raise Refused(
            f"{what} {shown} is outside {project.describe()}; a fact file may read only files inside its "
            f"project (widen it with {how}, or give the document with --source)"
        )
    if _has_git_part(path, base):
        raise Refused(f"{what} {shown} is inside a .git folder, which a fact file may not read")
    resolved = os.path.realpath(path)
    real_base = _base_of(resolved, [os.path.realpath(project.root)])
    if real_base is None:  # the configuration is read only when the project itself is not enough
        real_base = _base_of(resolved, [os.path.realpath(folder) for folder in project.widened()])
    if real_base is None:
        raise Refused(
            f"{what} {shown} leads by a symbolic link to {quoted(resolved)}, outside {project.describe()}; "
            "a fact file may read only files inside its project"
        )
    if _has_git_part(resolved, real_base):
        raise Refused(f"{what} {shown} leads into a .git folder, which a fact file may not read")
    special = _base_of(resolved, list(SPECIAL_FOLDERS))
    if special is not None:
        raise Refused(f"{what} {shown} is in {special}, which holds devices and system files, not documents")


def document_path(fact_file: str | Path, named: str) -> str:
    """Where the document a fact file names is, once it is known to be inside the project.

    Raises Refused for a document the fact file may not read. Whether it exists
    is for the reader to find out.
    """
    folder = os.path.dirname(os.path.abspath(fact_file))
    shown = quoted(named)
    if "\x00" in named:
        raise Refused(f"the document {shown} holds a NUL character")
    candidate = os.path.normpath(os.path.join(folder, named))
    if trusted(fact_file):
        return candidate
    project = find_project(folder)
    if os.path.isabs(named) and _base_of(candidate, project.widened()) is None:
        raise Refused(
            f"the document {shown} is an absolute path; name it relative to the fact file, inside {project.describe()}"
        )
    check_inside(candidate, project, "the document", shown)
    return candidate


def read_fact_file(path: str | Path) -> bytes:
    """A fact file's bytes: a regular file, inside its project even when it is a symbolic link.

    Raises Refused, or OSError (NotReadable for a device, a FIFO or an oversized file).
    """
    absolute = os.path.abspath(path)
    if not trusted(absolute):
        check_inside(absolute, find_project(os.path.dirname(absolute)), "the fact file", quoted(str(path)))
    return read_regular(absolute, MAX_FACT_FILE_BYTES)
