"""Cloze text: blanks written `[[answer|alternative|…]]` inside a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLANK = re.compile(r"\[\[(.*?)\]\]")


class ClozeSyntaxError(ValueError):
    """A cloze text whose brackets do not pair up, or with an empty blank."""


@dataclass(frozen=True, slots=True)
class Blank:
    """One blank: the first answer is shown as correct, all are accepted."""

    answers: tuple[str, ...]


def parse_cloze(text: str) -> list[str | Blank]:
    """Split a cloze text into literal parts and blanks; raise ClozeSyntaxError if malformed."""
    parts: list[str | Blank] = []
    last = 0
    for match in _BLANK.finditer(text):
        literal = text[last : match.start()]
        if "[[" in literal or "]]" in literal:
            raise ClozeSyntaxError("unpaired [[ or ]]")
        if literal:
            parts.append(literal)
        answers = tuple(a.strip() for a in match.group(1).split("|"))
        if not answers or any(not a for a in answers):
            raise ClozeSyntaxError("empty blank or alternative in [[…]]")
        parts.append(Blank(answers))
        last = match.end()
    tail = text[last:]
    if "[[" in tail or "]]" in tail:
        raise ClozeSyntaxError("unpaired [[ or ]]")
    if tail:
        parts.append(tail)
    return parts


def count_blanks(text: str) -> int:
    return sum(isinstance(p, Blank) for p in parse_cloze(text))


def blanked(text: str, marker: str = "＿＿＿") -> str:
    """The text with every blank replaced by `marker`, as shown in a question."""
    return "".join(p if isinstance(p, str) else marker for p in parse_cloze(text))
