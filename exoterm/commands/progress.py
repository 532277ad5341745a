"""`exoterm progress export [-o FILE]` / `exoterm progress import FILE`: move progress.

JSON lines, one object per line. Import merges (keeps the newer state of each card, adds
missing reviews) in one transaction, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "progress", help="export or import study progress (JSON lines)",
        description="Export your study progress to move it to another computer, or import it.")
    parser.add_argument("--profile", default="default", help="learner profile (default: default)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write progress as JSON lines")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    export.set_defaults(func=run_export)
    imp = actions.add_parser("import", help="merge progress from an export file")
    imp.add_argument("file", help="export file ('-' for stdin)")
    imp.set_defaults(func=run_import)


def run_export(args: argparse.Namespace, config: Config) -> int:
    from exoterm.core.store import Store
    from exoterm.core.store_transfer import export_progress

    with Store.open(config.db_path(args.profile)) as store:
        if args.output is None:
            export_progress(store, sys.stdout)
            return 0
        partial = args.output.with_name(args.output.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as out:
                lines = export_progress(store, out)
            os.replace(partial, args.output)
        except OSError as err:
            partial.unlink(missing_ok=True)
            raise ExotermError(f"cannot write {args.output}: {err.strerror}") from err
    print(f"exported {lines - 1} records to {args.output}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace, config: Config) -> int:
    from exoterm.core.store import Store
    from exoterm.core.store_transfer import import_progress

    try:
        if args.file == "-":
            lines = sys.stdin.read().splitlines()
        else:
            lines = Path(args.file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ExotermError(f"cannot read {args.file}: {err}") from err
    with Store.open(config.db_path(args.profile)) as store:
        report = import_progress(store, lines, args.file)
    print(f"imported from {args.file}: {report.cards_added} cards added, "
          f"{report.cards_updated} updated, {report.reviews_added} reviews added, "
          f"{report.reviews_skipped} already present")
    return 0
