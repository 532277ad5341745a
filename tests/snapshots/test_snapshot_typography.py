"""Every snapshot reads as typeset text: no screen line starts with a kinsoku-forbidden
mark, and no line break splits a number from its unit, a Latin word or id, or a blank.

Reads the SVGs that tests/snapshots writes (JA and EN, 80×24 and 120×40): each screen row
is rebuilt in terminal cells from the SVG's text runs and cut into panes at box-drawing
and scrollbar characters; a pane's line is compared with the line below it in the same
pane.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from exoterm.core.linebreak import NO_START

SNAPSHOTS = sorted((Path(__file__).parent / "__snapshots__").rglob("*.svg"))
ROOT = Path(__file__).resolve().parents[2]
CONTENT = [*(ROOT / "data").glob("*.yaml"), *(ROOT / "tests" / "data" / "good").glob("*.yaml")]
CELL = 12.2  # pixels per cell in pytest-textual-snapshot's SVGs
_RUN = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                  r'clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>')
_PANE_EDGE = re.compile("[│┃║▏▕▎▍▌▋▊▉█▇▆▅▄▃▂▁╭╮╰╯─━]+")
_WORD = re.compile(r"[A-Za-z0-9µ][A-Za-z0-9µ.\-]*[A-Za-z0-9µ]")
# The marks a line must not start with; ASCII ones are left out here because the key
# tables start rows with keys such as `?` and `,` (the line breaker's tests cover them).
FORBIDDEN_START = frozenset(c for c in NO_START if not c.isascii())
UNITS = re.compile(r"(?:nm|µm|μm|mm|cm|mg|µg|ng|kg|mL|ml|µL|kDa|%|℃|°C)(?![A-Za-z])")


def screen_rows(svg: Path) -> list[str]:
    """The screen's rows as text, each character at its cell column."""
    rows: dict[int, list[tuple[int, str]]] = {}
    for match in _RUN.finditer(svg.read_text(encoding="utf-8")):
        text = html.unescape(match[3]).replace("\xa0", " ")
        rows.setdefault(int(match[2]), []).append((round(float(match[1]) / CELL), text))
    out = []
    for number in range(max(rows, default=-1) + 1):
        line = ""
        for column, text in sorted(rows.get(number, [])):
            line += " " * max(0, column - cell_len(line)) + text
        out.append(line)
    return out


def pane_lines(row: str) -> dict[int, str]:
    """A row cut at pane edges: the start cell of each piece of text → that text."""
    found: dict[int, str] = {}
    column = 0
    for piece in re.split(f"({_PANE_EDGE.pattern})", row):
        if piece and not _PANE_EDGE.fullmatch(piece) and piece.strip():
            lead = cell_len(piece) - cell_len(piece.lstrip())
            found[column + lead] = piece.strip()
        column += cell_len(piece)
    return found


def vocabulary() -> frozenset[str]:
    """The Latin words and ids of the content: a line break must not split one."""
    words: set[str] = set()
    for path in CONTENT:
        words.update(_WORD.findall(path.read_text(encoding="utf-8")))
    return frozenset(words)


WORDS = vocabulary()


def problems(rows: list[str]) -> list[str]:
    found = []
    lines = [pane_lines(row) for row in rows[1:-1]]  # the header and footer are not text
    for number, pieces in enumerate(lines):
        below = lines[number + 1] if number + 1 < len(lines) else {}
        for column, text in pieces.items():
            if text[0] in FORBIDDEN_START:
                found.append(f"line starts with {text[0]!r}: {text!r}")
            after = below.get(column)
            if after is None:
                continue
            tail = re.search(r"[A-Za-z0-9µ.\-]+$", text)
            head = re.match(r"[A-Za-z0-9µ.\-]+", after)
            if tail and head and tail[0] + head[0] in WORDS and tail[0] not in WORDS:
                found.append(f"word split: {text!r} / {after!r}")
            if text[-1].isdigit() and UNITS.match(after):
                found.append(f"number split from its unit: {text!r} / {after!r}")
            if re.search(r"＿(?:[(（]\d*[)）]?)?$", text) and re.match(r"[\d(（)）]*＿", after):
                found.append(f"blank split: {text!r} / {after!r}")
    return found


@pytest.mark.parametrize("svg", SNAPSHOTS, ids=[p.stem for p in SNAPSHOTS])
def test_no_snapshot_line_breaks_against_the_typography_rules(svg: Path) -> None:
    rows = screen_rows(svg)
    assert rows, svg
    assert problems(rows) == []


def test_the_checks_find_what_they_look_for() -> None:
    rows = ["header",
            "  大きさは資料により異なる（約100 nm、50〜150 nm、30〜150",
            "  nm）。出典はm",
            "  edicalnote-2024",
            "  、と書いてある＿(2)",
            "  ＿を埋めよ",
            "footer"]
    found = problems(rows)
    assert len(found) == 4, found
