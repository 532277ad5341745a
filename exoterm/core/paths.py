"""Where files are: the package's own (shipped content, JSON Schemas) and the platform's
default user folders (a run's folders are `Config.data_dir` / `Config.cache_dir`).
"""

from __future__ import annotations

from pathlib import Path

APP_NAME = "exoterm"


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


def default_data_dir() -> Path:
    """The user data folder for exoterm (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_cache_dir() -> Path:
    """The user cache folder for exoterm (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
