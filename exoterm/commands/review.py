"""`exoterm review --plain`: study in a plain line-based session on stdin/stdout.

Same engine as the app's review screen (exoterm.core.quiz). Works with a pipe: one
answer per line; every answer is saved before the next line is printed.
"""

from __future__ import annotations

import argparse
import difflib
import io
import shutil
import sys
from typing import TYPE_CHECKING, TextIO

from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config
    from exoterm.core.content.models import Deck
    from exoterm.core.quiz.queueing import SessionFilter
    from exoterm.core.store import Store

SECTION_NAMES = {
    "必修": "必修", "hissu": "必修", "required": "必修",
    "一般": "一般", "ippan": "一般", "general": "一般",
    "状況設定": "状況設定", "jokyo": "状況設定", "case": "状況設定", "situation": "状況設定",
}
TERM_STYLES = ("auto", "typed", "flashcard")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "review", help="review due cards (use --plain for a line-based session)",
        description="Study today's cards: reviews due today and new cards up to the daily "
        "limit, with (re)learning cards as they come due. With --plain the session runs on stdin/stdout "
        "(one answer per line; works over ssh, with screen readers and with pipes).")
    parser.add_argument("--plain", action="store_true",
                        help="line-based session on stdin/stdout instead of the app")
    parser.add_argument("--limit", type=_count, metavar="N", help="ask at most N cards")
    parser.add_argument("--category", action="append", default=[], metavar="ID",
                        help="only cards of this glossary category (repeatable)")
    parser.add_argument("--tag", action="append", default=[], metavar="TAG",
                        help="only quiz items with this tag (repeatable)")
    parser.add_argument("--section", action="append", default=[], metavar="NAME",
                        help="only items of this section: 必修 (hissu), 一般 (ippan), "
                        "状況設定 (jokyo) (repeatable)")
    parser.add_argument("--source", action="append", default=[], metavar="ID",
                        help="only cards citing this source id (repeatable)")
    parser.add_argument("--lang", choices=("ja", "en"), default=argparse.SUPPRESS,
                        help="interface and question language (also a global option)")
    parser.add_argument("--cram", action="store_true",
                        help="study regardless of due dates; answers are not recorded")
    parser.add_argument("--terms", choices=TERM_STYLES, default="auto",
                        help="term cards as choice/typed questions (auto), always typed, or "
                        "self-graded flashcards")
    parser.add_argument("--no-typos", action="store_true",
                        help="no small-typo tolerance: a typo is simply wrong")
    practice = parser.add_mutually_exclusive_group()
    practice.add_argument("--weak", action="store_true",
                          help="practise only the weak list (苦手: answered wrong, not yet right "
                          "on two later days), due or not")
    practice.add_argument("--bookmarked", action="store_true",
                          help="practise only bookmarked cards (b in review and the glossary)")
    parser.add_argument("--seed", type=int, help="shuffle seed, for reproducible scripts")
    parser.add_argument("--profile", default="default", help="learner profile (default: default)")
    parser.set_defaults(func=run)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def ui_language(args: argparse.Namespace, config: Config) -> str:
    """--lang, else the app's saved preference (ui.json), else Japanese."""
    from exoterm.core.prefs import interface_language, read_prefs

    return interface_language(getattr(args, "lang", None), read_prefs(config.data_dir))


def _check(kind: str, given: list[str], known: set[str], lang: str) -> tuple[str, ...]:
    from exoterm.core.texts import tr

    for value in given:
        if value not in known:
            close = difflib.get_close_matches(value, sorted(known), n=1)
            maybe = tr("error.maybe", lang, close=close[0]) if close else ""
            raise ExotermError(tr("error.unknown", lang, kind=tr(f"filter.{kind}", lang),
                                  value=value, maybe=maybe, known=", ".join(sorted(known)) or "-"))
    return tuple(given)


def build_filter(args: argparse.Namespace, deck: Deck, lang: str) -> SessionFilter:
    """The session filter from --category/--tag/--section/--source, each value checked."""
    from exoterm.core.quiz.queueing import SessionFilter
    from exoterm.core.texts import tr

    sections = []
    for name in args.section:
        section = SECTION_NAMES.get(name) or SECTION_NAMES.get(name.lower())
        if section is None:
            raise ExotermError(tr("error.section", lang, value=name))
        sections.append(section)
    tags = {t for i in deck.items for t in i.tags}
    return SessionFilter(
        categories=_check("category", args.category, set(deck.category_by_id), lang),
        tags=_check("tag", args.tag, tags, lang),
        sections=tuple(sections),
        sources=_check("source", args.source, set(deck.source_by_id), lang),
    )


def practice_cards(args: argparse.Namespace, config: Config,
                   deck: Deck) -> tuple[str, ...] | None:
    """--weak / --bookmarked: the cards of that list still in the deck (None: neither)."""
    if not getattr(args, "weak", False) and not getattr(args, "bookmarked", False):
        return None
    from exoterm.core.srs.cards import catalog
    from exoterm.core.store import Store
    from exoterm.core.weaklist import bookmarked, weak_list

    with Store.open(config.db_path(args.profile)) as store:
        listed = weak_list(store) if args.weak else bookmarked(store)
        known = {c.id for c in catalog(deck, store.settings.directions)}
    return tuple(c for c in listed if c in known)


def _text_streams() -> tuple[TextIO, TextIO]:
    for stream in (sys.stdin, sys.stdout):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    return sys.stdin, sys.stdout


def run(args: argparse.Namespace, config: Config) -> int:
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        try:
            from exoterm.commands.app import run_app
        except ImportError:
            pass
        else:
            return int(run_app(args, config))
    from exoterm.core.content import load_configured
    from exoterm.core.quiz.plain import PlainReview
    from exoterm.core.quiz.session import SessionOptions, StudySession
    from exoterm.core.store import Store

    lang = ui_language(args, config)
    deck = load_configured(config)  # --deck/--only-decks, $EXOTERM_CONTENT
    cards = practice_cards(args, config, deck)
    options = SessionOptions(lang="en" if lang == "en" else "ja", limit=args.limit,
                             cram=args.cram, filter=build_filter(args, deck, lang),
                             term_style=args.terms, typos=not args.no_typos, seed=args.seed,
                             cards=cards)
    inp, out = _text_streams()
    if cards == ():
        from exoterm.core.texts import tr

        out.write(tr("weak.empty" if args.weak else "bookmarks.empty", lang) + "\n")
        return 0
    echo = not (inp.isatty() and out.isatty())
    store = None if args.cram else Store.open(config.db_path(args.profile))
    try:
        _sync(store, lang)
        width = shutil.get_terminal_size().columns if out.isatty() else None
        review = PlainReview(StudySession(deck, store, options), inp, out, echo=echo,
                             width=width)
        try:
            return review.run()
        except KeyboardInterrupt:
            out.write("\n")
            review.summary()
            return 130
        finally:
            if review.session.summary.answered:
                _sync(store, lang)
    finally:
        if store is not None:
            store.close()


def _sync(store: Store | None, lang: str) -> None:
    """Sync with the `sync_dir` setting, if set; what happened goes to stderr (stdout is
    the session's)."""
    from exoterm.core.sync.session import session_sync
    from exoterm.core.textsafety import visible

    done = None if store is None else session_sync(store, lang)
    for line in done.lines if done else ():
        print(visible(line), file=sys.stderr)
