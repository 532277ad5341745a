"""`exoterm validate [PATH …]`: check content files, print path:line:col problems.

Exit 0 when clean (or only warnings), 1 with warnings under `--strict`, 2 with errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.core.content import expand_paths, ignored_files, load_deck, shipped_paths

if TYPE_CHECKING:
    from exoterm.core.config import Config
    from exoterm.core.content import Deck, Diagnostic


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check content YAML files and report problems as path:line:col",
        description="Check glossary, quiz and sources YAML. A folder means its "
        "sources.yaml, every glossary*.yaml and every quiz*.yaml; a single file's references are resolved "
        "against the files beside it (or the shipped content).",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: shipped content)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    parser.add_argument(
        "--no-readings", action="store_true", help="skip the pykakasi reading check (faster)"
    )
    parser.set_defaults(func=run)


def context_for(files: list[Path]) -> list[Path]:
    """Files of the kinds not given, from beside the first file (every glossary*.yaml, …),
    else the shipped ones."""
    from exoterm.core.content import folder_files
    from exoterm.core.content.loader import detect_kind  # the YAML machinery: not at start

    given = {detect_kind(p, None) for p in files}
    beside = folder_files(files[0].parent)[0] if files and files[0].parent.is_dir() else []
    out: list[Path] = []
    for shipped in shipped_paths():
        kind = detect_kind(shipped, None)
        if kind in given:
            continue
        near = [p for p in beside if detect_kind(p, None) == kind and p not in files]
        if near:
            out += near
        elif shipped.is_file():
            out.append(shipped)
    return out


def header_warning(paths: list[str], deck: Deck | None) -> Diagnostic | None:
    """A deck folder without a `deck:` header: its ids hang on the folder's name."""
    from exoterm.core.content.decks import folder_deck_id
    from exoterm.core.content.diagnostics import Diagnostic, Pos

    folders = [Path(p) for p in paths if Path(p).is_dir()]
    if deck is None or deck.decks or len(folders) != 1 or not (folders[0] / "sources.yaml").is_file():
        return None
    suggested = folder_deck_id(folders[0])
    return Diagnostic(
        Pos(str(folders[0] / "sources.yaml"), 1, 1),
        f"no deck header: the deck's ids are named after its folder ('{suggested}'), so renaming "
        f"or copying the folder loses learners' history; add `deck: {{id: {suggested}, title: …}}`",
        "warning",
    )


def run(args: argparse.Namespace, config: Config) -> int:
    files = expand_paths(args.paths) if args.paths else shipped_paths()
    ignored = ignored_files(args.paths)
    result = load_deck(files, context=context_for(files), check_readings=not args.no_readings,
                       ignored=ignored)
    warning = header_warning(args.paths, result.deck)
    if warning is not None:
        result.diagnostics.insert(0, warning)
    for diag in result.diagnostics:
        print(diag)
    n_err, n_warn = len(result.errors), len(result.warnings)
    summary = f"{len(files)} file(s): {n_err} error(s), {n_warn} warning(s)"
    if result.deck is not None:
        deck = result.deck
        summary += f" — {len(deck.terms)} terms, {len(deck.items)} items, {len(deck.sources)} sources"
    print(summary, file=sys.stderr)
    if n_err:
        return 2
    return 1 if n_warn and args.strict else 0
