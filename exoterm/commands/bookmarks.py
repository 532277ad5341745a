"""`exoterm bookmarks`: list the bookmarked cards (b in review and the glossary), add or
remove some by card id; `exoterm review --bookmarked` practises them."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from exoterm.commands.review import ui_language
from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config
    from exoterm.core.content.models import Deck


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "bookmarks", help="list, add or remove bookmarked cards",
        description="Bookmarked cards (b in review and the glossary). With no action, lists "
        "them; `add`/`remove` take card ids such as item:size-single or "
        "term:exosome:ja>en. Practise them with `exoterm review --bookmarked`.")
    parser.add_argument("action", nargs="?", choices=("list", "add", "remove"), default="list")
    parser.add_argument("cards", nargs="*", metavar="CARD", help="card ids (add, remove)")
    parser.add_argument("--json", action="store_true", help="the list as JSON")
    parser.add_argument("--lang", choices=("ja", "en"), default=argparse.SUPPRESS,
                        help="interface language (also a global option)")
    parser.add_argument("--profile", default="default", help="learner profile (default: default)")
    parser.set_defaults(func=run)


def describe(deck: Deck, card_id: str, lang: str) -> str:
    """What a card asks, in a few words: a term's names or an item's prompt ("—" for a
    card the deck lacks, or a stored id that is no card id: an import or a hand edit)."""
    from exoterm.core.srs.cards import parse_card_id

    try:
        kind, content_id, direction = parse_card_id(card_id)
    except ValueError:
        return "—"
    if kind == "term":
        term = deck.term_by_id.get(content_id)
        return f"{term.ja} / {term.en} ({direction})" if term else "—"
    item = deck.item_by_id.get(content_id)
    if item is None:
        return "—"
    text = " ".join(item.prompt.get(lang).split())
    return text if len(text) <= 60 else text[:59] + "…"


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.core.content import load_configured
    from exoterm.core.srs.cards import catalog
    from exoterm.core.store import Store
    from exoterm.core.store.bookmarks import bookmarks, set_bookmark
    from exoterm.core.texts import tr
    from exoterm.core.textsafety import visible

    lang = ui_language(args, config)
    deck = load_configured(config)
    with Store.open(config.db_path(args.profile)) as store:
        if args.action in ("add", "remove"):
            if not args.cards:
                raise ExotermError(tr("cli.bookmarks.no_ids", lang, action=args.action))
            known = {c.id for c in catalog(deck, store.settings.directions)}
            unknown = [c for c in args.cards if c not in known and args.action == "add"]
            if unknown:
                raise ExotermError(tr("cli.bookmarks.unknown", lang,
                                      cards=visible(", ".join(unknown))))
            for card_id in args.cards:
                set_bookmark(store, card_id, args.action == "add")
        listed = bookmarks(store)
    if args.json:
        json.dump([{"card_id": c, "what": describe(deck, c, lang)} for c in listed],
                  sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif not listed:
        print(tr("bookmarks.empty", lang))
    else:
        for card_id in listed:
            print(f"{visible(card_id)}\t{visible(describe(deck, card_id, lang))}")
    return 0
