"""`exoterm progress export [-o FILE]` / `exoterm progress import FILE`: move progress.

JSON lines, one object per line. Import merges (keeps the newer state of each card, adds
missing reviews) in one transaction, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.core.textsafety import visible
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
    imp.add_argument("--skip-bad", action="store_true",
                     help="import the good records and list the bad ones (default: a file with "
                          "any bad record imports nothing)")
    imp.set_defaults(func=run_import)


def run_export(args: argparse.Namespace, config: Config) -> int:
    from exoterm.core.fileio import open_output
    from exoterm.core.store import Store
    from exoterm.core.store.transfer import export_progress

    with Store.open(config.db_path(args.profile)) as store:
        if args.output is None:
            export_progress(store, sys.stdout)
            return 0
        with open_output(args.output) as out:
            lines = export_progress(store, out)
        if str(args.output) == "-":
            return 0
    print(visible(f"exported {lines - 1} records to {args.output}"), file=sys.stderr)
    return 0


MAX_LISTED = 20  # bad records listed one per line; the rest are counted


def _list_problems(problems: Sequence[str]) -> None:
    for problem in problems[:MAX_LISTED]:
        print(visible(problem), file=sys.stderr)
    if len(problems) > MAX_LISTED:
        print(f"… and {len(problems) - MAX_LISTED} more", file=sys.stderr)


def run_import(args: argparse.Namespace, config: Config) -> int:
    from exoterm.core.jsonsafe import InputTooLarge, lines
    from exoterm.core.store import Store
    from exoterm.core.store.transfer import BadRecordsError, import_progress

    name = "<stdin>" if args.file == "-" else args.file
    try:
        stream = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")
    except OSError as err:
        raise ExotermError(f"cannot read {args.file}: {err.strerror or err}") from err
    try:
        with Store.open(config.db_path(args.profile)) as store:
            report = import_progress(store, lines(stream), name, skip_bad=args.skip_bad)
    except BadRecordsError as err:
        if len(err.problems) > 1:  # one is the error message itself
            _list_problems(err.problems)
        raise
    except InputTooLarge as err:  # the import's transaction is rolled back: nothing imported
        raise ExotermError(f"{name}: {err}; not a progress export (nothing imported)") from err
    except OSError as err:
        raise ExotermError(f"cannot read {args.file}: {err.strerror or err}") from err
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if report.bad:
        _list_problems(report.bad)
    print(visible(f"imported from {name}: {report.cards_added} cards added, "
                  f"{report.cards_updated} updated, {report.reviews_added} reviews added, "
                  f"{report.reviews_skipped} already present"
                  + (f"; {len(report.bad)} bad record(s) left out" if report.bad else "")))
    return 0
