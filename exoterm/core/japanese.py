"""Japanese-aware text normalization shared by search and typed-answer checking.

Pure and fast: no pykakasi (readings come from the YAML), no textual. Three layers:

- `normalize` folds what a student cannot see or control (width, case, katakana vs
  hiragana, control characters, ASCII hyphens typed for ー) and keeps everything else.
- `kana_to_romaji` spells a kana reading in Hepburn (or Kunrei) romaji, for display
  and as the first step of the romaji key.
- `romaji_key` is deliberately lossy so that every common way of typing a reading
  meets: shi/si, chi/ti, tsu/tu, fu/hu, ji/zi/di, sha/sya, ou/oo/ō/o, ei/e, n'/n/nn,
  doubled consonants, long-vowel marks and hyphens.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

RomajiSystem = Literal["hepburn", "kunrei"]

_HIRA_FIRST, _HIRA_LAST = 0x3041, 0x3096
_KATA_FIRST, _KATA_LAST = 0x30A1, 0x30F6
_KATA_TO_HIRA = {c: c - 0x60 for c in range(_KATA_FIRST, _KATA_LAST + 1)} | {0x30FD: 0x309D,
                                                                               0x30FE: 0x309E}
_HIRA_TO_KATA = {v: k for k, v in _KATA_TO_HIRA.items()}
_LONG = "ー"

# Invisible or unprintable characters (C0/C1 controls, format characters, surrogates,
# variation selectors): dropped before anything else so they can never split a word.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufe00-\ufe0f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e01ef]"
)
_KATAKANA = re.compile("[\u30a1-\u30f6\u30fd\u30fe]+")
# Hyphens and dashes typed right after kana stand for the long-vowel mark ー.
_DASHES = re.compile("[-\u2010-\u2015\u2212\uff70]+")
_KANA_BEFORE_DASH = re.compile("[\u3041-\u309f\u30a1-\u30fc]")


def _syllables() -> dict[str, str]:
    """Hiragana (single kana and yōon/loan-word digraphs) → Hepburn romaji."""
    rows = {
        "": "あいうえお", "k": "かきくけこ", "g": "がぎぐげご", "s": "さしすせそ",
        "z": "ざじずぜぞ", "t": "たちつてと", "d": "だぢづでど", "n": "なにぬねの",
        "h": "はひふへほ", "b": "ばびぶべぼ", "p": "ぱぴぷぺぽ", "m": "まみむめも",
        "r": "らりるれろ",
    }
    table: dict[str, str] = {}
    for consonant, kana in rows.items():
        for vowel, char in zip("aiueo", kana, strict=True):
            table[char] = consonant + vowel
    table |= {"し": "shi", "ち": "chi", "つ": "tsu", "ふ": "fu", "じ": "ji", "ぢ": "ji",
              "づ": "zu", "や": "ya", "ゆ": "yu", "よ": "yo", "わ": "wa", "ゐ": "i", "ゑ": "e",
              "を": "o", "ん": "n", "ゔ": "vu", "ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e",
              "ぉ": "o", "ゃ": "ya", "ゅ": "yu", "ょ": "yo", "ゎ": "wa", "ゕ": "ka", "ゖ": "ke"}
    for char in "きぎにひびぴみり":
        head = table[char][:-1]
        for small, vowel in zip("ゃゅょ", "auo", strict=True):
            table[char + small] = f"{head}y{vowel}"
    for char, head in (("し", "sh"), ("じ", "j"), ("ち", "ch"), ("ぢ", "j")):
        for small, vowel in zip("ゃゅょぇ", "auoe", strict=True):
            table[char + small] = head + vowel
    loans = {"てぃ": "ti", "でぃ": "di", "とぅ": "tu", "どぅ": "du", "てゅ": "tyu",
             "でゅ": "dyu", "いぇ": "ye", "うぃ": "wi", "うぇ": "we", "うぉ": "wo",
             "くぁ": "kwa", "ぐぁ": "gwa", "ふゅ": "fyu"}
    for small, vowel in zip("ぁぃぇぉ", "aieo", strict=True):
        loans["ふ" + small] = "f" + vowel
        loans["ゔ" + small] = "v" + vowel
        loans["つ" + small] = "ts" + vowel
    return table | loans


_HEPBURN = _syllables()
_KUNREI_SWAPS = (("shi", "si"), ("chi", "ti"), ("tsu", "tu"), ("fu", "hu"), ("ji", "zi"),
                 ("sh", "sy"), ("ch", "ty"), ("j", "zy"))


def _kunrei(syllable: str) -> str:
    for old, new in _KUNREI_SWAPS:
        if syllable.startswith(old):
            return new + syllable[len(old):]
    return syllable


# Only native syllables change in Kunrei; loan-word digraphs (ふぁ fa …) keep Hepburn.
_KUNREI = {k: (_kunrei(v) if len(k) == 1 or k[1] in "ゃゅょ" else v) for k, v in _HEPBURN.items()}
_KUNREI["ぢ"], _KUNREI["づ"] = "zi", "zu"
_VOWELS = frozenset("aeiou")


def to_hiragana(text: str) -> str:
    """Full-width katakana → hiragana; everything else unchanged (run `normalize` first
    for half-width katakana)."""
    return text.translate(_KATA_TO_HIRA)


def to_katakana(text: str) -> str:
    """Hiragana → full-width katakana; everything else unchanged."""
    return text.translate(_HIRA_TO_KATA)


def needs_reading(headword: str, reading: str) -> bool:
    """Whether showing `reading` beside `headword` adds anything: not for an all-kana
    headword read as written (エクソソーム（えくそそーむ） says nothing new)."""
    return bool(reading) and to_hiragana(headword) != to_hiragana(reading)


def _is_hira_char(char: str) -> bool:
    code = ord(char)
    return _HIRA_FIRST <= code <= _HIRA_LAST or code in (0x309D, 0x309E) or char == _LONG


def is_hiragana(text: str) -> bool:
    """True for non-empty text made only of hiragana and ー (the form of Term.reading)."""
    return bool(text) and all(_is_hira_char(c) for c in text)


def is_kana(text: str) -> bool:
    """True for non-empty text made only of kana (hiragana, full- or half-width katakana),
    ー and the middle dot ・."""
    return bool(text) and all(
        _is_hira_char(c) or 0x30A1 <= ord(c) <= 0x30FF or 0xFF66 <= ord(c) <= 0xFF9F
        for c in text
    )


def _normalize_once(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    if text.isascii():
        return _collapse_spaces(text.lower())
    text = _KATAKANA.sub(_hiragana_run, unicodedata.normalize("NFKC", text).casefold())
    return _collapse_spaces(_DASHES.sub(_long_mark, text))


def _collapse_spaces(text: str) -> str:
    """Every run of whitespace → one space, none at the ends (str.split's whitespace is
    regex \\s's; twice as fast as the regex substitution: ~10 ms less per 10,000-term build)."""
    return " ".join(text.split())


def _hiragana_run(match: re.Match[str]) -> str:
    return match.group().translate(_KATA_TO_HIRA)


def _long_mark(match: re.Match[str]) -> str:
    start = match.start()
    if start and _KANA_BEFORE_DASH.match(match.string, start - 1):
        return _LONG * (match.end() - start)
    return match.group()


def normalize(text: str) -> str:
    """Fold width (NFKC), case, katakana → hiragana, hyphens after kana → ー, collapse
    whitespace and drop control/format characters. Idempotent; accepts any string.

    Keeps kanji, ー, punctuation and spelling otherwise: this is the form compared for
    exact matches, so it must not merge words a student would call different.
    """
    once = _normalize_once(text)
    if once.isascii() or (unicodedata.is_normalized("NFKC", once) and once.casefold() == once):
        return once
    for _ in range(3):  # NFKC and casefold can (rarely) feed each other
        again = _normalize_once(once)
        if again == once:
            break
        once = again
    return once


_SEPARATOR = "\ue000"  # private use: survives every step of normalize and splits nothing


def normalize_many(texts: list[str]) -> list[str]:
    """`[normalize(t) for t in texts]`, several times faster for many texts (index builds):
    they are normalized joined into one string, the ASCII ones apart because they need
    only `normalize`'s ASCII steps (24 ms less per 10,000-term build, mostly English)."""
    if any(_SEPARATOR in t for t in texts):
        return [normalize(t) for t in texts]
    plain = [t.isascii() for t in texts]
    ascii_texts = _INVISIBLE.sub("", _SEPARATOR.join(
        t for t, is_plain in zip(texts, plain, strict=True) if is_plain)).lower()
    ascii_parts = iter([_collapse_spaces(part) for part in ascii_texts.split(_SEPARATOR)])
    others = [t for t, is_plain in zip(texts, plain, strict=True) if not is_plain]
    parts = normalize(_SEPARATOR.join(others)).split(_SEPARATOR)
    if len(parts) != max(1, len(others)):  # cannot happen; never trust a shortcut blindly
        return [normalize(t) for t in texts]
    other_parts = iter(parts)
    return [next(ascii_parts) if is_plain else next(other_parts).strip() for is_plain in plain]


def kana_to_romaji(reading: str, system: RomajiSystem = "hepburn") -> str:
    """Spell kana (hiragana or full-width katakana) in romaji; other characters pass
    through. ー repeats the previous vowel (ばいおまーかー → baiomaakaa), っ doubles the
    next consonant (Hepburn っち → tchi), ん before a vowel or y is written n'."""
    table = _HEPBURN if system == "hepburn" else _KUNREI
    text = to_hiragana(reading)
    out: list[str] = []
    sokuon = False
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char == "っ":
            sokuon = True
            i += 1
            continue
        syllable = table.get(text[i:i + 2]) if i + 1 < size else None
        if syllable is not None:
            i += 2
        else:
            syllable = table.get(char)
            i += 1
        if syllable is None:
            last = out[-1][-1:] if out else ""
            syllable = (last if last in _VOWELS else "") if char == _LONG else char
        elif char == "ん" and i < size:
            following = table.get(text[i:i + 2]) or table.get(text[i], "")
            if following[:1] in _VOWELS or following[:1] == "y":
                syllable = "n'"
        if sokuon and syllable[:1].isalpha() and syllable[0] not in _VOWELS and syllable.isascii():
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
        sokuon = False
        out.append(syllable)
    return "".join(out)


_KEY_REWRITES = re.compile(r"tch|sh|ch|j|ts|dz|d(?=[iuy])|f|v|m(?=[bp])|wo")
_KEY_REPLACE = {"tch": "ch", "sh": "sy", "ch": "ty", "j": "zy", "ts": "t",
                "dz": "z", "d": "z", "f": "h", "v": "b", "m": "n", "wo": "o"}
_KEY_YY = re.compile(r"(?<=[a-z])yy+")
_KEY_YI = re.compile(r"(?<=[stz])y(?=i)")
_KEY_REPEAT = re.compile(r"([a-z])\1+")
_KEY_LONG = re.compile(r"ou|ei")
_KEY_LONG_REPLACE = {"ou": "o", "ei": "e"}
_KEY_TRAILING = re.compile(r"(?<=[stz])y$|c$")
# Anything one of the rewrites above would still change: the key is final without it.
_KEY_UNSTABLE = re.compile(r"([a-z])\1|tch|sh|ch|j|ts|dz|d[iuy]|f|v|m[bp]|wo|[stz]yi|[stz]y$|c$|ou|ei")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _fold_latin(text: str) -> str:
    """Strip diacritics (ō → o, â → a) and keep ASCII letters and digits only."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("", text)


def romaji_key(text: str) -> str:
    """Lossy search key for romaji or kana input (both give the same key for the same
    reading); kanji and other characters that are neither kana nor Latin are dropped.

    A trailing half-typed digraph (`sh`, `ch`, `j`, `c`) is cut back so that every
    keystroke's key is a prefix of the finished word's key where possible.
    """
    return romaji_key_normalized(normalize(text))


def romaji_keys_normalized(texts: list[str]) -> list[str]:
    """`[romaji_key_normalized(t) for t in texts]` for many texts (index builds): each
    distinct text is keyed once (a kana alias often repeats its reading), the pure-kana
    ones (readings) as one string, since no step of their fast path reaches across a line
    break (18 ms less per 10,000-term build)."""
    keys = {text: romaji_key_normalized(text) for text in dict.fromkeys(texts)
            if not _KEY_KANA_ONLY.fullmatch(text)}
    kana = [text for text in dict.fromkeys(texts) if text not in keys]
    if kana:
        keys.update(zip(kana, _kana_key("\n".join(kana)).split("\n"), strict=True))
    return [keys[text] for text in texts]


def romaji_key_normalized(text: str) -> str:
    """`romaji_key` for text that already went through `normalize` (saves a pass)."""
    if _KEY_KANA_ONLY.fullmatch(text):  # fast path for readings, same result
        return _kana_key(text)
    key = _fold_latin(kana_to_romaji(text))
    for _ in range(6):  # rewrite to a fixpoint so that the key is idempotent
        if not _KEY_UNSTABLE.search(key):
            break
        key = _KEY_REWRITES.sub(_rewrite, _KEY_REPEAT.sub(r"\1", key))
        key = _KEY_YI.sub("", _KEY_YY.sub("y", key))
        key = _KEY_TRAILING.sub(_trailing, key)
        key = _KEY_LONG.sub(_long_vowel, _KEY_REPEAT.sub(r"\1", key))
    return key


def _rewrite(match: re.Match[str]) -> str:
    return _KEY_REPLACE[match.group()]


def _syllable_key(syllable: str) -> str:
    return _KEY_YI.sub("", _KEY_YY.sub("y", _KEY_REWRITES.sub(_rewrite, syllable)))


# Pure kana skip the romaji detour: each syllable maps straight to its rewritten key;
# っ and ー vanish (the doubled letter they would spell collapses anyway).
_KEY_PAIRS = {k: _syllable_key(v) for k, v in _HEPBURN.items() if len(k) == 2}
_KEY_SINGLES = str.maketrans({k: _syllable_key(v) for k, v in _HEPBURN.items() if len(k) == 1}
                             | {"ん": "n", "っ": "", _LONG: ""})
_KEY_PAIR = re.compile("|".join(_KEY_PAIRS))
_KEY_KANA_ONLY = re.compile("[" + "".join(k for k in _HEPBURN if len(k) == 1) + "っー]+")


def _kana_key(text: str) -> str:
    """`romaji_key_normalized` of pure kana (lines of it: each line is keyed alone)."""
    key = _KEY_PAIR.sub(_pair_key, text).translate(_KEY_SINGLES)
    while True:
        folded = _KEY_LONG.sub(_long_vowel, _KEY_REPEAT.sub(r"\1", key))
        if folded == key:
            return key
        key = folded


def _pair_key(match: re.Match[str]) -> str:
    return _KEY_PAIRS[match.group()]


def _trailing(match: re.Match[str]) -> str:
    return "t" if match.group() == "c" else ""


def _long_vowel(match: re.Match[str]) -> str:
    return _KEY_LONG_REPLACE[match.group()]


_SMALL_TO_LARGE = dict(zip(map(ord, "ぁぃぅぇぉっゃゅょゎゕゖ"), "あいうえおつやゆよわかけ", strict=True))
# voiced and semi-voiced hiragana → their unvoiced base (what NFD would split off; written
# out so that importing this module does not page in unicodedata's tables)
_UNVOICED = str.maketrans("がぎぐげござじずぜぞだぢづでどばぱびぴぶぷべぺぼぽゔ",
                          "かきくけこさしすせそたちつてとははひひふふへへほほう")
_COLLATE = _SMALL_TO_LARGE | _UNVOICED
_VOWEL_KANA = {"a": "あ", "i": "い", "u": "う", "e": "え", "o": "お"}


def reading_sort_key(reading: str) -> tuple[str, str]:
    """Gojūon (五十音) collation key: ー counts as the vowel it lengthens, small kana as
    large ones, voiced as unvoiced; ties broken by the exact spelling."""
    return reading_sort_key_normalized(normalize(reading))


def reading_sort_key_normalized(exact: str) -> tuple[str, str]:
    """`reading_sort_key` for a reading that already went through `normalize`."""
    primary = exact.translate(_COLLATE)
    if _LONG in primary:
        chars: list[str] = []
        for char in primary:
            if char == _LONG and chars:
                vowel = _HEPBURN.get(chars[-1], "")[-1:]
                char = _VOWEL_KANA.get(vowel, char)
            chars.append(char)
        primary = "".join(chars)
    return primary, exact
