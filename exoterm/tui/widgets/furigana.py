"""A headword with its reading as furigana: the reading above, 漢字（かな） inline, or none.

The reading in the YAML is for the whole word; `segments` aligns it with the headword
so kana already in the headword gets no furigana (マイクロRNA → RNA gets あーるえぬえー)
and each kanji run gets its own. Widths are terminal cells (CJK = 2), so the two lines
line up. Everything is built as `Content`, never markup.
"""

from __future__ import annotations

import re
from typing import Literal

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from exoterm.core.japanese import to_hiragana
from exoterm.core.prefs import FuriganaMode

Layout = FuriganaMode
_KANA = re.compile("[\u3041-\u309f\u30a0-\u30ffー]+")
_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")


def _runs(headword: str) -> list[tuple[str, bool]]:
    """The headword cut into (text, is_kana) runs."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for match in _KANA.finditer(headword):
        if match.start() > pos:
            out.append((headword[pos:match.start()], False))
        out.append((match.group(), True))
        pos = match.end()
    if pos < len(headword):
        out.append((headword[pos:], False))
    return out


def segments(headword: str, reading: str) -> list[tuple[str, str | None]]:
    """(base, ruby) pairs; ruby is None where the base is kana read as written."""
    if not reading or to_hiragana(headword) == reading:
        return [(headword, None)]
    runs = _runs(headword)
    pattern = "".join(
        re.escape(to_hiragana(text)) if kana else ("(.+?)" if _KANJI.search(text) else "(.*?)")
        for text, kana in runs
    )
    match = re.fullmatch(pattern, reading)
    if match is None:
        return [(headword, reading)]
    groups = iter(match.groups())
    return [(text, None if kana else (next(groups) or None)) for text, kana in runs]


def ruby_lines(headword: str, reading: str) -> tuple[str, str]:
    """The reading line and the headword line. The headword stays as written; each
    reading sits over its part, centred when narrower, else starting at the part (never
    hanging over kana to its left, never overlapping the previous reading)."""
    top = ""
    x = 0
    for base, ruby in segments(headword, reading):
        base_width = cell_len(base)
        if ruby:
            ruby_width = cell_len(ruby)
            start = x + (base_width - ruby_width) // 2 if ruby_width < base_width else x
            start = max(start, cell_len(top) + (1 if top.strip() else 0))
            top += " " * (start - cell_len(top)) + ruby
        x += base_width
    return top.rstrip(), headword


def ruby_width(headword: str, reading: str) -> int:
    return max(cell_len(line) for line in ruby_lines(headword, reading))


def inline(headword: str, reading: str, base_style: str = "bold") -> Content:
    """漢字（かな）, with the reading only where it adds something."""
    if not any(r for _, r in segments(headword, reading)):
        return Content.styled(headword, base_style)
    return Content.assemble((headword, base_style), ("（" + reading + "）", "$text-muted"))


def ruby(headword: str, reading: str, base_style: str = "bold") -> Content:
    """Two lines: reading (muted) above the headword (bold)."""
    top, bottom = ruby_lines(headword, reading)
    return Content.assemble((top, "$text-muted"), "\n", (bottom, base_style))


class Furigana(Widget):
    """Shows a headword with furigana; `mode` auto picks ruby when it fits the width."""

    DEFAULT_CSS = """
    Furigana { height: auto; width: 1fr; }
    """

    mode: reactive[Layout] = reactive("auto", layout=True)

    def __init__(self, headword: str = "", reading: str = "", *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.headword = headword
        self.reading = reading

    def set_word(self, headword: str, reading: str) -> None:
        self.headword, self.reading = headword, reading
        self.refresh(layout=True)

    def effective_layout(self, width: int | None = None) -> Literal["ruby", "inline", "off"]:
        if self.mode != "auto":
            return self.mode
        width = self.size.width if width is None else width
        fits = width == 0 or ruby_width(self.headword, self.reading) <= width
        has_ruby = any(r for _, r in segments(self.headword, self.reading))
        return "ruby" if fits and has_ruby else "inline"

    def render(self) -> Content:
        if not self.headword:
            return Content("")
        layout = self.effective_layout()
        if layout == "ruby":
            return ruby(self.headword, self.reading)
        if layout == "off":
            return Content.styled(self.headword, "bold")
        return inline(self.headword, self.reading)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        if not self.headword:
            return 1
        layout = self.effective_layout(width)
        if layout == "ruby":
            return 2
        shown = self.headword if layout == "off" else inline(self.headword, self.reading).plain
        return max(1, -(-cell_len(shown) // max(width, 1)))
