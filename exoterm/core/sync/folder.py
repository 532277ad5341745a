"""`exoterm sync DIR`: exchange events with other devices through a folder they share.

Layout: `DIR/<device-id>/seg-00000001.jsonl`, … — each device writes only into its own
folder, only new files, each written whole (temporary file + rename, `fileio`), and
never changes or deletes a file; so a sync tool never has a conflict to resolve, and a
conflict copy it makes anyway is read like any other segment (events count once).
Every other file is read once it is whole; this device's own files are read too when
they are new to the database (a restored backup gets back what it had shared).
Blocking: call from a worker thread in the app.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from exoterm.core.fileio import write_file
from exoterm.core.store import sync as store_sync
from exoterm.core.store.database import Database
from exoterm.core.store.sync import Incoming, MergeReport, Written
from exoterm.core.sync.segment import (
    MAX_SEGMENT,
    Segment,
    SegmentError,
    decode,
    encode,
    name_seq,
    readable_name,
    segment_name,
)
from exoterm.errors import ExotermError


@dataclass
class SyncReport:
    """What one sync did: read, wrote, skipped (and why)."""

    device: str
    merged: MergeReport
    written: Written | None
    waiting: list[str] = field(default_factory=list)  # incomplete or newer: read later
    refused: list[str] = field(default_factory=list)  # not segments at all, too large
    newer: bool = False  # a segment needs a newer exoterm


def _scan(folder: Path, seen: dict[str, int]) -> list[tuple[str, Path, int]]:
    """(path in the folder, file, size) of every segment file not yet read at this size."""
    found = []
    for device in sorted(os.scandir(folder), key=lambda e: e.name):
        if device.name.startswith(".") or not device.is_dir():
            continue
        for entry in sorted(os.scandir(device.path), key=lambda e: e.name):
            if not readable_name(entry.name) or not entry.is_file():
                continue
            rel = f"{device.name}/{entry.name}"
            try:
                size = entry.stat().st_size
            except OSError:
                continue  # gone meanwhile (a sync tool renamed it): next time
            if seen.get(rel) != size:
                found.append((rel, Path(entry.path), size))
    return found


def _read(rel: str, path: Path, size: int, report: SyncReport) -> Incoming | None:
    if size > MAX_SEGMENT:
        report.refused.append(f"{rel}: larger than {MAX_SEGMENT >> 20} MB; not read")
        return None
    try:
        data = path.read_bytes()
        return rel, len(data), decode(data, rel)
    except OSError as err:
        report.waiting.append(f"{rel}: cannot read ({err.strerror or err}); tried again next time")
    except SegmentError as err:
        (report.waiting if err.retry else report.refused).append(str(err))
        report.newer = report.newer or "newer exoterm" in str(err)
    return None


def _own_seq(own: Path) -> int:
    """One more than the highest sequence number already in this device's folder."""
    try:
        names = os.listdir(own)
    except FileNotFoundError:
        return 1
    return max((name_seq(n) or 0 for n in names), default=0) + 1


def _writer(own: Path) -> Callable[[Segment], tuple[str, int]]:
    def write(segment: Segment) -> tuple[str, int]:
        data = encode(segment)
        target = own / segment_name(segment.seq)
        try:
            own.mkdir(exist_ok=True)
        except OSError as err:
            raise ExotermError(f"cannot create {own}: {err.strerror or err}") from err
        if target.exists():  # never replace a file in the shared folder
            raise ExotermError(f"{target} exists already; sync again")
        write_file(target, data)
        return f"{own.name}/{target.name}", len(data)

    return write


def sync(db: Database, folder: Path) -> SyncReport:
    """Read every whole segment not yet read, then write this device's new events."""
    if not folder.is_dir():
        raise ExotermError(f"sync folder {folder} does not exist (or is not a folder); "
                           f"create it, or mount the drive that holds it")
    device = store_sync.device_id(db)
    report = SyncReport(device, MergeReport(), None)
    try:
        found = _scan(folder, store_sync.seen_files(db))
    except OSError as err:
        raise ExotermError(f"cannot read sync folder {folder}: {err.strerror or err}") from err
    incoming = [seg for rel, path, size in found if (seg := _read(rel, path, size, report))]
    report.merged = store_sync.merge(db, incoming)
    own = folder / device
    report.written = store_sync.publish(db, _writer(own), _own_seq(own))
    return report
