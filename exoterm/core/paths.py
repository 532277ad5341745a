"""Where the package's own files are: the shipped content and JSON Schemas.

(The user's data and cache folders are `Config.data_dir` / `Config.cache_dir`.)
"""

from __future__ import annotations

from pathlib import Path


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
