"""`exoterm optimize [--dry-run]`: fit FSRS parameters to your own review history.

Needs the optional package (`pip install 'exoterm[optimize]'`) and at least 400 reviews;
otherwise the current parameters are kept and the reason is printed.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING

from exoterm.commands.review import ui_language

if TYPE_CHECKING:
    from exoterm.core.config import Config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "optimize", help="fit the scheduler to your own reviews (FSRS parameters)",
        description="Fit FSRS parameters to your review history (needs 400+ reviews and "
        "the optional fsrs-rs-python package).")
    parser.add_argument("--dry-run", action="store_true", help="show, but do not save")
    parser.add_argument("--profile", default="default", help="learner profile (default: default)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.core.srs.clock import from_ms
    from exoterm.core.srs.optimize import fit_parameters
    from exoterm.core.srs.scheduler import ReviewKind
    from exoterm.core.store import Store
    from exoterm.core.store.reviews import review_log
    from exoterm.core.texts import label, tr

    lang = ui_language(args, config)

    with Store.open(config.db_path(args.profile)) as store:
        histories: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
        for card_id, rating, kind, reviewed_ms in review_log(store):
            if kind == ReviewKind.MANUAL:
                histories[card_id].clear()  # reset: learning starts over
            elif 1 <= rating <= 4:
                histories[card_id].append((from_ms(reviewed_ms), rating))
        s = store.settings
        result = fit_parameters(histories, s.parameters, s.tz, s.rollover_hour)
        print(result.text(lang))
        if result.fitted:
            print(label("cli.optimize.parameters", lang)
                  + " ".join(f"{p:.4f}" for p in result.parameters))
            if not args.dry_run:
                store.save_settings(dataclasses.replace(s, parameters=result.parameters))
                print(tr("cli.optimize.saved", lang))
    return 0
