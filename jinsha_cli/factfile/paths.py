"""Where fact files are found when the command line names none.

In order, the first that gives any file wins:

1. ``JINSHA_FACTS``: paths separated by the platform's path separator (``:``,
   ``;`` on Windows), relative to the working folder;
2. the project configuration's ``facts`` (jinsha.toml or [tool.jinsha], found
   by walking up from the working folder; see config.py);
3. the fact files in the working folder: ``facts.yaml``, ``facts.yml``, then
   every ``*.facts.yaml`` and ``*.facts.yml`` in name order. All of them are
   checked; a command that reads one fact file reads the first and says so;
4. the bundled example (the Jinsha County article), and jinsha says so on
   standard error, so that a folder whose fact file is misnamed is not
   silently checked against someone else's article.

Kept apart from the loader so that finding a file never imports YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .config import FACTS_VARIABLE, Config, facts_from_environment, load_config

FACT_FILE_NAMES = ("facts.yaml", "facts.yml")
FACT_FILE_PATTERNS = ("*.facts.yaml", "*.facts.yml")

FROM_ENVIRONMENT, FROM_CONFIG, FROM_FOLDER, BUNDLED = "environment", "config", "folder", "bundled"


class FactFiles:
    """The fact files a command uses by default, and where the choice came from."""

    __slots__ = ("config", "origin", "paths")

    def __init__(self, paths: list[Path], origin: str, config: Config | None = None) -> None:
        self.paths = paths
        self.origin = origin  # environment | config | folder | bundled
        self.config = config

    @property
    def notice(self) -> str:
        """What to tell the user on standard error about this choice ('' for nothing)."""
        if self.origin != BUNDLED:
            return ""
        configured = self.config.path if self.config is not None else None
        where = f"{configured} names no facts" if configured else "no project configuration"
        return (
            f"jinsha: no fact file here ({', '.join(FACT_FILE_NAMES + FACT_FILE_PATTERNS)}), "
            f"no {FACTS_VARIABLE} and {where}: using the bundled example, "
            f"the facts of the Jinsha County article ({self.paths[0]})"
        )


def bundled_facts_path() -> Path:
    """The fact file shipped with jinsha (inside the wheel, or in the checkout)."""
    packaged = Path(__file__).resolve().parent.parent / "data" / "facts.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "facts.yaml"


def folder_fact_files(folder: Path) -> list[Path]:
    """The fact files of a folder by name: facts.yaml, facts.yml, then *.facts.yaml/yml sorted."""
    found = [folder / name for name in FACT_FILE_NAMES if (folder / name).is_file()]
    for pattern in FACT_FILE_PATTERNS:
        found.extend(sorted(path for path in folder.glob(pattern) if path.is_file()))
    return found


def find_fact_files(
    cwd: Path | None = None, environ: Mapping[str, str] | None = None, config: Config | None = None
) -> FactFiles:
    """The fact files to use when the command line names none (see the module's docstring).

    Raises config.ConfigError when the project configuration cannot be read.
    """
    folder = cwd or Path.cwd()
    from_environment = facts_from_environment(environ, folder)
    if from_environment:
        return FactFiles(_shown(from_environment), FROM_ENVIRONMENT, config)
    config = config if config is not None else load_config(folder)
    if config.facts:
        return FactFiles(_shown(list(config.facts)), FROM_CONFIG, config)
    local = folder_fact_files(folder)
    if not local and config.path is not None and config.root != folder.resolve():
        local = folder_fact_files(config.root)  # the project root's own fact files
    if local:
        return FactFiles(_shown(local), FROM_FOLDER, config)
    return FactFiles([bundled_facts_path()], BUNDLED, config)


def _shown(paths: list[Path]) -> list[Path]:
    """Paths relative to the process's working folder when they are inside it, as people type them."""
    base = Path.cwd().resolve()
    shown = []
    for path in paths:
        try:
            shown.append(path.resolve().relative_to(base))
        except ValueError:
            shown.append(path)
    return shown


def project_facts(cwd: Path | None = None) -> list[Path]:
    """The fact files a command uses in ``cwd`` when none is named."""
    return find_fact_files(cwd).paths


def default_facts_path(cwd: Path | None = None) -> Path:
    """The first fact file a command uses in ``cwd`` when none is named."""
    return find_fact_files(cwd).paths[0]
