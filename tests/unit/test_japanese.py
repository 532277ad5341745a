"""Normalization and romaji keys: every common way of typing a reading meets."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from search_fixtures import TERMS

from exoterm.core.japanese import (
    is_hiragana,
    is_kana,
    kana_to_romaji,
    normalize,
    normalize_many,
    reading_sort_key,
    reading_sort_key_normalized,
    romaji_key,
    romaji_key_normalized,
    romaji_keys_normalized,
    to_hiragana,
    to_katakana,
)

HIRAGANA = [chr(c) for c in range(0x3041, 0x3097)] + ["ー"]
READING_CHARS = st.sampled_from(HIRAGANA)
readings = st.text(READING_CHARS, min_size=1, max_size=12)


def half_width(katakana: str) -> str:
    """Full-width katakana → half-width (the inverse of what NFKC does)."""
    table: dict[str, str] = {}
    for code in range(0xFF66, 0xFF9E):
        char = chr(code)
        full = unicodedata.normalize("NFKC", char)
        table[full] = char
        for mark, small in (("\u3099", "ﾞ"), ("\u309a", "ﾟ")):
            voiced = unicodedata.normalize("NFC", full + mark)
            if len(voiced) == 1:
                table[voiced] = char + small
    return "".join(table.get(c, c) for c in katakana)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ｴｸｿｿｰﾑ", "えくそそーむ"),
        ("エクソソーム", "えくそそーむ"),
        ("ｶﾞﾝﾏ", "がんま"),
        ("ｍｉＲＮＡ", "mirna"),
        ("  DDS\t\n", "dds"),
        ("えくそそ-む", "えくそそーむ"),
        ("えくそそ－む", "えくそそーむ"),
        ("細胞\u200b外\x00小胞", "細胞外小胞"),
        ("マイクロ　RNA", "まいくろ rna"),
        ("ヴァイオリン", "ゔぁいおりん"),
        ("CD63", "cd63"),
        ("Saibōgai", "saibōgai"),
        ("", ""),
    ],
)
def test_normalize_examples(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text())
def test_romaji_key_is_idempotent_and_ascii(text: str) -> None:
    key = romaji_key(text)
    assert key == "" or (key.isascii() and key.isalnum())
    assert romaji_key(key) == key


def test_to_hiragana_and_katakana() -> None:
    assert to_hiragana("エクソソーム・ヴ") == "えくそそーむ・ゔ"
    assert to_katakana("ばいおまーかー") == "バイオマーカー"
    assert to_hiragana("細胞RNA") == "細胞RNA"


@given(readings)
def test_kana_round_trip(reading: str) -> None:
    assert to_hiragana(to_katakana(reading)) == reading
    assert normalize(half_width(to_katakana(reading))) == normalize(reading)


def test_is_kana_and_is_hiragana() -> None:
    assert is_hiragana("ばいおまーかー")
    assert not is_hiragana("バイオ")
    assert not is_hiragana("")
    assert is_kana("バイオ・マーカー") and is_kana("ばいお") and is_kana("ｴｸｿ")
    assert not is_kana("細胞") and not is_kana("rna") and not is_kana("")


@pytest.mark.parametrize(
    ("kana", "hepburn", "kunrei"),
    [
        ("さいぼうがいしょうほう", "saibougaishouhou", "saibougaisyouhou"),
        ("ばいおまーかー", "baiomaakaa", "baiomaakaa"),
        ("かんようけい", "kan'youkei", "kan'youkei"),
        ("ちゅうしゃ", "chuusha", "tyuusya"),
        ("まっちゃ", "matcha", "mattya"),
        ("がっこう", "gakkou", "gakkou"),
        ("ふじ", "fuji", "huzi"),
        ("つづき", "tsuzuki", "tuzuki"),
        ("ディー", "dii", "dii"),
        ("ファイル", "fairu", "fairu"),
    ],
)
def test_kana_to_romaji(kana: str, hepburn: str, kunrei: str) -> None:
    assert kana_to_romaji(kana) == hepburn
    assert kana_to_romaji(kana, "kunrei") == kunrei


@pytest.mark.parametrize(
    "spellings",
    [
        ["shi", "si", "し", "シ"],
        ["chi", "ti", "ち"],
        ["tsu", "tu", "つ"],
        ["fu", "hu", "ふ"],
        ["ji", "zi", "di", "じ", "ぢ"],
        ["sha", "sya", "しゃ"],
        ["jo", "zyo", "jyo", "じょ"],
        ["chou", "choo", "chō", "cho", "tyou", "tyô", "ちょう", "チョー"],
        ["kan'i", "kani", "kanni", "かんい"],
        ["shinbun", "shimbun", "sinbun", "しんぶん"],
        ["matcha", "maccha", "mattya", "まっちゃ"],
        ["gakkou", "gakko", "gako", "がっこう"],
        ["baiomaka", "baiomaakaa", "baiomākā", "bai-o-ma-ka-", "BAIOMAKA", "ばいおまーかー"],
        ["kan'youkei", "kanyoukei", "kanyōkē", "kannyoukei", "かんようけい"],
        ["saibougai", "saibogai", "saibôgai", "saibou gai", "さいぼうがい"],
    ],
)
def test_romaji_variants_meet(spellings: list[str]) -> None:
    keys = {romaji_key(s) for s in spellings}
    assert len(keys) == 1, {s: romaji_key(s) for s in spellings}


@given(readings)
def test_kana_hepburn_and_kunrei_give_one_key(reading: str) -> None:
    key = romaji_key(reading)
    assert romaji_key(kana_to_romaji(reading)) == key
    assert romaji_key(kana_to_romaji(reading, "kunrei")) == key
    assert romaji_key(to_katakana(reading)) == key


def test_half_typed_digraphs_stay_prefixes() -> None:
    for word in ("shouhou", "chuusha", "jumyou", "tsuzuki"):
        full = romaji_key(word)
        for end in range(1, len(word) + 1):
            assert full.startswith(romaji_key(word[:end])), word[:end]


def test_kanji_and_other_scripts_drop_out_of_the_key() -> None:
    assert romaji_key("細胞") == ""
    assert romaji_key("🧬") == ""
    assert romaji_key("マイクロRNA") == romaji_key("maikuro rna")


def test_reading_sort_key_is_gojuon() -> None:
    words = ["さいぼう", "あい", "がん", "かんさいぼう", "かな", "ばいおまーかー", "ばいおまかー",
             "はな", "ぱん"]
    ordered = sorted(words, key=reading_sort_key)
    # voiced kana sort with unvoiced ones; ー sorts as the vowel it lengthens (here あ)
    assert ordered == ["あい", "かな", "がん", "かんさいぼう", "さいぼう", "ばいおまーかー",
                       "ばいおまかー", "はな", "ぱん"]


def test_fixture_readings_are_hiragana() -> None:
    for term in TERMS:
        assert is_hiragana(term.reading), term.id


# Texts that take every path of the batched helpers: ASCII (with controls and odd
# whitespace), kana, mixed scripts, and repeats.
ASCII_TEXTS = st.text(st.characters(max_codepoint=127), max_size=20)
KANA_TEXTS = st.text(st.sampled_from([*HIRAGANA, "ア", "ッ", "ヴ", "ｰ", "-", " "]), max_size=12)
MIXED_TEXTS = st.lists(st.one_of(st.text(max_size=20), ASCII_TEXTS, KANA_TEXTS, readings),
                       max_size=12).flatmap(lambda texts: st.lists(
                           st.sampled_from(texts), max_size=16) if texts else st.just(texts))


@given(st.one_of(st.lists(st.text(max_size=20), max_size=8), MIXED_TEXTS))
def test_normalize_many_equals_one_by_one(texts: list[str]) -> None:
    assert normalize_many(texts) == [normalize(t) for t in texts]


@given(MIXED_TEXTS)
def test_romaji_keys_equal_one_by_one(texts: list[str]) -> None:
    normalized = [normalize(t) for t in texts]
    assert romaji_keys_normalized(normalized) == [romaji_key_normalized(t) for t in normalized]


@given(st.one_of(readings, KANA_TEXTS))
def test_reading_sort_key_of_a_normalized_reading(reading: str) -> None:
    assert reading_sort_key_normalized(normalize(reading)) == reading_sort_key(reading)


def test_written_out_unvoiced_table_matches_unicode_decomposition() -> None:
    import unicodedata

    from exoterm.core.japanese import _UNVOICED

    expected = {}
    for code in range(0x3041, 0x3097):
        parts = unicodedata.normalize("NFD", chr(code))
        if len(parts) == 2:
            expected[code] = ord(parts[0])
    assert _UNVOICED == expected


def test_a_reading_is_needed_only_where_it_adds_something() -> None:
    from exoterm.core.japanese import needs_reading

    assert not needs_reading("エクソソーム", "えくそそーむ")
    assert not needs_reading("がん", "がん") and not needs_reading("細胞", "")
    assert needs_reading("細胞外小胞", "さいぼうがいしょうほう")
    assert needs_reading("マイクロRNA", "まいくろあーるえぬえー")
