"""`exoterm init DIR`: write a small, commented starter deck that validates clean."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.commands.review import ui_language
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
    parser.add_argument("--id", dest="deck_id", metavar="ID",
                        help="the deck's id (lowercase letters, digits, hyphens; default: from DIR)")
    parser.add_argument("--title", help="the deck's title (default: the folder name)")
    parser.set_defaults(func=run)


def with_header(text: str, deck_id: str, title: str) -> str:
    """The starter sources.yaml with its `deck:` header naming this deck (comments kept)."""
    import json
    import re

    for key, placeholder, value in (("id", "my-deck", deck_id),
                                    ("title", "My deck", json.dumps(title, ensure_ascii=False))):
        pattern = re.compile(rf"^  {key}: {placeholder}( +#.*)$", re.MULTILINE)
        found = pattern.search(text)
        assert found is not None, f"the starter sources.yaml has no `{key}: {placeholder}` line"
        line = f"  {key}: {value}".ljust(37) + found.group(1).lstrip()
        text = text[:found.start()] + line + text[found.end():]
    return text


def run(args: argparse.Namespace, config: Config) -> int:
    import importlib

    from exoterm.core.content.decks import SHIPPED_DECK_ID, folder_deck_id
    from exoterm.core.content.fields import ID_RE
    from exoterm.core.fileio import write_file
    from exoterm.core.paths import shipped_schema_dir
    from exoterm.core.texts import tr

    lang = ui_language(args, config)
    starter = Path(next(iter(importlib.import_module("exoterm.starter").__path__)))

    target = Path(args.dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExotermError(tr("cli.init.exists", lang, path=target))
    deck_id = args.deck_id or folder_deck_id(target)
    if not args.deck_id and deck_id == SHIPPED_DECK_ID:
        deck_id = f"{deck_id}-deck"
    if not ID_RE.match(deck_id):
        raise ExotermError(tr("cli.init.bad_id", lang, id=deck_id))
    if deck_id == SHIPPED_DECK_ID:
        raise ExotermError(tr("cli.init.shipped_id", lang, id=deck_id))
    title = args.title or target.resolve().name or deck_id
    existed = target.exists()  # then empty (checked above): all it will hold is ours
    try:
        (target / "schema").mkdir(parents=True, exist_ok=True)
        for name in STARTER_FILES:
            data = (starter / name).read_text(encoding="utf-8")
            if name == "sources.yaml":
                data = with_header(data, deck_id, title)
            write_file(target / name, data)
        for schema in sorted(shipped_schema_dir().glob("*.schema.json")):
            write_file(target / "schema" / schema.name, schema.read_bytes())
        readme = (starter / "README.md").read_text(encoding="utf-8")
        write_file(target / "README.md", readme.format(dir=target))
    except OSError as exc:
        _take_back(target, existed)
        raise ExotermError(tr("cli.init.cannot_write", lang, path=target,
                              why=exc.strerror or exc)) from exc
    except BaseException:  # a full disk (WriteError), an interrupt: no half-made deck
        _take_back(target, existed)
        raise
    print(tr("cli.init.done", lang, path=target, id=deck_id))
    return 0


def _take_back(target: Path, existed: bool) -> None:
    """Remove what a failed `init` wrote: the folder it made, or everything in the empty
    folder it was given (so the deck is written whole or not at all, and a retry works)."""
    import shutil

    if not existed:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
