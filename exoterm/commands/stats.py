"""`exoterm stats [--json]`: due cards, 30-day forecast, retention, streak, mastery."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exoterm.core.config import Config

from exoterm.core.textsafety import visible


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stats", help="show study statistics",
        description="Cards due today and over the next 30 days, answers and true retention "
        "over the last 30 days, streak, cards per state and mastery per category; accuracy "
        "per exam section and category over 30 days next to the pass lines, a calendar of "
        "study days and the mock-exam history.")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--profile", default="default", help="learner profile (default: default)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.commands.review import ui_language
    from exoterm.core.progress import compute_stats, format_stats
    from exoterm.core.srs.cards import list_cards
    from exoterm.core.store import Store
    from exoterm.core.texts import tr
    from exoterm.errors import ExotermError

    lang = ui_language(args, config)
    with Store.open(config.db_path(args.profile)) as store:  # first: its errors matter most
        deck = None
        try:
            from exoterm.core.content import load_configured

            deck = load_configured(config)
        except ExotermError as err:
            first = str(err).splitlines()[0] if str(err) else type(err).__name__
            print("exoterm: " + tr("cli.no_content", lang, why=first), file=sys.stderr)
        if deck is not None:
            store.sync_catalog(list_cards(deck, store.settings.directions))
        now = store.now()
        stats = compute_stats(store, deck, now)
        tz = store.settings.tz
        from exoterm.core.exam.progress import compute_exam_progress, format_exam_progress

        exams = compute_exam_progress(store, deck, lang, now)
    for why in store.settings_left_out:
        print(visible("exoterm: " + tr("cli.damaged_setting", lang, why=why)), file=sys.stderr)
    for card in stats.damaged:
        print(visible("exoterm: " + tr("cli.damaged", lang, card=card)), file=sys.stderr)
    if args.json:
        print(visible(json.dumps({**stats.to_json(), **exams.to_json()}, ensure_ascii=False,
                                 indent=2), multiline=True))
    else:
        print(visible(format_stats(stats, now, tz, lang), multiline=True))
        print(visible(format_exam_progress(exams, lang), multiline=True))
    return 0
