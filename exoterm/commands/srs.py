"""`exoterm srs show|set KEY VALUE|changed|reset CARD|keep CARD`: scheduling settings.

Settings are stored per profile and checked on the way in: a value out of range is
refused with the allowed range. `changed` lists studied cards whose content was edited
since; `reset` starts such a card over (its history stays), `keep` keeps its progress.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exoterm.core.config import Config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "srs", help="spaced-repetition settings and edited cards",
        description="Show or change scheduling settings (retention, steps, limits, time zone, "
        "card directions) and deal with cards whose content changed.")
    parser.add_argument("--profile", default="default", help="learner profile (default: default)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("show", help="print the settings").set_defaults(func=run)
    setter = actions.add_parser("set", help="change one setting, e.g. set timezone Asia/Tokyo")
    setter.add_argument("key")
    setter.add_argument("value", nargs="+")
    setter.set_defaults(func=run)
    actions.add_parser("changed", help="list cards whose content changed").set_defaults(func=run)
    for name, text in (("reset", "start a changed card over"), ("keep", "keep its progress")):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("card", help="card id, e.g. term:exosome:ja>en")
        sub.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.commands.review import ui_language
    from exoterm.core.srs.settings import SettingError, SrsSettings
    from exoterm.core.store import Store
    from exoterm.core.texts import tr
    from exoterm.core.textsafety import visible
    from exoterm.errors import ExotermError

    lang = ui_language(args, config)
    if args.action == "set":
        known = [f.name for f in dataclasses.fields(SrsSettings)]
        if args.key not in known:
            raise ExotermError(tr("cli.srs.unknown_setting", lang, key=visible(args.key),
                                  known=", ".join(known)))
    with Store.open(config.db_path(args.profile)) as store:
        if args.action == "set":
            try:
                changed = store.settings.with_value(args.key, " ".join(args.value))
            except SettingError as err:
                raise ExotermError(err.text(lang)) from err
            store.save_settings(changed)
        if args.action in ("show", "set"):
            for key, value in store.settings.to_values().items():
                shown = json.loads(value)
                if key == "timezone" and not shown:
                    shown = tr("cli.srs.system_tz", lang, tz=store.settings.tz)
                print(visible(f"{key} = {shown}"))
        elif args.action == "changed":
            for card in store.changed_cards():
                print(visible(card))
        else:
            if store.card(args.card) is None:
                raise ExotermError(tr("cli.srs.no_card", lang, card=visible(args.card)))
            if args.action == "reset":
                store.reset_card(args.card)
            else:
                store.accept_change(args.card)
            print(tr(f"cli.srs.{args.action}", lang, card=visible(args.card)))
    return 0
