"""Judging a calculation answer: right, "almost" (right value, not rounded as asked) or wrong.

| the learner's number                                         | verdict |
|--------------------------------------------------------------|---------|
| within ±tolerance of the answer, at most `decimals` places   | right   |
| more places than `decimals`, but rounded half up it is right | almost  |
| anything else                                                | wrong   |

A unit typed after the number must be the item's unit (in either language; width, case
and spaces ignored); any other unit is not judged but asked again, naming the unit.
"""

from __future__ import annotations

from decimal import Decimal

from exoterm.core.numbers import (
    NotANumber,
    TypedNumber,
    decimal_places,
    read_number,
    round_to,
    unit_matches,
    within,
)
from exoterm.core.quiz.questions import InvalidAnswer, NumericKey, Verdict


def read_answer(response: str, key: NumericKey, unit: str) -> TypedNumber:
    """The learner's number; InvalidAnswer when it is not one or has another unit."""
    try:
        typed = read_number(response)
    except NotANumber:
        raise InvalidAnswer("invalid.number") from None
    if not unit_matches(typed.unit, key.units):
        if key.units:
            raise InvalidAnswer("invalid.unit", unit=unit or key.units[0])
        raise InvalidAnswer("invalid.number")
    return typed


def number_verdict(number: Decimal, key: NumericKey) -> Verdict:
    """The verdict on `number` (see the table above)."""
    if key.decimals is None or decimal_places(number) <= key.decimals:
        return "right" if within(number, key.value, key.tolerance) else "wrong"
    rounded = round_to(number, key.decimals)
    return "almost" if within(rounded, key.value, key.tolerance) else "wrong"
