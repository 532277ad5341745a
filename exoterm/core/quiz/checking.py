"""Typed-answer checking: exact after folding, romaji for kana, small typos as "almost".

Comparison uses the shared normalizer (`exoterm.core.japanese.normalize`: NFKC width,
case, katakana → hiragana) and then ignores whitespace and punctuation, so those never
fail an answer. Romaji input is compared with `romaji_key` against kana spellings only.

"Almost" (a small typo, rated Hard) is never given for:
- very short answers (under 5 characters), answers with kanji (one kanji changes the
  meaning: 細胞外 / 細胞内), abbreviations with inner capitals (miRNA / mRNA), or a typo
  that changes a digit (10 nm / 100 nm);
- input that is as close to a rejected spelling (another term's name) as to the answer.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from exoterm.core.japanese import is_kana, kana_to_romaji, normalize, romaji_key
from exoterm.core.quiz.questions import TextDiff, Verdict

_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")
_ROMAJI_INPUT = re.compile(r"^[a-z0-9\s'\-.,āīūēōâîûêô]+$")
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
    """Edits tolerated as "almost" for an answer `spelling` whose compare key is `key`."""
    if _KANJI.search(key) or any(c.isupper() for c in spelling[1:]):
        return 0
    if key.isascii():
        return 0 if len(key) < 5 else 1 if len(key) < 12 else 2
    return 0 if len(key) < 5 else 1


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


def _forms(spelling: str) -> tuple[str, str]:
    """(compare key, romaji key or "" when romaji does not apply) of an answer spelling."""
    key = compare_key(spelling)
    return key, (romaji_key(spelling) if is_kana_answer(spelling) else "")


def _exact(key: str, rkey: str, spellings: Sequence[str]) -> str | None:
    for spelling in spellings:
        s_key, s_rkey = _forms(spelling)
        if key == s_key or (rkey and s_rkey and rkey == s_rkey):
            return spelling
    return None


def _nearest(
    key: str, rkey: str, spellings: Sequence[str], limit: int | None
) -> tuple[int, str, bool]:
    """(distance, spelling, via romaji) of the closest spelling within its allowance."""
    best: tuple[int, str, bool] = (1 << 30, "", False)
    for spelling in spellings:
        s_key, s_rkey = _forms(spelling)
        candidates = [(key, s_key, False)]
        if rkey and s_rkey:
            candidates.append((rkey, s_rkey, True))
        for mine, theirs, via_romaji in candidates:
            allowed = typo_allowance(theirs, spelling) if limit is None else limit
            if allowed <= 0 or _DIGITS.findall(mine) != _DIGITS.findall(theirs):
                continue
            dist = edit_distance(mine, theirs, allowed)
            if dist <= allowed and dist < best[0]:
                best = (dist, spelling, via_romaji)
    return best


def check_text(
    given: str,
    accepted: Sequence[str],
    rejects: Sequence[str] = (),
    *,
    typos: bool = True,
) -> TextCheck:
    """Judge `given` against the accepted spellings (the first is the canonical one)."""
    key = compare_key(given)
    if not key or not accepted:
        return TextCheck("wrong", accepted[0] if accepted else "")
    rkey = romaji_key(given) if looks_like_romaji(given) else ""
    matched = _exact(key, rkey, accepted)
    if matched is not None:
        return TextCheck("right", matched)
    if _exact(key, rkey, rejects) is not None or not typos:
        return TextCheck("wrong", accepted[0])
    dist, spelling, via_romaji = _nearest(key, rkey, accepted, None)
    if not spelling:
        return TextCheck("wrong", accepted[0])
    rival = _nearest(key, rkey, rejects, dist) if rejects else (1 << 30, "", False)
    if rival[1]:
        return TextCheck("wrong", accepted[0])
    shown = kana_to_romaji(normalize(spelling)) if via_romaji else normalize(spelling)
    return TextCheck("almost", spelling, text_diff(normalize(given), shown))
