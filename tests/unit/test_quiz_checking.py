"""Typed-answer checking: folding, romaji, alternatives, typo tolerance, rejects."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from quiz_fixtures import quiz_deck

from exoterm.core.japanese import RomajiSystem, kana_to_romaji, to_hiragana, to_katakana
from exoterm.core.quiz.checking import (
    check_text,
    compare_key,
    edit_distance,
    is_kana_answer,
    text_diff,
)
from exoterm.core.quiz.present import question_for
from exoterm.core.quiz.termcards import spellings


@pytest.mark.parametrize(("given_", "accepted"), [
    ("Exosome", ["exosome"]),
    ("ＥＸＯＳＯＭＥ", ["exosome"]),
    ("えくそそーむ", ["エクソソーム"]),
    ("ｴｸｿｿｰﾑ", ["エクソソーム"]),
    ("ekusosoomu", ["エクソソーム"]),
    ("ekusosōmu", ["エクソソーム"]),
    ("ekusosomu", ["エクソソーム"]),
    ("saibougaishouhou", ["さいぼうがいしょうほう"]),
    ("saibogaisyoho", ["さいぼうがいしょうほう"]),
    ("  extracellular   vesicle. ", ["extracellular vesicle"]),
    ("extracellular-vesicle", ["extracellular vesicle"]),
    ("細胞外小胞。", ["細胞外小胞"]),
    ("「細胞外 小胞」", ["細胞外小胞"]),
    ("EV", ["extracellular vesicle", "EV"]),
    ("mirna", ["microRNA", "miRNA"]),
])
def test_accepted_spellings(given_: str, accepted: list[str]) -> None:
    assert check_text(given_, accepted).verdict == "right"


@pytest.mark.parametrize(("given_", "accepted"), [
    ("exosomes", ["exosome"]),  # one letter: almost
    ("exsome", ["exosome"]),
    ("extracelular vesicle", ["extracellular vesicle"]),
    ("extarcellular vesicle", ["extracellular vesicle"]),  # a swap counts once
    ("えくそそーぬ", ["エクソソーム"]),
    ("ekusosomo", ["エクソソーム"]),  # romaji typo against the kana answer
])
def test_small_typos_are_almost(given_: str, accepted: list[str]) -> None:
    result = check_text(given_, accepted)
    assert result.verdict == "almost"
    assert result.diff is not None and result.matched == accepted[0]


@pytest.mark.parametrize(("given_", "accepted"), [
    ("EX", ["EV"]),  # short answers get no tolerance
    ("mrna", ["miRNA"]),
    ("細胞内小胞", ["細胞外小胞"]),  # one kanji changes the meaning
    ("10 nm", ["100 nm"]),  # a digit changes the fact
    ("ekusosomu", ["exosome"]),  # romaji only stands for kana answers
    ("", ["exosome"]),
    ("   ", ["exosome"]),
    ("あぽとーしす", ["エクソソーム"]),
])
def test_wrong_answers(given_: str, accepted: list[str]) -> None:
    assert check_text(given_, accepted).verdict == "wrong"


def test_typo_tolerance_can_be_turned_off() -> None:
    assert check_text("exsome", ["exosome"], typos=False).verdict == "wrong"


def test_a_rejected_spelling_is_never_almost() -> None:
    assert check_text("microvesicle", ["microvesicles"]).verdict == "almost"
    assert check_text("microvesicle", ["microvesicles"], ["microvesicle"]).verdict == "wrong"
    # as close to a reject as to the answer: wrong
    assert check_text("exosomx", ["exosome"], ["exosomy"]).verdict == "wrong"


def test_diff_runs() -> None:
    diff = text_diff("exsome", "exosome")
    assert diff.runs == (("=", "ex"), ("+", "o"), ("=", "some"))
    assert text_diff("abc", "abc").runs == (("=", "abc"),)


def test_edit_distance_limit() -> None:
    assert edit_distance("abcd", "abdc", 2) == 1
    assert edit_distance("abc", "xyz", 1) == 2
    assert edit_distance("", "abcdef", 2) == 3


# properties ----------------------------------------------------------------------------
HIRAGANA = "".join(chr(c) for c in range(0x3041, 0x3094) if chr(c) not in "ゎゐゑ")
LATIN = "abcdefghijklmnopqrstuvwxyz0123456789"
words = st.text(alphabet=st.sampled_from(LATIN + HIRAGANA + "細胞外小胞膜"), min_size=1, max_size=12)
# not "-": typed after kana it stands for ー (see exoterm.core.japanese.normalize)
fillers = st.sampled_from(["", " ", "　", "。", "、", "・", "!", "?", "(", ")", "「", "」", "."])
ROMAJI_SYSTEMS: tuple[RomajiSystem, ...] = ("hepburn", "kunrei")


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(words, st.sampled_from(["same", "upper", "fullwidth", "katakana", "hiragana"]),
       fillers, fillers)
def test_any_spelling_of_the_answer_is_right(word: str, form: str, before: str, after: str) -> None:
    forms: dict[str, Callable[[str], str]] = {
        "same": str, "upper": str.upper, "fullwidth": _fullwidth, "katakana": to_katakana,
        "hiragana": to_hiragana}
    change = forms[form]
    typed = before + change(word) + after
    assert check_text(typed, [word]).verdict == "right"
    assert check_text(typed, ["zzz-other", word]).verdict == "right"


@given(st.text(alphabet=st.sampled_from(HIRAGANA), min_size=1, max_size=10),
       st.sampled_from(ROMAJI_SYSTEMS))
def test_romaji_is_right_for_kana_answers(reading: str, system: RomajiSystem) -> None:
    romaji = kana_to_romaji(reading, system)
    assume(romaji.isascii() and any(c.isalpha() for c in romaji))  # っ, small kana alone
    assert check_text(romaji, [reading]).verdict == "right"
    assert check_text(romaji.upper(), [to_katakana(reading)]).verdict == "right"


def _typed_term_questions() -> list[tuple[str, str]]:
    deck = quiz_deck()
    return [(t.id, d) for t in deck.terms for d in ("ja>en", "en>ja", "def>term", "reading")]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_typed_term_questions()), st.data())
def test_term_answers_accepted_and_other_terms_rejected(card: tuple[str, str],
                                                        data: st.DataObject) -> None:
    deck = quiz_deck()
    term_id, direction = card
    q = question_for(deck, f"term:{term_id}:{direction}", "ja", 0, "typed")
    accepted, rejects = q.key.texts[0], q.key.rejects[0]
    spelling = data.draw(st.sampled_from(accepted))
    forms: list[Callable[[str], str]] = [str, str.upper, _fullwidth, to_katakana, to_hiragana]
    form = data.draw(st.sampled_from(forms))
    assert check_text(form(spelling), accepted, rejects).verdict == "right"
    assert check_text(" " + spelling + "。", accepted, rejects).verdict == "right"
    if is_kana_answer(spelling):
        assert check_text(kana_to_romaji(spelling), accepted, rejects).verdict == "right"
    other = data.draw(st.sampled_from([t for t in deck.terms if t.id != term_id]))
    for name in spellings(other):
        if compare_key(name) in {compare_key(a) for a in accepted}:
            continue
        assert check_text(name, accepted, rejects).verdict == "wrong", name
