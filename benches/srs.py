"""Benchmark: exoterm's SRS store against Anki's scheduler, side by side, same deck.

The baseline is the `anki` package (Anki's Rust scheduler), bench-only and NOT a
project dependency; install it with:

    pip install anki

Run:  python benches/srs.py [--terms 10000] [--reviews 100000] [--answers 200]
      python benches/srs.py --smoke   (tiny sizes, a second or two; ratios printed, not judged)
      python benches/srs.py --dir /dev/shm   (RAM disk: compares CPU cost without fsync)

Both sides are compared at equal durability: each answer is one committed transaction
with one fsync of the WAL before the call returns. exoterm's store uses journal_mode=WAL,
synchronous=FULL (its default; see store/database.py); Anki's collection is WAL with
synchronous=FULL too, and `answer_card` commits every answer: strace -e fsync,fdatasync
shows exactly one fsync per answer_card on both sides (an earlier count of 59 per 100
came from a queue that ran dry: get_queued_cards found nothing to answer). The bench
reads both connections' journal mode and synchronous level and judges the answer ratio
only when they match. On a RAM disk (--dir /dev/shm) the fsync costs nothing, which
compares CPU cost alone; --sync NORMAL measures the `durability normal` setting (not
equal durability: not judged against Anki).

Both sides are used as a learner uses them, under the same conditions:
- Opened fresh: after seeding, both databases are closed and opened again, so both
  start with an empty WAL file, as when the app starts.
- Each answer is preceded, untimed, by that side's step that shows the card: Anki's
  `get_queued_cards` + `build_answer` (which gives the four buttons' next states), and
  exoterm's `Store.preview` (which the app calls to label the rating keys). Only the
  answer call is timed. (Before, exoterm's answer followed the previous fsync directly,
  with nothing in between, while Anki's followed its own card step.)
- First answers, then steady: while a WAL file is still growing, each commit's fsync
  also writes the file's new size (~100 us more on ext4); once the WAL has wrapped
  (after its 1000-page checkpoint) commits overwrite it in place. How many answers that
  takes depends on the pages an answer writes (Anki ~11, exoterm ~7), so both sides give
  "first answers" (timed, printed, not judged) until both WAL files stopped growing; the
  judged ratio is the steady state after them. (Before, exoterm's WAL had been grown by
  the seeding import while Anki's started empty: Anki's first ~90 answers paid the
  growth inside the judged p50.)
- What the timed calls do differs by design: Anki's `answer_card` applies the next state
  its card step computed; exoterm's answer schedules (fsrs) inside the call, as the goal
  asks. `benches/srs_floor.py` splits exoterm's answer into its SQL and the Python
  around it.

Both sides get the same generated collection: 10,000 terms x 3 card directions =
30,000 cards, of which the first two thirds have 5 reviews each (100,000 review-log
rows) and FSRS memory states, due from 10 days ago to 60 days ahead. Measured (p50):

  answer  exoterm `Store.answer` (schedule + log + undo, one durable committed
          transaction) vs Anki `col.sched.answer_card`, steady state (goal: ratio <= 1.0);
          also printed: the first answers after opening, and exoterm's answer without
          the preview before it (not judged)
  queue   exoterm `Store.queue` vs Anki `col.sched.get_queued_cards`, each rebuilt
          from the database every time (goal: ratio <= 1.0)

Prints the ratios (exoterm / Anki). Without anki installed, only exoterm's half runs.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.core.content.models import Bilingual, Citation, Deck, Term
from exoterm.core.srs.cards import CardInfo, list_cards
from exoterm.core.srs.clock import SystemClock, to_ms
from exoterm.core.srs.scheduler import Phase, Rating, ReviewKind
from exoterm.core.store import Store
from exoterm.core.store.transfer import export_lines, import_progress

if TYPE_CHECKING:  # anki is optional: imported where used
    from anki.collection import Collection

DIRECTIONS = ("ja>en", "en>ja", "reading")
DAY_MS = 86_400_000
SMOKE = {"terms": 200, "reviews": 500, "answers": 20, "queue_runs": 5, "first_max": 20}
SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
ROUNDS = 10  # the two sides alternate in this many rounds of answers and queue builds
FIRST_ROUND = 20  # answers per side per round while the WAL files grow


@dataclass(frozen=True)
class Plan:
    """One card's generated state, applied identically to both sides."""

    reviewed: bool
    due_days: int  # days from today (negative = overdue)
    ivl: int
    stability: float
    difficulty: float
    reps: int
    lapses: int


def make_deck(n_terms: int) -> Deck:
    cite = (Citation("bench", "s"),)
    terms = tuple(
        Term(f"t{i}", f"細胞外小胞{i}", f"さいぼうがいしょうほう{i}", f"vesicle {i}", "c",
             Bilingual("定義", "definition"), cite, "established")
        for i in range(n_terms)
    )
    return Deck(terms=terms)


def make_plans(n_cards: int, n_reviews: int, rng: random.Random) -> list[Plan]:
    reviewed = min(n_cards, n_reviews // 5)
    plans = []
    for i in range(n_cards):
        if i < reviewed:
            s = rng.lognormvariate(2.5, 1.0)
            ivl = max(1, round(s))
            plans.append(Plan(True, rng.randint(-10, 60), ivl, s, rng.uniform(2, 9), 5,
                              rng.randint(0, 1)))
        else:
            plans.append(Plan(False, 0, 0, 0.0, 0.0, 0, 0))
    return plans


def p50(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def spread(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=10)
    return f"(p10 {q[0] * 1000:.3f}, p90 {q[-1] * 1000:.3f})"


def time_calls(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


# exoterm -----------------------------------------------------------------------------
def progress_lines(store: Store, cards: Sequence[CardInfo], plans: list[Plan]) -> list[str]:
    """The generated progress as an `exoterm progress export` file (JSON lines).

    The bench fills the store through the store's own import rather than SQL, so it never
    restates the table layout: card lines start from the store's own export of the synced
    catalog and only their scheduling fields are set; review lines name the fields of the
    export format, which import keeps accepting as the schema grows (fields added later
    take their defaults).
    """
    exported = [json.loads(line) for line in export_lines(store)]
    header, synced = exported[0], {o["id"]: o for o in exported if o.get("type") == "card"}
    now_ms = to_ms(datetime.now(timezone.utc))
    card_lines, review_lines = [], []
    rid = now_ms - 400 * DAY_MS
    for info, plan in zip(cards, plans, strict=True):
        if not plan.reviewed:
            continue
        due = now_ms + plan.due_days * DAY_MS
        last = due - plan.ivl * DAY_MS
        card = dict(synced[info.id], state=int(Phase.REVIEW), step=None,
                    stability=plan.stability, difficulty=plan.difficulty, due_ms=due,
                    last_review_ms=last, reps=plan.reps, lapses=plan.lapses)
        card_lines.append(json.dumps(card, ensure_ascii=False))
        for k in range(plan.reps):
            rid += 1
            review_lines.append(json.dumps({
                "type": "review", "id": rid, "card_id": info.id, "rating": int(Rating.Good),
                "ivl_s": plan.ivl * 86400, "last_ivl_s": 86400 * k,
                "stability": plan.stability, "difficulty": plan.difficulty,
                "duration_ms": 4000, "kind": int(ReviewKind.REVIEW if k else ReviewKind.LEARN),
                "reviewed_ms": last - (4 - k) * DAY_MS}, ensure_ascii=False))
    return [json.dumps(header), *card_lines, *review_lines]


def build_exoterm(folder: Path, deck: Deck, plans: list[Plan],
                  sync: str = "") -> tuple[Store, list[str]]:
    """The seeded store, closed and opened again (an empty WAL, as when the app starts),
    and the cards its answers go to: today's due reviews in order, each once, as Anki's
    queue gives them (the review limit is raised to list them, as for Anki's answers: see
    anki_answers, and set back for the queue builds). `sync` then overrides the
    synchronous level (last: saving settings re-applies the durability setting)."""
    path = folder / "progress.sqlite3"
    with Store.open(path, clock=SystemClock(), daily_backup=False) as store:
        cards = list_cards(deck, DIRECTIONS)
        store.sync_catalog(cards)
        report = import_progress(store, progress_lines(store, cards, plans),
                                 "generated progress")
        limit = store.settings.reviews_per_day
        store.save_settings(replace(store.settings, reviews_per_day=99_999))
        targets = list(store.queue().review) or list(store.queue().cards)
        store.save_settings(replace(store.settings, reviews_per_day=limit))
    reviewed = sum(p.reviewed for p in plans)
    if (report.cards_updated, report.reviews_added) != (reviewed, sum(p.reps for p in plans)):
        raise SystemExit(f"seeding the store went wrong: {report}")
    store = Store.open(path, clock=SystemClock(), daily_backup=False)
    if sync:
        store.conn.execute(f"PRAGMA synchronous = {sync}")
    return store, targets


def exoterm_queues(store: Store, runs: int) -> list[float]:
    return time_calls(store.queue, runs)


def exoterm_answers(store: Store, targets: Sequence[str], first: int, n: int,
                    show: bool = True) -> list[float]:
    """Time `n` Good answers, cycling through `targets` from index `first`; with `show`,
    each after the card's preview (untimed), as the app shows a card before its answer."""
    answer_times = []
    for i in range(first, first + n):
        card = targets[i % len(targets)]
        if show:
            store.preview(card)
        t = time.perf_counter()
        store.answer(card, Rating.Good, duration_ms=3000)
        answer_times.append(time.perf_counter() - t)
    return answer_times


# anki --------------------------------------------------------------------------------
def build_anki(folder: Path, n_terms: int, plans: list[Plan]) -> Collection:
    from anki.collection import AddNoteRequest, Collection

    col = Collection(str(folder / "collection.anki2"))
    col.set_config("fsrs", True)
    models = col.models
    model = models.new("exoterm-bench")
    for name in ("ja", "en", "reading"):
        models.add_field(model, models.new_field(name))
    for i in range(len(DIRECTIONS)):
        tmpl = models.new_template(f"card {i}")
        tmpl["qfmt"] = ("{{ja}}", "{{en}}", "読み: {{ja}}")[i]
        tmpl["afmt"] = "{{" + ("en", "ja", "reading")[i] + "}}"
        models.add_template(model, tmpl)
    models.add(model)
    added, deck_id, db = models.by_name("exoterm-bench"), col.decks.id("Default"), col.db
    assert added is not None and deck_id is not None and db is not None
    requests = []
    for i in range(n_terms):
        note = col.new_note(added)
        note["ja"], note["en"], note["reading"] = f"細胞外小胞{i}", f"vesicle {i}", f"よみ{i}"
        requests.append(AddNoteRequest(note=note, deck_id=deck_id))
    col.add_notes(requests)
    card_ids = db.list("SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid "
                       "ORDER BY n.id, c.ord")
    today = col.sched.today
    now_ms = int(time.time() * 1000)
    card_rows, log_rows = [], []
    rid = now_ms - 400 * DAY_MS
    for cid, plan in zip(card_ids, plans, strict=True):
        if not plan.reviewed:
            continue
        data = json.dumps({"s": round(plan.stability, 4), "d": round(plan.difficulty, 4),
                           "dr": 0.9})
        card_rows.append((2, 2, today + plan.due_days, plan.ivl, plan.reps, plan.lapses, data,
                          cid))
        for k in range(plan.reps):
            rid += 1
            log_rows.append((rid, cid, -1, 3, plan.ivl, k, 0, 4000, 1 if k else 0))
    db.executemany("UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, reps = ?, "
                   "lapses = ?, data = ? WHERE id = ?", card_rows)
    db.executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, "
                   "type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", log_rows)
    col.close()  # commit, then reopen as a learner would
    return Collection(str(folder / "collection.anki2"))


def anki_queues(col: Collection, runs: int) -> list[float]:
    from anki.decks import DeckId
    from anki.scheduler.v3 import Scheduler

    sched = col.sched
    assert isinstance(sched, Scheduler)
    config = col.decks.config_dict_for_deck_id(DeckId(1))
    queue_times = []
    for _ in range(runs):
        # Anki caches its queues; saving the deck options (unchanged) makes it rebuild them.
        col.decks.update_config(config)
        t = time.perf_counter()
        sched.get_queued_cards(fetch_limit=1)
        queue_times.append(time.perf_counter() - t)
    return queue_times


def anki_answers(col: Collection, n: int, answered: int) -> list[float]:
    """Time `n` Good answers to the cards Anki's queue gives, one after the other
    (`answered`: how many the bench gave before)."""
    from anki.cards import Card
    from anki.scheduler.v3 import CardAnswer, Scheduler

    sched = col.sched
    assert isinstance(sched, Scheduler)
    answer_times = []
    # Anki gives no more reviews once today's limit (200, as exoterm's) is used up, while
    # the bench answers more (the first answers, then --answers): the limit is raised for
    # these answers (custom study's "increase today's review limit") and lowered again
    # after, so the queue builds between rounds see what is really left. (exoterm's side
    # answers its due reviews listed with a raised limit: see build_exoterm.)
    extra = answered + n
    sched.extend_limits(0, extra)
    for _ in range(n):
        queued = sched.get_queued_cards(fetch_limit=1).cards[0]
        card = Card(col)
        card._load_from_backend_card(queued.card)
        card.start_timer()
        answer = sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
        t = time.perf_counter()
        sched.answer_card(answer)
        answer_times.append(time.perf_counter() - t)
    sched.extend_limits(0, -extra)
    return answer_times


def wal_size(database: Path) -> int:
    wal = database.with_name(database.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def first_answers(store: Store, col: Collection | None, targets: Sequence[str],
                  folder: Path, most: int) -> tuple[list[float], list[float]]:
    """The answers after opening, while a WAL file still grows: rounds of FIRST_ROUND
    answers per side until neither side's WAL grew in a round (or `most` answers each).
    Returns both sides' times (printed, not judged)."""
    exo: list[float] = []
    anki: list[float] = []
    anki_db = folder / "anki" / "collection.anki2"
    while len(exo) < most:
        n = min(FIRST_ROUND, most - len(exo))
        sizes = (wal_size(store.path), wal_size(anki_db))
        exo += exoterm_answers(store, targets, len(exo), n)
        if col is not None:
            anki += anki_answers(col, n, len(anki))
        if (wal_size(store.path), wal_size(anki_db)) == sizes:
            break
    return exo, anki


def shares(total: int, parts: int) -> list[int]:
    """`total` split into `parts` near-equal whole shares."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--queue-runs", type=int, default=15)
    parser.add_argument("--first-max", type=int, default=1000,
                        help="at most this many first answers per side (until the WALs wrap)")
    parser.add_argument("--sync", choices=("NORMAL", "FULL"), default="",
                        help="override exoterm's synchronous setting (default: the store's)")
    parser.add_argument("--dir", type=Path, default=None,
                        help="put both databases under DIR (e.g. /dev/shm: a RAM disk takes "
                             "fsync out of the comparison); default: the system temp folder, "
                             "with --smoke /dev/shm when present")
    parser.add_argument("--smoke", action="store_true",
                        help=f"tiny sizes ({SMOKE}), same code paths; times are not judged")
    args = parser.parse_args()
    if args.smoke:
        for name, value in SMOKE.items():
            setattr(args, name, value)
        if args.dir is None and Path("/dev/shm").is_dir():
            args.dir = Path("/dev/shm")  # a busy disk's fsync waits would dominate tiny runs
    rng = random.Random(20251)
    deck = make_deck(args.terms)
    n_cards = len(list_cards(deck, DIRECTIONS))
    plans = make_plans(n_cards, args.reviews, rng)
    print(f"deck: {args.terms} terms, {n_cards} cards, {sum(p.reps for p in plans)} log rows")
    try:
        import anki  # noqa: F401
        with_anki = True
    except ImportError:
        with_anki = False
    with tempfile.TemporaryDirectory(prefix="exoterm-srs-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        (folder / "exo").mkdir()
        start = time.perf_counter()
        store, targets = build_exoterm(folder / "exo", deck, plans, args.sync)
        exo_built = time.perf_counter() - start
        sync = (SYNCHRONOUS[store.conn.execute("PRAGMA synchronous").fetchone()[0]] + ", "
                + str(store.conn.execute("PRAGMA journal_mode").fetchone()[0]).upper())
        col = anki_sync = None
        if with_anki:
            (folder / "anki").mkdir()
            start = time.perf_counter()
            col = build_anki(folder / "anki", args.terms, plans)
            anki_built = time.perf_counter() - start
            assert col.db is not None
            anki_sync = (SYNCHRONOUS[col.db.scalar("PRAGMA synchronous")] + ", "
                         + str(col.db.scalar("PRAGMA journal_mode")).upper())
        # The sides take turns, round by round (who goes first alternates), so a change of
        # load on a shared machine (or of a shared disk's fsync latency) hits both alike.
        exo_first, anki_first = first_answers(store, col, targets, folder, args.first_max)
        rounds = max(1, min(ROUNDS, args.answers, args.queue_runs))
        exo_answer: list[float] = []
        exo_bare: list[float] = []
        exo_queue: list[float] = []
        anki_answer: list[float] = []
        anki_queue: list[float] = []
        for turn, (n_answers, n_queues) in enumerate(zip(shares(args.answers, rounds),
                                                         shares(args.queue_runs, rounds),
                                                         strict=True)):
            for side in ("exo", "anki") if turn % 2 == 0 else ("anki", "exo"):
                if side == "exo":
                    exo_queue += exoterm_queues(store, n_queues)
                    done = len(exo_first) + len(exo_answer) + len(exo_bare)
                    exo_answer += exoterm_answers(store, targets, done, n_answers)
                    exo_bare += exoterm_answers(store, targets, done + n_answers, n_answers,
                                                show=False)
                elif col is not None:
                    anki_queue += anki_queues(col, n_queues)
                    anki_answer += anki_answers(col, n_answers,
                                                len(anki_first) + len(anki_answer))
        store.close()
        if col is not None:
            col.close()
    print(f"exoterm  answer p50 {p50(exo_answer):7.3f} ms {spread(exo_answer)}   "
          f"queue p50 {p50(exo_queue):7.3f} ms   (synchronous={sync}; "
          f"seeded by import in {exo_built:.1f} s)")
    print(f"         first {len(exo_first)} answers after opening p50 "
          f"{p50(exo_first):7.3f} ms; steady without the preview before each "
          f"{p50(exo_bare):7.3f} ms")
    if not with_anki:
        print("anki is not installed (pip install anki): baseline skipped, no ratios")
        return 0
    print(f"anki     answer p50 {p50(anki_answer):7.3f} ms {spread(anki_answer)}   "
          f"queue p50 {p50(anki_queue):7.3f} ms   (synchronous={anki_sync}; "
          f"built in {anki_built:.1f} s)")
    print(f"         first {len(anki_first)} answers after opening p50 "
          f"{p50(anki_first):7.3f} ms")
    answer_ratio = p50(exo_answer) / p50(anki_answer)
    queue_ratio = p50(exo_queue) / p50(anki_queue)
    smoke = "smoke sizes" if args.smoke else ""
    unequal = "" if sync == anki_sync else f"durability {sync} vs {anki_sync}"
    print(f"ratio answer {answer_ratio:.2f} (goal <= 1.00 at equal durability): "
          f"{verdict(answer_ratio, 1.0, smoke or unequal)}")
    print(f"ratio queue  {queue_ratio:.2f} (goal <= 1.00): {verdict(queue_ratio, 1.0, smoke)}")
    return 0


def verdict(ratio: float, goal: float, why_not: str) -> str:
    """"ok" or "MISSED", or why the ratio is not judged."""
    if why_not:
        return f"not judged ({why_not})"
    return "ok" if ratio <= goal else "MISSED"

if __name__ == "__main__":
    sys.exit(main())
