"""Where fact files are found: the working folder's facts.yaml, else the bundled one.

Kept apart from the loader so that finding a file never imports YAML.
"""

from __future__ import annotations

from pathlib import Path


def bundled_facts_path() -> Path:
    """The fact file shipped with jinsha (inside the wheel, or in the checkout)."""
    packaged = Path(__file__).resolve().parent.parent / "data" / "facts.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "facts.yaml"


def default_facts_path(cwd: Path | None = None) -> Path:
    """./facts.yaml when the working folder has one, else the bundled file."""
    local = (cwd or Path.cwd()) / "facts.yaml"
    return local if local.is_file() else bundled_facts_path()
