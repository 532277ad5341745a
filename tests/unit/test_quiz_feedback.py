"""The one feedback model both front ends lay out (`exoterm.core.quiz.feedback`)."""

from __future__ import annotations

from exoterm.core.quiz.feedback import entry_line
from exoterm.core.quiz.questions import GlossaryEntry


def entry(ja: str, reading: str, definition: str = "def") -> GlossaryEntry:
    return GlossaryEntry("t", ja, reading, "en", ("AB", "CD"), definition, None)


def test_reading_only_where_it_adds_something() -> None:
    """The glossary's furigana rule: not over kana read as written (エクソソーム), but over
    kanji and over letters (マイクロRNA)."""
    assert entry_line(entry("エクソソーム", "えくそそーむ"), "").reading == ""
    assert entry_line(entry("細胞外小胞", "さいぼうがいしょうほう"), "").reading \
        == "さいぼうがいしょうほう"
    assert entry_line(entry("マイクロRNA", "まいくろあーるえぬえー"), "").reading \
        == "まいくろあーるえぬえー"
    assert entry_line(entry("たんぱく質", ""), "").reading == ""


def test_definition_left_out_when_it_is_the_explanation() -> None:
    assert entry_line(entry("小胞", "しょうほう", "Same text."), "Same text.").definition == ""
    line = entry_line(entry("小胞", "しょうほう", "A bag."), "Other.")
    assert (line.definition, line.abbr, line.note) == ("A bag.", "AB, CD", "")
