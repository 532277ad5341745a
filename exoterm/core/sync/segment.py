"""Sync segment files: one device's events, written once and never changed.

A segment is UTF-8 JSON lines: a header (format, version, device, sequence number), one
line per event, and a trailer holding the number of events and the SHA-256 of every byte
before it. A file without a matching trailer is incomplete (a sync tool is still copying
it, or the copy was cut short) and is read again next time; a header with a higher version
comes from a newer exoterm and is refused. Records of the wrong shape are left out and
named; the ranges of their values are the store's to check (`store/sync.py`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from exoterm.core import jsonsafe
from exoterm.core.jsonsafe import JsonError
from exoterm.errors import ExotermError

FORMAT = "exoterm-sync"
VERSION = 1
SUFFIX = ".jsonl"
MAX_SEGMENT = 512 << 20  # bytes; larger files are refused unread
_NAME = re.compile(r"^seg-(\d{8,})\.jsonl$")
_EVENT_ID = re.compile(r"^[0-9a-f]{32}$")
# what sync tools and editors leave while a file is not whole yet
_PARTIAL = (".tmp", ".part", ".partial", ".crdownload", "~")


class SegmentError(ExotermError):
    """A segment that cannot be read (now); `retry` when it may become readable."""

    retry = False


class IncompleteSegment(SegmentError):
    """No trailer, or one that does not match: still being copied, or cut short."""

    retry = True


class NewerSegment(SegmentError):
    """Written by a newer exoterm (a higher format version)."""

    retry = True


@dataclass(frozen=True, slots=True)
class Answer:
    """A review-log row (an answer, or a manual reset when kind is 4)."""

    uid: str
    card_id: str
    rating: int
    kind: int
    reviewed_ms: int
    duration_ms: int
    ivl_s: int
    last_ivl_s: int
    stability: float | None
    difficulty: float | None
    response: str | None
    correct: int | None
    fingerprint: str  # the card's content when it was answered


@dataclass(frozen=True, slots=True)
class Undo:
    """The answer `uid` was undone: it leaves every device's log."""

    uid: str


@dataclass(frozen=True, slots=True)
class SettingChange:
    """A shared setting set to `value` (its JSON text) at `changed_ms` on `device`."""

    key: str
    value: str
    changed_ms: int
    device: str


Event = Answer | Undo | SettingChange
_ANSWER_FIELDS: dict[str, tuple[type, ...]] = {
    "card_id": (str,), "rating": (int,), "kind": (int,), "reviewed_ms": (int,),
    "duration_ms": (int,), "ivl_s": (int,), "last_ivl_s": (int,),
    "stability": (int, float, type(None)), "difficulty": (int, float, type(None)),
    "response": (str, type(None)), "correct": (int, type(None)), "fingerprint": (str,),
}
_SETTING_FIELDS: dict[str, tuple[type, ...]] = {
    "key": (str,), "value": (str,), "changed_ms": (int,), "device": (str,)}


@dataclass(frozen=True, slots=True)
class Segment:
    device: str
    seq: int
    created_ms: int
    events: tuple[Event, ...]
    problems: tuple[str, ...] = field(default=())  # `line N: why` of records left out


def is_event_id(text: object) -> bool:
    return isinstance(text, str) and _EVENT_ID.match(text) is not None


def segment_name(seq: int) -> str:
    return f"seg-{seq:08d}{SUFFIX}"


def name_seq(name: str) -> int | None:
    """The sequence number in a segment's own file name (not in a conflict copy's)."""
    match = _NAME.match(name)
    return int(match.group(1)) if match else None


def readable_name(name: str) -> bool:
    """Whether a file in a device folder may be a whole segment: `*.jsonl`, not hidden
    (Syncthing's `.syncthing.*.tmp`, our own temporary files) and not a partial download."""
    return (name.endswith(SUFFIX) and not name.startswith((".", "~"))
            and not name.endswith(_PARTIAL))


def _event_line(event: Event) -> dict[str, Any]:
    if isinstance(event, Answer):
        return {"type": "answer", "event": event.uid,
                **{name: getattr(event, name) for name in _ANSWER_FIELDS}}
    if isinstance(event, Undo):
        return {"type": "undo", "event": event.uid}
    return {"type": "setting", **{name: getattr(event, name) for name in _SETTING_FIELDS}}


def encode(segment: Segment) -> bytes:
    """The file's bytes: header, events, trailer with the checksum."""
    header = {"format": FORMAT, "version": VERSION, "device": segment.device,
              "seq": segment.seq, "created_ms": segment.created_ms,
              "events": len(segment.events)}
    lines = [json.dumps(header, ensure_ascii=False)]
    lines += [json.dumps(_event_line(e), ensure_ascii=False) for e in segment.events]
    body = ("\n".join(lines) + "\n").encode("utf-8")
    trailer = {"type": "end", "events": len(segment.events),
               "sha256": hashlib.sha256(body).hexdigest()}
    return body + (json.dumps(trailer) + "\n").encode("utf-8")


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _header(data: bytes, name: str) -> dict[str, Any]:
    first = data.split(b"\n", 1)[0]
    try:
        header = jsonsafe.loads(first.decode("utf-8"))
    except (UnicodeDecodeError, JsonError) as err:
        if b"\n" not in data:
            raise IncompleteSegment(f"{name}: incomplete") from err
        raise SegmentError(f"{name}: not an exoterm sync segment") from err
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise SegmentError(f"{name}: not an exoterm sync segment")
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SegmentError(f"{name}: header: version must be a number")
    if version > VERSION:
        raise NewerSegment(f"{name}: written by a newer exoterm (sync format {version}; "
                           f"this one reads up to {VERSION}); update exoterm to read it")
    if not is_event_id(header.get("device")) or not _int(header.get("seq")) \
            or not _int(header.get("created_ms")):
        raise SegmentError(f"{name}: header: device, seq or created_ms is missing or wrong")
    return header


def _trailer(data: bytes, name: str) -> int:
    """The number of events the trailer promises, once the checksum matches."""
    if not data.endswith(b"\n"):
        raise IncompleteSegment(f"{name}: incomplete (cut short or still being copied)")
    cut = data.rfind(b"\n", 0, len(data) - 1) + 1
    try:
        trailer = jsonsafe.loads(data[cut:].decode("utf-8"))
    except ValueError:  # JsonError (deep nesting too), UnicodeDecodeError
        trailer = None
    if not isinstance(trailer, dict) or trailer.get("type") != "end" \
            or trailer.get("sha256") != hashlib.sha256(data[:cut]).hexdigest() \
            or not _int(trailer.get("events")):
        raise IncompleteSegment(f"{name}: incomplete (cut short or still being copied)")
    return int(trailer["events"])


def _fields(obj: dict[str, Any], spec: dict[str, tuple[type, ...]]) -> dict[str, Any]:
    unknown = sorted(set(obj) - set(spec) - {"type", "event"})
    if unknown:
        raise ValueError(f"{unknown[0][:40]}: unknown field")
    for name, types in spec.items():
        if name not in obj:
            raise ValueError(f"{name}: missing")
        value = obj[name]
        if isinstance(value, bool) or not isinstance(value, types):
            raise ValueError(f"{name}: wrong type of value ({type(value).__name__})")
    return {name: obj[name] for name in spec}


def _event(obj: object) -> Event:
    if not isinstance(obj, dict):
        raise ValueError("expected a JSON object")
    kind = obj.get("type")
    if kind == "setting":
        return SettingChange(**_fields(obj, _SETTING_FIELDS))
    if kind not in ("answer", "undo"):
        raise ValueError(f"type: unknown event type {str(kind)[:40]!r}")
    if not is_event_id(obj.get("event")):
        raise ValueError("event: must be an event id (32 hex digits)")
    if kind == "undo":
        _fields(obj, {})
        return Undo(obj["event"])
    values = _fields(obj, _ANSWER_FIELDS)
    for name in ("stability", "difficulty"):
        if values[name] is not None:
            values[name] = float(values[name])
    return Answer(obj["event"], **values)


def decode(data: bytes, name: str) -> Segment:
    """The segment in `data` (a file's bytes); SegmentError when it cannot be read."""
    if len(data) > MAX_SEGMENT:
        raise SegmentError(f"{name}: larger than {MAX_SEGMENT >> 20} MB; not read")
    # A git checkout may have turned the newlines into CRLF; the JSON itself never holds a
    # raw CR (json.dumps escapes it), so this gives back the bytes that were written.
    data = data.replace(b"\r\n", b"\n")
    header = _header(data, name)
    promised = _trailer(data, name)
    lines = data.split(b"\n")[1:-2]  # between header and trailer
    if len(lines) != promised or header.get("events") != promised:
        raise SegmentError(f"{name}: the number of events does not match its trailer")
    events: list[Event] = []
    problems: list[str] = []
    for number, raw in enumerate(lines, 2):
        try:
            events.append(_event(jsonsafe.loads(raw.decode("utf-8"))))
        except UnicodeDecodeError:
            problems.append(f"{name}:{number}: not UTF-8 text")
        except (JsonError, ValueError, TypeError) as err:
            problems.append(f"{name}:{number}: {err}")
    return Segment(header["device"], header["seq"], header["created_ms"], tuple(events),
                   tuple(problems))
