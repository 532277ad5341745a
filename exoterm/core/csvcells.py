"""CSV cells a spreadsheet would run as a formula, written so it shows them as text.

A cell starting with `= + - @`, a tab or a carriage return is a formula (or DDE command,
`=cmd|' /C calc'!A0`) to Excel and LibreOffice. As OWASP recommends, such a cell is
written with a leading `'`, which spreadsheets show as text and hide. `unguard` undoes it,
so what exoterm writes it reads back unchanged; a cell that already starts with `'` before
one of those characters gets a second `'` so the mapping stays one-to-one.
"""

from __future__ import annotations

from collections.abc import Mapping

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _needs_quote(cell: str) -> bool:
    return cell.startswith(FORMULA_STARTS) or (
        cell.startswith(QUOTE) and cell[1:].startswith((*FORMULA_STARTS, QUOTE))
    )


def guard(cell: str) -> str:
    """The cell as written: with a leading `'` when a spreadsheet would run it."""
    return QUOTE + cell if _needs_quote(cell) else cell


def unguard(cell: str) -> str:
    """The cell as `guard` was given it."""
    if cell.startswith(QUOTE) and _needs_quote(cell[1:]):
        return cell[1:]
    return cell


def guard_row(row: Mapping[str, str]) -> dict[str, str]:
    return {key: guard(value) for key, value in row.items()}
