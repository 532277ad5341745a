"""The answer path schedules exactly as it did: a fixed sequence of answers, undos, resets,
suspensions and cram answers gives the recorded outcomes, card rows and log rows bit for bit
(floats compared exactly). Guards speed work on `Store.answer` against any drift in due
times, stability or difficulty.

The record (tests/data/answer_golden.json) was made before the answer path was tuned.
Regenerate it only when scheduling is meant to change:
    python tests/unit/test_answer_golden.py > tests/data/answer_golden.json
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from srs_fixtures import T0, deck, open_store

from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.scheduler import Rating

GOLDEN = Path(__file__).parent.parent / "data" / "answer_golden.json"
DECK = deck(n_terms=4, n_items=2)
CARDS = ["term:t0:ja>en", "term:t0:reading", "term:t1:en>ja", "term:t2:def>term",
         "term:t3:ja>en", "item:q0", "item:q1", "unknown:card"]
# the log's columns without uid (random) and synced
LOG = ("id, card_id, rating, ivl_s, last_ivl_s, stability, difficulty, duration_ms, kind, "
       "reviewed_ms, response, correct")


def trace() -> dict[str, Any]:
    """Run the fixed sequence; every outcome, then every card row and log row."""
    rng = random.Random(20251205)
    clock = FixedClock(T0)
    steps: list[list[Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp), clock, synced=DECK)
        for n in range(600):
            # minutes to days between steps: learning steps, same-day and long gaps
            clock.advance(timedelta(minutes=rng.choice(
                (0, 1, 5, 11, 90, 60 * 20, 60 * 24 * rng.randint(1, 90)))))
            card = rng.choice(CARDS)
            roll = rng.random()
            if roll < 0.04:
                steps.append(["undo", store.undo()])
            elif roll < 0.06:
                store.reset_card(card)
                steps.append(["reset", card])
            elif roll < 0.08:
                store.suspend(card, rng.random() < 0.5)
                steps.append(["suspend", card])
            else:
                rating = rng.choice(list(Rating))
                cram = roll < 0.12
                done = store.answer(card, rating, duration_ms=n * 37, cram=cram,
                                    response="a" if n % 3 else None,
                                    correct=None if n % 2 else bool(n % 4))
                o, s = done.outcome, done.outcome.state
                steps.append(["answer", card, int(rating), cram, done.revlog_id,
                              o.interval.total_seconds(), int(o.kind), int(s.phase), s.step,
                              s.stability, s.difficulty, None if s.due is None else
                              s.due.isoformat(), None if s.last_review is None else
                              s.last_review.isoformat(), s.reps, s.lapses])
        conn = store.conn
        cards = [list(r) for r in conn.execute("SELECT * FROM cards ORDER BY id")]
        log = [list(r) for r in conn.execute(f"SELECT {LOG} FROM revlog ORDER BY id")]
        store.close()
    return {"steps": steps, "cards": cards, "log": log}


def test_answers_schedule_exactly_as_recorded() -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(trace()))  # tuples as lists, as recorded
    for n, (step, want) in enumerate(zip(got["steps"], expected["steps"], strict=True)):
        assert step == want, f"step {n}"
    assert got["cards"] == expected["cards"]
    assert got["log"] == expected["log"]


if __name__ == "__main__":
    record = trace()  # one step or row per line, so a diff shows what moved
    sys.stdout.write("{\n" + ",\n".join(
        f"{json.dumps(key)}: [\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]"
        for key, rows in record.items()) + "\n}\n")
