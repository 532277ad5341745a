"""Properties of the content loader and the YAML writer.

(a) Any valid deck written by `dump.write_deck` loads back unchanged — texts that YAML 1.1
    would turn into something else (`no`, `010`, `2024-04-30`, `[bold]`, `a: b` …) included.
(b) Whatever bytes a file holds, `load_deck` returns diagnostics with a real position and
    never raises.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exoterm.core.content import fields as F
from exoterm.core.content.cloze import ClozeSyntaxError, count_blanks
from exoterm.core.content.dump import write_deck
from exoterm.core.content.export import deck_to_dict
from exoterm.core.content.loader import load_deck
from exoterm.core.content.models import (
    EVIDENCE_LEVELS,
    SECTIONS,
    TRUST_LEVELS,
    Bilingual,
    Case,
    Category,
    Choice,
    Citation,
    ClozeBody,
    Deck,
    ItemBody,
    MatchingBody,
    MatchPair,
    MultiBody,
    NumericBody,
    QuizItem,
    SingleBody,
    Source,
    Term,
    TrueFalseBody,
    TypedBody,
    Variants,
)
from exoterm.core.numbers import as_decimal, decimal_places
from exoterm.core.textsafety import disallowed

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"

# Texts a YAML 1.1 reader (or a careless writer) would change, and other awkward ones.
TRICKY = [
    "no", "No", "y", "n", "yes", "on", "off", "true", "false", "null", "~", "010", "0x1F", "0o7",
    "1:30", "1_000", "+1", "-1", ".5", ".inf", "-.inf", ".nan", "2024-04-30", "2024-4-3 12:00",
    "[bold]", "[/]", "[b]x[/b]", "{a}", "a, b", ":", "a: b", "a:b", "#", "# x", "a #b", "a#b",
    "-", "- x", "-x", "--", "---", "--- x", "...", "?", "? x", "!x", "&x", "*x", "|", ">", "%x",
    "@x", "`x`", '"quoted"', "'single'", "it's", 'say "hi"', "\\", "a\\nb", "<<", "=",
    "細胞外小胞", "エクソソーム（EV）", "約100 nm", "全角　スペース", "µm", "😀", "a\tb",
    "line one\nline two", "行1\n\n行3", "a\n  indented\nb", "x\u2028y", "x\x85y", "\x07bell",
    "trailing \nspace", "a\r\nb", "zero\x00byte", "bom\ufeffinside",
]

IDS_TRICKY = ["no", "y", "n", "on", "off", "yes", "true", "null", "010", "0", "1", "2024-04-30", "1-30", "x"]


def _ok_text(s: str) -> bool:
    return bool(s) and s == s.strip() and "[[" not in s and "]]" not in s


# Content may not hold control characters; prose fields (definitions, prompts, …) may hold
# line breaks and tabs, every other text is one line (tests/unit/test_text_safety.py).
CONTROLS = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n")
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CHARS = st.characters(codec="utf-8", exclude_characters=CONTROLS + BIDI)
PROSE = st.one_of(st.sampled_from(TRICKY), st.text(CHARS, min_size=1, max_size=24)).filter(
    lambda s: _ok_text(s) and disallowed(s, multiline=True) is None)
TEXT = PROSE.filter(lambda s: disallowed(s, multiline=False) is None)
IDS = st.one_of(
    st.sampled_from(IDS_TRICKY), st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)
)
CHOICE_IDS = st.one_of(st.sampled_from(["y", "n", "no", "on", "1", "010", "a", "b"]),
                       st.from_regex(r"[a-z0-9]{1,3}", fullmatch=True))
HIRAGANA = [chr(c) for c in range(0x3041, 0x3097)] + list("ーゝゞ")
READING = st.text(alphabet=HIRAGANA, min_size=1, max_size=8)
DATE = st.from_regex(F.DATE_RE, fullmatch=True)
# Cloze parts: literal text without brackets, answers without | [ ] or line breaks.
CLOZE_LITERAL = st.text(CHARS, min_size=0, max_size=10).filter(lambda s: not set(s) & set("[]"))
CLOZE_ANSWER = st.text(CHARS, min_size=1, max_size=8).filter(
    lambda s: s.strip() != "" and not set(s) & set("|[]\n\r")
)


TAGS = st.one_of(st.from_regex(F.ID_RE, fullmatch=True), st.sampled_from(["感染対策", "ＰＰＥ", "手指衛生_基本"]))


def bilingual(*, prose: bool = False) -> st.SearchStrategy[Bilingual]:
    text = PROSE if prose else TEXT
    return st.builds(Bilingual, text, st.one_of(st.just(""), text))  # "": Japanese only


def texts(max_size: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(TEXT, max_size=max_size).map(tuple)


def variants() -> st.SearchStrategy[Variants]:
    return st.builds(Variants, texts(), texts())


def unique_texts(n: int) -> st.SearchStrategy[list[str]]:
    return st.lists(TEXT, min_size=n, max_size=n, unique=True)


@st.composite
def citations(draw: Any, source_ids: list[str]) -> tuple[Citation, ...]:
    ids = st.sampled_from(source_ids)
    return tuple(draw(st.lists(st.builds(Citation, ids, TEXT), min_size=1, max_size=2)))


@st.composite
def choices(draw: Any, low: int = 2, high: int = 5) -> tuple[Choice, ...]:
    n = draw(st.integers(low, high))
    ids = draw(st.lists(CHOICE_IDS, min_size=n, max_size=n, unique=True))
    ja, en = draw(unique_texts(n)), draw(unique_texts(n))
    return tuple(Choice(i, j, e) for i, j, e in zip(ids, ja, en, strict=True))


@st.composite
def cloze_text(draw: Any, blanks: int) -> str:
    parts = [draw(CLOZE_LITERAL)]
    for _ in range(blanks):
        answers = draw(st.lists(CLOZE_ANSWER, min_size=1, max_size=2))
        parts += ["[[" + "|".join(answers) + "]]", draw(CLOZE_LITERAL)]
    text = "".join(parts).strip()
    try:
        ok = count_blanks(text) == blanks
    except ClozeSyntaxError:
        ok = False
    return text if ok else "[[" + "|".join(["x"] * 1) + "]]" + " [[y]]" * (blanks - 1)


@st.composite
def bodies(draw: Any) -> ItemBody:
    kind = draw(st.sampled_from(["single", "multi", "truefalse", "typed", "cloze", "matching",
                                 "numeric"]))
    if kind == "single":
        cs = draw(choices())
        return SingleBody(cs, draw(st.sampled_from([c.id for c in cs])))
    if kind == "multi":
        cs = draw(choices(3, 5))
        select = draw(st.integers(1, len(cs) - 1))
        answers = draw(st.lists(st.sampled_from([c.id for c in cs]), min_size=select, max_size=select,
                                unique=True))
        return MultiBody(cs, tuple(answers), select)
    if kind == "truefalse":
        return TrueFalseBody(draw(st.booleans()))
    if kind == "typed":
        return TypedBody(draw(bilingual()), draw(variants()))
    if kind == "cloze":
        n = draw(st.integers(1, 3))
        return ClozeBody(Bilingual(draw(cloze_text(n)), draw(cloze_text(n))))
    if kind == "numeric":
        body: NumericBody = draw(numeric_bodies())
        return body
    n = draw(st.integers(3, 4))
    lj, le, rj, re_ = (draw(unique_texts(n)) for _ in range(4))
    return MatchingBody(tuple(
        MatchPair(Bilingual(a, b), Bilingual(c, d)) for a, b, c, d in zip(lj, le, rj, re_, strict=True)
    ))


NUMBERS = st.one_of(st.integers(-10**9, 10**9),
                    st.floats(-1e16, 1e16, allow_nan=False, allow_infinity=False),
                    st.sampled_from([0.1, 41.7, -0.5, 1e-05, 1e16, 2.5e-07, 0.0]))


@st.composite
def numeric_bodies(draw: Any) -> NumericBody:
    answer = draw(NUMBERS)
    places = decimal_places(as_decimal(answer))
    decimals = draw(st.one_of(st.none(), st.integers(places, F.MAX_DECIMALS))) \
        if places <= F.MAX_DECIMALS else None
    unit = draw(st.one_of(st.none(), bilingual(), TEXT.map(lambda t: Bilingual(t, t))))
    tolerance = abs(draw(NUMBERS))
    return NumericBody(answer, unit, tolerance, decimals)


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def decks(draw: Any) -> Deck:
    source_ids = draw(st.lists(IDS, min_size=1, max_size=2, unique=True))
    category_ids = draw(st.lists(IDS, min_size=1, max_size=2, unique=True))
    n_terms, n_cases, n_items = draw(st.integers(0, 3)), draw(st.integers(0, 2)), draw(st.integers(0, 6))
    record_ids = draw(st.lists(IDS, min_size=n_terms + n_cases + n_items,
                               max_size=n_terms + n_cases + n_items, unique=True))
    term_ids = record_ids[:n_terms]
    case_ids = record_ids[n_terms : n_terms + n_cases]
    item_ids = record_ids[n_terms + n_cases :]

    sources = tuple(
        Source(sid, draw(TEXT), draw(TEXT), draw(DATE), draw(st.sampled_from(TRUST_LEVELS)),
               draw(bilingual(prose=True)), draw(_opt(TEXT)), draw(_opt(TEXT)), draw(_opt(TEXT)))
        for sid in source_ids
    )
    categories = tuple(Category(cid, draw(bilingual())) for cid in category_ids)
    terms = []
    for tid in term_ids:
        others = [t for t in term_ids if t != tid]
        related = draw(st.lists(st.sampled_from(others), max_size=2, unique=True)) if others else []
        terms.append(Term(
            tid, draw(TEXT), draw(READING), draw(st.one_of(st.just(""), TEXT)), draw(st.sampled_from(category_ids)),
            draw(bilingual(prose=True)), draw(citations(source_ids)), draw(st.sampled_from(EVIDENCE_LEVELS)),
            draw(texts()), draw(variants()), tuple(related), draw(_opt(bilingual(prose=True))),
            draw(st.booleans()),
        ))
    cases = tuple(
        Case(cid, draw(bilingual()), draw(bilingual(prose=True)), draw(citations(source_ids)))
        for cid in case_ids
    )
    items = []
    for iid in item_ids:
        terms_of = draw(st.lists(st.sampled_from(term_ids), max_size=2, unique=True)) if term_ids else []
        case = draw(_opt(st.sampled_from(case_ids))) if case_ids else None
        section = draw(_opt(st.sampled_from(SECTIONS)))
        if case is not None and section is None:
            section = "状況設定"  # what a case's question without `section:` is read as
        items.append(QuizItem(
            iid, draw(bilingual(prose=True)), draw(bilingual(prose=True)), draw(citations(source_ids)),
            draw(st.sampled_from(EVIDENCE_LEVELS)), draw(bodies()), tuple(terms_of),
            tuple(draw(st.lists(TAGS, max_size=2))), section, case,
        ))
    return Deck(sources, categories, tuple(terms), cases, tuple(items))


def _plain(deck: Deck) -> dict[str, Any]:
    data = deck_to_dict(deck)
    data.pop("version")
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decks())
def test_valid_decks_round_trip_through_yaml(deck: Deck) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_deck(deck, Path(tmp))
        result = load_deck(paths)
        written = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    assert result.errors == [], "\n".join(map(str, result.errors)) + "\n" + written
    assert result.deck is not None
    assert _plain(result.deck) == _plain(deck), written


# -- (b) nothing escapes --------------------------------------------------------------------

NAMES = st.sampled_from(["quiz.yaml", "glossary.yaml", "sources.yaml", "notes.yaml"])
TOKENS = [
    "sources:", "terms:", "items:", "cases:", "categories:", "id:", "type:", "ja:", "en:",
    "reading:", "category:", "definition:", "prompt:", "explanation:", "choices:", "answer:",
    "answers:", "select:", "text:", "pairs:", "left:", "right:", "related:", "section:",
    "evidence:", "trust:", "date:", "case:", "tags:", "accept:", "aliases:", "abbr:",
    "single", "multi", "truefalse", "typed", "cloze", "matching", "established", "必修",
    "- ", "  ", "    ", "\t", "{", "}", "[", "]", ", ", ": ", "? ", "&a ", "*a", "!!str ",
    "!!python/object ", "!x ", "---", "...", "|", "|-", ">", "#", '"', "'", "no", "yes", "010",
    "2024-04-30", "1:30", "true", "false", "2", "a", "b", "x", "[[x]]", "[[", "]]", "|y",
    "エクソソーム", "えくそそーむ", "%YAML 1.1", "@", "\\", "\x07", "\ufeff", "\u2028", "\r",
]
YAMLISH = st.lists(st.lists(st.sampled_from(TOKENS), max_size=8).map("".join), max_size=30).map("\n".join)


@st.composite
def mutated_good_files(draw: Any) -> tuple[str, bytes]:
    """A valid file with a few random cuts, insertions and swaps."""
    name = draw(st.sampled_from(["quiz.yaml", "glossary.yaml", "sources.yaml"]))
    text = (GOOD / name).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["cut", "insert", "dup-line"]))
        if op == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        elif op == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        else:
            lines = text.split("\n")
            i = at % len(lines)
            lines.insert(i, lines[i])
            text = "\n".join(lines)
    return name, text.encode("utf-8")


def _check_never_raises(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        result = load_deck([path])  # must not raise
    assert (result.deck is None) == bool(result.errors)
    for diag in result.diagnostics:
        assert diag.pos.path == str(path), diag
        assert diag.pos.line >= 1 and diag.pos.col >= 1, diag
        assert "\n" not in diag.message, diag


SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(NAMES, st.binary(max_size=600))
def test_random_bytes_give_diagnostics_not_exceptions(name: str, data: bytes) -> None:
    _check_never_raises(name, data)


@SETTINGS
@given(NAMES, YAMLISH)
def test_yamlish_text_gives_diagnostics_not_exceptions(name: str, text: str) -> None:
    _check_never_raises(name, text.encode("utf-8"))


@SETTINGS
@given(mutated_good_files())
def test_damaged_good_files_give_diagnostics_not_exceptions(case: tuple[str, bytes]) -> None:
    _check_never_raises(*case)
