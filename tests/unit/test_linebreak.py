"""Line breaking: phrases, kinsoku, unbreakable runs, widths in cells, hanging indents."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len as rich_cell_len

from exoterm.core.linebreak import NO_END, NO_START, LineSpan, break_lines, cell_len, wrap

# What the content is made of: kana, kanji, Latin, digits, punctuation of both scripts,
# and the runs that must never be broken.
PIECES = st.one_of(
    st.sampled_from(list("のはがをにでとしたいるかエクソームー細胞外小胞情報伝達血液検査"
                         "、。「」（）・ッャー々〜ABCxyz0123456789 ,.()-!?")),
    st.sampled_from(["100 nm", "10 µm", "50–150 nm", "medicalnote-2024", "＿(2)＿", "＿＿＿",
                     "57歳", "exosome", "miRNA", " ", "\n", "  "]),
)
TEXT = st.lists(PIECES, max_size=60).map("".join)
GAP = re.compile(" *\n?")
UNBREAKABLE = ["100 nm", "10 µm", "50–150 nm", "medicalnote-2024", "＿(2)＿", "57歳"]


def lines_of(text: str, spans: tuple[LineSpan, ...]) -> list[str]:
    return [text[s.start:s.end] for s in spans]


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(2, 90), st.integers(2, 90))
def test_the_lines_are_the_text_with_only_break_spaces_and_newlines_between(
        text: str, width: int, first: int) -> None:
    spans = break_lines(text, width, first)
    assert spans[0].start == 0
    assert len(text[spans[-1].end:].strip(" ")) == 0
    for before, after in zip(spans, spans[1:], strict=False):
        assert GAP.fullmatch(text[before.end:after.start])
    assert sum(text[a.end:b.start].count("\n") for a, b in zip(spans, spans[1:], strict=False)) \
        == text.count("\n")


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(2, 90), st.integers(2, 90))
def test_no_line_is_wider_than_its_width(text: str, width: int, first: int) -> None:
    for n, line in enumerate(lines_of(text, break_lines(text, width, first))):
        assert cell_len(line) <= (first if n == 0 else width)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(6, 90))
def test_no_line_starts_or_ends_with_a_forbidden_mark(text: str, width: int) -> None:
    spans = break_lines(text, width)
    for before, after in zip(spans, spans[1:], strict=False):
        gap = text[before.end:after.start]
        if before.forced or "\n" in gap:
            continue
        assert text[after.start] not in NO_START, lines_of(text, spans)
        assert text[before.end - 1] not in NO_END, lines_of(text, spans)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(UNBREAKABLE), TEXT, st.integers(2, 40))
def test_a_word_id_number_with_unit_or_blank_is_never_split(
        head: str, run: str, tail: str, width: int) -> None:
    text = f"{head} {run} {tail}"
    spans = break_lines(text, width)
    start = len(head) + 1
    cuts = [s.end for s in spans[:-1] if not s.forced] + [s.start for s in spans[1:]]
    if not any(s.forced for s in spans):
        assert not [c for c in cuts if start < c < start + len(run)], lines_of(text, spans)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["exosome", "cell", "vesicles", "of", "a", "100 nm"]),
                min_size=1, max_size=30).map(" ".join), st.integers(12, 80))
def test_english_breaks_only_at_spaces(text: str, width: int) -> None:
    spans = break_lines(text, width)
    for before, after in zip(spans, spans[1:], strict=False):
        assert text[before.end:after.start] == " "


def test_japanese_breaks_between_phrases_not_inside_them() -> None:
    """Every break falls where BudouX (whichever model version) ends a phrase."""
    import budoux

    text = "細胞外小胞の一種で、細胞どうしの情報のやり取りを担う。大きさは資料により異なる。"
    ends, at = set(), 0
    for phrase in budoux.load_default_japanese_parser().parse(text):
        at += len(phrase)
        ends.add(at)
    for width in (24, 30, 34, 40, 50):
        spans = break_lines(text, width)
        assert len(spans) > 1
        assert all(span.end in ends for span in spans[:-1]), (width, lines_of(text, spans))


def test_kinsoku_keeps_closing_marks_with_what_they_close() -> None:
    text = "大きさは資料により異なる（約100 nm、50〜150 nm、30〜150 nm）。"
    lines = wrap(text, 20)
    assert all(line[0] not in NO_START and line[-1] not in NO_END for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.endswith(("30〜150", "100")) for line in lines)


def test_a_hanging_indent_lines_the_text_up_after_the_number() -> None:
    lines = wrap("the number of white blood cells that increased in response to the cancer",
                 40, first="1. ", indent="   ")
    assert lines[0].startswith("1. the") and all(line.startswith("   ") for line in lines[1:])
    assert all(cell_len(line) <= 40 for line in lines)


def test_newlines_are_kept_and_empty_lines_stay() -> None:
    assert wrap("a\n\nb", 10) == ["a", "", "b"]
    assert wrap("", 10) == [""]


def test_a_word_longer_than_the_line_is_cut_at_the_width() -> None:
    spans = break_lines("see medicalnote-2024-extra-long-id", 10)
    assert [s.forced for s in spans] == [False, True, True, False]
    assert max(s.end - s.start for s in spans) <= 10


# Latin, Greek (µ), punctuation, arrows, box drawing, CJK symbols, kana, kanji, fullwidth
BLOCKS = [(0x20, 0x250), (0x370, 0x400), (0x2000, 0x2070), (0x2190, 0x2300),
          (0x2500, 0x2600), (0x3000, 0x3100), (0x4E00, 0xA000), (0xFF00, 0xFFF0)]


def test_widths_are_the_cells_rich_draws_for_every_script_the_content_uses() -> None:
    for first, last in BLOCKS:
        for code in range(first, last):
            char = chr(code)
            if unicodedata.category(char) in ("Cn", "Cc"):
                continue  # unassigned, or control characters (the loader refuses them)
            assert cell_len(char) == rich_cell_len(char), hex(code)
    text = "約100 nm の細胞外小胞（EV）、ｶﾀｶﾅ µm —"
    assert cell_len(text) == rich_cell_len(text)


def test_an_opening_bracket_before_a_space_never_ends_a_line() -> None:
    """Found by hypothesis in CI: the space after 「 was taken as a break."""
    text = "のののののの「 の"
    spans = break_lines(text, 8)
    assert all(text[s.end - 1] not in NO_END for s in spans), lines_of(text, spans)
