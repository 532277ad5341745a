"""Calculation items in every export, read back by their real consumers: pygiftparser
(GIFT `{#answer:tolerance}`), ElementTree (Moodle `numerical`), the anki library (a typed
card), csv and JSON (exoterm's own dump, which rebuilds the same deck)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from exoterm.core.content import load_content
from exoterm.core.content.export import deck_from_dict, deck_to_dict
from exoterm.core.content.models import Bilingual, Deck, NumericBody, QuizItem
from exoterm.core.exports.csv_table import deck_to_csv
from exoterm.core.exports.gift import deck_to_gift
from exoterm.core.exports.moodle_xml import deck_to_moodle_xml
from exoterm.core.numbers import as_decimal

ROOT = Path(__file__).resolve().parents[2]
NUMERIC_DECK = ROOT / "tests" / "data" / "numeric"


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_content([NUMERIC_DECK])


def numeric(item: QuizItem) -> NumericBody:
    assert isinstance(item.body, NumericBody)
    return item.body


def parse_gift(text: str) -> list[Any]:  # pygiftparser is untyped
    pygift = pytest.importorskip("pygiftparser.parser")
    return [q for q in pygift.parseFile(io.StringIO(text)) if q.title]


def test_gift_numerical_reads_back(deck: Deck) -> None:
    text, skipped = deck_to_gift(deck, "ja")
    assert skipped == 0
    questions = {q.title: q for q in parse_gift(text)}
    assert set(questions) == {i.id for i in deck.items}
    for item in deck.items:
        body, q = numeric(item), questions[item.id]
        assert q.valid and type(q.answers).__name__ == "NumericAnswerSet"
        [answer] = q.answers.answers
        assert (answer.value, answer.tolerance) == (float(body.answer), float(body.tolerance))
        assert item.explanation.ja.split("=")[0].strip() in q.generalFeedback
    assert "{#3:0.1\n" in text and "{#41.7:0\n" in text
    unit = re.sub(r"\\(.)", r"\1", questions["flow-numeric"].text)
    assert unit.endswith("\n単位：mL/時")
    both, _ = deck_to_gift(deck, "both")
    assert "単位：滴/分\\nUnit\\: drops/min{#83:0" in both


GIFT_SAFE = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
                    min_size=1, max_size=20).filter(lambda s: s == s.strip())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prompt=GIFT_SAFE, unit=GIFT_SAFE,
       answer=st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False),
       tolerance=st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
def test_any_calculation_round_trips_through_gift(deck: Deck, prompt: str, unit: str,
                                                  answer: Any, tolerance: Any) -> None:
    # pygiftparser's limits, as in test_text_safety: no backslashes, no `}` (it reads `\}`
    # as the end of the answers); nor does it read negative numbers, which Moodle does
    # (test_gift_writes_negative_answers_plainly)
    assume("\\" not in prompt + unit and "}" not in prompt + unit)
    item = deck.item_by_id["dose-numeric"]
    body = NumericBody(float(answer), Bilingual(unit, unit), float(tolerance))
    one = replace(deck, items=(replace(item, prompt=Bilingual(prompt, prompt), body=body),))
    text, _ = deck_to_gift(one, "ja")
    [q] = parse_gift(text)
    assert q.valid and type(q.answers).__name__ == "NumericAnswerSet"
    [parsed] = q.answers.answers
    assert parsed.value == pytest.approx(float(answer)) and parsed.tolerance == pytest.approx(float(tolerance))
    assert re.sub(r"\\(.)", r"\1", q.text) == f"{prompt}\n単位：{unit}"


def test_gift_writes_negative_answers_plainly(deck: Deck) -> None:
    item = deck.item_by_id["dose-numeric"]
    body = NumericBody(-0.5, None, 0.05)
    text, _ = deck_to_gift(replace(deck, items=(replace(item, body=body),)), "en")
    assert "{#-0.5:0.05\n####" in text


def test_moodle_xml_numerical(deck: Deck) -> None:
    root = ET.fromstring(deck_to_moodle_xml(deck, "both"))
    questions = {q.findtext("name/text"): q for q in root.iter("question") if q.get("type") != "category"}
    for item in deck.items:
        q, body = questions[item.id], numeric(item)
        assert q.get("type") == "numerical"
        [answer] = q.findall("answer")
        assert answer.get("fraction") == "100"
        assert as_decimal(body.answer) == as_decimal(float(answer.findtext("text") or "nan"))
        assert float(answer.findtext("tolerance") or "nan") == body.tolerance
        names = [u.findtext("unit_name") for u in q.iter("unit")]
        assert names == ([] if body.unit is None else list(dict.fromkeys((body.unit.ja, body.unit.en))))
        assert all(u.findtext("multiplier") == "1" for u in q.iter("unit"))
        assert q.findtext("showunits") == "0" and q.findtext("unitgradingtype") == "0"
    assert "Unit: drops/min" in (questions["drip-numeric"].findtext("questiontext/text") or "")
    [ja_unit] = [u.findtext("unit_name") for u in ET.fromstring(deck_to_moodle_xml(deck, "ja"))
                 .iter("unit") if u.findtext("unit_name") == "滴/分"]
    assert ja_unit == "滴/分"


def test_csv_items_carry_answer_unit_tolerance_and_places(deck: Deck) -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(deck_to_csv(deck, "items", bom=False)))}
    flow = rows["flow-numeric"]
    assert (flow["answer"], flow["unit_ja"], flow["unit_en"], flow["tolerance"], flow["decimals"]) == (
        "41.7", "mL/時", "mL/h", "", "1")
    assert rows["dose-numeric"]["tolerance"] == "0.1"
    assert {r["type"] for r in rows.values()} == {"numeric"}


def test_json_export_rebuilds_the_same_deck(deck: Deck) -> None:
    data = json.loads(json.dumps(deck_to_dict(deck), ensure_ascii=False))
    drip = next(i for i in data["items"] if i["id"] == "drip-numeric")
    assert (drip["type"], drip["answer"], drip["unit"], drip["tolerance"], drip["decimals"]) == (
        "numeric", 83, {"ja": "滴/分", "en": "drops/min"}, 0, 0)
    assert deck_from_dict(data) == deck


def test_apkg_calculation_is_a_typed_card(deck: Deck, tmp_path: Path) -> None:
    pytest.importorskip("genanki")
    collection_mod = pytest.importorskip("anki.collection")
    from anki.import_export_pb2 import ImportAnkiPackageRequest

    from exoterm.core.exports.apkg import write_apkg

    package = tmp_path / "numeric.apkg"
    write_apkg(deck, package)
    col = collection_mod.Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))
        assert col.note_count() == len(deck.terms) + len(deck.items)
        [note_id] = col.find_notes('"Id:*flow-numeric"')  # namespaced by the deck's id
        note = col.get_note(note_id)
        assert (note["Answer"], note["Accepted"]) == ("41.7", "")
        assert "mL/時" in note["Unit"] and "mL/h" in note["Unit"]
        assert "exoterm::type::numeric" in note.tags
        template = note.note_type()["tmpls"][0]
        assert "{{type:Answer}}" in template["qfmt"]
        dose = col.get_note(col.find_notes('"Id:*dose-numeric"')[0])
        assert (dose["Answer"], dose["Accepted"]) == ("3", "(±0.1)")
        assert col.get_note(col.find_notes('"Id:*drip-numeric"')[0])["Answer"] == "83"
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))
        assert col.note_count() == len(deck.terms) + len(deck.items)  # updated, not duplicated
    finally:
        col.close()
