"""Calculation (numeric) items: reading typed numbers, judging with tolerance and rounding,
the question as presented, its rating, feedback and stored response, and a session."""

from __future__ import annotations

import io
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from quiz_fixtures import open_store

from exoterm.core.analysis import analyze
from exoterm.core.content import load_content
from exoterm.core.content.models import Deck, NumericBody
from exoterm.core.fileio import write_file
from exoterm.core.numbers import (
    MAX_DIGITS,
    NotANumber,
    as_decimal,
    format_number,
    plain_number,
    read_number,
)
from exoterm.core.quiz.feedback import answer_feedback, ask_hint, kind_label
from exoterm.core.quiz.judge import judge, stored_response
from exoterm.core.quiz.plain import PlainReview
from exoterm.core.quiz.present import question_for
from exoterm.core.quiz.questions import InvalidAnswer, Lang, Question
from exoterm.core.quiz.rating import TYPED_PART_SECONDS, fast_limit
from exoterm.core.quiz.session import SessionOptions, StudySession
from exoterm.core.results import ResultRow, read_results, to_jsonl
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store.results import item_answers

NUMERIC_DECK = Path(__file__).resolve().parents[1] / "data" / "numeric"


@lru_cache(maxsize=1)
def deck() -> Deck:
    return load_content([NUMERIC_DECK])


def ask(item: str, lang: Lang = "ja") -> Question:
    return question_for(deck(), f"item:{item}", lang, 1)


# -- reading numbers -------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "value", "unit"), [
    ("42", "42", ""),
    ("４２", "42", ""),  # full-width digits
    ("１２．５", "12.5", ""),  # full-width point
    ("－１．５", "-1.5", ""),  # full-width minus
    ("−3", "-3", ""),  # the minus sign U+2212
    ("ー3", "-3", ""),  # what a Japanese IME types for "-"
    ("+7", "7", ""),
    ("1,000", "1000", ""),
    ("１，０００", "1000", ""),
    ("12,345.25", "12345.25", ""),
    (".5", "0.5", ""),
    ("5.", "5", ""),
    (" 83 ", "83", ""),
    ("83 滴/分", "83", "滴/分"),
    ("８３滴/分。", "83", "滴/分"),
    ("41.7 mL/h.", "41.7", "mL/h"),
])
def test_reads_numbers_as_learners_type_them(typed: str, value: str, unit: str) -> None:
    number = read_number(typed)
    assert number.value == Decimal(value) and number.unit == unit


@pytest.mark.parametrize("typed", ["", "abc", "1,5", "1,23", "1,2345", "1.2.3", "1e3", "1E-2",
                                   "--1", "1 000", "١٢", "1" * (MAX_DIGITS + 1), "mL 3", "."])
def test_refuses_what_is_not_one_number(typed: str) -> None:
    with pytest.raises(NotANumber):
        read_number(typed)


FULL = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")
NUMBERS = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4,
                      allow_nan=False, allow_infinity=False)


@given(NUMBERS, st.booleans(), st.booleans(), st.sampled_from(["", "mL", " 滴/分", "　mL/時"]))
def test_any_number_written_any_way_reads_back(value: Decimal, wide: bool, grouped: bool,
                                               unit: str) -> None:
    text = f"{value:,f}" if grouped else format(value, "f")
    if wide:
        text = text.translate(FULL)
    number = read_number(text + unit)
    assert number.value == value
    assert number.unit == unit.strip(" 　")


@given(st.text(max_size=40))
def test_reading_any_text_gives_a_number_or_not_a_number(text: str) -> None:
    try:
        number = read_number(text)
    except NotANumber:
        return
    assert number.value.is_finite()


@given(NUMBERS)
def test_display_and_plain_forms_read_back(value: Decimal) -> None:
    assert read_number(format_number(value)).value == value
    assert read_number(plain_number(value)).value == value
    assert "," not in plain_number(value) and "E" not in plain_number(value)


def test_yaml_floats_are_the_decimals_written() -> None:
    assert as_decimal(0.1) + as_decimal(0.2) == Decimal("0.3")
    assert as_decimal(41.7) == Decimal("41.7") and as_decimal(83) == Decimal(83)
    assert format_number(Decimal("2.5"), 2) == "2.50" and format_number(Decimal("10000")) == "10,000"


# -- judging ---------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "verdict"), [
    ("3", "right"), ("3.1", "right"), ("2.9", "right"),  # the edges of ±0.1 count
    ("3.10000001", "wrong"), ("2.89999", "wrong"), ("3.2", "wrong"), ("-3", "wrong"),
    ("３．０５ mL", "right"), ("3 ML", "right"), ("3ｍＬ", "right"),
])
def test_tolerance_edges(typed: str, verdict: str) -> None:
    assert judge(ask("dose-numeric"), typed).verdict == verdict


@pytest.mark.parametrize(("typed", "verdict"), [
    ("41.7", "right"), ("41.70", "right"),  # trailing zeros are not extra places
    ("41.66", "almost"), ("41.65", "almost"),  # right once rounded half up
    ("41.649", "wrong"), ("41.6", "wrong"), ("42", "wrong"),
])
def test_decimals_round_half_up(typed: str, verdict: str) -> None:
    assert judge(ask("flow-numeric"), typed).verdict == verdict


@pytest.mark.parametrize(("typed", "verdict", "rating"), [
    ("83", "right", Rating.Good), ("83.3", "almost", Rating.Hard), ("83.5", "wrong", Rating.Again),
    ("82.5", "almost", Rating.Hard), ("82.49", "wrong", Rating.Again), ("?", "wrong", Rating.Again),
])
def test_whole_number_answers_and_their_ratings(typed: str, verdict: str, rating: Rating) -> None:
    judgement = judge(ask("drip-numeric"), typed)
    assert (judgement.verdict, judgement.rating) == (verdict, rating)


def test_no_decimals_means_any_places_within_tolerance() -> None:
    q = ask("dilution-numeric")
    assert judge(q, "50.000").verdict == "right"
    assert judge(q, "50.001").verdict == "wrong"  # tolerance 0: exactly the answer


@pytest.mark.parametrize(("lang", "typed"), [("ja", "41.7 mL/h"), ("en", "41.7 mL/時"),
                                             ("ja", "４１．７ ｍＬ／時")])
def test_the_unit_is_accepted_in_either_language(lang: Lang, typed: str) -> None:
    assert judge(ask("flow-numeric", lang), typed).verdict == "right"


def test_another_unit_is_asked_again_naming_the_unit() -> None:
    with pytest.raises(InvalidAnswer) as err:
        judge(ask("dose-numeric"), "3 mg")
    assert err.value.key == "invalid.unit" and err.value.values == {"unit": "mL"}
    with pytest.raises(InvalidAnswer) as err:
        judge(ask("drip-numeric", "en"), "83 drops")
    assert err.value.values == {"unit": "drops/min"}


@pytest.mark.parametrize("typed", ["abc", "1,5", "八十三", "83 83"])
def test_what_is_not_a_number_is_asked_again(typed: str) -> None:
    with pytest.raises(InvalidAnswer) as err:
        judge(ask("drip-numeric"), typed)
    assert err.value.key in ("invalid.number", "invalid.unit")


def test_stored_response_is_the_plain_number() -> None:
    q = ask("drip-numeric")
    assert stored_response(judge(q, "８３ 滴/分")) == "83"
    assert stored_response(judge(q, "1,083.50")) == "1083.5"
    assert stored_response(judge(q, "?")) == "?"


# -- the question as asked -------------------------------------------------------------


def test_question_shows_unit_places_and_tolerance() -> None:
    drip = ask("drip-numeric", "en")
    assert (drip.kind, drip.unit, drip.decimals) == ("numeric", "drops/min", 0)
    assert drip.key.display == "83 drops/min"
    assert kind_label(drip, "en") == "Essential (必修) · calculation"
    assert "whole number" in ask_hint(drip, "en", "plain") and "drops/min" in ask_hint(drip, "en", "plain")
    assert "整数" in ask_hint(ask("drip-numeric"), "ja", "tui")
    assert ask("dose-numeric").key.display == "3 mL（±0.1 まで正解）"
    assert ask("dose-numeric", "en").key.display == "3 mL (±0.1 accepted)"
    assert "小数第1位" in ask_hint(ask("flow-numeric"), "ja", "plain")
    assert ask("dilution-numeric").decimals is None


def test_numeric_answers_get_the_typed_allowance_for_easy() -> None:
    q = ask("dilution-numeric")
    assert fast_limit(q) >= TYPED_PART_SECONDS
    assert judge(q, "50", seconds=1.0).can_upgrade
    assert not judge(q, "50", seconds=fast_limit(q) + 1).can_upgrade


def test_body_keeps_numbers_as_written() -> None:
    body = deck().item_by_id["flow-numeric"].body
    assert isinstance(body, NumericBody)
    assert (body.answer, body.decimals, body.tolerance) == (41.7, 1, 0)
    assert body.unit is not None and (body.unit.ja, body.unit.en) == ("mL/時", "mL/h")


# -- a session: recorded like a typed answer, with feedback ----------------------------


def test_session_records_and_explains_a_calculation(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        session = StudySession(deck(), store, SessionOptions(lang="ja", seed=3,
                                                             cards=("item:flow-numeric",)))
        session.start()
        q = session.next_question()
        assert q is not None and q.kind == "numeric"
        almost = session.commit(session.answer("４１．６６"))
        assert almost.rating == Rating.Hard and almost.saved
        fb = answer_feedback(almost, "ja")
        assert fb.tone == "almost" and fb.answer == "41.7 mL/時"
        assert fb.number == "あなたの答え：41.66 mL/時 — 小数第1位までに四捨五入すると 41.7：求められた桁で答えましょう"
        assert fb.explanation.startswith("1000 ÷ 24")
        [row] = item_answers(store)
        assert (row.response, row.correct, row.rating) == ("41.66", False, int(Rating.Hard))


def test_wrong_calculation_feedback_in_english(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        session = StudySession(deck(), store, SessionOptions(lang="en", seed=3,
                                                             cards=("item:dose-numeric",)))
        session.start()
        assert session.next_question() is not None
        fb = answer_feedback(session.commit(session.answer("30 mL")), "en")
        assert (fb.tone, fb.answer, fb.number) == ("wrong", "3 mL (±0.1 accepted)",
                                                   "Your answer: 30 mL")
        assert session.undo() is not None
        gave_up = answer_feedback(session.commit(session.answer("?")), "en")
        assert (gave_up.tone, gave_up.answer, gave_up.number) == ("wrong", "3 mL (±0.1 accepted)", "")


# -- results files and item analysis ---------------------------------------------------


def test_item_analysis_copes_with_calculation_answers(tmp_path: Path) -> None:
    """Numbers in results files are answers, not option ids: no choice rates, no
    "unused option" flag, difficulty and discrimination as for any item."""
    rows = []
    for n in range(12):
        learner = tmp_path / f"l{n}.jsonl"
        right = n % 3 != 0
        answers = [ResultRow("drip-numeric", "item:drip-numeric", "2025-04-01T03:00:00Z", right,
                             "83" if right else "83.3", 3 if right else 2, 9000),
                   ResultRow("dose-numeric", "item:dose-numeric", "2025-04-01T03:01:00Z", n > 5,
                             "3" if n > 5 else "30", 3, 8000)]
        write_file(learner, to_jsonl(f"learner-{n}", answers))
        rows.append(learner)
    results = read_results(rows)
    assert {r.choices for r in results.responses} == {()}
    stats = {s.item: s for s in analyze(results.responses, results.items)}
    assert stats["drip-numeric"].difficulty == pytest.approx(8 / 12)
    assert stats["dose-numeric"].options == []
    assert "unused-distractor" not in stats["dose-numeric"].flags


# -- plain mode ------------------------------------------------------------------------


def plain_run(tmp_path: Path, lang: Lang, card: str, lines: list[str]) -> str:
    out = io.StringIO()
    with open_store(tmp_path) as store:
        session = StudySession(deck(), store, SessionOptions(lang=lang, seed=5, cards=(card,)))
        PlainReview(session, io.StringIO("\n".join(lines) + "\n"), out, echo=True).run()
    return out.getvalue()


def test_plain_mode_asks_checks_and_explains_a_calculation(tmp_path: Path) -> None:
    text = plain_run(tmp_path, "ja", "item:drip-numeric", ["八十三", "83 mL", "８３．３ 滴/分"])
    assert "1分間の滴下数を求めよ" in text
    assert "整数で答えます（小数第1位を四捨五入）。数値で答えてください（単位 滴/分 は省略可" in text
    assert "数値を入力してください" in text  # 八十三: asked again, nothing recorded
    assert "単位は 滴/分 です" in text  # mL: asked again
    lines = text.splitlines()
    at = lines.index("> ８３．３ 滴/分")
    assert "保存しました" in lines[at + 1] and "惜しい" in lines[at + 1]
    assert lines[at + 2] == "正答：83 滴/分"
    assert lines[at + 3].startswith("あなたの答え：83.3 滴/分 — 四捨五入して整数にすると 83")
    assert any(line.startswith("解説：500 × 20 ÷ 120") for line in lines)


def test_plain_mode_in_english_with_a_tolerance(tmp_path: Path) -> None:
    text = plain_run(tmp_path, "en", "item:dose-numeric", ["3.05 mL"])
    assert "Type the number (the unit mL is optional" in text
    lines = text.splitlines()
    at = lines.index("> 3.05 mL")
    assert "saved" in lines[at + 1] and "Right" in lines[at + 1]
    assert not any(line.startswith("Your answer") for line in lines)
