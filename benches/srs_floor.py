"""Diagnostic for the SRS bench: how much of exoterm's answer is its SQL, against Anki.

`benches/srs.py` judges `Store.answer` against Anki's `answer_card` (same deck, same
durability, same conditions). This splits exoterm's side: the same transaction's SQL
statements alone (BEGIN IMMEDIATE, the card read with its soundness check, the log row,
the undo record, the card update, COMMIT with its fsync), with every value computed
before the clock starts, as `reviews.answer` computes them. What is left between that and
the whole answer is Python: the scheduler (fsrs and its wrapper) and the glue around the
SQL. Nothing is judged: it shows where a goal for the answer can and cannot be met.

Run:  python benches/srs_floor.py [--terms 10000] [--reviews 100000] [--answers 200]
      python benches/srs_floor.py --smoke   (tiny sizes; prints, judges nothing)
      python benches/srs_floor.py --dir /dev/shm   (RAM disk: CPU cost alone)
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import srs  # noqa: E402

from exoterm.core.srs.cards import list_cards  # noqa: E402
from exoterm.core.srs.clock import to_ms  # noqa: E402
from exoterm.core.srs.scheduler import Rating  # noqa: E402
from exoterm.core.store import Store, cards, reviews  # noqa: E402

SMOKE = {"terms": 200, "reviews": 500, "answers": 20, "first_max": 20}
ROUNDS = 10


def sql_alone(store: Store, card_id: str) -> float:
    """Time `reviews.answer`'s statements for a Good answer to `card_id`, its values
    (schedule, rows) computed before the clock starts."""
    conn = store.conn
    when = store.now()
    before, current = cards.read_card(conn, card_id)
    outcome = store.scheduler.answer(current, Rating.Good, when)
    row = (*cards.state_to_row(outcome.state), *before[8:], card_id)
    ivl, last = round(outcome.interval.total_seconds()), round(current.interval.total_seconds())
    start = time.perf_counter()
    with store.write():
        cards.read_card(conn, card_id)
        rid = reviews._log(conn, card_id, int(Rating.Good), ivl, last, outcome.state, 3000,
                           outcome.kind, to_ms(when))
        reviews._journal(conn, "answer", card_id, rid)
        conn.execute(cards.UPDATE_CARD, row)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--first-max", type=int, default=1000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        for name, value in SMOKE.items():
            setattr(args, name, value)
        if args.dir is None and Path("/dev/shm").is_dir():
            args.dir = Path("/dev/shm")
    try:
        import anki  # noqa: F401
        with_anki = True
    except ImportError:
        with_anki = False
    deck = srs.make_deck(args.terms)
    plans = srs.make_plans(len(list_cards(deck, srs.DIRECTIONS)), args.reviews,
                           random.Random(20251))
    with tempfile.TemporaryDirectory(prefix="exoterm-srs-floor-", dir=args.dir) as tmp:
        folder = Path(tmp)
        (folder / "exo").mkdir()
        store, targets = srs.build_exoterm(folder / "exo", deck, plans)
        col = None
        if with_anki:
            (folder / "anki").mkdir()
            col = srs.build_anki(folder / "anki", args.terms, plans)
        # as srs.py: both opened fresh, first answers until both WALs stopped growing
        exo_first, anki_first = srs.first_answers(store, col, targets, folder, args.first_max)
        done, anki_done = len(exo_first), len(anki_first)
        whole: list[float] = []
        alone: list[float] = []
        anki_times: list[float] = []
        for n in srs.shares(args.answers, max(1, min(ROUNDS, args.answers))):
            whole += srs.exoterm_answers(store, targets, done, n)
            alone += [sql_alone(store, targets[(done + n + k) % len(targets)]) for k in range(n)]
            done += 2 * n
            if col is not None:
                anki_times += srs.anki_answers(col, n, anki_done)
                anki_done += n
        store.close()
        if col is not None:
            col.close()
    print(f"exoterm  answer p50 {srs.p50(whole):7.3f} ms; its SQL alone {srs.p50(alone):7.3f} ms "
          f"(the rest, Python: {srs.p50(whole) - srs.p50(alone):6.3f} ms)")
    if not anki_times:
        print("anki is not installed (pip install anki): baseline skipped, no ratios")
        return 0
    base = srs.p50(anki_times)
    print(f"anki     answer_card p50 {base:7.3f} ms")
    print(f"ratios to Anki's answer_card: exoterm's answer {srs.p50(whole) / base:.2f}, "
          f"its SQL alone {srs.p50(alone) / base:.2f} (nothing judged)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
