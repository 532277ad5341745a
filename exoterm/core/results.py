"""Results files: one learner's answers per item, as JSON lines or CSV, for `exoterm analyze`.

JSON lines start with a header object (`format`, `version`, `learner`); since version 2,
`{"record": "item", …}` lines say what analysis needs about each answered item (its type,
its options with their texts, the key), and answer lines are `{"record": "answer", …}`.
CSV files carry `format_version` and `learner` columns, and (version 2) `type`, `key` and
`choices` (the options as JSON) on every row. Version 1 files are still read. A file of
another format or version is refused with a one-line error rather than misread.

Reading many files (`read_results`) merges a learner's answers that appear in more than one
file (a later export repeats the earlier ones) and refuses two files that claim one learner
but disagree about the same attempt.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exoterm.core import jsonsafe
from exoterm.core.analysis import CHOICE_TYPES, ChoiceText, ItemInfo, Response
from exoterm.core.content.cloze import Blank, parse_cloze
from exoterm.core.content.models import ClozeBody, MultiBody, QuizItem, SingleBody, TrueFalseBody, TypedBody
from exoterm.core.csvcells import guard, unguard
from exoterm.core.textsafety import visible
from exoterm.errors import ExotermError

MAX_BYTES = 64 << 20  # a results file larger than this is not one
FORMAT = "exoterm-results"
VERSION = 2
READABLE_VERSIONS = (1, 2)
CSV_COLUMNS = ("format_version", "learner", "item", "card", "answered_at", "correct", "response",
               "rating", "duration_ms", "type", "key", "choices")
TRUE_FALSE = (ChoiceText("true", "○ 正しい", "true"), ChoiceText("false", "× 誤り", "false"))


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One answer as exported: `response` holds choice ids (joined by spaces) or typed text."""

    item: str
    card: str
    answered_at: str
    correct: bool
    response: str
    rating: int
    duration_ms: int


def item_info(item: QuizItem) -> ItemInfo:
    """What analysis needs about `item`: its type, options with their texts, and the key
    (choice ids; for typed items the answer, for cloze the first answer of each blank)."""
    body = item.body
    if isinstance(body, SingleBody | MultiBody):
        options = tuple(ChoiceText(c.id, c.ja, c.en) for c in body.choices)
        key = (body.answer,) if isinstance(body, SingleBody) else tuple(body.answers)
        return ItemInfo(item.type, options, key)
    if isinstance(body, TrueFalseBody):
        return ItemInfo(item.type, TRUE_FALSE, ("true" if body.answer else "false",))
    if isinstance(body, TypedBody):
        return ItemInfo(item.type, (), tuple(dict.fromkeys((body.answer.ja, body.answer.en))))
    if isinstance(body, ClozeBody):
        return ItemInfo(item.type, (), tuple(p.answers[0] for p in parse_cloze(body.text.ja)
                                             if isinstance(p, Blank)))
    return ItemInfo(item.type)


def info_json(info: ItemInfo) -> dict[str, Any]:
    return {"type": info.type, "key": list(info.key),
            "choices": [{"id": c.id, "ja": c.ja, "en": c.en} for c in info.options]}


def to_jsonl(learner: str, rows: Iterable[ResultRow], items: Mapping[str, ItemInfo] | None = None) -> str:
    """The file: header, one line per answered item that `items` describes, one per answer."""
    rows = list(rows)
    lines = [jsonsafe.dumps({"format": FORMAT, "version": VERSION, "learner": learner})]
    described = dict.fromkeys(r.item for r in rows if r.item in (items or {}))
    for item in described:
        assert items is not None
        lines.append(jsonsafe.dumps({"record": "item", "item": item, **info_json(items[item])}))
    for r in rows:
        lines.append(jsonsafe.dumps({
            "record": "answer", "item": r.item, "card": r.card, "answered_at": r.answered_at,
            "correct": r.correct, "response": r.response, "rating": r.rating,
            "duration_ms": r.duration_ms,
        }))
    return "\n".join(lines) + "\n"


def to_csv(learner: str, rows: Iterable[ResultRow], items: Mapping[str, ItemInfo] | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        info = (items or {}).get(r.item)
        described = info_json(info) if info is not None else {"type": "", "key": [], "choices": []}
        choices = jsonsafe.dumps(described["choices"]) if described["choices"] else ""
        # a control character a learner typed is written visible (`\u001b`), as in review
        writer.writerow([guard(visible(str(cell))) for cell in (
            VERSION, learner, r.item, r.card, r.answered_at, int(r.correct), r.response, r.rating,
            r.duration_ms, described["type"], " ".join(described["key"]), choices)])
    return out.getvalue()


# -- reading ----------------------------------------------------------------------------


@dataclass
class ResultsFile:
    """One file's answers and item descriptions."""

    path: Path
    responses: list[Response] = field(default_factory=list)
    items: dict[str, ItemInfo] = field(default_factory=dict)


def _choices(response: str) -> tuple[str, ...]:
    parts = tuple(response.split())
    return parts if parts and all(p.isalnum() and p.isascii() and p.islower() for p in parts) else ()


def response_for(learner: str, item: str, correct: bool, response: str, answered_at: str,
                 path: Path | str, info: ItemInfo | None) -> Response:
    """Choice ids for choice items, typed text for the others (guessed for version 1 files)."""
    if info is not None and info.type:
        if info.type in CHOICE_TYPES:
            return Response(learner, item, correct, _choices(response), "", answered_at, str(path))
        return Response(learner, item, correct, (), response.strip(), answered_at, str(path))
    choices = _choices(response)
    text = "" if choices or response.strip() == "?" else response.strip()
    return Response(learner, item, correct, choices, text, answered_at, str(path))


def _text_field(row: Mapping[str, Any], name: str, where: str, *, required: bool = False) -> str:
    value = row.get(name, "")
    if not isinstance(value, str) or (required and not value):
        raise ExotermError(f"{where}: {name}: must be {'an item id' if name == 'item' else 'text'}")
    return value


def item_info_from(row: Mapping[str, Any], where: str) -> ItemInfo:
    """An item description from a JSON line (or a CSV row's columns), every field checked."""
    qtype, key, choices = row.get("type", ""), row.get("key", []), row.get("choices", [])
    if not isinstance(qtype, str):
        raise ExotermError(f"{where}: type: must be text")
    if not isinstance(key, list) or not all(isinstance(k, str) for k in key):
        raise ExotermError(f"{where}: key: must be a list of choice ids")
    if not isinstance(choices, list):
        raise ExotermError(f"{where}: choices: must be a list")
    options = []
    for choice in choices:
        texts = ("id", "ja", "en")
        if not isinstance(choice, dict) or not all(isinstance(choice.get(k), str) for k in texts):
            raise ExotermError(f"{where}: choices: each must be {{\"id\", \"ja\", \"en\"}} texts")
        options.append(ChoiceText(choice["id"], choice["ja"], choice["en"]))
    return ItemInfo(qtype, tuple(options), tuple(key))


def _read_jsonl(path: Path, text: str) -> ResultsFile:
    lines = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    try:
        header = jsonsafe.loads(lines[0][1]) if lines else None
    except jsonsafe.JsonError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ExotermError(f"{path}:1: not an exoterm results file (no `{FORMAT}` header)")
    if header.get("version") not in READABLE_VERSIONS:
        raise ExotermError(f"{path}:1: results format version {header.get('version')!r} is not "
                           f"supported (this exoterm reads versions 1 and {VERSION}); export it again")
    learner = str(header.get("learner") or path.stem)
    out = ResultsFile(path)
    answers: list[tuple[str, dict[str, Any]]] = []
    for number, line in lines[1:]:
        where = f"{path}:{number}"
        try:
            row = jsonsafe.loads(line)
        except jsonsafe.JsonError as err:
            raise ExotermError(f"{where}: {err}") from err
        if not isinstance(row, dict):
            raise ExotermError(f"{where}: expected a JSON object")
        record = row.get("record", "answer")
        if record == "item":
            out.items[_text_field(row, "item", where, required=True)] = item_info_from(row, where)
        elif record == "answer":
            answers.append((where, row))
        else:
            raise ExotermError(f"{where}: record: must be \"item\" or \"answer\", not {record!r:.40}")
    for where, row in answers:
        item = _text_field(row, "item", where, required=True)
        correct = row.get("correct")
        if not isinstance(correct, bool):
            raise ExotermError(f"{where}: correct: must be true or false, not {correct!r:.40}")
        response = _text_field(row, "response", where)
        answered_at = _text_field(row, "answered_at", where)
        out.responses.append(response_for(learner, item, correct, response, answered_at, path,
                                       out.items.get(item)))
    return out


def _read_csv(path: Path, text: str) -> ResultsFile:
    try:
        return _read_csv_rows(path, text)
    except csv.Error as err:
        raise ExotermError(f"{path}: not a readable CSV file ({err})") from err


def _csv_item_info(row: Mapping[str, str], where: str) -> ItemInfo | None:
    if not row.get("type"):
        return None
    try:
        choices = jsonsafe.loads(row["choices"]) if row.get("choices") else []
    except jsonsafe.JsonError as err:
        raise ExotermError(f"{where}: column `choices`: {err}") from err
    return item_info_from({"type": row["type"], "key": (row.get("key") or "").split(),
                           "choices": choices}, where)


def _read_csv_rows(path: Path, text: str) -> ResultsFile:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or ()
    missing = [c for c in ("format_version", "learner", "item", "correct") if c not in columns]
    if missing:
        raise ExotermError(f"{path}:1: not an exoterm results CSV (missing columns: {', '.join(missing)})")
    out = ResultsFile(path)
    for number, raw in enumerate(reader, start=2):
        row = {key: unguard(value) if isinstance(value, str) else "" for key, value in raw.items()
               if isinstance(key, str)}
        where = f"{path}:{number}"
        if row["format_version"] not in {str(v) for v in READABLE_VERSIONS}:
            raise ExotermError(f"{where}: results format version {row['format_version']!r} is not "
                               f"supported (this exoterm reads versions 1 and {VERSION}); export it again")
        if row["correct"] not in ("0", "1"):
            raise ExotermError(f"{where}: column `correct` must be 0 or 1, not {row['correct']!r}")
        info = _csv_item_info(row, where)
        if info is not None:
            out.items.setdefault(row["item"], info)
        out.responses.append(response_for(row["learner"], row["item"], row["correct"] == "1",
                                       row.get("response") or "", row.get("answered_at") or "", path, info))
    return out


def read_file(path: Path) -> ResultsFile:
    """One results file (JSON lines or CSV, told apart by the first character)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ExotermError(f"{path}: larger than {MAX_BYTES >> 20} MB; not a results file")
        text = data.decode("utf-8-sig")
    except OSError as exc:
        raise ExotermError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ExotermError(f"{path}: not UTF-8 text; results files are written as UTF-8") from exc
    return (_read_jsonl if text.lstrip().startswith("{") else _read_csv)(path, text)


@dataclass
class Results:
    """Every learner's answers from many files, each answer once, and what the files say
    about the items; `repeated` counts answers found in more than one file."""

    responses: list[Response]
    items: dict[str, ItemInfo]
    repeated: int = 0

    @property
    def learners(self) -> int:
        return len({r.learner for r in self.responses})


def _attempts(responses: Iterable[Response]) -> dict[str, list[Response]]:
    by_item: dict[str, list[Response]] = {}
    for r in responses:
        by_item.setdefault(r.item, []).append(r)
    return by_item


def _same(a: Response, b: Response) -> bool:
    return (a.answered_at, a.correct, a.choices, a.text) == (b.answered_at, b.correct, b.choices, b.text)


def combine(files: Sequence[ResultsFile]) -> Results:
    """All files' answers, a learner's answers that two files both hold counted once.

    Two files claiming one learner must agree on every attempt both hold (the n-th answer to
    an item): a later export repeats the earlier one's answers exactly, while two people
    exporting under one name do not — that is refused, naming both files."""
    kept: dict[tuple[str, str], tuple[Path, list[Response]]] = {}  # (learner, item) → longest
    repeated = 0
    for f in files:
        by_learner: dict[str, list[Response]] = {}
        for r in f.responses:
            by_learner.setdefault(r.learner, []).append(r)
        for learner, mine in by_learner.items():
            for item, attempts in _attempts(mine).items():
                seen = kept.get((learner, item))
                if seen is None:
                    kept[(learner, item)] = (f.path, attempts)
                    continue
                other_path, other = seen
                for n, (a, b) in enumerate(zip(other, attempts, strict=False), start=1):
                    if not _same(a, b):
                        raise ExotermError(
                            f"{other_path} and {f.path} both claim learner '{learner}' but differ on "
                            f"item '{item}' (answer {n}); if they are two learners, export again "
                            "with a --learner of their own")
                repeated += min(len(other), len(attempts))
                if len(attempts) > len(other):
                    kept[(learner, item)] = (f.path, attempts)
    items: dict[str, ItemInfo] = {}
    for f in files:
        for item, info in f.items.items():
            items.setdefault(item, info)
    responses = [r for _, attempts in kept.values() for r in attempts]
    return Results(responses, items, repeated)


def read_results(paths: Sequence[Path]) -> Results:
    """All answers in `paths`, combined (see `combine`)."""
    results = combine([read_file(path) for path in paths])
    if not results.responses:
        raise ExotermError("no answers in the given results files")
    return results
