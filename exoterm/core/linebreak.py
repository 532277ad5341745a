"""Line breaking for Japanese and English text in terminal cells (CJK = 2 cells).

Japanese is broken between phrases, as Chrome does, with BudouX's phrase boundaries; a
phrase is broken between characters only when the phrase boundary would leave the line
less than half full or when the phrase alone is wider than the line. Kinsoku rules hold at
every such break: no line starts with a closing mark, 、。, small kana, ー, ・ and the like
(`NO_START`), none ends with an opening bracket (`NO_END`). English breaks at spaces only.
Never broken: a Latin word or id (`medicalnote-2024`), a number with its unit (`100 nm`,
`57歳`) and a blank (`＿(2)＿`) — unless one alone is wider than the line, which is then cut
at the width (a *forced* break) so that no line is ever wider than its width.

`break_lines` gives the lines as spans of the text, in order, the first starting at 0.
Between two lines lies exactly one of: nothing (a break between Japanese phrases or
characters, or a forced cut), the run of spaces broken at (dropped), or one newline with
any spaces before it (a hard break; spaces at the start of a paragraph stay in its first
line). So the text is the lines joined with those gaps, and trailing spaces at the end.
`wrap` gives the lines as strings, with an optional hanging indent. Both are pure and
cached; BudouX is imported on the first Japanese text (it is not needed for English).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple
from unicodedata import category, east_asian_width

if TYPE_CHECKING:
    from budoux import Parser

# Characters that never start a line (JIS X 4051 行頭禁則, with ー and small kana).
NO_START = frozenset(
    "、。，．,.)）]］｝}〕〉》」』】〙〗〟’”｠»"
    "ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻"
    "‐゠–〜～？！?!‼⁇⁈⁉・：；:;…‥％%℃"
)
# Characters that never end a line (行末禁則).
NO_END = frozenset("（([［｛{〔〈《「『【〘〖〝‘“｟«")

# A number and its unit stay together: "100 nm", "10 µm", "50–150 nm", "3.5 mL".
_UNITS = ("nm|µm|μm|mm|cm|km|m|mg|µg|μg|ng|pg|kg|g|mL|ml|µL|μL|dL|L|mol|mmol|µmol|nmol|"
          "mM|µM|μM|nM|M|kDa|Da|Hz|kHz|MHz|mmHg|bpm|IU|U|°C|℃|K|%|ms|s|sec|min|h|hr|hrs|"
          "d|days?|weeks?|months?|years?|hours?|minutes?|seconds?|x|×")
_PROTECTED_PATTERN = (
    r"\d[\d.,]*(?:[–-]\d[\d.,]*)? (?:" + _UNITS + r")(?![A-Za-z])"  # number + unit
    r"|＿+(?:[(（]\d+[)）]＿+)?"  # a blank: ＿＿＿ or ＿(2)＿
)


@cache
def _protected() -> re.Pattern[str]:
    """Runs never broken inside; compiled on first use (it costs a few ms at import)."""
    return re.compile(_PROTECTED_PATTERN)
PREFERRED, FALLBACK, NEVER = 2, 1, 0
# Zero-width format characters, as terminals (and Rich, which draws Textual) count them.
_ZERO_WIDTH = frozenset([*range(0x200B, 0x2010), *range(0x2028, 0x202F), *range(0x2060, 0x2070),
                         0x061C, 0x180E, 0xFEFF, 0x3164, 0xFFA0])


@lru_cache(maxsize=8192)
def char_width(char: str) -> int:
    """Terminal cells of one character: 2 for East Asian wide and fullwidth, 0 for
    combining marks and zero-width format characters, else 1 (Rich's count for every
    script the content uses; core does not import Rich)."""
    code = ord(char)
    if code < 0x300:
        return 0 if 0x7F <= code < 0xA0 else 1
    if category(char) in ("Mn", "Me", "Mc") or code in _ZERO_WIDTH or 0x1160 <= code < 0x1200:
        return 0
    return 2 if east_asian_width(char) in "WF" else 1


def cell_len(text: str) -> int:
    """Terminal cells of `text` (see `char_width`)."""
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))



class LineSpan(NamedTuple):
    """One line: `text[start:end]`; `forced` when the line ends inside something that
    should not be broken (it alone was wider than the line)."""

    start: int
    end: int
    forced: bool = False


@cache
def _parser() -> Parser:
    """BudouX's Japanese model, loaded once (a few ms)."""
    import budoux

    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=2048)
def _phrase_starts(paragraph: str) -> frozenset[int]:
    """Offsets where BudouX starts a new phrase."""
    starts: set[int] = set()
    at = 0
    for chunk in _parser().parse(paragraph):
        at += len(chunk)
        starts.add(at)
    return frozenset(starts)


def _is_wide(char: str) -> bool:
    """East Asian wide or fullwidth: kana, kanji, CJK punctuation, fullwidth forms."""
    return char_width(char) == 2


def _levels(p: str) -> list[int]:
    """For each offset b in 1..len(p)-1: how good a break before p[b] is. A space run is a
    PREFERRED break at its first space (the run is dropped) unless the run is protected."""
    n = len(p)
    levels = [NEVER] * (n + 1)
    wide = [_is_wide(c) for c in p]
    phrases = _phrase_starts(p) if any(wide) else frozenset()
    protected = [False] * (n + 1)
    for match in _protected().finditer(p):
        for b in range(match.start() + 1, match.end()):
            protected[b] = True
    for b in range(1, n):
        before, after = p[b - 1], p[b]
        if protected[b]:
            continue
        if after == " ":
            if before != " ":  # the start of a space run
                end = b
                while end < n and p[end] == " ":
                    end += 1
                if end < n and not protected[end] and p[end] not in NO_START \
                        and before not in NO_END:  # 「 then a space: the bracket goes on
                    levels[b] = PREFERRED
            continue
        if before == " ":
            continue  # inside or at the end of a space run: broken at its start
        if after in NO_START or before in NO_END:
            continue
        if not (wide[b - 1] or wide[b]):
            continue  # inside a Latin word, number or id
        if not wide[b - 1] and before.isdigit():
            continue  # a number and its counter or unit: 57歳, 13種類
        levels[b] = PREFERRED if b in phrases else FALLBACK
    return levels


def _pieces(p: str) -> list[tuple[int, int, int]]:
    """The paragraph cut at every allowed break: (start, end, level of the break before).
    Spaces at a break are left out of the pieces."""
    levels = _levels(p)
    pieces: list[tuple[int, int, int]] = []
    start, level = 0, NEVER
    b = 1
    n = len(p)
    while b < n:
        if levels[b] == NEVER:
            b += 1
            continue
        pieces.append((start, b, level))
        level = levels[b]
        while b < n and p[b] == " ":
            b += 1
        start = b
        b += 1
    end = len(p.rstrip(" "))
    if end > start or not pieces:
        pieces.append((start, max(end, start), level))
    return pieces


def _cut(p: str, start: int, end: int, room: int) -> int:
    """The offset in p[start:end] where at most `room` cells fit (at least one character)."""
    used = 0
    for at in range(start, end):
        used += cell_len(p[at])
        if used > room:
            return max(at, start + 1)
    return end


def _break_paragraph(p: str, first_width: int, width: int) -> list[LineSpan]:
    end = len(p.rstrip(" "))
    if cell_len(p[:end]) <= first_width:  # fits: no phrases needed (most choices, prompts)
        return [LineSpan(0, end)]
    pieces = _pieces(p)
    lines: list[LineSpan] = []
    room = first_width
    i = 0
    while i < len(pieces):
        used = 0
        best: dict[int, tuple[int, int]] = {}  # level → (piece index, width used)
        j = i
        while j < len(pieces):
            start, end, level = pieces[j]
            gap = start - pieces[j - 1][1] if j > i else 0
            size = gap + cell_len(p[start:end])
            if used + size > room:
                break
            used += size
            j += 1
            if j < len(pieces):
                best[pieces[j][2]] = (j, used)
        if j == len(pieces):
            lines.append(LineSpan(pieces[i][0], pieces[-1][1]))
            break
        if j == i:  # the piece alone is wider than the line: cut it
            start, end, level = pieces[i]
            cut = _cut(p, start, end, room)
            lines.append(LineSpan(start, cut, forced=True))
            pieces[i] = (cut, end, level)
        else:
            k, filled = best.get(PREFERRED, (0, 0))
            if FALLBACK in best and (not k or (filled * 2 < room and best[FALLBACK][1] > filled)):
                k = best[FALLBACK][0]
            lines.append(LineSpan(pieces[i][0], pieces[k - 1][1]))
            i = k
        room = width
    return lines


@lru_cache(maxsize=4096)
def _break_cached(text: str, width: int, first_width: int) -> tuple[LineSpan, ...]:
    lines: list[LineSpan] = []
    offset = 0
    for index, paragraph in enumerate(text.split("\n")):
        room = first_width if index == 0 else width
        for line in _break_paragraph(paragraph, max(room, 2), max(width, 2)):
            lines.append(LineSpan(line.start + offset, line.end + offset, line.forced))
        offset += len(paragraph) + 1
    return tuple(lines)


def break_lines(text: str, width: int, first_width: int | None = None) -> tuple[LineSpan, ...]:
    """`text` broken into lines of at most `width` cells (`first_width` for the first line);
    widths below 2 count as 2, so that any character fits."""
    return _break_cached(text, width, width if first_width is None else first_width)


def wrap(text: str, width: int, *, first: str = "", indent: str = "") -> list[str]:
    """`text` as lines of at most `width` cells: the first starts with `first` (e.g.
    "1. "), the others with `indent` (a hanging indent), each counted in the width."""
    spans = break_lines(text, width - cell_len(indent), width - cell_len(first))
    return [(indent if n else first) + text[s.start:s.end] for n, s in enumerate(spans)]
