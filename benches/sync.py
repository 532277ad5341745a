"""Benchmark: `exoterm sync` of 100,000 review-log rows split over two devices.

Two profiles (devices A and B) each hold half the rows: 5 answers per card, and half of
each device's cards were also answered on the other device (offline on both), so merging
replays merged logs. Measured, in order, on a fresh shared folder:

  sync A      writes A's 50,000 events (nothing to read yet)
  sync B      reads and merges A's segment (replaying every touched card), writes B's
  sync A      reads and merges B's segment
  sync again  both devices once more: nothing new, the steady-state cost of a sync

Baseline, measured in the same run: `progress export` of both profiles (the same 100,000
rows written as JSON lines to a file). Prints the times and the ratio sync / export.
Run:  python benches/sync.py [--rows 100000] [--dir /dev/shm]
      python benches/sync.py --smoke   (2,000 rows; ratios printed, not judged)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from exoterm.core.fileio import open_output
from exoterm.core.srs.clock import SystemClock, to_ms
from exoterm.core.store import Store
from exoterm.core.store.transfer import export_lines, export_progress, import_progress
from exoterm.core.sync.folder import sync

DAY_MS = 86_400_000
REPS = 5


def seed(store: Store, device: int, cards: int, rows: int, rng: random.Random) -> None:
    """Give `store` `rows` answers over its cards (ids shared with the other device for
    half of them), as a progress import in one transaction."""
    header = next(iter(export_lines(store)))
    now = to_ms(datetime.now(timezone.utc))
    lines = [header]
    per_device = rows // REPS
    first = device * per_device // 2  # half of the cards overlap with the other device
    for n in range(first, first + per_device):
        card = f"term:t{n % cards}:ja>en"
        lines.append(json.dumps({
            "type": "card", "id": card, "state": 2, "step": None, "stability": 10.0,
            "difficulty": 5.0, "due_ms": now + DAY_MS, "last_review_ms": now - DAY_MS,
            "reps": REPS, "lapses": 0, "fingerprint": "", "content_fp": "", "suspended": 0,
            "present": 1, "position": n, "sibling": ""}))
        start = now - 200 * DAY_MS + device * 3_600_000
        for k in range(REPS):
            lines.append(json.dumps({
                "type": "review", "id": start + k * 30 * DAY_MS + n, "card_id": card,
                "rating": rng.randint(1, 4), "ivl_s": 86400 * k, "last_ivl_s": 0,
                "stability": 3.0, "difficulty": 5.0, "duration_ms": 4000, "kind": 1 if k else 0,
                "reviewed_ms": start + k * 30 * DAY_MS + n}))
    report = import_progress(store, lines, "generated")
    if report.reviews_added != per_device * REPS:
        raise SystemExit(f"seeding went wrong: {report}")


CPU = [0.0]  # processor time of the timed calls (the machine may be busy with others)


def timed(call: object, *args: object) -> tuple[float, object]:
    start, cpu = time.perf_counter(), time.process_time()
    result = call(*args)  # type: ignore[operator]
    CPU[0] += time.process_time() - cpu
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--rows", type=int, default=100_000, help="review-log rows in all")
    parser.add_argument("--dir", type=Path, default=None, help="work under DIR (e.g. /dev/shm)")
    parser.add_argument("--smoke", action="store_true", help="2,000 rows; times not judged")
    args = parser.parse_args()
    if args.smoke:
        args.rows = 2_000
    rng = random.Random(19)
    cards = args.rows // REPS // 2 * 3 // 2  # distinct cards over both devices
    with tempfile.TemporaryDirectory(prefix="exoterm-sync-bench-", dir=args.dir) as tmp:
        root = Path(tmp)
        shared = root / "shared"
        shared.mkdir()
        stores = []
        for device in (0, 1):
            store = Store.open(root / f"d{device}" / "progress.sqlite3", clock=SystemClock(),
                               daily_backup=False)
            seed(store, device, cards, args.rows // 2, rng)
            stores.append(store)
        rows = sum(len(store.conn.execute("SELECT id FROM revlog").fetchall()) for store in stores)
        export = 0.0
        CPU[0] = 0.0
        for n, store in enumerate(stores):
            with open_output(root / f"export-{n}.jsonl") as out:
                spent, _ = timed(export_progress, store, out)
            export += spent
        export_cpu, CPU[0] = CPU[0], 0.0
        a, b = stores
        steps = [("sync A (write)", a), ("sync B (merge + write)", b), ("sync A (merge)", a)]
        total = 0.0
        for name, store in steps:
            spent, report = timed(sync, store, shared)
            total += spent
            merged, written = report.merged, report.written  # type: ignore[attr-defined]
            print(f"{name:24s} {spent:7.2f} s   read {merged.answers} answers, rescheduled "
                  f"{merged.rescheduled} cards, wrote {written.answers if written else 0}")
        sync_cpu = CPU[0]
        again = sum(timed(sync, store, shared)[0] for store in stores)
        same = [s.conn.execute("SELECT id, state, step, stability, difficulty, due_ms, "
                               "last_review_ms, reps, lapses FROM cards ORDER BY id").fetchall()
                for s in stores]
        merged = len(a.conn.execute("SELECT id FROM revlog").fetchall())
        for store in stores:
            store.close()
    if same[0] != same[1] or merged != rows:
        print(f"devices differ after sync ({merged} of {rows} rows)", file=sys.stderr)
        return 1
    smoke = " (smoke sizes: not judged)" if args.smoke else ""
    print(f"rows {rows} over 2 devices, {cards} cards; both devices end identical")
    print(f"baseline progress export of the same rows  {export:7.2f} s   (CPU {export_cpu:.2f} s)")
    print(f"sync, three steps to converge              {total:7.2f} s   (CPU {sync_cpu:.2f} s, "
          f"{rows / total:,.0f} rows/s)")
    print(f"sync again with nothing new (both)         {again:7.3f} s")
    print(f"ratio sync / export {total / export:.2f} (CPU {sync_cpu / export_cpu:.2f}){smoke}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
