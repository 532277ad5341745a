"""Typed-answer checking: folding, romaji, alternatives, typo tolerance, rejects."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from quiz_fixtures import quiz_deck

from exoterm.core.content import Deck, load_content, shipped_paths
from exoterm.core.japanese import RomajiSystem, kana_to_romaji, to_hiragana, to_katakana
from exoterm.core.quiz.checking import (
    check_text,
    compare_key,
    edit_distance,
    has_kanji,
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
    ("maikuroRNA", ["マイクロRNA"]),  # romaji for the kana, the Latin as written
    ("maikuro rna", ["マイクロRNA"]),
    ("MAIKURO-RNA", ["マイクロRNA"]),
    ("まいくろRNA", ["マイクロRNA"]),
    ("ｍａｉｋｕｒｏＲＮＡ", ["マイクロRNA"]),
    ("emuRNA", ["エムRNA"]),
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
    ("マイクロRMA", ["マイクロRNA", "miRNA"]),  # one character off in a long mixed answer
    ("マイクルRNA", ["マイクロRNA", "miRNA"]),
    ("maikuroRMA", ["マイクロRNA"]),  # romaji + Latin, one letter off
    ("maikuruRNA", ["マイクロRNA"]),
    ("取り込まれろ", ["取り込まれる"]),  # a kana slip in an answer with kanji
])
def test_small_typos_are_almost(given_: str, accepted: list[str]) -> None:
    result = check_text(given_, accepted)
    assert result.verdict == "almost"
    assert result.diff is not None and result.matched == accepted[0]


@pytest.mark.parametrize(("given_", "accepted"), [
    ("EX", ["EV"]),  # short answers get no tolerance
    ("mrna", ["miRNA"]),
    ("細胞内小胞", ["細胞外小胞"]),  # one kanji changes the meaning
    ("遺伝子発言", ["遺伝子発現"]),
    ("遺伝子発", ["遺伝子発現"]),
    ("取り込まれ る込", ["取り込まれる"]),
    ("miRMA", ["miRNA"]),  # an abbreviation: one letter is another molecule
    ("エRMA", ["エRNA"]),  # under 5 characters: no tolerance, mixed or not
    ("maikuro", ["マイクロRNA"]),  # the Latin part is not optional
    ("マイクロRNA2", ["マイクロRNA1"]),  # a digit changes the fact
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
    # a mixed name of another term, typed or in romaji, is never a slip
    assert check_text("マイクロDNA", ["マイクロRNA"]).verdict == "almost"
    assert check_text("マイクロDNA", ["マイクロRNA"], ["マイクロDNA"]).verdict == "wrong"
    assert check_text("maikuroDNA", ["マイクロRNA"], ["マイクロDNA"]).verdict == "wrong"
    assert check_text("maikuroDNa", ["マイクロRNA"], ["マイクロDNA"]).verdict == "wrong"


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


ABBREVIATIONS = st.text(alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), min_size=1,
                        max_size=4)
kana_words = st.text(alphabet=st.sampled_from(HIRAGANA), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(kana_words, ABBREVIATIONS, st.booleans(), st.sampled_from(ROMAJI_SYSTEMS),
       st.sampled_from(["katakana", "hiragana", "fullwidth", "lower", "romaji", "ROMAJI"]))
def test_mixed_answers_accept_every_kana_romaji_and_width_variant(
        kana: str, abbr: str, kana_first: bool, system: RomajiSystem, form: str) -> None:
    romaji = kana_to_romaji(kana, system)
    assume(romaji.isascii() and any(c.isalpha() for c in romaji))
    answer = to_katakana(kana) + abbr if kana_first else abbr + to_katakana(kana)
    parts = {"katakana": (to_katakana(kana), abbr), "hiragana": (kana, abbr),
             "fullwidth": (kana, _fullwidth(abbr)), "lower": (to_katakana(kana), abbr.lower()),
             "romaji": (romaji, abbr), "ROMAJI": (romaji.upper(), abbr.lower())}[form]
    typed = parts[0] + parts[1] if kana_first else parts[1] + parts[0]
    assert check_text(typed, [answer]).verdict == "right"
    assert check_text(typed, ["zzz-other", answer], ["その他"]).verdict == "right"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(HIRAGANA), min_size=5, max_size=10),
       st.sampled_from(["", "RNA", "CD"]), st.data())
def test_one_kana_off_in_a_long_answer_is_almost(kana: str, abbr: str,
                                                 data: st.DataObject) -> None:
    answer = to_katakana(kana) + abbr
    at = data.draw(st.integers(0, len(kana) - 1))
    other = data.draw(st.sampled_from(HIRAGANA).filter(lambda c: c != kana[at]))
    slip = data.draw(st.sampled_from([kana[:at] + other + kana[at + 1:], kana[:at] + kana[at + 1:]]))
    assume(len(compare_key(slip + abbr)) >= 1)
    assert check_text(slip + abbr, [answer]).verdict == "almost"


names = st.one_of(words, st.builds(lambda k, a: to_katakana(k) + a, kana_words, ABBREVIATIONS))


@settings(max_examples=300, deadline=None)
@given(names, names, st.sampled_from(["same", "upper", "fullwidth", "katakana", "hiragana",
                                      "romaji"]))
def test_another_terms_name_is_never_a_slip(answer: str, other: str, form: str) -> None:
    assume(compare_key(answer) != compare_key(other))
    forms: dict[str, Callable[[str], str]] = {
        "same": str, "upper": str.upper, "fullwidth": _fullwidth, "katakana": to_katakana,
        "hiragana": to_hiragana, "romaji": kana_to_romaji}
    typed = forms[form](other)
    assert check_text(typed, [answer], [other]).verdict != "almost"


@lru_cache(maxsize=1)
def _shipped_blanks() -> tuple[Deck, list[tuple[str, int]]]:
    """Every typed item and every cloze blank of the shipped content, in Japanese."""
    deck = load_content(shipped_paths())
    out = []
    for item in deck.items:
        if item.type in ("typed", "cloze"):
            q = question_for(deck, f"item:{item.id}", "ja", 0)
            out += [(item.id, n) for n in range(len(q.key.texts))]
    return deck, out


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_every_blank_and_typed_answer_takes_every_variant_and_no_other_name(
        data: st.DataObject) -> None:
    deck, blanks = _shipped_blanks()
    item_id, n = data.draw(st.sampled_from(blanks))
    q = question_for(deck, f"item:{item_id}", "ja", 0)
    accepted, rejects = q.key.texts[n], q.key.rejects[n]
    spelling = data.draw(st.sampled_from(accepted))
    forms: list[Callable[[str], str]] = [str, str.upper, _fullwidth, to_katakana, to_hiragana]
    assert check_text(data.draw(st.sampled_from(forms))(spelling), accepted, rejects).verdict \
        == "right"
    if is_kana_answer(spelling):
        assert check_text(kana_to_romaji(spelling), accepted, rejects).verdict == "right"
    if has_kanji(accepted[0]):  # every answer in kanji has a reading: kana are never refused
        assert any(is_kana_answer(a) for a in accepted), accepted
    if rejects:
        other = data.draw(st.sampled_from(rejects))
        assert check_text(other, accepted, rejects).verdict == "wrong", other
