"""Results files: one learner's answers per item, as JSON lines or CSV, for `exoterm analyze`.

JSON lines start with a header object (`format`, `version`, `learner`); CSV files carry
`format_version` and `learner` columns. A file of another format or version is refused
with a one-line error rather than misread.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from exoterm.core import jsonsafe
from exoterm.core.analysis import Response
from exoterm.core.csvcells import guard, unguard
from exoterm.errors import ExotermError

MAX_BYTES = 64 << 20  # a results file larger than this is not one
FORMAT = "exoterm-results"
VERSION = 1
CSV_COLUMNS = ("format_version", "learner", "item", "card", "answered_at", "correct", "response",
               "rating", "duration_ms")


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


def to_jsonl(learner: str, rows: Iterable[ResultRow]) -> str:
    lines = [json.dumps({"format": FORMAT, "version": VERSION, "learner": learner}, ensure_ascii=False)]
    for r in rows:
        lines.append(json.dumps({
            "item": r.item, "card": r.card, "answered_at": r.answered_at, "correct": r.correct,
            "response": r.response, "rating": r.rating, "duration_ms": r.duration_ms,
        }, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def to_csv(learner: str, rows: Iterable[ResultRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([guard(str(cell)) for cell in (
            VERSION, learner, r.item, r.card, r.answered_at, int(r.correct), r.response, r.rating,
            r.duration_ms)])
    return out.getvalue()


def choice_ids(response: str) -> tuple[str, ...]:
    """The option ids in a stored response (`b`, `a c`), else () (typed text, pairs)."""
    parts = tuple(response.split())
    return parts if parts and all(p.isalnum() and p.isascii() and p.islower() for p in parts) else ()


def _row(path: Path, number: int, line: str, learner: str) -> Response:
    """One JSON-lines answer, every field checked (`file:line: field: why` otherwise)."""
    where = f"{path}:{number}"
    try:
        row = jsonsafe.loads(line)
    except jsonsafe.JsonError as err:
        raise ExotermError(f"{where}: {err}") from err
    if not isinstance(row, dict):
        raise ExotermError(f"{where}: expected a JSON object")
    item, correct, response = row.get("item"), row.get("correct"), row.get("response", "")
    if not isinstance(item, str) or not item:
        raise ExotermError(f"{where}: item: must be an item id")
    if not isinstance(correct, bool):
        raise ExotermError(f"{where}: correct: must be true or false, not {correct!r:.40}")
    if not isinstance(response, str):
        raise ExotermError(f"{where}: response: must be text")
    return Response(learner, item, correct, choice_ids(response))


def _read_jsonl(path: Path, text: str) -> list[Response]:
    lines = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    try:
        header = jsonsafe.loads(lines[0][1]) if lines else None
    except jsonsafe.JsonError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ExotermError(f"{path}:1: not an exoterm results file (no `{FORMAT}` header)")
    if header.get("version") != VERSION:
        raise ExotermError(f"{path}:1: results format version {header.get('version')!r} is not "
                           f"supported (this exoterm reads version {VERSION}); export it again")
    learner = str(header.get("learner") or path.stem)
    return [_row(path, number, line, learner) for number, line in lines[1:]]


def _read_csv(path: Path, text: str) -> list[Response]:
    try:
        return _read_csv_rows(path, text)
    except csv.Error as err:
        raise ExotermError(f"{path}: not a readable CSV file ({err})") from err


def _read_csv_rows(path: Path, text: str) -> list[Response]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or ()
    missing = [c for c in ("format_version", "learner", "item", "correct") if c not in columns]
    if missing:
        raise ExotermError(f"{path}:1: not an exoterm results CSV (missing columns: {', '.join(missing)})")
    out = []
    for number, raw in enumerate(reader, start=2):
        row = {key: unguard(value) if isinstance(value, str) else value for key, value in raw.items()}
        if row["format_version"] != str(VERSION):
            raise ExotermError(f"{path}:{number}: results format version {row['format_version']!r} is not "
                               f"supported (this exoterm reads version {VERSION}); export it again")
        if row["correct"] not in ("0", "1"):
            raise ExotermError(f"{path}:{number}: column `correct` must be 0 or 1, not {row['correct']!r}")
        out.append(Response(row["learner"], row["item"], row["correct"] == "1",
                            choice_ids(row.get("response") or "")))
    return out


def read_results(paths: Sequence[Path]) -> list[Response]:
    """All responses in `paths` (JSON lines or CSV, told apart by their first character)."""
    out: list[Response] = []
    for path in paths:
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
        reader = _read_jsonl if text.lstrip().startswith("{") else _read_csv
        out.extend(reader(path, text))
    if not out:
        raise ExotermError("no answers in the given results files")
    return out
