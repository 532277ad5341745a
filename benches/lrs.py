"""Benchmark: what the LRS outbox costs an answer, how much room it takes, and how fast
`exoterm lrs push` sends to a local Ralph LRS.

Run:  python benches/lrs.py [--answers 1000] [--dir DIR]
      python benches/lrs.py --smoke   (tiny sizes; ratios printed, not judged)

Measured on the shipped quiz items, each answer one durable transaction as in a session:

  answer  `Store.answer` with the statement built and written to the outbox, against the
          same call without an LRS (baseline: `answer without LRS`). Informational: building
          and writing a statement costs ~0.1 ms of CPU (measured with --dir /dev/shm),
          while the answer's fsync costs 1-7 ms on a disk
  outbox  bytes the outbox holds per 1,000 answers before a push, and after it
  push    statements per second `lrs push` sends to Ralph on 127.0.0.1, against POSTing
          the same statements in the same batches with one bare urllib call each
          (baseline: `bare POST`; the difference is reading the outbox and marking each
          batch sent in a durable transaction)

Ralph (ralph-malph, in the test extra) is started on a free port with its filesystem
backend by the tests' launcher (tests/unit/lrs_fixtures.py); without it, the push part is
skipped.
"""

from __future__ import annotations

import argparse
import base64
import json
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from exoterm.core.content import load_content, shipped_paths
from exoterm.core.quiz.present import question_for
from exoterm.core.srs.cards import list_cards
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import UNDO_DEPTH, Store
from exoterm.core.store.outbox import mark_sent, pending, set_lrs_setting, size_bytes
from exoterm.core.xapi.client import LrsClient
from exoterm.core.xapi.credentials import Credentials
from exoterm.core.xapi.push import BATCH, push, statement
from exoterm.core.xapi.recorder import StatementRecorder
from exoterm.core.xapi.setting import LrsSetting

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit"))  # the tests' Ralph launcher

from lrs_fixtures import PASSWORD, USER, ralph_command, started_ralph  # noqa: E402


def answer_times(folder: Path, answers: int) -> tuple[list[float], list[float], int]:
    """Seconds per answer without and with an LRS (schedule + log + undo [+ statement] in
    one durable transaction; the two stores answer in turn, so disk noise hits both), and
    the outbox's size in bytes afterwards."""
    deck = load_content(shipped_paths())
    items = [f"item:{i.id}" for i in deck.items]
    times: tuple[list[float], list[float]] = ([], [])
    with Store.open(folder / "without.sqlite3", daily_backup=False) as plain, \
            Store.open(folder / "with.sqlite3", daily_backup=False) as recorded:
        for store in (plain, recorded):
            store.sync_catalog(list_cards(deck, store.settings.directions))
        set_lrs_setting(recorded, LrsSetting("http://127.0.0.1:9/xAPI/").to_json())
        recorders = (StatementRecorder.for_store(plain, deck), StatementRecorder.for_store(recorded, deck))
        for n in range(answers):
            card = items[n % len(items)]
            question = question_for(deck, card, "ja", seed=n)
            for store in (plain, recorded) if n % 2 else (recorded, plain):
                side = 0 if store is plain else 1
                start = time.perf_counter()
                recorder = recorders[side]
                statement = None if recorder is None else recorder.statement(
                    question, "a", True, 3, 4200, 1_765_000_000_000 + n)
                store.answer(card, Rating.Good, response="a", correct=True, statement=statement)
                times[side].append(time.perf_counter() - start)
        return times[0], times[1], size_bytes(recorded)


def bare_post(url: str, batches: list[list[dict[str, object]]]) -> float:
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    start = time.perf_counter()
    for batch in batches:
        request = urllib.request.Request(url + "statements", data=json.dumps(batch).encode(), method="POST",
                                         headers={"Authorization": f"Basic {token}",
                                                  "Content-Type": "application/json",
                                                  "X-Experience-API-Version": "1.0.3"})
        urllib.request.urlopen(request, timeout=30).close()
    return time.perf_counter() - start


def push_rates(folder: Path, answers: int) -> tuple[float, float, int] | None:
    """(statements/s by `push`, statements/s by bare POSTs of the same statements, outbox
    bytes left after the push)."""
    if ralph_command() is None:
        return None
    with started_ralph(folder / "ralph") as server:
        url = server.url
        deck = load_content(shipped_paths())
        setting = LrsSetting(url)
        results: list[float] = []
        left = 0
        list(LrsClient(url, Credentials(USER, PASSWORD)).statements({"limit": "1"}))  # warm-up
        for label in ("bare", "push"):
            with Store.open(folder / f"push-{label}.sqlite3", daily_backup=False) as store:
                store.sync_catalog(list_cards(deck, store.settings.directions))
                set_lrs_setting(store, setting.to_json())
                recorder = StatementRecorder.for_store(store, deck)
                assert recorder is not None
                items = [f"item:{i.id}" for i in deck.items]
                for n in range(answers):
                    card = items[n % len(items)]
                    question = question_for(deck, card, "ja", seed=n)
                    store.answer(card, Rating.Good, response="a", correct=True, statement=recorder.statement(
                        question, "a", True, 3, 4200, 1_765_000_000_000 + n))
                if label == "bare":
                    rows = pending(store, answers)
                    statements = [statement(r, setting) for r in rows]
                    batches = [statements[i:i + BATCH] for i in range(0, len(statements), BATCH)]
                    seconds = bare_post(url, batches)
                    mark_sent(store, [r.id for r in rows], 0)
                else:
                    start = time.perf_counter()
                    report = push(store, LrsClient(url, Credentials(USER, PASSWORD)), setting)
                    seconds = time.perf_counter() - start
                    assert report.error is None and report.sent == answers, report
                    left = size_bytes(store)
            results.append(answers / seconds)
        return results[1], results[0], left


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1000)
    parser.add_argument("--dir", type=Path, help="folder for the databases (default: a temporary one)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, ratios printed, not judged")
    args = parser.parse_args(argv)
    answers = 20 if args.smoke else args.answers
    folder = Path(tempfile.mkdtemp(prefix="exoterm-bench-lrs-", dir=args.dir))
    try:
        without, with_lrs, outbox = answer_times(folder, answers)
        base, ours = statistics.median(without), statistics.median(with_lrs)
        print(f"answer  p50 {ours * 1e3:.3f} ms with LRS outbox vs {base * 1e3:.3f} ms "
              f"(baseline: answer without LRS): ratio {ours / base:.2f}")
        print(f"outbox  {outbox / answers * 1000 / 1024:.0f} KB per 1,000 answers waiting to be sent")
        rates = push_rates(folder, answers)
        if rates is None:
            print("push    skipped: ralph-malph is not installed (pip install -e '.[test]')")
        else:
            pushed, bare, left = rates
            print(f"outbox  {left / 1024:.1f} KB after the push (ids kept while the last "
                  f"{UNDO_DEPTH} steps can be undone)")
            print(f"push    {pushed:.0f} statements/s to local Ralph vs {bare:.0f}/s "
                  f"(baseline: bare POST of the same batches): ratio {bare / pushed:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
