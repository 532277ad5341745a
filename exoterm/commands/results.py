"""`exoterm results export`: this learner's answers to quiz items, for a trainer's analysis."""

from __future__ import annotations

import argparse
import hashlib
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.commands.review import ui_language

if TYPE_CHECKING:
    from exoterm.core.analysis import ItemInfo
    from exoterm.core.config import Config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "results", help="export your answers to quiz items for your trainer",
        description="Write one learner's answers (item, time, correct, response) as JSON lines "
        "or CSV, for `exoterm analyze` on the trainer's side.",
    )
    sub = parser.add_subparsers(dest="results_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="write the results file")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    export.add_argument("--format", choices=("jsonl", "csv"), help="default: from the file name, else jsonl")
    export.add_argument("--learner", help="name or student number to put in the file "
                        "(default: this profile's learner id, see `exoterm results whoami`)")
    export.add_argument(
        "--anonymize", action="store_true",
        help="replace the learner name by a stable pseudonym (the same every export from this computer)",
    )
    export.add_argument("--profile", default="default", help="learner profile (default: default)")
    export.set_defaults(func=run)
    whoami = sub.add_parser("whoami", help="print this profile's learner id (the default --learner)")
    whoami.add_argument("--profile", default="default", help="learner profile (default: default)")
    whoami.set_defaults(func=run_whoami)


def run_whoami(args: argparse.Namespace, config: Config) -> int:
    from exoterm.core.store import Store
    from exoterm.core.store.results import learner_id
    from exoterm.core.textsafety import visible

    with Store.open(config.db_path(args.profile), daily_backup=False) as store:
        print(visible(learner_id(store)))
    return 0


def described_items(config: Config) -> dict[str, ItemInfo]:
    """What analysis needs about each item of the content being studied (none if it won't load)."""
    from exoterm.core.content import load_configured
    from exoterm.core.results import item_info
    from exoterm.errors import ExotermError

    try:
        deck = load_configured(config)
    except ExotermError:
        return {}
    return {i.id: item_info(i) for i in deck.items}


def pseudonym(name: str, salt: str) -> str:
    return "anon-" + hashlib.sha256(f"{salt}\0{name}".encode()).hexdigest()[:12]


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.core.fileio import write_file
    from exoterm.core.results import ResultRow, to_csv, to_jsonl
    from exoterm.core.store import Store
    from exoterm.core.store.results import item_answers, learner_id, pseudonym_salt
    from exoterm.core.texts import tr

    lang = ui_language(args, config)
    out = Path(args.output) if args.output else None
    fmt = args.format or ("csv" if out is not None and out.suffix.lower() == ".csv" else "jsonl")
    with Store.open(config.db_path(args.profile), daily_backup=False) as store:
        salt = pseudonym_salt(store)
        answers = item_answers(store)
        learner = args.learner or learner_id(store)
    if args.anonymize:
        learner = pseudonym(learner, salt)
    rows = [
        ResultRow(
            item=a.card_id[len("item:"):], card=a.card_id,
            answered_at=datetime.fromtimestamp(a.reviewed_ms / 1000, timezone.utc).isoformat(
                timespec="seconds"),
            correct=a.correct if a.correct is not None else a.rating > 1,
            response=a.response or "", rating=a.rating, duration_ms=a.duration_ms,
        )
        for a in answers
    ]
    items = described_items(config)
    text = to_csv(learner, rows, items) if fmt == "csv" else to_jsonl(learner, rows, items)
    if out is None:
        sys.stdout.write(text)
    else:
        write_file(out, text)
        if str(out) != "-":
            print(tr("cli.results.wrote", lang, n=len(rows), path=out), file=sys.stderr)
    unknown = len({r.item for r in rows} - set(items))
    if unknown:
        print("exoterm: " + tr("cli.results.unknown_items", lang, n=unknown), file=sys.stderr)
    return 0
