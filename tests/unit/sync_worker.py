"""Subprocess for the sync crash test: syncs a profile and stops at a chosen point.

Usage: python sync_worker.py DB DIR POINT — POINT is `write` (while the segment's
temporary file is written), `renamed` (the segment is in place, the database not yet
told) or `merge` (inside the transaction merging other devices' segments). At that point
it prints "at POINT" and waits for stdin forever, for the test to kill it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from exoterm.core import fileio
from exoterm.core.store import Store
from exoterm.core.store import sync as store_sync
from exoterm.core.sync.folder import sync


def stop(point: str) -> None:
    print(f"at {point}", flush=True)
    sys.stdin.readline()
    raise SystemExit("stdin closed before the kill")


def main() -> None:
    db, folder, point = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    if point == "write":
        real_write = fileio._os_write

        def write(fd: int, data: Any) -> int:
            written = real_write(fd, data[: len(data) // 2])
            stop(point)
            return written

        fileio._os_write = write
    elif point == "renamed":
        fileio._sync_folder = lambda folder: stop(point)
    else:
        store_sync._replay = lambda *args, **kwargs: stop(point)  # type: ignore[assignment]
    with Store.open(db, daily_backup=False) as store:
        sync(store, folder)
    print("finished", flush=True)


if __name__ == "__main__":
    main()
