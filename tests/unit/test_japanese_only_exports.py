"""Exports of a Japanese-only deck (issue 16): no empty English line or block anywhere.

The Anki package is imported into a real Anki collection and every card rendered by Anki
itself; a term without English gets the cards exoterm asks for (`has_direction`) instead
of ja→en / en→ja, and a bilingual deck keeps its two cards per term. GIFT and Moodle XML
fall back to Japanese; the CSV round trip leaves the English columns empty.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from exoterm.cli import main
from exoterm.core.content import load_content
from exoterm.core.content.cloze import Blank, parse_cloze
from exoterm.core.content.models import Bilingual, ClozeBody, Deck
from exoterm.core.srs.cards import has_direction

DATA = Path(__file__).resolve().parents[1] / "data"
JA_ONLY, GOOD = DATA / "ja-only", DATA / "good"
# The Anki card template that makes each exoterm direction.
TEMPLATE = {"ja>en": "ja→en", "en>ja": "en→ja", "def>term": "定義→用語", "reading": "読み"}


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))


def anki_collection(package: Path, where: Path) -> Any:
    """A new real Anki collection with `package` imported."""
    pytest.importorskip("genanki")
    collection_mod = pytest.importorskip("anki.collection")
    from anki.import_export_pb2 import ImportAnkiPackageRequest

    col = collection_mod.Collection(str(where / "collection.anki2"))
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))
    return col


@pytest.fixture
def exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[tuple[Deck, Any]]:
    """The Japanese-only deck, exported with `exoterm export` and imported into Anki."""
    package = tmp_path / "ja.apkg"
    assert main(["--lang", "en", "export", "--format", "apkg", "-o", str(package), str(JA_ONLY)]) == 0
    assert "2 glossary notes (3 cards)" in capsys.readouterr().err  # the count said is the count made
    col = anki_collection(package, tmp_path)
    try:
        yield load_content([JA_ONLY]), col
    finally:
        col.close()


def cards_by_entry(col: Any) -> dict[str, list[Any]]:
    """Every card of the collection, by the exoterm id of its note."""
    out: dict[str, list[Any]] = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        note = card.note()
        entry = note["Id"].rsplit("/", 1)[-1]
        out.setdefault(entry, []).append(card)
    return out


def visible(html: str) -> str:
    """What a card shows: the HTML without its style sheet."""
    return re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)


def empty_english_parts(html: str) -> list[str]:
    """Empty English lines and blocks in a rendered card side: an English span with nothing
    in it, a line break that ends in nothing, a line with only spaces."""
    shown = visible(html)
    found = re.findall(r"<span class=[\"']?en[\"']?>\s*</span>", shown)
    found += re.findall(r"<br>\s*(?:<br>|</div>|$)", shown)
    found += re.findall(r"<div>\s+</div>", shown)
    return found


def test_japanese_only_terms_get_definition_and_reading_cards(exported: tuple[Deck, Any]) -> None:
    deck, col = exported
    cards = cards_by_entry(col)
    for term in deck.terms:
        wanted = {TEMPLATE[d] for d in ("def>term", "reading") if has_direction(term, d)}
        assert {c.template()["name"] for c in cards[term.id]} == wanted
    # 手指衛生 has kanji to read; リキャップ is read as written
    assert len(cards["shushi-eisei"]) == 2 and len(cards["recap"]) == 1
    for item in deck.items:
        blanks = sum(isinstance(p, Blank) for p in parse_cloze(item.body.text.ja)) \
            if isinstance(item.body, ClozeBody) else 1
        assert len(cards[item.id]) == blanks
    assert col.card_count() == 3 + len(deck.items)


def test_japanese_only_cards_render_without_english_parts(exported: tuple[Deck, Any]) -> None:
    deck, col = exported
    rendered = 0
    for entry, cards in cards_by_entry(col).items():
        for card in cards:
            for side in (card.question(), card.answer()):
                assert not empty_english_parts(side), (entry, visible(side))
                assert "class=en" not in side and 'class="en"' not in side, (entry, visible(side))
                text = re.sub(r"<[^>]+>", "", visible(side)).replace("(kansen-text)", "")
                assert not re.search(r"[A-Za-z]{3,}", text), (entry, text)  # no English word
                rendered += 1
    assert rendered == 2 * col.card_count()
    definition = next(c for c in cards_by_entry(col)["recap"] if c.template()["name"] == "定義→用語")
    assert "使用後の注射針" in definition.question() and "リキャップ" not in definition.question()
    assert "リキャップ" in definition.answer()
    reading = next(c for c in cards_by_entry(col)["shushi-eisei"] if c.template()["name"] == "読み")
    assert "手指衛生" in reading.question() and "しゅしえいせい" not in reading.question()
    assert "しゅしえいせい" in reading.answer()


def test_anki_itself_makes_the_same_cards_as_the_package(exported: tuple[Deck, Any]) -> None:
    """Anki's own card generation (after an edit) neither adds cards nor finds empty ones:
    the templates' conditionals and the package's card list agree."""
    _, col = exported
    before = col.card_count()
    notes = list(col.find_notes(""))
    col.after_note_updates(notes, mark_modified=False, generate_cards=True)
    assert col.card_count() == before
    assert not col.get_empty_cards().notes


def test_japanese_only_note_guids_are_those_of_deck_and_entry_id(exported: tuple[Deck, Any]) -> None:
    genanki = pytest.importorskip("genanki")
    _, col = exported
    note = col.get_note(col.find_notes('"Id:kansen/shushi-eisei"')[0])
    assert note.guid == genanki.guid_for("term", "kansen/shushi-eisei")


def without_english(value: Any) -> Any:
    """`value` (a deck, or any part of one) with every English text and spelling removed."""
    if isinstance(value, tuple):
        return tuple(without_english(v) for v in value)
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes = {}
    for f in fields(value):
        if f.init:
            old = getattr(value, f.name)
            changes[f.name] = (() if isinstance(old, tuple) else "") if f.name == "en" else without_english(old)
    return replace(value, **changes)


def test_every_item_type_without_english_renders_without_english_parts(tmp_path: Path) -> None:
    """The bilingual test decks (every item type between them) with their English removed."""
    from exoterm.core.exports.apkg import glossary_cards, write_apkg

    deck = without_english(load_content([GOOD, DATA / "numeric"]))
    assert {i.type for i in deck.items} >= {"single", "multi", "truefalse", "typed", "cloze",
                                            "matching", "numeric"}
    package = tmp_path / "stripped.apkg"
    write_apkg(deck, package)
    col = anki_collection(package, tmp_path)
    try:
        cards = cards_by_entry(col)
        for entry, entry_cards in cards.items():
            for card in entry_cards:
                assert card.template()["name"] not in ("ja→en", "en→ja"), entry
                for side in (card.question(), card.answer()):
                    assert not empty_english_parts(side), (entry, visible(side))
                    assert "class=en" not in side, (entry, visible(side))
        assert sum(len(cards[t.id]) for t in deck.terms) == sum(map(glossary_cards, deck.terms))
        assert not col.get_empty_cards().notes
    finally:
        col.close()


def test_bilingual_deck_keeps_two_cards_per_term(tmp_path: Path) -> None:
    """A bilingual deck's terms keep ja→en and en→ja, and a term whose definition lacks
    English shows no empty English line on the back."""
    from exoterm.core.exports.apkg import write_apkg

    deck = load_content([GOOD])
    first = deck.terms[0]
    assert first.en and first.definition.en
    terms = (replace(first, definition=Bilingual(first.definition.ja, "")), *deck.terms[1:])
    deck = replace(deck, terms=terms)
    package = tmp_path / "good.apkg"
    write_apkg(deck, package)
    col = anki_collection(package, tmp_path)
    try:
        cards = cards_by_entry(col)
        for term in deck.terms:
            assert sorted(c.template()["name"] for c in cards[term.id]) == ["en→ja", "ja→en"]
            for card in cards[term.id]:
                for side in (card.question(), card.answer()):
                    assert not empty_english_parts(side), (term.id, visible(side))
        assert first.en in cards[first.id][0].answer()
        col.after_note_updates(list(col.find_notes("")), mark_modified=False, generate_cards=True)
        assert not col.get_empty_cards().notes
        assert len(col.find_cards('"note:exoterm glossary"')) == 2 * len(deck.terms)
    finally:
        col.close()


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_moodle_exports_of_a_japanese_only_deck_are_japanese_in_every_language(
        fmt: str, tmp_path: Path) -> None:
    """Asked for English or both languages, a deck without English gives its Japanese:
    the same questions as `--language ja`, with no empty English line."""
    out = {}
    for lang in ("ja", "en", "both"):
        path = tmp_path / f"{lang}.{fmt}"
        assert main(["export", "-f", fmt, "--language", lang, str(JA_ONLY), "-o", str(path)]) == 0
        out[lang] = path.read_text("utf-8")
    header = re.compile(r"^// exoterm quiz export .*\n", re.MULTILINE)
    assert "使用後の注射針にキャップを付け直すことを何というか。" in out["ja"]
    assert header.sub("", out["en"]) == header.sub("", out["ja"])
    assert header.sub("", out["both"]) == header.sub("", out["ja"])


def test_csv_of_a_japanese_only_deck_round_trips_with_empty_english(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(JA_ONLY, tmp_path / "deck"))  # cases and categories stay
    for what, name, target in (("terms", "terms.csv", "glossary.yaml"), ("items", "items.csv", "quiz.yaml")):
        path = folder / name
        assert main(["export", "-f", "csv", "--no-bom", "--what", what, str(JA_ONLY), "-o", str(path)]) == 0
        rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
        assert rows and all(not v for r in rows for k, v in r.items() if k.endswith("_en") or k == "en")
        assert main(["import", "--standalone", "--merge", str(path), "-o", str(folder / target)]) == 0
    back, original = load_content([folder]), load_content([JA_ONLY])
    assert back.terms == original.terms and back.items == original.items


def test_bilingual_glossary_notetype_keeps_its_schema() -> None:
    """Anki imports a notetype whose fields or templates changed into a new copy and leaves
    the notes imported from earlier exports as they were: the fields and card templates of
    "exoterm glossary" are those of every earlier export."""
    from exoterm.core.exports.apkg import GLOSSARY_FIELDS, GLOSSARY_TEMPLATES

    assert GLOSSARY_FIELDS == ("Id", "Headword", "Reading", "Furigana", "English", "Abbr",
                               "DefinitionJa", "DefinitionEn", "Evidence", "Sources", "Note")
    assert [t["name"] for t in GLOSSARY_TEMPLATES] == ["ja→en", "en→ja"]
