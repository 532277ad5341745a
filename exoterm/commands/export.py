"""`exoterm export --format F [PATH …] [-o FILE]`: the content in other formats.

Text formats go to stdout without `-o`. Each format is a function (deck, args) → bytes
registered in FORMATS.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.commands.review import ui_language
from exoterm.core.content import Deck, load_configured, load_content
from exoterm.core.exports.common import LANGS, Lang
from exoterm.core.texts import tr
from exoterm.core.textsafety import describe, disallowed
from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config

Exporter = Callable[[Deck, argparse.Namespace], bytes]


def export_json(deck: Deck, args: argparse.Namespace) -> bytes:
    from exoterm.core.content.export import deck_to_dict

    text = json.dumps(deck_to_dict(deck), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def _lang(args: argparse.Namespace) -> Lang:
    value = args.export_lang or args.lang or "ja"
    assert value in LANGS
    return value


def export_gift(deck: Deck, args: argparse.Namespace) -> bytes:
    from exoterm.core.exports.gift import deck_to_gift

    text, skipped = deck_to_gift(deck, _lang(args), args.category)
    if skipped:
        print("exoterm: " + tr("cli.export.no_gift", args.ui_lang, n=skipped), file=sys.stderr)
    return text.encode("utf-8")


def export_moodle_xml(deck: Deck, args: argparse.Namespace) -> bytes:
    from exoterm.core.exports.moodle_xml import deck_to_moodle_xml

    return deck_to_moodle_xml(deck, _lang(args), args.category).encode("utf-8")


def export_csv(deck: Deck, args: argparse.Namespace) -> bytes:
    from exoterm.core.exports.csv_table import deck_to_csv

    return deck_to_csv(deck, args.what, bom=not args.no_bom).encode("utf-8")


def export_apkg(deck: Deck, args: argparse.Namespace) -> bytes:
    import tempfile

    from exoterm.core.exports.apkg import write_apkg

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "exoterm.apkg"
        write_apkg(deck, path, args.anki_deck)
        return path.read_bytes()


def apkg_summary(deck: Deck, lang: Lang) -> str:
    """What the package holds, said once it is written."""
    from exoterm.core.exports.apkg import glossary_cards

    return tr("cli.export.apkg", lang, terms=len(deck.terms),
              cards=sum(map(glossary_cards, deck.terms)), items=len(deck.items))


FORMATS: dict[str, Exporter] = {
    "json": export_json,
    "csv": export_csv,
    "gift": export_gift,
    "moodle-xml": export_moodle_xml,
    "apkg": export_apkg,
}
BINARY_FORMATS: set[str] = {"apkg"}


def _category(text: str) -> str:
    """A Moodle category path is one line of text: a line break started a GIFT question of
    its own, an ESC made the Moodle XML unreadable."""
    bad = disallowed(text, multiline=False)
    if bad is not None:
        raise argparse.ArgumentTypeError(f"control character {describe(bad)} in text")
    return text


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export", help="export the content (json, csv, gift, moodle-xml, apkg)",
        description=__doc__.splitlines()[0]
    )
    parser.add_argument("--format", "-f", required=True, choices=sorted(FORMATS), help="output format")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument(
        "--language", dest="export_lang", choices=LANGS,
        help="language of GIFT/Moodle questions (default: --lang, else ja)",
    )
    parser.add_argument(
        "--what", choices=("terms", "items"), default="terms", help="for csv: glossary terms or quiz items"
    )
    parser.add_argument(
        "--category", metavar="PATH", type=_category,
        help="for gift/moodle-xml: the Moodle question category to put the questions in, e.g. "
        "看護学科/感染管理 (default: exoterm); each section gets a subcategory",
    )
    parser.add_argument(
        "--no-bom", action="store_true",
        help="for csv: no UTF-8 byte-order mark (it is written by default so that Excel, Japanese "
        "Excel included, opens the file as UTF-8; leave it out for tools that dislike it)",
    )
    parser.add_argument(
        "--anki-deck", metavar="NAME",
        help="for apkg: the Anki deck to put the notes in (default: the deck's title)",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="content files or folders (default: shipped)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    # the language of messages; the questions' language is --language, else --lang
    args.ui_lang = ui_language(args, config)
    if args.format in BINARY_FORMATS and not args.output:
        raise ExotermError(tr("cli.export.binary", args.ui_lang, format=args.format))
    if args.anki_deck is not None and not args.anki_deck.strip():
        raise ExotermError(tr("cli.export.anki_deck", args.ui_lang))
    deck = (load_content(args.paths, cache_dir=config.cache_dir) if args.paths
            else load_configured(config))
    data = FORMATS[args.format](deck, args)
    if args.output:
        from exoterm.core.fileio import write_file

        write_file(args.output, data)
        if args.format == "apkg":
            print("exoterm: " + apkg_summary(deck, args.ui_lang), file=sys.stderr)
        return 0
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return 0
