"""Import a trainer's term list (CSV) as glossary terms, checked by the same reader as YAML.

Each cell becomes a positioned node (`file.csv:row:col`), so a bad row gets the very
messages `exoterm validate` gives for YAML. Japanese and English column names are both
understood; UTF-8 (with or without BOM) is read, and Shift_JIS (CP932) is detected and read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exoterm.core.content.diagnostics import Diagnostic, Pos, did_you_mean
from exoterm.core.content.loader import FileContent, check_ids, parse_file
from exoterm.core.content.models import Bilingual, Category, Term
from exoterm.core.content.reader import Reader, Ref
from exoterm.core.content.yamlnodes import YMap, YNode, YScalar, YSeq
from exoterm.core.csvcells import unguard
from exoterm.core.japanese import kana_to_romaji

COLUMN_NAMES: dict[str, str] = {
    "id": "id",
    "ja": "ja", "japanese": "ja", "見出し語": "ja", "用語": "ja", "日本語": "ja",
    "reading": "reading", "読み": "reading", "よみ": "reading", "ふりがな": "reading",
    "en": "en", "english": "en", "英語": "en",
    "abbr": "abbr", "略語": "abbr",
    "aliases_ja": "aliases_ja", "別名": "aliases_ja", "aliases_en": "aliases_en",
    "search_keys_ja": "search_keys_ja", "検索語": "search_keys_ja", "search_keys_en": "search_keys_en",
    "category": "category", "カテゴリ": "category", "分類": "category",
    "definition_ja": "definition_ja", "definition": "definition_ja", "定義": "definition_ja",
    "説明": "definition_ja", "definition_en": "definition_en", "英語の定義": "definition_en",
    "related": "related", "関連語": "related",
    "sources": "sources", "出典": "sources",
    "evidence": "evidence", "根拠": "evidence",
    "note_ja": "note_ja", "note_en": "note_en",
    "category_ja": "category_ja", "カテゴリ名": "category_ja", "category_en": "category_en",
    "reading_checked": "reading_checked", "読み確認済み": "reading_checked",
}
REQUIRED = ("ja", "reading", "definition_ja")  # English is optional: Japanese-only lists import
LIST_SEP = re.compile(r"\s*[;；]\s*")


@dataclass
class ImportResult:
    terms: list[Term] = field(default_factory=list)
    new_categories: list[Category] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Defaults:
    """Values for columns a term list does not have."""

    category: str | None = None
    source: str | None = None
    section: str | None = None
    evidence: str | None = None


MAX_BYTES = 16 << 20  # a term list larger than this is refused (e.g. /dev/zero)
MAX_CELL = 131_072  # characters: the csv module's field limit


def decode(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) for UTF-8, UTF-16 (with or without BOM) or Shift_JIS bytes;
    None for anything else."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, "utf-16", "UTF-16")
    if b"\x00" in data[:4096]:  # ASCII commas and newlines in UTF-16 carry a zero byte
        even = data[0:4096:2].count(0)
        odd = data[1:4096:2].count(0)
        codec, name = ("utf-16-le", "little") if odd >= even else ("utf-16-be", "big")
        guessed = _utf16(data, codec, f"UTF-16 ({name}-endian, no BOM)")
        if guessed is not None:
            return guessed  # otherwise a stray NUL in UTF-8 text: reported where it is

    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "Shift_JIS (CP932)"
    except UnicodeDecodeError:
        return None


def _utf16(data: bytes, codec: str, name: str) -> tuple[str, str] | None:
    """UTF-16 text when it decodes and its first line looks like a CSV header."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    first = text.split("\n", 1)[0]
    return (text, name) if ("," in first or "\t" in first) and "\x00" not in first else None


def _rows(shown: str, text: str, dialect: str, errors: list[Diagnostic]) -> list[list[str]]:
    """The CSV rows, or [] with an error at the row the csv module could not read."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as err:
        line = reader.line_num
        message = (f"a cell is longer than {MAX_CELL:,} characters" if "field larger" in str(err)
                   else f"not readable as CSV ({err})")
        errors.append(Diagnostic(Pos(shown, line, 1), message))
        return []
    return rows


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class _RowBuilder:
    """Turns one CSV row into the node tree a glossary term would have in YAML."""

    def __init__(self, path: str, columns: dict[int, str], defaults: Defaults) -> None:
        self.path, self.columns, self.defaults = path, columns, defaults

    def build(self, number: int, row: Sequence[str], taken: set[str]) -> YMap:
        cells = {name: (unguard(row[i].strip()) if i < len(row) else "", Pos(self.path, number, i + 1))
                 for i, name in self.columns.items()}
        start = Pos(self.path, number, 1)
        out = YMap([], start)

        def put(name: str, node: YNode) -> None:
            key = YScalar(name, False, node.pos)
            out.entries.append((key, node))
            out.index[name] = (key, node)

        def text(name: str) -> YScalar | None:
            value, pos = cells.get(name, ("", start))
            return YScalar(value, False, pos) if name in cells else None

        for name in ("ja", "reading", "en", "category", "evidence", "reading_checked"):
            node = text(name)
            if node is not None and not node.text and name in ("en", "reading_checked"):
                continue  # no English / not checked
            if node is not None and name == "reading_checked":
                node = YScalar(node.text.lower(), True, node.pos)  # a boolean, as unquoted in YAML
            default = getattr(self.defaults, name, None)
            if (node is None or not node.text) and default:
                node = YScalar(default, False, node.pos if node else start)
            if node is not None:
                put(name, node)
        ident = text("id")
        if ident is None or not ident.text:
            base = (_slug(cells.get("en", ("", start))[0])
                    or _slug(kana_to_romaji(cells.get("reading", ("", start))[0])) or f"term-{number}")
            candidate, n = base, 2
            while candidate in taken:
                candidate, n = f"{base}-{n}", n + 1
            ident = YScalar(candidate, False, ident.pos if ident else start)
        taken.add(ident.text)
        put("id", ident)
        for name in ("abbr", "related"):
            node = text(name)
            if node is not None and node.text:
                put(name, self._list(node))
        for names in ("aliases", "search_keys"):
            langs = [(lang, text(f"{names}_{lang}")) for lang in ("ja", "en")]
            if any(node is not None and node.text for _, node in langs):
                put(names, self._pairs({lang: self._list(n) for lang, n in langs if n and n.text}, start))
        definition = {lang: c for lang in ("ja", "en") if (c := text(f"definition_{lang}")) is not None
                      and (c.text or lang == "ja")}
        put("definition", self._pairs(definition, start))
        notes = {lang: c for lang in ("ja", "en") if (c := text(f"note_{lang}")) is not None and c.text}
        if notes:
            put("note", self._pairs(notes, start))
        put("sources", self._citations(text("sources"), start))
        return out

    @staticmethod
    def _list(node: YScalar) -> YSeq:
        return YSeq([YScalar(v, False, node.pos) for v in LIST_SEP.split(node.text) if v], node.pos)

    @staticmethod
    def _pairs(values: Mapping[str, YNode], pos: Pos) -> YMap:
        out = YMap([], pos)
        for name, node in values.items():
            key = YScalar(name, False, node.pos)
            out.entries.append((key, node))
            out.index[name] = (key, node)
        return out

    def _citations(self, node: YScalar | None, start: Pos) -> YSeq:
        pos = node.pos if node is not None else start
        if node is not None and node.text:
            entries = [v for v in LIST_SEP.split(node.text) if v]
        elif self.defaults.source:
            entries = [f"{self.defaults.source}|{self.defaults.section or ''}"]
        else:
            entries = []
        cites: list[YNode] = []
        for entry in entries:
            sid, _, section = entry.partition("|")
            cites.append(self._pairs({"id": YScalar(sid.strip(), False, pos),
                                      "section": YScalar(section.strip(), False, pos)}, pos))
        return YSeq(cites, pos)


def too_many_cells(shown: str, number: int, row: list[str], width: int) -> Diagnostic | None:
    """The error for a row with text beyond the header's columns (a comma in an unquoted
    cell would otherwise silently cut the rest of the row), else None."""
    if not any(cell.strip() for cell in row[width:]):
        return None
    return Diagnostic(Pos(shown, number, width + 1), f"row has {len(row)} cells but the header "
                      f"has {width} columns (a comma inside a cell? put that cell in double quotes)")


def read_rows(path: Path, errors: list[Diagnostic]) -> tuple[list[list[str]], str] | None:
    """The rows of a CSV (or tab-separated) file and the encoding it was read in; None with
    an error for an unreadable, oversized or undecodable file."""
    shown = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        errors.append(Diagnostic(Pos(shown, 1, 1), f"cannot read file: {exc.strerror or exc}"))
        return None
    if len(data) > MAX_BYTES:
        errors.append(Diagnostic(Pos(shown, 1, 1), f"larger than {MAX_BYTES >> 20} MB; a term "
                                 "list is far smaller — is this the right file?"))
        return None
    decoded = decode(data)
    if decoded is None:
        errors.append(Diagnostic(Pos(shown, 1, 1), "file is neither UTF-8 nor Shift_JIS nor UTF-16; "
                                 "save it as UTF-8 (CSV UTF-8 in Excel)"))
        return None
    text, encoding = decoded
    if "\0" in text:  # the csv module cannot read past a NUL: report it where it is
        before = text[: text.index("\0")].split("\n")
        errors.append(Diagnostic(Pos(shown, len(before), len(before[-1]) + 1),
                                             "control character U+0000 in text"))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac endings
    first = text.split("\n", 1)[0]
    dialect = "excel-tab" if "\t" in first and "," not in first else "excel"
    rows = _rows(shown, text, dialect, errors)
    return None if errors else (rows, encoding)


def read_terms_csv(path: Path, defaults: Defaults, context: Sequence[Path],
                   keep: FileContent | None = None) -> ImportResult:
    """Terms from a CSV term list; `context` files (sources, glossary) resolve references.
    `keep` is the glossary being merged into: its ids resolve too, and rows may replace them."""
    result = ImportResult()
    shown = str(path)
    errors = result.diagnostics
    read = read_rows(path, errors)
    if read is None:
        return result
    rows, result.encoding = read
    columns = _columns(shown, rows[0] if rows else [], defaults, errors)
    if columns is None:
        return result
    reader = Reader(errors)
    builder = _RowBuilder(shown, columns, defaults)
    taken: set[str] = set()
    labels: dict[str, Bilingual] = {}  # category id → the label its rows give (category_ja/en)
    seen: dict[tuple[str, ...], int] = {}
    width = len(rows[0])
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if (extra := too_many_cells(shown, number, row, width)) is not None:
            errors.append(extra)
            continue
        key = tuple(cell.strip() for cell in row[:width])
        if key in seen:
            errors.append(Diagnostic(Pos(shown, number, 1), f"same as row {seen[key]}; "
                                     "imported once", "warning"))
            continue
        seen[key] = number
        term = reader.term(builder.build(number, row, taken))
        if term is not None:
            result.terms.append(term)
            label = _category_label(reader, row, columns, shown, number)
            if label is not None:
                labels.setdefault(term.category, label)
    if not rows[1:]:
        errors.append(Diagnostic(Pos(shown, 1, 1), "no rows under the header"))
    context_errors: list[Diagnostic] = []
    known = [c for c in (parse_file(p, context_errors) for p in context) if c is not None]
    if keep is not None:  # merging: the kept file's ids count, except those being replaced
        mine = {r.id for r in reader.defs}
        known.append(FileContent(keep.path, keep.kind, categories=keep.categories, defs=[
            r for r in keep.defs if not (r.kind == "term" and r.id in mine)]))
    defined = {cat.id for c in known for cat in c.categories}
    wanted = sorted({t.category for t in result.terms} - defined)
    result.new_categories = [Category(cid, labels.get(cid) or Bilingual(cid, cid)) for cid in wanted]
    new_defs = [Ref("category", c.id, Pos(shown, 1, 1)) for c in result.new_categories]
    check_ids([FileContent(shown, "glossary", defs=reader.defs + new_defs, refs=reader.refs)], known, errors)
    return result


def _category_label(reader: Reader, row: Sequence[str], columns: Mapping[int, str], shown: str,
                    number: int) -> Bilingual | None:
    """The label category_ja/category_en give a new category, checked like any text."""
    cells = {name: YScalar(unguard(row[i].strip()), False, Pos(shown, number, i + 1))
             for i, name in columns.items() if i < len(row) and name in ("category_ja", "category_en")}
    ja_cell, en_cell = cells.get("category_ja"), cells.get("category_en")
    if ja_cell is None or not ja_cell.text:
        return None
    ja = reader.text(ja_cell, "category_ja")
    en = reader.text(en_cell, "category_en") if en_cell is not None and en_cell.text else ""
    return Bilingual(ja, en) if ja is not None and en is not None else None


def _columns(
    shown: str, header: list[str], defaults: Defaults, errors: list[Diagnostic]
) -> dict[int, str] | None:
    columns: dict[int, str] = {}
    for i, raw in enumerate(header):
        name = COLUMN_NAMES.get(raw.strip().lower().replace(" ", "_"))
        if name is None:
            hint = did_you_mean(raw.strip().lower(), COLUMN_NAMES)
            errors.append(Diagnostic(Pos(shown, 1, i + 1), f"unknown column '{raw.strip()}'{hint}"))
        elif name in columns.values():
            errors.append(Diagnostic(Pos(shown, 1, i + 1), f"column '{raw.strip()}' repeats {name}"))
        else:
            columns[i] = name
    missing = [c for c in REQUIRED if c not in columns.values()]
    fallbacks = (("category", defaults.category, "--category"), ("evidence", defaults.evidence, "--evidence"),
                 ("sources", defaults.source, "--source"))
    for name, fallback, option in fallbacks:
        if name not in columns.values() and fallback is None:
            missing.append(f"{name} (or {option})")
    if missing:
        errors.append(Diagnostic(Pos(shown, 1, 1), "missing column(s): " + ", ".join(missing)))
    return None if errors else columns
