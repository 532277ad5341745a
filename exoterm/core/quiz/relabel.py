"""Explanations name choices by their YAML ids (「正解はd」, "Choice d is tempting"), but
choices are shuffled and numbered per presentation; rewrite those references to the
numbers the learner actually sees."""

from __future__ import annotations

import re
from collections.abc import Mapping

# Japanese text: any lone ASCII letter is a choice reference (not part of a word, not "e.g.").
_JA = re.compile(r"(?<![A-Za-z0-9_.])([a-z])(?![A-Za-z0-9_])(?!\.[A-Za-z])")
# English text: b–e alone are choice references; "a" only where the article cannot stand
# (before a comma or full stop, "and c", "or c", "nor c", "is …", a closing bracket).
_EN = re.compile(
    r"(?<![A-Za-z0-9_'.\-])(?:([b-z])|(a)(?=\s*(?:[,.;:)]|$|(?:and|or|nor)\s+[b-z]\b|(?:is|are|was)\b)))"
    r"(?![A-Za-z0-9_'\-])(?!\.[A-Za-z])"
)


def relabel(text: str, keys: Mapping[str, str], lang: str) -> str:
    """`text` with each reference to a choice id replaced by that choice's shown key."""
    if not keys:
        return text
    pattern = _JA if lang == "ja" else _EN

    def swap(match: re.Match[str]) -> str:
        letter = match.group(1) or match.group(2)
        return keys.get(letter, match.group(0))

    return pattern.sub(swap, text)
