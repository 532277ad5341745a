"""Deck → hand-readable YAML in the documented format (docs/content-format.md).

The loader reads what this writes back into the same models: a scalar is written plain
only when YAML 1.1 and 1.2 readers and our strict loader all read it as the same text
(`no`, `010`, `08`, `2024-04-30`, `[bold]`, `a: b` are double-quoted); multi-line texts become `|-`
blocks where that is exact; short bilingual pairs and lists use flow style `{ja: …, en: …}`.
Each file starts with the `# yaml-language-server: $schema=…` line for editors.
Used to write decks back out and by importers that produce YAML.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

from exoterm.core.content.diagnostics import Pos
from exoterm.core.content.models import (
    Bilingual,
    Case,
    Category,
    Citation,
    ClozeBody,
    Deck,
    MatchingBody,
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
from exoterm.core.content.yamlnodes import YScalar, scalar_kind
from exoterm.core.fileio import write_file
from exoterm.core.numbers import as_decimal

SCHEMA_DIR = "../schema"
FLOW_WIDTH = 88  # display columns a flow line may take (CJK counts double), indentation aside
INDENT = "  "

_EMITTER = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)
_RESOLVER = yaml.resolver.Resolver()
_NOWHERE = Pos("", 1, 1)
_STR_TAG = "tag:yaml.org,2002:str"
_ESCAPES = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v",
            "\f": "\\f", "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\"}
_LINE_BREAKS = "\r\x85\u2028\u2029"
# Numbers as a YAML 1.2 reader (e.g. yaml-language-server in editors) sees them: `08`, `1e5`.
_YAML12_NUMBER = re.compile(
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
)

Lines = list[str]


# -- scalars ----------------------------------------------------------------------------


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip():
        return False
    analysis = _EMITTER.analyze_scalar(text)
    if analysis.multiline or not (analysis.allow_flow_plain if flow else analysis.allow_block_plain):
        return False
    if scalar_kind(YScalar(text, True, _NOWHERE)) != "str":  # y, n, 2024-4-30, … for our loader
        return False
    if _YAML12_NUMBER.fullmatch(text):
        return False
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _STR_TAG)


def _printable(ch: str) -> bool:
    """YAML's printable set, minus the characters YAML 1.1 reads as line breaks or a BOM."""
    if ch in "\u2028\u2029\ufeff":
        return False
    return (
        "\x20" <= ch <= "\x7e"
        or "\xa0" <= ch <= "\ud7ff"
        or "\ue000" <= ch <= "\ufffd"
        or "\U00010000" <= ch <= "\U0010ffff"
    )


def quoted(text: str) -> str:
    """`text` double-quoted on one line, escaping what YAML would change or refuse."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else "")
            out.append(f"\\U{code:08X}" if code > 0xFFFF else "")
    return '"' + "".join(out) + '"'


def scalar(text: str, *, flow: bool = False) -> str:
    """`text` as a one-line scalar: plain when it reads back as the same text, else quoted."""
    return text if _plain_ok(text, flow) else quoted(text)


def _literal_ok(text: str) -> bool:
    """A `|-` block reads back exactly: several lines, no tabs, odd breaks or trailing spaces."""
    if "\n" not in text or text != text.strip() or any(ch in _LINE_BREAKS or ch == "\t" for ch in text):
        return False
    if not all(_printable(ch) for ch in text.replace("\n", "")):
        return False
    return bool(_EMITTER.analyze_scalar(text).allow_block) and all(
        line == line.rstrip(" ") for line in text.split("\n")
    )


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# -- building blocks (lines relative to the record's own indentation) -------------------


def _indent(lines: Iterable[str], by: str = INDENT) -> Lines:
    return [by + line if line else line for line in lines]


def _list_item(lines: Lines) -> Lines:
    return ["- " + lines[0], *_indent(lines[1:])]


def _value(text: str) -> Lines:
    """A block-context value: one scalar, or a `|-` header and its indented lines."""
    if _literal_ok(text):
        return ["|-", *_indent(text.split("\n"))]
    return [scalar(text)]


def _text_field(name: str, text: str) -> Lines:
    first, *rest = _value(text)
    return [f"{name}: {first}", *rest]


def _flow_map(pairs: Sequence[tuple[str, str]]) -> str | None:
    """`{k: v, …}` when every value fits on one flow line, else None."""
    parts = []
    for name, text in pairs:
        if "\n" in text and _literal_ok(text):
            return None
        parts.append(f"{name}: {scalar(text, flow=True)}")
    return "{" + ", ".join(parts) + "}"


def _fits(line: str) -> bool:
    return _width(line) <= FLOW_WIDTH


def _bilingual(name: str, value: Bilingual) -> Lines:
    langs = [("ja", value.ja), ("en", value.en)] if value.en else [("ja", value.ja)]  # no English: no en
    flow = _flow_map(langs)
    if flow is not None and _fits(f"{name}: {flow}"):
        return [f"{name}: {flow}"]
    return [f"{name}:", *_indent(line for lang, text in langs for line in _text_field(lang, text))]


def _list(name: str, values: Sequence[str]) -> Lines:
    flow = f"{name}: [" + ", ".join(scalar(v, flow=True) for v in values) + "]"
    if _fits(flow) or not values:
        return [flow]
    return [f"{name}:", *_indent(line for v in values for line in _list_item(_value(v)))]


def _variants(name: str, value: Variants) -> Lines:
    langs = [(lang, getattr(value, lang)) for lang in ("ja", "en") if getattr(value, lang)]
    if not langs:
        return []
    inner = [line for lang, texts in langs for line in _list(lang, texts)]
    flow = f"{name}: {{" + ", ".join(inner) + "}"
    if len(inner) == len(langs) and _fits(flow):
        return [flow]
    return [f"{name}:", *_indent(inner)]


def _readings(pairs: Sequence[tuple[str, str]]) -> Lines:
    if not pairs:
        return []
    flow = _flow_map([(scalar(answer, flow=True), reading) for answer, reading in pairs])
    if flow is not None and _fits(f"readings: {flow}"):
        return [f"readings: {flow}"]
    return ["readings:", *_indent(f"{scalar(answer)}: {scalar(reading)}" for answer, reading in pairs)]


def _citations(values: Sequence[Citation]) -> Lines:
    out: Lines = ["sources:"]
    for c in values:
        flow = _flow_map([("id", c.id), ("section", c.section)])
        if flow is not None and _fits(f"  - {flow}"):
            out.append(f"  - {flow}")
        else:
            out += _indent(_list_item([f"id: {scalar(c.id)}", *_text_field("section", c.section)]))
    return out


# -- records ----------------------------------------------------------------------------


def _source(s: Source) -> Lines:
    out = [f"id: {scalar(s.id)}", *_text_field("title", s.title), *_text_field("publisher", s.publisher)]
    if s.author is not None:
        out += _text_field("author", s.author)
    out += [f"date: {quoted(s.date)}", f"trust: {s.trust}"]
    for name, value in (("file", s.file), ("url", s.url)):
        if value is not None:
            out += _text_field(name, value)
    if s.short_name is not None:
        out += _bilingual("short_name", s.short_name)
    return out + _bilingual("description", s.description)


def _category(c: Category) -> Lines:
    first, *rest = _bilingual("x", c.label)
    return [scalar(c.id) + first[1:], *rest]


def _term(t: Term) -> Lines:
    out = [f"id: {scalar(t.id)}"]
    if t.formerly:
        out += _list("formerly", t.formerly)
    out += [*_text_field("ja", t.ja), *_text_field("reading", t.reading)]
    if t.en:
        out += _text_field("en", t.en)
    if t.abbr:
        out += _list("abbr", t.abbr)
    out += _variants("aliases", t.aliases)
    out += _variants("search_keys", t.search_keys)
    out += [f"category: {scalar(t.category)}", *_bilingual("definition", t.definition)]
    if t.related:
        out += _list("related", t.related)
    out += [*_citations(t.sources), f"evidence: {t.evidence}"]
    if t.note is not None:
        out += _bilingual("note", t.note)
    if t.reading_checked:
        out.append("reading_checked: true")
    return out


def _case(c: Case) -> Lines:
    return [
        f"id: {scalar(c.id)}", *_bilingual("title", c.title), *_bilingual("scenario", c.scenario),
        *_citations(c.sources),
    ]


def _body(item: QuizItem) -> Lines:
    body = item.body
    if isinstance(body, SingleBody | MultiBody):
        out = ["choices:"]
        for c in body.choices:
            first, *rest = _bilingual("x", Bilingual(c.ja, c.en))
            out += _indent([scalar(c.id) + first[1:], *rest])
        if isinstance(body, SingleBody):
            return [*out, f"answer: {scalar(body.answer)}"]
        return [*out, *_list("answers", body.answers), f"select: {body.select}"]
    if isinstance(body, TrueFalseBody):
        return [f"answer: {'true' if body.answer else 'false'}"]
    if isinstance(body, TypedBody):
        strict = ["strict: true"] if body.strict else []
        return [*_bilingual("answer", body.answer), *_variants("accept", body.accept), *strict]
    if isinstance(body, ClozeBody):
        return [*_bilingual("text", body.text), *_readings(body.readings)]
    if isinstance(body, NumericBody):
        return _numeric(body)
    assert isinstance(body, MatchingBody)
    pairs = ["pairs:"]
    for pair in body.pairs:
        pairs += _indent(_list_item([*_bilingual("left", pair.left), *_bilingual("right", pair.right)]))
    return pairs


def yaml_number(value: int | float) -> str:
    """A number as our loader reads it back exactly: an int as digits, a float in plain
    decimal notation with a point (never an exponent, which YAML 1.1 reads as text)."""
    if isinstance(value, int):
        return str(value)
    text = format(as_decimal(value), "f")
    return text if "." in text else text + ".0"


def _numeric(body: NumericBody) -> Lines:
    out = [f"answer: {yaml_number(body.answer)}"]
    if body.unit is not None:
        out += ([f"unit: {scalar(body.unit.ja)}"] if body.unit.ja == body.unit.en
                else _bilingual("unit", body.unit))
    if body.tolerance:
        out.append(f"tolerance: {yaml_number(body.tolerance)}")
    if body.decimals is not None:
        out.append(f"decimals: {body.decimals}")
    return out


def _item(i: QuizItem) -> Lines:
    out = [f"id: {scalar(i.id)}"]
    if i.formerly:
        out += _list("formerly", i.formerly)
    out.append(f"type: {i.type}")
    if i.section is not None:
        out.append(f"section: {i.section}")
    if i.case is not None:
        out.append(f"case: {scalar(i.case)}")
    out += [*_bilingual("prompt", i.prompt), *_body(i), *_bilingual("explanation", i.explanation)]
    if i.terms:
        out += _list("terms", i.terms)
    if i.tags:
        out += _list("tags", i.tags)
    return [*out, *_citations(i.sources), f"evidence: {i.evidence}"]


# -- files ------------------------------------------------------------------------------


def _records(name: str, lines_per_record: Iterable[Lines]) -> Lines:
    body = [line for lines in lines_per_record for line in _indent(_list_item(lines))]
    return [f"{name}:", *body] if body else [f"{name}: []"]


def _file(kind: str, schema_dir: str, sections: Sequence[Lines]) -> str:
    header = f"# yaml-language-server: $schema={schema_dir}/{kind}.schema.json"
    parts = [header]
    for i, section in enumerate(sections):
        if i:
            parts.append("")
        parts += section
    return "\n".join(parts) + "\n"


def dump_sources(sources: Sequence[Source], *, schema_dir: str = SCHEMA_DIR) -> str:
    """The text of a sources.yaml holding `sources`."""
    return _file("sources", schema_dir, [_records("sources", map(_source, sources))])


def dump_glossary(
    categories: Sequence[Category], terms: Sequence[Term], *, schema_dir: str = SCHEMA_DIR
) -> str:
    """The text of a glossary.yaml: `categories` (left out when empty) and `terms`."""
    sections: list[Lines] = []
    if categories:
        sections.append(["categories:", *_indent(line for c in categories for line in _category(c))])
    sections.append(_records("terms", map(_term, terms)))
    return _file("glossary", schema_dir, sections)


def dump_quiz(cases: Sequence[Case], items: Sequence[QuizItem], *, schema_dir: str = SCHEMA_DIR) -> str:
    """The text of a quiz.yaml: `cases` (left out when empty) and `items`."""
    sections: list[Lines] = []
    if cases:
        sections.append(_records("cases", map(_case, cases)))
    sections.append(_records("items", map(_item, items)))
    return _file("quiz", schema_dir, sections)


def dump_deck(deck: Deck, *, schema_dir: str = SCHEMA_DIR) -> dict[str, str]:
    """File name → text for the three files of `deck`."""
    return {
        "sources.yaml": dump_sources(deck.sources, schema_dir=schema_dir),
        "glossary.yaml": dump_glossary(deck.categories, deck.terms, schema_dir=schema_dir),
        "quiz.yaml": dump_quiz(deck.cases, deck.items, schema_dir=schema_dir),
    }


def write_deck(deck: Deck, folder: Path, *, schema_dir: str = SCHEMA_DIR) -> list[Path]:
    """Write sources.yaml, glossary.yaml and quiz.yaml of `deck` into `folder` (UTF-8)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in dump_deck(deck, schema_dir=schema_dir).items():
        path = folder / name
        write_file(path, text)
        written.append(path)
    return written
