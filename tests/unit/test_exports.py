"""Exports read back by their real consumers: pygiftparser (GIFT), ElementTree (Moodle XML),
csv (CSV) and the anki library (apkg), where installable."""

from __future__ import annotations

import csv
import io
import re
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from exoterm.core.content import load_content
from exoterm.core.content.cloze import Blank, count_blanks, parse_cloze
from exoterm.core.content.models import (
    Bilingual,
    Choice,
    ClozeBody,
    Deck,
    MatchingBody,
    MultiBody,
    SingleBody,
    TrueFalseBody,
    TypedBody,
)
from exoterm.core.exports.csv_table import TERM_COLUMNS, deck_to_csv
from exoterm.core.exports.gift import deck_to_gift
from exoterm.core.exports.moodle_xml import deck_to_moodle_xml

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "data" / "good"
NASTY = "a~b=c#d:g\\h [bold]x[/] <i>"
# pygiftparser's regex mishandles an escaped closing brace (Moodle's own parser does not), so
# braces are checked on the escaped text only.
BRACES = "{e}"


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Deck:
    return load_content([GOOD])


def with_nasty_text(deck: Deck) -> Deck:
    """The good deck with GIFT/markup special characters in a single-choice item."""
    items = []
    for item in deck.items:
        if isinstance(item.body, SingleBody):
            choices = tuple(replace(c, ja=f"{c.ja}{NASTY}") if c.id == item.body.answer else c
                            for c in item.body.choices)
            item = replace(item, prompt=Bilingual(NASTY, NASTY), body=replace(item.body, choices=choices))
        items.append(item)
    return replace(deck, items=tuple(items))


def parse_gift(text: str) -> list[Any]:  # pygiftparser is untyped
    pygift = pytest.importorskip("pygiftparser.parser")
    return [q for q in pygift.parseFile(io.StringIO(text)) if q.title]


def test_gift_reads_back_every_type(deck: Deck) -> None:
    text, skipped = deck_to_gift(deck, "ja")
    several = [i for i in deck.items if isinstance(i.body, ClozeBody) and count_blanks(i.body.text.ja) > 1]
    assert skipped == len(several)
    questions = {q.title: q for q in parse_gift(text)}
    for item in deck.items:
        body = item.body
        if isinstance(body, ClozeBody):
            if item in several:
                assert item.id not in questions
                continue
            [blank] = [p for p in parse_cloze(body.text.ja) if isinstance(p, Blank)]
            assert questions[item.id].valid and type(questions[item.id].answers).__name__ == "ShortSet"
            assert set(blank.answers) <= {a.answer for a in questions[item.id].answers.answers}
            assert "＿＿＿" in questions[item.id].text
            continue
        q = questions[item.id]
        assert q.valid, item.id
        kind = type(q.answers).__name__
        if isinstance(body, SingleBody):
            assert kind == "SelectSet"
            right = [a.answer for a in q.answers.answers if a.fraction == 100]
            assert right == [next(c.ja for c in body.choices if c.id == body.answer)]
            assert len(q.answers.answers) == len(body.choices)
        elif isinstance(body, MultiBody):
            assert kind == "MultipleChoicesSet"
            right_set = {a.answer for a in q.answers.answers if a.fraction > 0}
            assert right_set == {c.ja for c in body.choices if c.id in body.answers}
            assert sum(a.fraction for a in q.answers.answers if a.fraction > 0) == pytest.approx(100)
        elif isinstance(body, TrueFalseBody):
            assert kind == "TrueFalseSet" and q.answers.answer is body.answer
        elif isinstance(body, TypedBody):
            assert kind == "ShortSet"
            assert body.answer.ja in [a.answer for a in q.answers.answers]
        elif isinstance(body, MatchingBody):
            assert kind == "MatchingSet"
            pairs = {(a.question.strip(), a.answer.strip()) for a in q.answers.answers}
            assert pairs == {(p.left.ja, p.right.ja) for p in body.pairs}
        assert item.explanation.ja in q.generalFeedback


def test_gift_escapes_special_characters(deck: Deck) -> None:
    text, _ = deck_to_gift(with_nasty_text(deck), "ja")
    assert "\\~" in text and "\\=" in text and "\\#" in text and "\\:" in text
    from exoterm.core.exports.gift import escape

    assert escape(BRACES) == "\\{e\\}" and escape("a\nb") == "a\\nb"
    single = next(q for q in parse_gift(text) if q.title == "size-single")
    assert single.valid
    assert len(single.answers.answers) == 4, "escaped ~ and = must not split choices"
    unescape = re.compile(r"\\(.)")
    assert unescape.sub(r"\1", single.text) == NASTY


def test_gift_both_languages(deck: Deck) -> None:
    text, _ = deck_to_gift(deck, "both")
    item = deck.item_by_id["size-single"]
    assert item.prompt.ja in text and item.prompt.en in text


def test_moodle_xml_has_every_item_with_the_right_type(deck: Deck) -> None:
    root = ET.fromstring(deck_to_moodle_xml(with_nasty_text(deck), "en"))
    questions = {q.findtext("name/text"): q for q in root.iter("question") if q.get("type") != "category"}
    assert set(questions) == {i.id for i in deck.items}
    expected = {"single": "multichoice", "multi": "multichoice", "truefalse": "truefalse",
                "typed": "shortanswer", "matching": "matching", "cloze": "cloze"}
    for item in deck.items:
        q = questions[item.id]
        assert q.get("type") == expected[item.type]
        if isinstance(item.body, MultiBody):
            fractions = [float(a.get("fraction", "0")) for a in q.iter("answer")]
            assert sum(f for f in fractions if f > 0) == pytest.approx(100)
        if isinstance(item.body, ClozeBody):
            text = q.findtext("questiontext/text") or ""
            blanks = [p for p in parse_cloze(item.body.text.en) if isinstance(p, Blank)]
            assert text.count("{1:SHORTANSWER:") == len(blanks)
            for blank in blanks:
                assert f"={blank.answers[0]}" in text
    import html

    assert html.escape(NASTY) in (questions["size-single"].findtext("questiontext/text") or "")


def test_csv_terms_round_trip_columns(deck: Deck) -> None:
    rows = list(csv.DictReader(io.StringIO(deck_to_csv(deck, bom=False))))
    assert [r["id"] for r in rows] == [t.id for t in deck.terms]
    assert tuple(rows[0]) == TERM_COLUMNS
    for row, term in zip(rows, deck.terms, strict=True):
        assert (row["ja"], row["reading"], row["en"]) == (term.ja, term.reading, term.en)
        assert row["definition_ja"] == term.definition.ja


def test_csv_items(deck: Deck) -> None:
    rows = list(csv.DictReader(io.StringIO(deck_to_csv(deck, "items", bom=False))))
    assert [r["type"] for r in rows] == [i.type for i in deck.items]


def test_apkg_imports_into_anki(deck: Deck, tmp_path: Path) -> None:
    pytest.importorskip("genanki")
    collection_mod = pytest.importorskip("anki.collection")
    from exoterm.core.content.decks import SHIPPED_DECK_ID
    from exoterm.core.content.models import DeckInfo
    from exoterm.core.exports.apkg import write_apkg

    assert deck.decks == (DeckInfo("good", "good"),)  # a folder without a header is named after it
    deck = replace(deck, decks=(DeckInfo(SHIPPED_DECK_ID, "exoterm"),))  # as the shipped content is
    package = tmp_path / "exoterm.apkg"
    write_apkg(deck, package)
    col = collection_mod.Collection(str(tmp_path / "collection.anki2"))
    try:
        from anki.import_export_pb2 import ImportAnkiPackageRequest

        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))
        assert col.note_count() == len(deck.terms) + len(deck.items)
        blanks = sum(
            sum(isinstance(p, Blank) for p in parse_cloze(i.body.text.ja))
            for i in deck.items if isinstance(i.body, ClozeBody)
        )
        non_cloze = sum(not isinstance(i.body, ClozeBody) for i in deck.items)
        assert col.card_count() == 2 * len(deck.terms) + non_cloze + blanks
        note_ids = col.find_notes('"Id:exosome"')
        assert len(note_ids) == 1
        note = col.get_note(note_ids[0])
        assert note["Furigana"].strip() == "エクソソーム"
        assert "exoterm::category::vesicle" in note.tags
        # A second import of the same export updates, it does not duplicate.
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))
        assert col.note_count() == len(deck.terms) + len(deck.items)
    finally:
        col.close()


def test_apkg_export_leaves_nothing_in_the_temporary_folder(
        deck: Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """genanki's own writer left its ~1 MB collection database in the system's temporary
    folder on every export."""
    pytest.importorskip("genanki")
    from exoterm.core.exports.apkg import write_apkg

    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    private = tmp_path / "private"
    private.mkdir()
    write_apkg(deck, private / "exoterm.apkg")
    assert list(system_tmp.iterdir()) == []
    assert [p.name for p in private.iterdir()] == ["exoterm.apkg"]
    with zipfile.ZipFile(private / "exoterm.apkg") as package:
        assert sorted(package.namelist()) == ["collection.anki2", "media"]


def test_apkg_ids_are_stable() -> None:
    from exoterm.core.exports.apkg import stable_id

    assert stable_id("exoterm glossary model v1") == stable_id("exoterm glossary model v1")
    assert 1 << 30 <= stable_id("x") < 1 << 31


def test_choice_dataclass_sanity() -> None:
    assert Choice("a", "あ", "a").ja == "あ"
