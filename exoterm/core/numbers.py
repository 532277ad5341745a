"""Numbers in calculation questions: exact decimals, reading what a learner types, display.

A learner's number may be typed with full-width digits (４２), a full-width or typographic
minus (－, −, or ー as a Japanese IME gives it), a full-width point (１２．５), commas as
thousands separators (1,000 or １，０００; groups of three, never a decimal comma) and a
unit after it (`42 mL`, `42滴/分`). Comparison is exact (`decimal.Decimal`): 0.1 + 0.2 is
0.3 here. Used by the loader (decimal places of an answer), the quiz engine (reading and
judging answers) and the exports (writing numbers without float noise).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

MAX_DIGITS = 30  # digits a typed number may have; more is not an answer to a nursing sum
_CONTEXT = Context(prec=MAX_DIGITS * 2 + 10)  # exact for every sum and rounding of such numbers
_MINUS = str.maketrans({"\u2212": "-", "\u2010": "-", "\u2012": "-", "\u2013": "-",
                        "\u30fc": "-", "\uff70": "-"})
_NUMBER = re.compile(
    r"\s*(?P<sign>[+-])?\s*(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)"
    r"\s*(?P<rest>.*?)\s*", re.ASCII | re.DOTALL)
# what may not follow a number: more digits or separators (`1,5`, `1.2.3`), an exponent
_MALFORMED = re.compile(r"[0-9,.+-]|[eE][+-]?[0-9]")


class NotANumber(ValueError):
    """Text that is not a number (with at most a unit after it)."""


@dataclass(frozen=True, slots=True)
class TypedNumber:
    """A number as a learner typed it: its exact value and the unit text after it ("")."""

    value: Decimal
    unit: str


def as_decimal(value: int | float) -> Decimal:
    """The exact decimal a YAML number stands for: 0.1 is 0.1, not 0.1000000000000000055…
    (a float's shortest repr is the number as written)."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def decimal_places(value: Decimal) -> int:
    """Places after the point, trailing zeros not counted: 2.50 has 1, 100 has 0."""
    exponent = value.normalize(_CONTEXT).as_tuple().exponent
    assert isinstance(exponent, int), "finite numbers only"
    return max(0, -exponent)


def round_to(value: Decimal, places: int) -> Decimal:
    """`value` rounded half up (四捨五入) to `places` decimal places."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_CONTEXT)


def within(value: Decimal, target: Decimal, tolerance: Decimal) -> bool:
    return _CONTEXT.abs(_CONTEXT.subtract(value, target)) <= tolerance


def format_number(value: Decimal, places: int | None = None) -> str:
    """Plain digits, no exponent: `2.5`, `-0.15`, `10,000` (thousands separated from five
    digits on, as both Japanese and English texts write them); trailing zeros dropped, or
    exactly `places` decimal places when given (`2.50`)."""
    value = value.normalize(_CONTEXT) if places is None else round_to(value, places)
    text = format(value, "f")
    sign = "-" if text.startswith("-") and value != 0 else ""
    whole, point, fraction = text.removeprefix("-").partition(".")
    if len(whole) > 4:
        whole = f"{int(whole):,}"
    return f"{sign}{whole}{point}{fraction}"


def plain_number(value: Decimal) -> str:
    """The number as ASCII digits with no separators (`10000`, `2.5`): for results files."""
    return format(value.normalize(_CONTEXT), "f") if value else "0"


def unit_key(unit: str) -> str:
    """How units are compared: width, case and spaces ignored (`ML`, `ｍＬ`, `m L` → `ml`)."""
    return "".join(unicodedata.normalize("NFKC", unit).casefold().split())


def fold_number(text: str) -> str:
    """Full-width forms to ASCII (NFKC) and every kind of minus to `-`."""
    return unicodedata.normalize("NFKC", text).translate(_MINUS)


def read_number(text: str) -> TypedNumber:
    """The number at the start of `text` and the unit text after it; NotANumber when
    there is none, when it is malformed (`1,5`, `1.2.3`, `1e3`) or too long."""
    folded = fold_number(text).strip().removesuffix("。")
    if folded.endswith(".") and len(folded) > 1 and not folded[-2].isdigit():
        folded = folded[:-1]  # a full stop after a unit: "42 mL."
    match = _NUMBER.fullmatch(folded)
    if match is None or _MALFORMED.match(match["rest"]):
        raise NotANumber(text)
    digits = match["digits"].replace(",", "")
    if len(digits.replace(".", "")) > MAX_DIGITS:
        raise NotANumber(text)
    value = Decimal(digits.rstrip(".") or "0")
    return TypedNumber(-value if match["sign"] == "-" else value, match["rest"])


def unit_matches(unit: str, accepted: Sequence[str]) -> bool:
    """Whether a typed unit is one of the item's units (or none was typed)."""
    return not unit or unit_key(unit) in {unit_key(a) for a in accepted}
