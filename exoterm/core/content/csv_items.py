"""Import quiz items written in a spreadsheet (CSV), checked by the same reader as YAML.

One row per item, one column per kind of answer — the columns `exoterm export --format
csv --what items` writes (see `exports.csv_table`):

- every item: id, type, prompt_ja, explanation_ja, sources (`id|section; …`), evidence;
  optional: section, case, prompt_en, explanation_en, terms, tags
- single / multi: `choice_a`, `choice_b`, … (Japanese text; `choice_a_en` for English) and
  `answer` (`a`; for multi `a; c` — `select` is the number of answers)
- truefalse: `answer` true/false (○/× and 正/誤 work too)
- typed: `answer` (Japanese), `answer_en`, `accept_ja`, `accept_en` (`;` lists), `strict`
- cloze: `text_ja`, `text_en` with [[blanks]], `readings` (`答え=こたえ; …`)
- matching: `left_ja`, `right_ja` (`;` lists, in pair order), `left_en`, `right_en`
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exoterm.core.content.csv_import import LIST_SEP, Defaults, read_rows, too_many_cells
from exoterm.core.content.diagnostics import Diagnostic, Pos, did_you_mean
from exoterm.core.content.loader import FileContent, check_ids, parse_file
from exoterm.core.content.models import QuizItem
from exoterm.core.content.reader import Reader
from exoterm.core.content.yamlnodes import YMap, YNode, YScalar, YSeq
from exoterm.core.csvcells import unguard

ITEM_COLUMN_NAMES: dict[str, str] = {
    "id": "id", "type": "type", "種類": "type", "形式": "type",
    "section": "section", "区分": "section", "case": "case", "事例": "case",
    "prompt_ja": "prompt_ja", "prompt": "prompt_ja", "問題": "prompt_ja", "問題文": "prompt_ja",
    "prompt_en": "prompt_en",
    "answer": "answer", "正解": "answer", "答え": "answer", "answer_en": "answer_en",
    "accept_ja": "accept_ja", "別解": "accept_ja", "accept_en": "accept_en", "strict": "strict",
    "unit_ja": "unit_ja", "unit": "unit_ja", "単位": "unit_ja", "unit_en": "unit_en",
    "tolerance": "tolerance", "許容誤差": "tolerance", "decimals": "decimals", "小数桁": "decimals",
    "text_ja": "text_ja", "text_en": "text_en", "readings": "readings",
    "left_ja": "left_ja", "right_ja": "right_ja", "left_en": "left_en", "right_en": "right_en",
    "explanation_ja": "explanation_ja", "explanation": "explanation_ja", "解説": "explanation_ja",
    "explanation_en": "explanation_en",
    "terms": "terms", "用語": "terms", "tags": "tags", "タグ": "tags",
    "sources": "sources", "出典": "sources", "evidence": "evidence", "根拠": "evidence",
}
CHOICE_COLUMN = re.compile(r"^(?:choice_|選択肢)([a-z0-9]+)(_en)?$")
REQUIRED = ("type", "prompt_ja", "explanation_ja")
TRUE_WORDS = {"true": "true", "false": "false", "○": "true", "〇": "true", "正": "true",
              "×": "false", "✕": "false", "誤": "false"}
_SPLIT = re.compile(r"\s*[;；]\s*")


def is_items_header(header: Sequence[str]) -> bool:
    """Whether a CSV header is an item list (it has a `type` column) rather than terms."""
    return any(ITEM_COLUMN_NAMES.get(_norm(h)) == "type" for h in header)


def _norm(name: str) -> str:
    return name.strip().lstrip("\ufeff").lower().replace(" ", "_")


@dataclass
class ItemImport:
    items: list[QuizItem] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    encoding: str = "utf-8"


class _ItemRow:
    """One CSV row as the node tree the same item would have in quiz.yaml."""

    def __init__(self, path: str, number: int, cells: dict[str, tuple[str, Pos]]) -> None:
        self.cells, self.start = cells, Pos(path, number, 1)
        self.out = YMap([], self.start)

    def cell(self, name: str) -> YScalar | None:
        """The cell as a quoted text (as in YAML's "…"), None when empty or absent."""
        value, pos = self.cells.get(name, ("", self.start))
        return YScalar(value, False, pos) if value else None

    def put(self, name: str, node: YNode | None) -> None:
        if node is not None:
            key = YScalar(name, False, node.pos)
            self.out.entries.append((key, node))
            self.out.index[name] = (key, node)

    def pairs(self, values: dict[str, YNode | None]) -> YMap | None:
        present = {k: v for k, v in values.items() if v is not None}
        if not present:
            return None
        first = next(iter(present.values()))
        out = YMap([], first.pos)
        for name, node in present.items():
            key = YScalar(name, False, node.pos)
            out.entries.append((key, node))
            out.index[name] = (key, node)
        return out

    def bilingual(self, name: str, ja: str, en: str) -> None:
        self.put(name, self.pairs({"ja": self.cell(ja), "en": self.cell(en)}))

    def listed(self, name: str) -> list[YScalar]:
        node = self.cell(name)
        if node is None:
            return []
        return [YScalar(v, False, node.pos) for v in _SPLIT.split(node.text) if v]

    def seq(self, name: str) -> YSeq | None:
        values = self.listed(name)
        return YSeq(list(values), values[0].pos) if values else None


def _build(row: _ItemRow, defaults: Defaults, choice_cols: dict[str, tuple[str, ...]]) -> YMap:
    for name in ("id", "type", "section", "case"):
        row.put(name, row.cell(name))
    evidence = row.cell("evidence")
    if evidence is None and defaults.evidence:
        evidence = YScalar(defaults.evidence, False, row.start)
    row.put("evidence", evidence)
    row.bilingual("prompt", "prompt_ja", "prompt_en")
    row.bilingual("explanation", "explanation_ja", "explanation_en")
    for name in ("terms", "tags"):
        row.put(name, row.seq(name))
    row.put("sources", _citations(row, defaults))
    qtype = row.cells.get("type", ("", row.start))[0]
    answer = row.cell("answer")
    if qtype in ("single", "multi"):
        choices = YMap([], row.start)
        for cid, (ja, en) in choice_cols.items():
            text = row.pairs({"ja": row.cell(ja), "en": row.cell(en) if en else None})
            if text is not None:
                key = YScalar(cid, False, text.pos)
                choices.entries.append((key, text))
                choices.index[cid] = (key, text)
        if choices.entries:
            row.put("choices", choices)
        ids = set(choices.index)
        plain = [YScalar(v.text, v.text.isdigit() and v.text not in ids, v.pos) for v in row.listed("answer")]
        if qtype == "single":
            row.put("answer", plain[0] if len(plain) == 1 else answer)
        elif plain:
            row.put("answers", YSeq(list(plain), plain[0].pos))
            row.put("select", YScalar(str(len(plain)), True, plain[0].pos))
    elif qtype == "truefalse" and answer is not None:
        word = TRUE_WORDS.get(answer.text.lower(), answer.text)
        row.put("answer", YScalar(word, True, answer.pos))
    elif qtype == "typed":
        row.bilingual("answer", "answer", "answer_en")
        row.put("accept", row.pairs({"ja": row.seq("accept_ja"), "en": row.seq("accept_en")}))
        strict = row.cell("strict")
        if strict is not None:
            row.put("strict", YScalar(strict.text.lower(), True, strict.pos))
    elif qtype == "cloze":
        row.bilingual("text", "text_ja", "text_en")
        readings = YMap([], row.start)
        for value in row.listed("readings"):
            blank, _, reading = value.text.partition("=")
            key = YScalar(blank.strip(), False, value.pos)
            readings.entries.append((key, YScalar(reading.strip(), False, value.pos)))
            readings.index[key.text] = readings.entries[-1]
        if readings.entries:
            row.put("readings", readings)
    elif qtype == "numeric":
        if answer is not None:  # a number as in YAML (unquoted), so the same checks apply
            row.put("answer", YScalar(answer.text, True, answer.pos))
        row.bilingual("unit", "unit_ja", "unit_en")
        for name in ("tolerance", "decimals"):
            cell = row.cell(name)
            if cell is not None:
                row.put(name, YScalar(cell.text, True, cell.pos))
    elif qtype == "matching":
        row.put("pairs", _pairs(row))
    return row.out


def _pairs(row: _ItemRow) -> YSeq | None:
    sides = {name: row.listed(name) for name in ("left_ja", "right_ja", "left_en", "right_en")}
    count = max(len(v) for v in sides.values())
    if count == 0:
        return None
    out: list[YNode] = []
    for n in range(count):
        at = {name: values[n] if n < len(values) else None for name, values in sides.items()}
        left = row.pairs({"ja": at["left_ja"], "en": at["left_en"]})
        right = row.pairs({"ja": at["right_ja"], "en": at["right_en"]})
        pair = row.pairs({"left": left, "right": right})
        if pair is not None:
            out.append(pair)
    return YSeq(out, out[0].pos) if out else None


def _citations(row: _ItemRow, defaults: Defaults) -> YSeq | None:
    node = row.cell("sources")
    entries = [v for v in _SPLIT.split(node.text) if v] if node is not None else (
        [f"{defaults.source}|{defaults.section or ''}"] if defaults.source else [])
    pos = node.pos if node is not None else row.start
    cites: list[YNode] = []
    for entry in entries:
        sid, _, section = entry.partition("|")
        cite = row.pairs({"id": YScalar(sid.strip(), False, pos),
                          "section": YScalar(section.strip(), False, pos)})
        if cite is not None:
            cites.append(cite)
    return YSeq(cites, pos) if node is not None or cites else None


def read_items_csv(path: Path, defaults: Defaults, context: Sequence[Path],
                   keep: FileContent | None = None) -> ItemImport:
    """Quiz items from a CSV; `context` files (sources, glossary, quiz) resolve references.
    `keep` is the quiz file being merged into: its ids resolve too, and rows may replace them."""
    result = ItemImport()
    shown, errors = str(path), result.diagnostics
    read = read_rows(path, errors)
    if read is None:
        return result
    rows, result.encoding = read
    header = rows[0] if rows else []
    columns, choice_cols = _columns(shown, header, errors)
    if columns is None:
        return result
    reader = Reader(errors)
    width = len(header)
    for number, raw in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        if (extra := too_many_cells(shown, number, raw, width)) is not None:
            errors.append(extra)
            continue
        cells = {name: (unguard(raw[i].strip()) if i < len(raw) else "", Pos(shown, number, i + 1))
                 for i, name in columns.items()}
        item = reader.item(_build(_ItemRow(shown, number, cells), defaults, choice_cols))
        if item is not None:
            result.items.append(item)
    if not rows[1:]:
        errors.append(Diagnostic(Pos(shown, 1, 1), "no rows under the header"))
    context_errors: list[Diagnostic] = []
    known = [c for c in (parse_file(p, context_errors) for p in context) if c is not None]
    if keep is not None:
        mine = {r.id for r in reader.defs}
        known.append(FileContent(keep.path, keep.kind, defs=[
            r for r in keep.defs if not (r.kind == "item" and r.id in mine)]))
    check_ids([FileContent(shown, "quiz", defs=reader.defs, refs=reader.refs)], known, errors)
    return result


def _columns(shown: str, header: list[str], errors: list[Diagnostic]
             ) -> tuple[dict[int, str] | None, dict[str, tuple[str, ...]]]:
    """Column index → field name, and choice id → (its ja column name, its en column name)."""
    columns: dict[int, str] = {}
    choices: dict[str, tuple[str, ...]] = {}
    for i, raw in enumerate(header):
        norm = _norm(raw)
        name = ITEM_COLUMN_NAMES.get(norm)
        choice = CHOICE_COLUMN.match(norm)
        if choice is not None:
            name = norm
            ja, en = choices.get(choice.group(1), ("", ""))
            choices[choice.group(1)] = (ja, norm) if choice.group(2) else (norm, en)
        if name is None:
            hint = did_you_mean(norm, ITEM_COLUMN_NAMES)
            errors.append(Diagnostic(Pos(shown, 1, i + 1), f"unknown column '{raw.strip()}'{hint}"))
        elif name in columns.values():
            errors.append(Diagnostic(Pos(shown, 1, i + 1), f"column '{raw.strip()}' repeats {name}"))
        else:
            columns[i] = name
    missing = [c for c in REQUIRED if c not in columns.values()]
    if missing:
        errors.append(Diagnostic(Pos(shown, 1, 1), "missing column(s): " + ", ".join(missing)))
    for cid, (ja, _) in choices.items():
        if not ja:
            errors.append(Diagnostic(Pos(shown, 1, 1), f"column choice_{cid}_en has no choice_{cid} "
                                     "(the Japanese text) beside it"))
    ordered = dict(sorted(choices.items(), key=lambda kv: (len(kv[0]), kv[0])))
    return (None if errors else columns), ordered


__all__ = ["LIST_SEP", "ItemImport", "is_items_header", "read_items_csv"]
