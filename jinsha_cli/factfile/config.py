"""The project configuration: which fact files, which document, which defaults.

jinsha looks for it as ruff and yamllint do: in the working folder, then in
each parent folder, and the first folder that has one wins. The search stops at
the top of the git work tree (a folder that holds ``.git``): a configuration
above the checkout is not the project's, and never applies to it. In a folder,
``jinsha.toml`` (its top level is the configuration) comes before
``pyproject.toml`` (its ``[tool.jinsha]`` table; a pyproject.toml without one is
passed over)::

    [tool.jinsha]
    facts = ["facts/employment.facts.yaml"]     # relative to this file's folder
    source = "articles/employment.txt"

    [tool.jinsha.check]                        # defaults for `jinsha check`
    format = "concise"
    select = ["employment"]
    strict = true

A table named after a command gives defaults for that command's options,
spelled as on the command line without the dashes (``exit-zero = true``).

Precedence, highest first: the command line, then the environment
(``JINSHA_FACTS``, ``JINSHA_FORMAT``), then the configuration, then the
built-in defaults. The folder that holds the configuration is the project
root (``Config.root``).

Reading is cheap when there is nothing to read: a pyproject.toml is parsed
only when its text mentions ``[tool.jinsha``, and TOML is imported only then,
and not while the text is unchanged since the last run (the parse cache keeps
what it read: ``cache.parsed_toml``).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

CONFIG_FILE = "jinsha.toml"
PYPROJECT = "pyproject.toml"
TABLE = "tool.jinsha"
FACTS_VARIABLE = "JINSHA_FACTS"
# Keys of the top level; every other key must be a table named after a command.
TOP_LEVEL_KEYS = ("facts", "source", "allow-documents-outside")


class ConfigError(Exception):
    """A configuration that cannot be used, located: file:line:column: message [key]."""

    def __init__(self, file: Path, line: int, message: str, key: str = "") -> None:
        self.file = file
        self.line = line
        self.key = key
        self.message = message
        where = f" [{key}]" if key else ""
        super().__init__(f"{file}:{line}:1: {message}{where}")


class Config:
    """A project's configuration (an empty one when no file was found)."""

    __slots__ = ("allow_outside", "commands", "facts", "path", "root", "source", "text")

    def __init__(
        self,
        root: Path,
        path: Path | None = None,
        facts: tuple[Path, ...] = (),
        source: Path | None = None,
        commands: Mapping[str, Mapping[str, Any]] | None = None,
        text: str = "",
    ) -> None:
        self.root = root  # the folder of the configuration file: the project root
        self.path = path  # the file it was read from; None when there is none
        self.facts = facts  # absolute paths, in the order written
        self.source = source  # absolute path of the document, if named
        self.commands = dict(commands or {})  # command name -> {option key: value} as written
        self.text = text  # the file's text, to locate a key in later messages
        # allow-documents-outside as written: folders (relative to root) a fact file may also read
        self.allow_outside: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Config(path={self.path!s}, facts={[str(p) for p in self.facts]}, source={self.source})"

    def table_name(self) -> str:
        """How the file names the jinsha table, for messages: '' for jinsha.toml."""
        return TABLE if self.path is not None and self.path.name == PYPROJECT else ""

    def key_path(self, *keys: str) -> str:
        return ".".join(part for part in (self.table_name(), *keys) if part)

    def line_of(self, *keys: str) -> int:
        """The line where a key of the jinsha table (or of one of its sub-tables) is written."""
        return _key_line(self.text, [*filter(None, [self.table_name()]), *keys])

    def check_tables(self, commands: Iterable[str]) -> None:
        """Raise ConfigError for a table that names no command."""
        known = set(commands)
        for name in self.commands:
            if name not in known:
                raise self.error(f"no command {name!r} takes defaults; commands: {', '.join(sorted(known))}", name)

    def error(self, message: str, *keys: str) -> ConfigError:
        assert self.path is not None
        return ConfigError(self.path, self.line_of(*keys), message, self.key_path(*keys))


def find_config_file(start: Path | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (the working folder by default)."""
    folder = Path(os.path.abspath(start or Path.cwd()))
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _mentions_jinsha(pyproject):
            return pyproject
        if os.path.lexists(candidate / ".git"):
            return None  # the top of the work tree: what lies above is not the project's
    return None


def load_config(start: Path | None = None) -> Config:
    """The configuration that applies in ``start``; an empty one rooted at ``start`` when none does.

    Raises ConfigError (located) for a file that is not TOML or breaks the format.
    """
    path = find_config_file(start)
    if path is None:
        return Config(Path(os.path.abspath(start or Path.cwd())))
    return read_config(path)


def read_config(path: Path) -> Config:
    """Read one configuration file (jinsha.toml, or a pyproject.toml's [tool.jinsha])."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ConfigError(path, 1, f"cannot read the configuration: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(path, 1, f"not UTF-8 text (byte offset {error.start})") from None
    data = _parse_toml(path, text)
    root = path.parent.resolve()
    config = Config(root, path, text=text)
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get("jinsha") if isinstance(data.get("tool"), dict) else None
        if table is None:
            return config
        if not isinstance(table, dict):
            raise config.error("[tool.jinsha] must be a table")
    else:
        table = data
    for key, value in table.items():
        if key == "facts":
            config.facts = tuple(_joined(root, name) for name in _texts(config, value, "facts"))
        elif key == "source":
            if not isinstance(value, str) or not value:
                raise config.error(f"source must be the path of a document, not {_shown(value)}", key)
            config.source = _joined(root, value)
        elif key == "allow-documents-outside":
            config.allow_outside = tuple(_texts(config, value, key))
        elif isinstance(value, dict):
            config.commands[key] = value
        else:
            raise config.error(
                f"unknown key {key!r}; the top level takes {', '.join(TOP_LEVEL_KEYS)}, "
                "and a table named after a command ([check]) takes that command's option defaults",
                key,
            )
    _confine(config)
    return config


def _confine(config: Config) -> None:
    """The configuration is the project's own text (a pull request can change it): the fact
    files and the document it names must be inside the project, as a fact file's are."""
    from .boundary import Project, Refused, check_inside

    assert config.path is not None
    project = Project(str(config.root), "config", str(config.path))
    project.widen(config.allow_outside)
    named = [("facts", "the fact file", path) for path in config.facts]
    if config.source is not None:
        named.append(("source", "the document", config.source))
    for key, what, path in named:
        try:
            check_inside(str(path), project, what, repr(str(path)))
        except Refused as refused:
            raise config.error(f"refused: {refused}", key) from None


def facts_from_environment(environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> list[Path]:
    """The fact files JINSHA_FACTS names (separated by os.pathsep), relative to the working folder."""
    value = (os.environ if environ is None else environ).get(FACTS_VARIABLE, "")
    base = cwd or Path.cwd()
    return [base / part for part in value.split(os.pathsep) if part.strip()]


def command_defaults(config: Config, command: str, options: Iterable[Any]) -> dict[str, Any]:
    """The option defaults a configuration gives ``command``, keyed by parameter name.

    ``options`` are the command's Click parameters: a key is an option's long
    name without its dashes, a flag takes true or false, a repeatable option a
    list of text (or one text), any other option one text. Paths are read
    relative to the configuration's folder. Raises ConfigError for an unknown
    key or a value of the wrong kind.
    """
    written = dict(config.commands.get(command, {}))
    for key in TOP_LEVEL_KEYS:
        if key in written:
            raise config.error(f"name the {key} at the top level of the configuration", command, key)
    if config.source is not None and command in ("check", "report"):
        written["source"] = str(config.source)
    if not written:
        return {}
    by_key: dict[str, Any] = {}
    for option in options:
        for name in getattr(option, "opts", ()):
            if name.startswith("--"):
                by_key[name[2:]] = option
    defaults: dict[str, Any] = {}
    for key, value in written.items():
        option = by_key.get(key)
        if option is None or getattr(option, "param_type_name", "") != "option" or key == "help":
            choices = sorted(k for k in by_key if k not in ("help", *TOP_LEVEL_KEYS))
            raise config.error(f"{command} has no option --{key}; options it takes: {', '.join(choices)}", command, key)
        defaults[option.name] = _option_value(config, command, key, option, value)
    return defaults


def _option_value(config: Config, command: str, key: str, option: Any, value: Any) -> Any:
    if getattr(option, "is_flag", False):
        if not isinstance(value, bool):
            raise config.error(f"{key} takes true or false, not {_shown(value)}", command, key)
        return value
    if getattr(option, "multiple", False):
        return _texts(config, value, command, key)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise config.error(f"{key} takes one value, not {_shown(value)}", command, key)
    value = str(value)
    if type(getattr(option, "type", None)).__name__ == "Path" and key != "source":
        value = str(_joined(config.root, value))
    return value


def _texts(config: Config, value: Any, *keys: str) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(item, str) and item for item in values):
        raise config.error(f"{keys[-1]} takes text or a list of text, not {_shown(value)}", *keys)
    return values


def _joined(root: Path, name: str) -> Path:
    """A path the configuration writes, relative to its folder ('..' resolved, links kept)."""
    return Path(os.path.normpath(root / os.path.expanduser(name)))


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list of " + ", ".join(sorted({type(item).__name__ for item in value}) or {"nothing"})
    return repr(value)


def _mentions_jinsha(pyproject: Path) -> bool:
    try:
        data = pyproject.read_bytes()
    except OSError:
        return False
    return re.search(rb"^\s*\[\s*tool\s*\.\s*[\"']?jinsha\b|^\s*tool\s*\.\s*jinsha\b", data, re.M) is not None


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    from .cache import parsed_toml

    return parsed_toml(path, text, lambda text: _parsed(path, text))


def _parsed(path: Path, text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 reads TOML with tomli, the same parser
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message) or re.search(r"\(at end of document\)", message)
        line = (int(found[1]) if found.groups() else max(1, len(text.splitlines()))) if found else 1
        reason = message[: found.start()].strip() if found else message
        raise ConfigError(path, line, f"invalid TOML: {reason}") from None


def _key_line(text: str, keys: list[str]) -> int:
    """The line that writes the last of ``keys`` inside the table the others name (1 when not found).

    Good enough for messages: it follows [table] headers and plain ``key =`` lines,
    which is how configuration files are written.
    """
    *tables, key = keys
    wanted = ".".join(tables)
    current = ""
    header_line = 1
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([^\[\]]+?)\s*\]\s*(#.*)?", stripped)
        if header:
            current = header[1].replace('"', "").replace(" ", "")
            if current == ".".join(keys):
                return number  # the key is itself a table
            if current == wanted:
                header_line = number
            continue
        if current == wanted and re.match(rf"""["']?{re.escape(key)}["']?\s*=""", stripped):
            return number
    return header_line
