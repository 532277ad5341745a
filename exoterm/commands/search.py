"""`exoterm search QUERY [--json] [--limit N]`: ranked glossary search from the shell.

Prints `id<TAB>ja<TAB>reading<TAB>en` per hit (or a JSON list with `score`). Exit 0 with
results, 1 with none (and a did-you-mean line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from exoterm.core.textsafety import visible

if TYPE_CHECKING:
    from exoterm.core.config import Config
    from exoterm.core.content.models import Deck


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "search",
        help="search the glossary by kanji, kana, romaji, English or abbreviation",
        description="Search the glossary. Any script works: 細胞外小胞, さいぼう, saibougai, "
        "extracellular, EV. Small typos are forgiven. Prints id, headword, reading and "
        "English term, best match first.",
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help="what to look for")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead")
    parser.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help="at most N results (default 20)"
    )
    parser.set_defaults(func=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def load_content(config: Config) -> Deck:
    """The configured deck (through the content cache); raises ExotermError when it is bad."""
    from exoterm.core.content import load_configured

    return load_configured(config)


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.commands.review import ui_language
    from exoterm.core.search import load_or_build
    from exoterm.core.texts import tr

    query = " ".join(args.query)
    deck = load_content(config)
    index = load_or_build(deck, config.cache_dir)
    hits = index.search(query, limit=args.limit)
    rows = []
    for hit in hits:
        term = deck.term_by_id[hit.term_id]
        rows.append({"id": term.id, "ja": term.ja, "reading": term.reading, "en": term.en,
                     "score": hit.score})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print("\t".join(_one_line(str(row[k])) for k in ("id", "ja", "reading", "en")))
    if rows:
        return 0
    near = [deck.term_by_id[i] for i in index.suggest(query)]
    shown = _one_line(query)[:60]
    if near:
        names = ", ".join(f"{t.ja} ({t.en})" if t.en else t.ja for t in near)
        print("exoterm: " + tr("cli.search.maybe", ui_language(args, config), query=shown,
                               names=names), file=sys.stderr)
    else:
        print("exoterm: " + tr("cli.search.none", ui_language(args, config), query=shown),
              file=sys.stderr)
    return 1


def _one_line(text: str) -> str:
    """Tabs and line breaks would break the one-hit-per-line output; a control character in
    the query (echoed when nothing matches) shows as `\\u001b`."""
    return visible(" ".join(text.split()))
