"""Subprocess for the crash and concurrency tests: answers cards and reports each commit.

Usage: python store_worker.py DB COUNT SEED — prints "saved <revlog id>" after every commit.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store


def main() -> None:
    db, count, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    with Store.open(db, daily_backup=False) as store:
        cards = [r[0] for r in store.conn.execute("SELECT id FROM cards ORDER BY position")]
        print("ready", flush=True)
        for _ in range(count):
            answered = store.answer(rng.choice(cards), Rating(rng.randint(1, 4)),
                                    duration_ms=rng.randint(500, 9000))
            print(f"saved {answered.revlog_id}", flush=True)


if __name__ == "__main__":
    main()
