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

from exoterm.core.analysis import Response
from exoterm.core.csvcells import guard, unguard
from exoterm.errors import ExotermError

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


def _choices(response: str) -> tuple[str, ...]:
    parts = tuple(response.split())
    return parts if parts and all(p.isalnum() and p.isascii() and p.islower() for p in parts) else ()


def _read_jsonl(path: Path, text: str) -> list[Response]:
    lines = [line for line in text.splitlines() if line.strip()]
    try:
        header = json.loads(lines[0]) if lines else None
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ExotermError(f"{path}:1: not an exoterm results file (no `{FORMAT}` header)")
    if header.get("version") != VERSION:
        raise ExotermError(f"{path}:1: results format version {header.get('version')!r} is not "
                           f"supported (this exoterm reads version {VERSION}); export it again")
    learner = str(header.get("learner") or path.stem)
    out = []
    for number, line in enumerate(lines[1:], start=2):
        try:
            row = json.loads(line)
            out.append(Response(learner, str(row["item"]), bool(row["correct"]),
                                _choices(str(row.get("response", "")))))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ExotermError(f"{path}:{number}: unreadable results row ({exc})") from exc
    return out


def _read_csv(path: Path, text: str) -> list[Response]:
    reader = csv.DictReader(io.StringIO(text))
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
                            _choices(row.get("response") or "")))
    return out


def read_results(paths: Sequence[Path]) -> list[Response]:
    """All responses in `paths` (JSON lines or CSV, told apart by their first character)."""
    out: list[Response] = []
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise ExotermError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise ExotermError(f"{path}: not UTF-8 text; results files are written as UTF-8") from exc
        reader = _read_jsonl if text.lstrip().startswith("{") else _read_csv
        out.extend(reader(path, text))
    if not out:
        raise ExotermError("no answers in the given results files")
    return out
