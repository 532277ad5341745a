"""Where exoterm keeps files: progress (data dir) and the parsed-content cache (cache dir).

`EXOTERM_HOME` (set by `--data-dir`) overrides both, so tests and portable installs keep
everything in one folder; `EXOTERM_CACHE` overrides the cache alone.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "exoterm"


def data_dir() -> Path:
    """The folder holding the SQLite database and its backups."""
    home = os.environ.get("EXOTERM_HOME")
    if home:
        return Path(home).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """The folder holding disposable caches (parsed content, search index)."""
    override = os.environ.get("EXOTERM_CACHE")
    if override:
        return Path(override).expanduser()
    home = os.environ.get("EXOTERM_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def shipped_data_dir() -> Path:
    """The content shipped inside the package (`data/` in the source tree)."""
    import importlib

    shipped = importlib.import_module("exoterm.data")
    return Path(next(iter(shipped.__path__)))


def shipped_schema_dir() -> Path:
    """The JSON Schemas shipped inside the package (`schema/` in the source tree)."""
    import importlib

    schemas = importlib.import_module("exoterm.schema")
    return Path(next(iter(schemas.__path__)))
