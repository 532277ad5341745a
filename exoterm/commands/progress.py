"""`exoterm progress export [-o FILE]` / `exoterm progress import FILE`: move progress.

JSON lines, one object per line: settings, cards, answers, the learner id, the LRS
setting, bookmarks, mock exams and statements not yet sent to the LRS. Import merges (keeps
the newer state of each card, adds missing reviews, bookmarks, exams and statements) in one
transaction, so importing the same file twice changes nothing.
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
    imp = actions.add_parser(
        "import", help="merge progress from an export file",
        description="Merge an export into this profile: cards keep their newer state, answers, "
                    "bookmarks, mock exams and unsent LRS statements are added (importing twice "
                    "changes nothing). This profile's settings and LRS setting are kept where it "
                    "has its own. Its learner id is kept when it already has answers; a profile "
                    "with no answers yet takes the file's, so the learner keeps their id on a new "
                    "computer. An exam still being sat is imported unless one is being sat here.")
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
    from exoterm.commands.review import ui_language
    from exoterm.core.texts import tr

    print(visible(tr("cli.progress.exported", ui_language(args, config), n=lines - 1,
                     path=args.output)), file=sys.stderr)
    return 0


MAX_LISTED = 20  # bad records listed one per line; the rest are counted


def _list_problems(problems: Sequence[str], lang: str) -> None:
    from exoterm.core.texts import tr

    for problem in problems[:MAX_LISTED]:
        print(visible(problem), file=sys.stderr)
    if len(problems) > MAX_LISTED:
        print(tr("cli.progress.more", lang, n=len(problems) - MAX_LISTED), file=sys.stderr)


def run_import(args: argparse.Namespace, config: Config) -> int:
    from exoterm.commands.review import ui_language
    from exoterm.core.jsonsafe import InputTooLarge, lines
    from exoterm.core.store import Store
    from exoterm.core.store.transfer import BadRecordsError, import_progress
    from exoterm.core.texts import tr

    lang = ui_language(args, config)
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
            _list_problems(err.problems, lang)
        raise
    except InputTooLarge as err:  # the import's transaction is rolled back: nothing imported
        raise ExotermError(f"{name}: {err}; not a progress export (nothing imported)") from err
    except OSError as err:
        raise ExotermError(f"cannot read {args.file}: {err.strerror or err}") from err
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if report.bad:
        _list_problems(report.bad, lang)
    extras = "".join(tr(f"cli.progress.{key}", lang, n=n) for key, n in (
        ("exams_added", report.exams_added), ("exams_updated", report.exams_updated),
        ("bookmarks_added", report.bookmarks_added),
        ("statements_added", report.statements_added)) if n)
    print(visible(tr("cli.progress.imported", lang, name=name, added=report.cards_added,
                     updated=report.cards_updated, reviews=report.reviews_added,
                     skipped=report.reviews_skipped)
                  + extras + (tr("cli.progress.bad", lang, n=len(report.bad)) if report.bad else "")))
    for note in report.notes:
        print(visible(note))
    if (report.lrs_added or report.statements_added) and not (
            config.lrs_credentials_path(args.profile).exists()
            or (config.lrs_user and config.lrs_password)):
        print(tr("cli.progress.lrs_credentials", lang))
    return 0
