"""The line syntax of answers, shared by `review --plain` and any text-entry widget.

- single / true-false: the option number ("2"); true-false also ○/×, t/f, y/n, はい/いいえ
- multi: the numbers in any form: "1 3", "1,3", "1、3" or "13" (up to 9 options)
- matching: pairs "1a 2c 3b" (also "1-a, 2-c") or the letters in left order "a c b" / "acb"
- cloze: the blanks in order separated by "/" (or "|"); one blank: the text itself
- "?" alone: I don't know (judged wrong, shows the answer)

Full-width digits, letters and punctuation are accepted everywhere (NFKC).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from exoterm.core.quiz.questions import InvalidAnswer, Option

DONT_KNOW = frozenset({"?", "？"})
TRUE_WORDS = frozenset({"1", "t", "true", "y", "yes", "o", "○", "〇", "◯", "正", "正しい", "はい",
                        "まる", "r", "right"})
FALSE_WORDS = frozenset({"2", "f", "false", "n", "no", "x", "×", "✕", "✗", "誤", "誤り", "いいえ",
                         "ばつ", "w", "wrong"})
_SEPARATORS = re.compile(r"[\s,、，;；・/]+")
_PAIR = re.compile(r"(\d+)\s*[-:=>→]?\s*([a-z]{1,2})")
_PAIR_FILLER = re.compile(r"[\s,、，;；]+")


def fold(line: str) -> str:
    """NFKC, lower case, surrounding whitespace and a final full stop removed."""
    text = unicodedata.normalize("NFKC", line).strip().lower()
    return text[:-1].rstrip() if text.endswith((".", "。")) and len(text) > 1 else text


def is_dont_know(line: str) -> bool:
    return line.strip() in DONT_KNOW


def parse_choice(line: str, options: Sequence[Option]) -> str:
    """The id of the option whose number was typed."""
    text = fold(line)
    for option in options:
        if text == option.key:
            return option.id
    raise InvalidAnswer("invalid.choice", n=len(options))


def parse_multi(line: str, options: Sequence[Option], select: int) -> frozenset[str]:
    """The ids of the options typed; exactly `select` different ones."""
    tokens = [t for t in _SEPARATORS.split(fold(line)) if t]
    if len(tokens) == 1 and tokens[0].isdigit() and len(options) <= 9:
        tokens = list(tokens[0])
    by_key = {o.key: o.id for o in options}
    if not tokens or any(t not in by_key for t in tokens):
        raise InvalidAnswer("invalid.multi", n=len(options), select=select)
    if len(set(tokens)) != len(tokens) or len(tokens) != select:
        raise InvalidAnswer("invalid.count", select=select)
    return frozenset(by_key[t] for t in tokens)


def parse_truefalse(line: str) -> str:
    text = fold(line)
    if text in TRUE_WORDS:
        return "true"
    if text in FALSE_WORDS:
        return "false"
    raise InvalidAnswer("invalid.truefalse")


def parse_matching(line: str, left: Sequence[Option], right: Sequence[Option]) -> dict[str, str]:
    """{left id: right id} from "1a 2c 3b" or "a c b" / "acb" (letters in left order)."""
    text = fold(line)
    left_by_key = {o.key: o.id for o in left}
    right_by_key = {o.key: o.id for o in right}
    error = InvalidAnswer("invalid.matching", n=len(left), last=right[-1].key if right else "a")
    squeezed = _PAIR_FILLER.sub("", text)
    if squeezed.isalpha() and len(right) <= 26:
        if len(squeezed) != len(left):
            raise error
        pairs = list(zip((o.key for o in left), squeezed, strict=True))
    else:
        pairs = _PAIR.findall(text)
        if _PAIR_FILLER.sub("", _PAIR.sub("", text)) or len(pairs) != len(left):
            raise error
    mapping: dict[str, str] = {}
    for number, letter in pairs:
        if number not in left_by_key or letter not in right_by_key:
            raise error
        if left_by_key[number] in mapping:
            raise error
        mapping[left_by_key[number]] = right_by_key[letter]
    return mapping


def split_blanks(line: str, blanks: int) -> list[str]:
    """The text for each blank: split on "|" when present, else on "/"."""
    if blanks <= 1:
        return [line.strip()]
    normal = line.replace("｜", "|").replace("／", "/")
    parts = [p.strip() for p in normal.split("|" if "|" in normal else "/")]
    if len(parts) != blanks or any(not p for p in parts):
        raise InvalidAnswer("invalid.blanks", n=blanks)
    return parts
