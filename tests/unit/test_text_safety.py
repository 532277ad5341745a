"""Issue 15 §1: terminal controls never reach a terminal; exports cannot be injected into.

Content (YAML, CSV term lists) refuses C0/C1 controls and bidi controls at the character's
path:line:col; other text (typed answers, keymaps, diagnostics) is printed through
`visible()`. Exports round-trip any content text through their real readers: GIFT
(pygiftparser), Moodle XML (ElementTree) and CSV (`exoterm import`), with spreadsheet
formulas neutralised.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from moodle_gift import read_gift
from moodle_xml_reader import read_moodle_xml

from exoterm.cli import main
from exoterm.core.content import load_content
from exoterm.core.content.csv_import import Defaults, read_terms_csv
from exoterm.core.content.loader import LoadResult, load_deck
from exoterm.core.content.models import Bilingual, ClozeBody, Deck, MatchingBody, SingleBody, TypedBody
from exoterm.core.csvcells import guard, unguard
from exoterm.core.exports.common import Lang, pick
from exoterm.core.exports.csv_table import deck_to_csv
from exoterm.core.exports.gift import deck_to_gift
from exoterm.core.exports.moodle_xml import deck_to_moodle_xml
from exoterm.core.textsafety import disallowed, visible

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "data" / "good"
FILES = ("sources.yaml", "glossary.yaml", "quiz.yaml")

# -- content refuses control characters ------------------------------------------------

# (the scalar as written in YAML, the character the loader must name); the first is the
# issue's report: it retitled the terminal "PWNEDosome" and turned the screen red.
ESCAPED = [
    ('"exo\\e]0;PWNED\\a\\e[31m"', "\x1b"),
    ('"exo\\0some"', "\x00"),
    ('"exo\\asome"', "\x07"),
    ('"exo\\bsome"', "\x08"),
    ('"exo\\rsome"', "\x0d"),
    ('"exo\\x9b2Jsome"', "\x9b"),
    ('"exo\\u001bsome"', "\x1b"),
    ('"exo\\x7fsome"', "\x7f"),
    ('"exo\\uFFFEsome"', "\ufffe"),  # noncharacters: XML cannot hold them (Moodle XML did not parse)
    ('"exo\\uffffsome"', "\uffff"),
]
RAW_BIDI = ["\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f"]


def load_glossary(tmp_path: Path, old: str, new: str) -> tuple[LoadResult, str]:
    text = (GOOD / "glossary.yaml").read_text("utf-8")
    assert text.count(old) == 1
    text = text.replace(old, new)
    path = tmp_path / "glossary.yaml"
    path.write_text(text, "utf-8")
    return load_deck([path], context=[GOOD / "sources.yaml"]), text


def where(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based line:col of `needle` (plus `offset` characters) in `text`."""
    at = text.index(needle) + offset
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


@pytest.mark.parametrize(("scalar", "char"), ESCAPED)
def test_escaped_control_characters_are_refused_at_the_escape(tmp_path: Path, scalar: str, char: str) -> None:
    result, text = load_glossary(tmp_path, "en: exosome\n", f"en: {scalar}\n")
    assert result.deck is None
    line, col = where(text, scalar, scalar.index("\\"))
    message = f"control character U+{ord(char):04X} in text"
    assert [(d.pos.line, d.pos.col, d.message) for d in result.errors] == [(line, col, message)]


@pytest.mark.parametrize("char", RAW_BIDI)
@pytest.mark.parametrize("quote", ["", "'", '"'])
def test_raw_bidi_controls_are_refused_at_the_character(tmp_path: Path, char: str, quote: str) -> None:
    scalar = f"{quote}exo{char}some{quote}"
    result, text = load_glossary(tmp_path, "en: exosome\n", f"en: {scalar}\n")
    line, col = where(text, char)
    message = f"control character U+{ord(char):04X} in text"
    assert [(d.pos.line, d.pos.col, d.message) for d in result.errors] == [(line, col, message)]


def test_a_flaw_on_a_later_line_of_a_quoted_scalar_is_found_there(tmp_path: Path) -> None:
    old = "      en: Umbrella term for the membrane-bound particles that cells release.\n"
    new = '      en: "Umbrella term\n        for the \\e[2J particles"\n'
    result, text = load_glossary(tmp_path, old, new)
    line, col = where(text, "\\e[2J")
    assert [(d.pos.line, d.pos.col) for d in result.errors] == [(line, col)]


def test_line_breaks_and_tabs_only_in_multi_line_fields(tmp_path: Path) -> None:
    old = "      en: Umbrella term for the membrane-bound particles that cells release.\n"
    result, _ = load_glossary(tmp_path, old, '      en: "Umbrella term\\n\\tfor particles."\n')
    assert result.errors == [] and result.deck is not None
    assert result.deck.term_by_id["extracellular-vesicle"].definition.en == "Umbrella term\n\tfor particles."
    for scalar in ('"exo\\tsome"', '"exo\\nsome"', "|\n      exo\n      some"):
        result, text = load_glossary(tmp_path, "en: exosome\n", f"en: {scalar}\n")
        [error] = result.errors
        assert error.message.startswith(("control character U+0009 in text", "control character U+000A in text"))
        assert (error.pos.line, error.pos.col) == where(text, scalar)  # the scalar itself


def test_a_literal_block_keeps_working_in_a_one_line_field(tmp_path: Path) -> None:
    result, _ = load_glossary(tmp_path, "en: exosome\n", "en: |\n      exosome\n")
    assert result.errors == []


def test_validate_reports_the_issue_prompt_and_prints_no_control_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "deck"
    shutil.copytree(GOOD, folder)
    quiz = folder / "quiz.yaml"
    text = quiz.read_text("utf-8")
    old = 'en: "Which is closest to the size of an exosome?"'
    assert old in text
    text = text.replace(old, 'en: "Which \\e[2J is \\e]0;PWNED\\a"')
    quiz.write_text(text, "utf-8")
    assert main(["validate", "--no-readings", str(folder)]) != 0
    out, err = capsys.readouterr()
    line, col = where(text, "\\e[2J")
    assert f"quiz.yaml:{line}:{col}: control character U+001B in text" in out
    assert disallowed(out + err, multiline=True) is None


def test_a_search_query_echoed_back_shows_control_characters_escaped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("EXOTERM_CONTENT", str(GOOD))
    for lang in ("ja", "en"):  # "no term matches …" names the query
        assert main(["--lang", lang, "search", "zz\x1b]0;PWNED\x07\x9b\u202e"]) == 1
        out, err = capsys.readouterr()
        assert "zz\\u001b]0;PWNED\\u0007\\u009b\\u202e" in err, err
        assert disallowed(out + err, multiline=True) is None


@pytest.mark.parametrize("category", ["看護\x1b[2J/感染", "看護\n::evil::{=x}", "看護\u202e/感染"])
def test_an_export_category_with_control_characters_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        category: str) -> None:
    # an ESC made the Moodle XML unreadable; a line break started a GIFT question of its own
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("EXOTERM_CONTENT", str(GOOD))
    for fmt in ("moodle-xml", "gift"):
        assert main(["export", "--format", fmt, "--category", category]) == 2
        out, err = capsys.readouterr()
        assert out == "" and f"control character U+{ord(category[2]):04X} in text" in err


def test_a_control_character_in_a_key_is_shown_escaped(tmp_path: Path) -> None:
    result, _ = load_glossary(tmp_path, "    evidence: established\n  - id: exosome",
                              '    evidence: established\n    "\\e]0;x\\a": 1\n  - id: exosome')
    shown = "\n".join(map(str, result.errors))
    assert "unknown field '\\u001b]0;x\\u0007'" in shown
    assert disallowed(shown, multiline=True) is None


# -- CSV term lists ---------------------------------------------------------------------

CSV_HEADER = "見出し語,読み,英語,定義,definition_en\n"
CSV_OPTS = Defaults(category="vesicle", source="medicalnote-2024", section="概要", evidence="established")


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x9b", "\u202e"])
def test_csv_cells_with_control_characters_are_refused(tmp_path: Path, char: str) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(CSV_HEADER + f"超遠心法,ちょうえんしんほう,ultra{char}centrifugation,定義。,Def.\n", "utf-8")
    result = read_terms_csv(path, CSV_OPTS, [GOOD / "sources.yaml", GOOD / "glossary.yaml"])
    assert [str(d) for d in result.diagnostics] == [
        f"{path}:2:3: control character U+{ord(char):04X} in text"]


@pytest.mark.parametrize("column", ["category_ja", "category_en"])
def test_csv_category_labels_with_control_characters_are_refused(tmp_path: Path, column: str) -> None:
    # a new category's label bypassed the text check: the import wrote "\e]0;X\a" into YAML
    path = tmp_path / "terms.csv"
    path.write_text("ja,reading,en,definition_ja,definition_en,category,category_ja,category_en\n"
                    "超遠心法,ちょうえんしんほう,ultracentrifugation,定義。,Def.,newcat,"
                    + ("分離\x1b]0;X\x07,Isolation\n" if column == "category_ja" else "分離,Iso\x1b[2J\n"),
                    "utf-8")
    result = read_terms_csv(path, CSV_OPTS, [GOOD / "sources.yaml", GOOD / "glossary.yaml"])
    col = 7 if column == "category_ja" else 8
    assert [str(d) for d in result.diagnostics] == [f"{path}:2:{col}: control character U+001B in text"]


def test_csv_nul_byte_is_refused_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_bytes((CSV_HEADER + "超遠心法,ちょうえんしんほう,ultra\0,定義。,Def.\n").encode())
    result = read_terms_csv(path, CSV_OPTS, [GOOD / "sources.yaml", GOOD / "glossary.yaml"])
    col = len("超遠心法,ちょうえんしんほう,ultra") + 1
    assert [str(d) for d in result.diagnostics] == [f"{path}:2:{col}: control character U+0000 in text"]


# -- visible() ----------------------------------------------------------------------------

def test_visible_spells_out_every_control_character() -> None:
    assert visible("\x1b]0;PWNED\x07\x1b[31m") == "\\u001b]0;PWNED\\u0007\\u001b[31m"
    assert visible("a\x9bb\u202ec\x00d\re") == "a\\u009bb\\u202ec\\u0000d\\u000de"
    assert visible("line\nnext\ttab") == "line\\u000anext\\u0009tab"
    assert visible("line\nnext\ttab\r", multiline=True) == "line\nnext\ttab\\u000d"
    assert visible("細胞外小胞 [bold]x[/] é") == "細胞外小胞 [bold]x[/] é"


@given(st.text())
def test_visible_output_is_always_safe(text: str) -> None:
    assert disallowed(visible(text), multiline=False) is None
    assert disallowed(visible(text, multiline=True), multiline=True) is None


def test_plain_review_echoes_typed_control_characters_escaped() -> None:
    from quiz_fixtures import quiz_deck

    from exoterm.core.quiz.plain import PlainReview
    from exoterm.core.quiz.session import SessionOptions, StudySession

    session = StudySession(quiz_deck(), None, SessionOptions(lang="en", seed=3, limit=1, cram=True))
    out = io.StringIO()
    PlainReview(session, io.StringIO("\x1b]0;PWNED\x07\x1b[31m\x9b2J\u202e\nq\n"), out, echo=True).run()
    assert "> \\u001b]0;PWNED\\u0007\\u001b[31m\\u009b2J\\u202e" in out.getvalue()
    assert disallowed(out.getvalue(), multiline=True) is None


def test_tui_typo_diff_shows_typed_control_characters_escaped() -> None:
    from exoterm.core.quiz.questions import TextDiff
    from exoterm.tui.widgets.feedback import diff_content

    diff = TextDiff("exo\x1b[2Jsome", "exosome", (("=", "exo"), ("-", "\x1b[2J"), ("=", "some")))
    shown = diff_content(diff).plain
    assert shown == "exo[-\\u001b[2J-]some"


def test_keymap_texts_are_made_visible(tmp_path: Path) -> None:
    from exoterm.tui.bindings import load_keymap

    path = tmp_path / "keymap.json"
    path.write_text('{"nav.glossary": "ctrl+g\\u001b]0;PWNED\\u0007"}', "utf-8")
    assert load_keymap(path) == ({"nav.glossary": "ctrl+g\\u001b]0;PWNED\\u0007"}, None)


# -- exports: any content text round-trips ------------------------------------------------

CONTROLS = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CHARS = st.characters(codec="utf-8", exclude_characters=CONTROLS + BIDI + "\u2028\u2029\ufffe\uffff")
METAS = st.sampled_from(list("{}~=#:\\/\"*%<>&'-+@|[]") + ["->", "{1:MULTICHOICE:=evil~ok}", "%100%",
                                                          "=HYPERLINK(\"x\")", "\\n", "&#123;"])
# One-line content text as the loader gives it: no controls, stripped, not empty.
ONE_LINE = st.lists(st.one_of(CHARS, METAS), min_size=1, max_size=12).map("".join).map(str.strip).filter(bool)
PROSE = st.lists(st.one_of(CHARS, METAS, st.just("\n")), min_size=1, max_size=12).map("".join).map(
    str.strip).filter(lambda s: bool(s) and "[[" not in s and "]]" not in s)


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_content([GOOD])


def one_item(deck: Deck, item_id: str, **changes: Any) -> Deck:
    item = replace(deck.item_by_id[item_id], **changes)
    return replace(deck, items=(item,), cases=())


def single_with(deck: Deck, prompt: str, right: str, wrong: str, explanation: str) -> Deck:
    item = deck.item_by_id["size-single"]
    assert isinstance(item.body, SingleBody)
    choices = tuple(replace(c, ja=right if c.id == item.body.answer else f"{wrong}{i}")
                    for i, c in enumerate(item.body.choices))
    return one_item(deck, "size-single", prompt=Bilingual(prompt, prompt),
                    explanation=Bilingual(explanation, explanation),
                    body=replace(item.body, choices=choices))


def parse_gift(text: str) -> list[Any]:  # pygiftparser is untyped
    pygift = pytest.importorskip("pygiftparser.parser")
    return [q for q in pygift.parseFile(io.StringIO(text)) if q.title]


def gift_unescape(text: str) -> str:
    """GIFT's escapes undone (pygiftparser leaves `\\\\` and most escapes as written)."""
    return re.sub(r"\\(.)", r"\1", text)


def pygift_reads_it(*texts: str, choices: tuple[str, ...] = ()) -> bool:
    r"""Whether pygiftparser can read these texts back. Its own limits (Moodle's reader has
    none of them; `moodle_gift` checks every text the way Moodle reads it): it does not unescape `\\` before `\n`, reads `\}` as the end
    of the answers, `=%50%` as a weight, `->` in any choice as a matching pair (Moodle reads
    a `~` question as choices first), and every leading `[...]` of a text as a format
    marker (Moodle only the first, and only a known format name)."""
    return (not any("\\" in t or t.startswith("[") for t in (*texts, *choices))
            and not any("}" in c or "->" in c or re.match(r"%-?\d", c) for c in choices))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prompt=PROSE, right=ONE_LINE, wrong=ONE_LINE, explanation=PROSE)
@example(prompt="p", right="r", wrong="%100%", explanation="e")  # a wrong choice read as right
@example(prompt="{1:MULTICHOICE:=evil~ok}", right="=a~b", wrong="#c", explanation="d}")
@example(prompt="a -> b", right="x->y", wrong="[html]w", explanation="->")
def test_any_text_round_trips_through_gift(deck: Deck, prompt: str, right: str, wrong: str,
                                           explanation: str) -> None:
    gift, skipped = deck_to_gift(single_with(deck, prompt, right, wrong, explanation), "ja")
    assert skipped == 0
    [moodle] = read_gift(gift)  # as Moodle's reader sees it
    assert (moodle.qtype, moodle.name, moodle.text) == ("multichoice", "size-single", prompt.strip())
    assert moodle.feedback.startswith(explanation + "\n")
    wrongs = [f"{wrong}{i}" for i in (0, 2, 3)]
    assert moodle.answers == [(wrongs[0], 0), (right, 1), (wrongs[1], 0), (wrongs[2], 0)]
    if not pygift_reads_it(prompt, explanation, choices=(right, wrong)):
        return
    [question] = parse_gift(gift)
    assert question.valid and question.title == "size-single"
    assert gift_unescape(question.text) == prompt
    answers = question.answers.answers
    assert len(answers) == 4, "a special character split or merged choices"
    assert [gift_unescape(a.answer) for a in answers if a.fraction == 100] == [right]
    assert [gift_unescape(a.answer) for a in answers if a.fraction != 100] == wrongs
    assert gift_unescape(question.generalFeedback).startswith(explanation + "\n")


def typed_with(deck: Deck, answers: list[str]) -> Deck:
    typed = next(i for i in deck.items if isinstance(i.body, TypedBody))
    assert isinstance(typed.body, TypedBody)
    body = replace(typed.body, answer=Bilingual(answers[0], answers[0]),
                   accept=replace(typed.body.accept, ja=tuple(answers[1:])))
    return one_item(deck, typed.id, body=body)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(ONE_LINE, min_size=1, max_size=3, unique=True))
@example(answers=["exo->some"])  # Moodle (and pygiftparser) would read a matching question
@example(answers=["%50%half", "[html]x", "a\\=b"])
def test_typed_answers_round_trip_through_gift_or_are_left_out(deck: Deck, answers: list[str]) -> None:
    gift, skipped = deck_to_gift(typed_with(deck, answers), "ja")
    if any("->" in a for a in answers):  # GIFT cannot write `->` in a short answer
        assert skipped == 1 and read_gift(gift) == []
        return
    assert skipped == 0
    [moodle] = read_gift(gift)
    assert moodle.qtype == "shortanswer"
    assert moodle.answers == [(a, 1.0) for a in answers]
    if not pygift_reads_it(choices=tuple(answers)):
        return
    [question] = parse_gift(gift)
    assert type(question.answers).__name__ == "ShortSet"
    assert [gift_unescape(a.answer) for a in question.answers.answers] == answers


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(left=ONE_LINE, right=ONE_LINE)
@example(left="a->b", right="c")
@example(left="a", right="b -> c")
def test_matching_pairs_round_trip_through_gift_or_are_left_out(deck: Deck, left: str, right: str) -> None:
    item = next(i for i in deck.items if isinstance(i.body, MatchingBody))
    assert isinstance(item.body, MatchingBody)
    pairs = (replace(item.body.pairs[0], left=Bilingual(left, left), right=Bilingual(right, right)),
             *item.body.pairs[1:])
    gift, skipped = deck_to_gift(one_item(deck, item.id, body=replace(item.body, pairs=pairs)), "ja")
    if "->" in left:  # Moodle splits a pair at its first `->`
        assert skipped == 1 and read_gift(gift) == []
        return
    [moodle] = read_gift(gift)
    assert moodle.qtype == "match"
    assert moodle.answers == [(f"{pick(p.left, 'ja')} -> {pick(p.right, 'ja')}", 1.0) for p in pairs]


@given(st.text(CHARS))
def test_gift_escape_is_undone_by_gift_unescape(text: str) -> None:
    from exoterm.core.exports.gift import escape

    escaped = escape(text)
    assert re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), escaped) == text
    assert not re.search(r"(?<!\\)(?:\\\\)*[{}~=#:]", escaped.replace("\\\\", "")), escaped


# Moodle's cloze parser: an embedded question is `{` weight? `:` TYPE `:` … `}`.
MOODLE_CLOZE = re.compile(r"\{[0-9]*:(?:MULTICHOICE|MC|MULTIRESPONSE|MR|SHORTANSWER|SA|MW|NUMERICAL|NM)"
                          r"[A-Z_]*:", re.IGNORECASE)


def moodle_text(html_text: str) -> str:
    return html.unescape(html_text.replace("<br>", "\n"))


def test_moodle_cloze_prompt_cannot_embed_a_question(deck: Deck) -> None:
    evil = "{1:MULTICHOICE:=evil~ok} {:SA:=x}"
    item = deck.item_by_id["function-cloze"]
    assert isinstance(item.body, ClozeBody)
    text = Bilingual(f"{evil} {item.body.text.ja}", item.body.text.en)
    xml = deck_to_moodle_xml(one_item(deck, "function-cloze", prompt=Bilingual(evil, evil),
                                      body=ClozeBody(text)), "ja")
    [question] = [q for q in ET.fromstring(xml).iter("question") if q.get("type") == "cloze"]
    questiontext = question.findtext("questiontext/text") or ""
    assert len(MOODLE_CLOZE.findall(questiontext)) == 1, questiontext
    assert moodle_text(questiontext).startswith(f"{evil}\n{evil} ")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prompt=PROSE, right=ONE_LINE, wrong=ONE_LINE, explanation=PROSE)
def test_any_text_round_trips_through_moodle_xml(deck: Deck, prompt: str, right: str, wrong: str,
                                                 explanation: str) -> None:
    xml = deck_to_moodle_xml(single_with(deck, prompt, right, wrong, explanation), "ja")
    [question] = [q for q in ET.fromstring(xml).iter("question") if q.get("type") != "category"]
    assert moodle_text(question.findtext("questiontext/text") or "") == prompt
    answers = [(a.get("fraction"), moodle_text(a.findtext("text") or "")) for a in question.iter("answer")]
    assert answers == [("0", f"{wrong}0"), ("100", right), ("0", f"{wrong}2"), ("0", f"{wrong}3")]
    feedback = moodle_text(question.findtext("generalfeedback/text") or "")
    assert feedback.startswith(explanation + "\n")
    for element in question.iter("text"):
        assert not MOODLE_CLOZE.search(element.text or "")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prompt=PROSE, answer=ONE_LINE)
def test_cloze_and_short_answers_survive_moodle_xml(deck: Deck, prompt: str, answer: str) -> None:
    xml = deck_to_moodle_xml(one_item(deck, "function-cloze", prompt=Bilingual(prompt, prompt)), "ja")
    [question] = [q for q in ET.fromstring(xml).iter("question") if q.get("type") == "cloze"]
    questiontext = question.findtext("questiontext/text") or ""
    assert len(MOODLE_CLOZE.findall(questiontext)) == 1
    assert moodle_text(questiontext).startswith(prompt + "\n")
    typed = next(i for i in deck.items if isinstance(i.body, TypedBody))
    assert isinstance(typed.body, TypedBody)
    body = replace(typed.body, answer=Bilingual(answer, answer), accept=replace(typed.body.accept, ja=()))
    xml = deck_to_moodle_xml(one_item(deck, typed.id, body=body), "ja")
    [short] = [q for q in read_moodle_xml(xml) if q.qtype == "shortanswer"]
    assert short.answers == [(answer, 1.0)]  # `*` is a wildcard there unless written `\*`


# Moodle's cloze parser (tests/unit/moodle_xml_reader.py): `~ # } \\ & *` and entities in a
# blank's answers; `|`, `[[` and `]]` cannot be in one (the cloze syntax).
BLANK_ANSWER = ONE_LINE.filter(lambda s: "|" not in s and "[[" not in s and "]]" not in s
                               and not s.endswith("]") and not s.startswith("["))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prompt=PROSE, blanks=st.lists(st.lists(BLANK_ANSWER, min_size=1, max_size=3, unique=True),
                                     min_size=1, max_size=3))
@example(prompt="p", blanks=[["a~b", "c#d", "e}f"], ["\\", "x\\}", "&#126;", "&amp;}", "*"]])
@example(prompt="{1:SHORTANSWER:=x}", blanks=[["a&", "b\\"], ["{#1}", "=%50%"]])
def test_cloze_blanks_survive_moodles_cloze_parser(deck: Deck, prompt: str, blanks: list[list[str]]) -> None:
    text = "前 " + " 中 ".join("[[" + "|".join(answers) + "]]" for answers in blanks) + " 後"
    item = one_item(deck, "function-cloze", prompt=Bilingual(prompt, prompt),
                    body=ClozeBody(Bilingual(text, text)))
    [question] = [q for q in read_moodle_xml(deck_to_moodle_xml(item, "ja")) if q.qtype != "category"]
    assert question.blanks == [[(a, 1.0) for a in answers] for answers in blanks]
    placeholders = " 中 ".join(f"{{#{n}}}" for n in range(1, len(blanks) + 1))
    assert moodle_text(question.text).endswith(f"前 {placeholders} 後")
    assert moodle_text(question.text).startswith(prompt + "\n")


NASTY_TEXT = "a~b=c#d:g\\h {1:MULTICHOICE:=evil~ok} {#1} [bold]x[/] <i>&amp;</i> %100% * ->"


@pytest.mark.parametrize("lang", ["ja", "en", "both"])
def test_every_export_is_taken_by_moodles_xml_reader(deck: Deck, lang: Lang) -> None:
    questions = read_moodle_xml(deck_to_moodle_xml(deck, lang))
    kinds = sorted(q.qtype for q in questions if q.qtype != "category")
    assert kinds == ["cloze", "matching", "multichoice", "multichoice", "shortanswer", "truefalse"]
    multi = next(q for q in questions if q.name == "cargo-multi")
    assert not multi.single and sum(f for _, f in multi.answers if f > 0) == pytest.approx(1)
    nasty = single_with(deck, NASTY_TEXT, f"r{NASTY_TEXT}", f"w{NASTY_TEXT}", NASTY_TEXT)
    [single] = [q for q in read_moodle_xml(deck_to_moodle_xml(nasty, lang)) if q.qtype != "category"]
    assert moodle_text(single.text) == NASTY_TEXT
    [right] = [moodle_text(a) for a, f in single.answers if f == 1]
    assert right.startswith(f"r{NASTY_TEXT}") or lang == "en"  # choices' nasty text is Japanese


# -- CSV export: formulas neutralised, read back unchanged ------------------------------

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "=1+2", "@SUM(1+1)", "=cmd|' /C calc'!A0",
            "+1", "-2", "'=already quoted", "''", "'x"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_guard_neutralises_formulas_and_unguard_restores_them(cell: str) -> None:
    written = guard(cell)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unguard(written) == cell


@given(st.text())
def test_guard_is_undone_by_unguard(cell: str) -> None:
    assert unguard(guard(cell)) == cell
    assert not guard(cell).startswith(("=", "+", "-", "@", "\t", "\r"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ja=st.one_of(st.sampled_from(FORMULAS), ONE_LINE), en=st.one_of(st.sampled_from(FORMULAS), ONE_LINE),
       definition=st.one_of(st.sampled_from(FORMULAS), PROSE))
def test_csv_export_imports_back_unchanged(deck: Deck, tmp_path_factory: pytest.TempPathFactory,
                                           ja: str, en: str, definition: str) -> None:
    term = replace(deck.term_by_id["exosome"], id="csv-term", ja=ja, en=en, definition=Bilingual(definition, definition),
                   related=(), note=None)
    text = deck_to_csv(replace(deck, terms=(term,)))
    for row in csv.reader(io.StringIO(text)):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
    path = tmp_path_factory.mktemp("csv") / "terms.csv"
    path.write_text(text, "utf-8")
    result = read_terms_csv(path, Defaults(), [GOOD / "sources.yaml", GOOD / "glossary.yaml"])
    assert [str(d) for d in result.diagnostics] == []
    [back] = result.terms
    assert (back.ja, back.en, back.definition) == (term.ja, term.en, term.definition)


def test_results_csv_neutralises_a_typed_formula(tmp_path: Path) -> None:
    from exoterm.core.results import ResultRow, read_results, to_csv

    row = ResultRow("size-single", "item:size-single", "2024-01-01T00:00:00+00:00", False,
                    "=HYPERLINK(\"http://evil.example\")", 1, 1000)
    text = to_csv("=cmd|' /C calc'!A0", [row])
    assert "\n=" not in text and ",=" not in text
    path = tmp_path / "r.csv"
    path.write_text(text, "utf-8")
    [response] = read_results([path]).responses
    assert response.learner == "=cmd|' /C calc'!A0"
    assert response.text == "=HYPERLINK(\"http://evil.example\")"


def test_gift_feedback_starting_with_a_format_name_stays_text(deck: Deck) -> None:
    """Moodle reads a leading `[html]` / `[markdown]` as the text's format: every GIFT text
    exoterm writes starts with `[plain]`, so a learner's explanation cannot switch format."""
    gift, _ = deck_to_gift(single_with(deck, "p", "r", "w", "[html]<b>x</b>"), "ja")
    assert "####[plain][html]<b>x</b>" in gift


@given(st.text())
def test_typed_text_holds_nothing_a_terminal_acts_on(text: str) -> None:
    from exoterm.core.textsafety import typed_text

    one_line = typed_text(text)
    assert disallowed(one_line, multiline=False) is None and "\u2028" not in one_line
    kept = typed_text(text, multiline=True)
    assert disallowed(kept.replace("\r", "\n"), multiline=True) is None and "\t" not in kept
    clean = "".join(c for c in text if c.isprintable() or c == " ")
    if disallowed(clean, multiline=False) is None:
        assert typed_text(clean) == clean  # what may be shown is kept as it is


@pytest.mark.parametrize("lang", ["ja", "en", "both"])
def test_calculations_are_taken_by_moodles_readers(lang: Lang) -> None:
    from exoterm.core.content.models import NumericBody
    from exoterm.core.numbers import as_decimal, plain_number

    deck = load_content([GOOD.parent / "numeric"])
    expected = {i.id: [(f"{plain_number(as_decimal(i.body.answer))}:"
                        f"{plain_number(as_decimal(i.body.tolerance))}", 1.0)]
                for i in deck.items if isinstance(i.body, NumericBody)}
    assert expected
    from_xml = {q.name: q.answers for q in read_moodle_xml(deck_to_moodle_xml(deck, lang))
                if q.qtype == "numerical"}
    from_gift = {q.name: q.answers for q in read_gift(deck_to_gift(deck, lang)[0])
                 if q.qtype == "numerical"}
    assert from_xml == expected and from_gift == expected


@pytest.mark.parametrize("answer", ["exo->some", "a%", "[html]b", "%50%c"])
def test_one_blank_cloze_is_a_gift_short_answer_or_left_out(deck: Deck, answer: str) -> None:
    text = f"前 [[{answer}]] 後"
    item = one_item(deck, "function-cloze", body=ClozeBody(Bilingual(text, text)))
    gift, skipped = deck_to_gift(item, "ja")
    if "->" in answer:
        assert skipped == 1 and read_gift(gift) == []
    else:
        [question] = read_gift(gift)
        assert (question.qtype, question.answers, skipped) == ("shortanswer", [(answer, 1.0)], 0)
