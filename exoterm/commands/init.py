"""`exoterm init DIR`: write a small, commented starter deck that validates clean."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config

STARTER_FILES = ("sources.yaml", "glossary.yaml", "quiz.yaml")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "init", help="write a commented starter deck into a new folder",
        description="Write sources.yaml, glossary.yaml, quiz.yaml and the editor schemas into DIR.",
    )
    parser.add_argument("dir", metavar="DIR", help="folder to create (must be new or empty)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    import importlib

    from exoterm.core.fileio import write_file
    from exoterm.core.paths import shipped_schema_dir

    starter = Path(next(iter(importlib.import_module("exoterm.starter").__path__)))

    target = Path(args.dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExotermError(f"{target}: already exists and is not an empty folder; nothing written")
    try:
        (target / "schema").mkdir(parents=True, exist_ok=True)
        for name in STARTER_FILES:
            write_file(target / name, (starter / name).read_bytes())
        for schema in sorted(shipped_schema_dir().glob("*.schema.json")):
            write_file(target / "schema" / schema.name, schema.read_bytes())
        readme = (starter / "README.md").read_text(encoding="utf-8")
        write_file(target / "README.md", readme.format(dir=target))
    except OSError as exc:
        raise ExotermError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    print(f"wrote a starter deck to {target}/ — check it with: exoterm validate {target}")
    return 0
