"""`exoterm lrs set|push|status|off`: send answers to a learning record store (xAPI).

With an LRS set, every answer to a quiz item is saved together with its xAPI statement in
an outbox (see `exoterm.core.store.outbox`); `push` sends the outbox and works again after
being offline. The password comes from EXOTERM_LRS_USER / EXOTERM_LRS_PASSWORD or a
prompt and is kept in a file only its owner can read; it is never printed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from exoterm.core.texts import tr
from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config
    from exoterm.core.store import Store
    from exoterm.core.xapi.client import LrsClient
    from exoterm.core.xapi.credentials import Credentials
    from exoterm.core.xapi.setting import LrsSetting


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "lrs", help="send your answers to your school's learning record store (xAPI)",
        description="Record each answer to a quiz item as an xAPI statement and send them to a "
        "learning record store (Ralph, Learning Locker, SQL LRS, Moodle's logstore_xapi …).")
    sub = parser.add_subparsers(dest="lrs_command", metavar="ACTION", required=True)
    set_ = sub.add_parser("set", help="use the LRS at URL from now on (asks for the password)")
    set_.add_argument("url", help="the LRS's xAPI endpoint, e.g. https://lrs.example.ac.jp/xAPI/")
    set_.add_argument("--user", help="user name (default: EXOTERM_LRS_USER, else asked)")
    set_.add_argument("--home-page", help="your account's home page in statements "
                      "(default: https://exoterm.invalid; your school may give one)")
    set_.add_argument("--activity-base", help="IRI the questions' activity ids start with "
                      "(default: https://exoterm.invalid/activities/)")
    set_.add_argument("--terms", action="store_true", help="send term cards too, not only quiz items")
    set_.add_argument("--name", help="send this real name with your answers (default: only a random id)")
    for action in ("push", "status", "off"):
        help_ = {"push": "send the answers waiting in the outbox",
                 "status": "show the LRS and how many answers wait to be sent",
                 "off": "stop recording statements (the outbox is kept; `push` still sends it)"}
        sub.add_parser(action, help=help_[action])
    for action_parser in sub.choices.values():
        action_parser.add_argument("--profile", default="default",
                                   help="learner profile (default: default)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.commands.review import ui_language
    from exoterm.core.store import Store

    lang = ui_language(args, config)
    with Store.open(config.db_path(args.profile), daily_backup=False) as store:
        if args.lrs_command == "set":
            return _set(args, config, store, lang)
        if args.lrs_command == "status":
            return _status(args, config, store, lang)
        if args.lrs_command == "off":
            from exoterm.core.store.outbox import set_lrs_setting

            set_lrs_setting(store, None)
            print(tr("lrs.off", lang))
            return 0
        return _push(args, config, store, lang)


def _setting(store: Store) -> LrsSetting | None:
    from exoterm.core.store.outbox import lrs_setting
    from exoterm.core.xapi.setting import LrsSetting

    raw = lrs_setting(store)
    return None if raw is None else LrsSetting.from_json(raw)


def ask_credentials(config: Config, lang: str, user: str | None = None) -> Credentials:
    """The LRS user name and password: `user`, else EXOTERM_LRS_USER / EXOTERM_LRS_PASSWORD
    (through the config), else asked on the terminal (the password not shown)."""
    from exoterm.core.xapi.credentials import Credentials

    user = user or config.lrs_user
    password = config.lrs_password
    if not (user and password) and not sys.stdin.isatty():
        raise ExotermError(tr("lrs.ask.none", lang))
    user = user or input(tr("lrs.ask.user", lang)).strip()
    password = password or getpass.getpass(tr("lrs.ask.password", lang))
    if not user or not password:
        raise ExotermError(tr("lrs.ask.none", lang))
    return Credentials(user, password)


def _set(args: argparse.Namespace, config: Config, store: Store, lang: str) -> int:
    from exoterm.core.store.outbox import set_lrs_setting
    from exoterm.core.store.results import learner_id
    from exoterm.core.xapi import credentials
    from exoterm.core.xapi.setting import LrsSetting, check_base, check_iri, check_url
    from exoterm.core.xapi.statements import DEFAULT_ACTIVITY_BASE, DEFAULT_HOME_PAGE

    setting = LrsSetting(
        url=check_url(args.url),
        home_page=check_iri(args.home_page, "--home-page") if args.home_page else DEFAULT_HOME_PAGE,
        activity_base=check_base(args.activity_base) if args.activity_base else DEFAULT_ACTIVITY_BASE,
        include_terms=args.terms, name=args.name or None)
    given = ask_credentials(config, lang, args.user)
    credentials.save(config.lrs_credentials_path(args.profile), given)
    user = given.user
    set_lrs_setting(store, setting.to_json())
    print(tr("lrs.set", lang, url=setting.url, learner=learner_id(store), user=user))
    return 0


def lrs_client(config: Config, profile: str, setting: LrsSetting) -> LrsClient:
    """A client with the saved credentials (EXOTERM_LRS_USER/PASSWORD win when both are set)."""
    from exoterm.core.xapi import credentials
    from exoterm.core.xapi.client import LrsClient

    path = config.lrs_credentials_path(profile)
    saved = credentials.load(path)
    if config.lrs_user and config.lrs_password:
        saved = credentials.Credentials(config.lrs_user, config.lrs_password)
    return LrsClient(setting.url, saved)


def _push(args: argparse.Namespace, config: Config, store: Store, lang: str) -> int:
    from exoterm.core.xapi.push import push

    setting = _setting(store)
    if setting is None:
        raise ExotermError(tr("lrs.none", lang))
    report = push(store, lrs_client(config, args.profile, setting), setting)
    print(tr("lrs.pushed", lang, sent=report.sent))
    if report.error is not None:
        print(tr("lrs.push.failed", lang, left=report.left, why=report.error), file=sys.stderr)
        return 1
    return 0


def _status(args: argparse.Namespace, config: Config, store: Store, lang: str) -> int:
    from exoterm.core.store.outbox import size_bytes, status
    from exoterm.core.store.results import learner_id

    setting = _setting(store)
    state = status(store)
    if setting is None:
        print(tr("lrs.status.none", lang))
    else:
        print(tr("lrs.status.url", lang, url=setting.url, learner=learner_id(store)))
    oldest = ("-" if state.oldest_pending_ms is None else
              datetime.fromtimestamp(state.oldest_pending_ms / 1000, timezone.utc)
              .astimezone().isoformat(timespec="minutes"))
    print(tr("lrs.status.outbox", lang, pending=state.pending, oldest=oldest,
             kb=round(size_bytes(store) / 1024, 1)))
    return 0
