"""Typed-answer checking: exact after folding, romaji for kana, small typos as "almost".

Every typed text goes through `check_text`: a typed answer, each cloze blank and a term
card alike. Comparison uses the shared normalizer (`exoterm.core.japanese.normalize`:
NFKC width, case, katakana → hiragana) and then ignores whitespace and punctuation, so
those never fail an answer. Romaji input is compared with `romaji_key` against spellings
without kanji: a kana spelling as a whole, a mixed one (マイクロRNA) part by part — romaji
for its kana, its Latin letters and digits as written (`maikuroRNA`).

"Almost" (a slip, rated Hard) is one character off (two in a long English answer), in
Japanese, English, mixed or romaji answers alike, but never:
- in very short answers (under 5 characters) or English abbreviations with inner
  capitals (miRNA / mRNA);
- where the slip touches a meaning-changing character: a kanji (細胞外 / 細胞内) or a
  digit (10 nm / 100 nm);
- for input that is as close to a rejected spelling (another term's name) as to the answer.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from exoterm.core.japanese import is_kana, kana_to_romaji, normalize, romaji_key
from exoterm.core.quiz.questions import TextDiff, Verdict

_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")
_ROMAJI_INPUT = re.compile(r"^[a-z0-9\s'\-.,・āīūēōâîûêô]+$")  # punctuation is ignored when compared
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class TextCheck:
    """The verdict on one typed text and the accepted spelling it matched or nearly did."""

    verdict: Verdict
    matched: str = ""
    diff: TextDiff | None = None


def compare_key(text: str) -> str:
    """The form two spellings are compared in: normalized, no whitespace or punctuation."""
    folded = normalize(text)
    kept = "".join(c for c in folded if not c.isspace() and unicodedata.category(c)[0] != "P")
    return kept or folded.replace(" ", "")


def looks_like_romaji(text: str) -> bool:
    return bool(_ROMAJI_INPUT.match(normalize(text))) and any(c.isalpha() for c in text)


def is_kana_answer(text: str) -> bool:
    """Whether romaji may be typed for this spelling: kana only (ー and ・ allowed)."""
    return is_kana(compare_key(text).replace("・", ""))


def has_kanji(text: str) -> bool:
    return bool(_KANJI.search(text))


def typo_allowance(key: str, spelling: str = "") -> int:
    """Edits tolerated as "almost" for an answer `spelling` whose compare key is `key`.

    Kanji do not rule a spelling out (a slip in its kana may be forgiven); edits that touch
    a kanji never are (see `_touches_kanji`)."""
    if len(key) < 5 or (spelling.isascii() and any(c.isupper() for c in spelling[1:])):
        return 0
    if key.isascii():
        return 1 if len(key) < 12 else 2
    return 1


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (swaps count once), or `limit + 1` if larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def text_diff(given: str, expected: str) -> TextDiff:
    """Runs of kept ("="), extra ("-") and missing ("+") text between two spellings."""
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, given, expected, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("=", given[i1:i2]))
            continue
        if i2 > i1:
            runs.append(("-", given[i1:i2]))
        if j2 > j1:
            runs.append(("+", expected[j1:j2]))
    return TextDiff(given, expected, tuple(runs))


_Segments = tuple[tuple[bool, str], ...]


@dataclass(frozen=True, slots=True)
class _Forms:
    """How a spelling is compared: its compare key; for kana its romaji key; for kana mixed
    with Latin letters or digits (no kanji) its runs as (is kana, romaji key or text)."""

    key: str
    rkey: str = ""
    segments: _Segments = ()


@dataclass(frozen=True, slots=True)
class _Given:
    """The learner's text: compare key, and romaji key and compare key if it is romaji."""

    key: str
    rkey: str = ""
    latin: str = ""


_KANA_RUN = re.compile("[\u3041-\u309f\u30fc]+")
_MIXED_OTHER = re.compile("[a-z0-9]+")


@lru_cache(maxsize=8192)  # the same content spellings (and rejects) are compared again and again
def _forms(spelling: str) -> _Forms:
    key = compare_key(spelling)
    if is_kana_answer(spelling):
        return _Forms(key, romaji_key(spelling))
    if has_kanji(key) or not _KANA_RUN.search(key):
        return _Forms(key)
    segments: list[tuple[bool, str]] = []
    last = 0
    for run in _KANA_RUN.finditer(key):
        if run.start() > last:
            segments.append((False, key[last:run.start()]))
        segments.append((True, romaji_key(run.group())))
        last = run.end()
    if last < len(key):
        segments.append((False, key[last:]))
    if not all(kana or _MIXED_OTHER.fullmatch(text) for kana, text in segments):
        return _Forms(key)
    return _Forms(key, segments=tuple(segments))


def _given(text: str) -> _Given:
    key = compare_key(text)
    if not looks_like_romaji(text):
        return _Given(key)
    return _Given(key, romaji_key(text), key)


def _segments_distance(text: str, segments: _Segments, limit: int) -> int:
    """Fewest edits turning romaji-and-Latin `text` into `segments` (kana runs compared by
    romaji key, the rest as written), or `limit + 1` if more than `limit`."""
    over = limit + 1
    keys: dict[tuple[int, int], str] = {}
    best = {0: 0}  # characters of `text` used → fewest edits so far
    for kana_run, want in segments:
        reached: dict[int, int] = {}
        for start, spent in best.items():
            for end in range(start, len(text) + 1):
                piece = text[start:end]
                if kana_run:
                    piece = keys.get((start, end)) or keys.setdefault((start, end),
                                                                     romaji_key(piece))
                elif len(piece) > len(want) + limit - spent:
                    break
                total = spent + edit_distance(piece, want, limit - spent)
                if total <= limit and total < reached.get(end, over):
                    reached[end] = total
        best = reached
        if not best:
            return over
    return best.get(len(text), over)


def _romaji_distance(given: _Given, forms: _Forms, limit: int) -> int:
    if not given.rkey:
        return limit + 1
    if forms.rkey:
        return edit_distance(given.rkey, forms.rkey, limit)
    if forms.segments:
        return _segments_distance(given.latin, forms.segments, limit)
    return limit + 1


def _exact(given: _Given, spellings: Sequence[str]) -> str | None:
    for spelling in spellings:
        forms = _forms(spelling)
        if given.key == forms.key or _romaji_distance(given, forms, 0) == 0:
            return spelling
    return None


def _touches_kanji(given: str, expected: str) -> bool:
    """Whether any edit between the two keys adds, drops or changes a kanji."""
    return any(op != "=" and has_kanji(text) for op, text in text_diff(given, expected).runs)


def _nearest(given: _Given, spellings: Sequence[str], limit: int | None) -> tuple[int, str, bool]:
    """(distance, spelling, via romaji) of the closest spelling within its allowance; with
    `limit` (rivals) plain distance, else only slips that spare kanji and digits."""
    best: tuple[int, str, bool] = (1 << 30, "", False)
    for spelling in spellings:
        forms = _forms(spelling)
        digits = _DIGITS.findall(forms.key)
        allowed = typo_allowance(forms.key, spelling) if limit is None else limit
        if allowed <= 0:
            continue
        if _DIGITS.findall(given.key) == digits:
            dist = edit_distance(given.key, forms.key, allowed)
            if dist <= allowed and dist < best[0] and (
                    limit is not None or not _touches_kanji(given.key, forms.key)):
                best = (dist, spelling, False)
        if given.rkey and (forms.rkey or forms.segments) and _DIGITS.findall(given.latin) == digits:
            if limit is None and forms.rkey:
                allowed = typo_allowance(forms.rkey, spelling)
            dist = _romaji_distance(given, forms, allowed)
            if dist <= allowed and dist < best[0]:
                best = (dist, spelling, True)
    return best


def check_text(
    given: str,
    accepted: Sequence[str],
    rejects: Sequence[str] = (),
    *,
    typos: bool = True,
) -> TextCheck:
    """Judge `given` against the accepted spellings (the first is the canonical one)."""
    typed = _given(given)
    if not typed.key or not accepted:
        return TextCheck("wrong", accepted[0] if accepted else "")
    matched = _exact(typed, accepted)
    if matched is not None:
        return TextCheck("right", matched)
    if _exact(typed, rejects) is not None or not typos:
        return TextCheck("wrong", accepted[0])
    dist, spelling, via_romaji = _nearest(typed, accepted, None)
    if not spelling:
        return TextCheck("wrong", accepted[0])
    rival = _nearest(typed, rejects, dist) if rejects else (1 << 30, "", False)
    if rival[1]:
        return TextCheck("wrong", accepted[0])
    shown = kana_to_romaji(normalize(spelling)) if via_romaji else normalize(spelling)
    return TextCheck("almost", spelling, text_diff(normalize(given), shown))
