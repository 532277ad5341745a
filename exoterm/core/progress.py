"""Learner statistics from the progress store: what is due, how well it is remembered
(the queries are `store.stats`; this module turns them into numbers per day and category).

"Due" has the queue's one definition (`store.queue`): learning cards due within the
learn-ahead window plus reviews due today; "new" is what today's limit still allows.
"Mature" follows Anki: a review card whose stability is at least 21 days. True retention
is the share of review-state answers (not learning steps) that were not "Again".
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from exoterm.core.quiz.intervals import next_due_text
from exoterm.core.srs.cards import list_cards
from exoterm.core.srs.clock import day_start, to_ms
from exoterm.core.srs.scheduler import Phase
from exoterm.core.store import Store
from exoterm.core.store import stats as store_stats
from exoterm.core.store.stats import CardSummary
from exoterm.core.texts import tr

if TYPE_CHECKING:
    from exoterm.core.content.models import Deck

MATURE_DAYS = 21.0
WINDOW = 30
STATE_NAMES = {Phase.NEW: "new", Phase.LEARNING: "learning", Phase.REVIEW: "review",
               Phase.RELEARNING: "relearning"}


@dataclass(frozen=True, slots=True)
class CategoryMastery:
    id: str
    label_ja: str
    label_en: str
    cards: int
    seen: int
    mature: int

    @property
    def mastery(self) -> float:
        return self.mature / self.cards if self.cards else 0.0


@dataclass(frozen=True, slots=True)
class Stats:
    today: str
    due_today: int  # learning_now + review_today: what a review would ask now
    new_today: int
    due_by_day: list[tuple[str, int]]
    reviews_30d: int
    retention_30d: float | None
    streak_days: int
    cards_by_state: dict[str, int]
    categories: list[CategoryMastery] = field(default_factory=list)
    learning_now: int = 0
    review_today: int = 0
    next_due: datetime | None = None  # when the next card can be studied (none due now)
    damaged: list[str] = field(default_factory=list)  # "card id: field: why", left out

    def to_json(self) -> dict[str, object]:
        return {
            "damaged_cards": self.damaged,
            "today": self.today, "due_today": self.due_today, "new_today": self.new_today,
            "learning_now": self.learning_now, "review_today": self.review_today,
            "next_due": None if self.next_due is None else self.next_due.isoformat(),
            "due_by_day": [{"day": d, "due": n} for d, n in self.due_by_day],
            "reviews_30d": self.reviews_30d, "retention_30d": self.retention_30d,
            "streak_days": self.streak_days, "cards_by_state": self.cards_by_state,
            "categories": [{"id": c.id, "label": {"ja": c.label_ja, "en": c.label_en},
                            "cards": c.cards, "seen": c.seen, "mature": c.mature,
                            "mastery": round(c.mastery, 4)} for c in self.categories],
        }


@dataclass(frozen=True, slots=True)
class Today:
    """Home's numbers: what a review would ask now, today's new cards, the cards learned,
    the streak, the next days' reviews and when the next card is due."""

    due: int
    new: int
    learned: int  # studied, not suspended, still in the deck
    streak: int
    forecast: tuple[int, ...]  # reviews due on each of the next `WINDOW` days, today first
    next_due: datetime | None


def today_numbers(store: Store, now: datetime | None = None) -> Today:
    """Home's numbers, in one read snapshot. Only what Home shows: no scan of every card
    (the counts per state, the damaged-card check and 30 days of answers of `compute_stats`
    took 60 ms at 41,000 cards before Home could paint)."""
    now = store.now(now)
    with store.read():
        queue = store.queue(now)
        forecast = _due_by_day(store, now)
        learned = store_stats.learned_count(store)
        streak = _streak(store, now)
    return Today(due=queue.due, new=len(queue.new), learned=learned, streak=streak,
                 forecast=tuple(n for _, n in forecast),
                 next_due=now if queue.cards else queue.next_due)


def _due_by_day(store: Store, now: datetime) -> list[tuple[str, int]]:
    """Reviews due on each of the next `WINDOW` study days, today first (day, count)."""
    s = store.settings
    today = store.today(now)
    days = [today + timedelta(days=i) for i in range(WINDOW + 1)]
    starts = [to_ms(day_start(d, s.tz, s.rollover_hour)) for d in days]
    per_day = Counter(max(0, bisect_right(starts, ms) - 1)
                      for ms in store_stats.due_times(store, starts[-1]))
    return [(days[i].isoformat(), per_day.get(i, 0)) for i in range(WINDOW)]


def compute_stats(store: Store, deck: Deck | None = None, now: datetime | None = None) -> Stats:
    """Everything `exoterm stats` shows, computed in one read snapshot."""
    now = store.now(now)
    s = store.settings
    today = store.today(now)
    with store.read():  # one snapshot for every query below
        queue = store.queue(now)
        due_by_day = _due_by_day(store, now)
        past = to_ms(day_start(today - timedelta(days=WINDOW - 1), s.tz, s.rollover_hour))
        answers = store_stats.answer_counts(store, past)
        streak = _streak(store, now)
        counts = store_stats.state_counts(store)
        cards = store_stats.card_summaries(store) if deck is not None else []  # for mastery
        damaged = [f"{card_id}: {why}" for card_id, why in (
            *store_stats.damaged_cards(store), *store_stats.damaged_reviews(store))]
    by_state: Counter[str] = Counter()
    for (present, suspended, state), n in counts.items():
        name = ("missing" if not present else "suspended" if suspended
                else STATE_NAMES[Phase(state)])
        by_state[name] += n
    return Stats(
        today=today.isoformat(),
        due_today=queue.due,
        new_today=len(queue.new),
        due_by_day=due_by_day,
        reviews_30d=answers.total,
        retention_30d=(answers.passed / answers.reviews) if answers.reviews else None,
        streak_days=streak,
        cards_by_state=dict(by_state),
        categories=_mastery(store, deck, cards) if deck is not None else [],
        learning_now=len(queue.learning),
        review_today=len(queue.review),
        next_due=now if queue.cards else queue.next_due,
        damaged=damaged,
    )


def answers_per_day(store: Store, days: int = WINDOW, now: datetime | None = None) -> list[int]:
    """Answers given on each of the last `days` study days, oldest first (cram counts,
    manual changes do not)."""
    s = store.settings
    today = store.today(now)
    starts = [to_ms(day_start(today - timedelta(days=days - 1 - i), s.tz, s.rollover_hour))
              for i in range(days + 1)]
    counts = Counter(bisect_right(starts, reviewed) - 1
                     for reviewed in store_stats.answer_times(store, starts[0], starts[-1]))
    return [counts.get(i, 0) for i in range(days)]


def _streak(store: Store, now: datetime) -> int:
    """Consecutive study days with at least one answer, ending today (or yesterday)."""
    s = store.settings
    day = store.today(now)
    streak = 0
    for offset in range(100_000):
        start = to_ms(day_start(day - timedelta(days=offset), s.tz, s.rollover_hour))
        end = to_ms(day_start(day - timedelta(days=offset - 1), s.tz, s.rollover_hour))
        if store_stats.answered_between(store, start, end):
            streak += 1
        elif offset > 0:
            break
    return streak


def _mastery(store: Store, deck: Deck, cards: list[CardSummary]) -> list[CategoryMastery]:
    states = {c.id: (c.state, c.stability) for c in cards}
    totals: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    mature: Counter[str] = Counter()
    for info in list_cards(deck, store.settings.directions):
        cat = info.category or ""
        totals[cat] += 1
        state, stability = states.get(info.id, (0, None))
        if state != Phase.NEW:
            seen[cat] += 1
        if state == Phase.REVIEW and stability is not None and stability >= MATURE_DAYS:
            mature[cat] += 1
    result = []
    for cat in [c.id for c in deck.categories] + sorted(set(totals) - set(deck.category_by_id)):
        if not totals[cat]:
            continue
        label = deck.category_by_id.get(cat)
        ja, en = ((label.label.ja, label.label.en) if label
                  else (tr("category.other", "ja"), tr("category.other", "en")))
        result.append(CategoryMastery(cat or "-", ja, en, totals[cat], seen[cat], mature[cat]))
    return result


def format_stats(stats: Stats, now: datetime | None = None, tz: tzinfo | None = None,
                 lang: str = "en") -> str:
    """Plain-text report in `lang` (no markup: category labels are content text); with
    `now` and `tz`, says when the next card is due if none is."""
    ret = "—" if stats.retention_30d is None else f"{stats.retention_30d:.1%}"
    sep = "、" if lang == "ja" else ", "
    states = sep.join(f"{tr('stats.state.' + k, lang)} {v}"
                      for k, v in sorted(stats.cards_by_state.items())) \
        or tr("cli.stats.none", lang)
    week = "  ".join(f"{d[5:]} {n}" for d, n in stats.due_by_day[:7])
    lines = [
        tr("cli.stats.today", lang, day=stats.today, due=stats.due_today,
           learning=stats.learning_now, reviews=stats.review_today, new=stats.new_today),
        tr("cli.stats.week", lang, week=week),
        tr("cli.stats.month", lang, n=sum(n for _d, n in stats.due_by_day)),
        tr("cli.stats.last", lang, n=stats.reviews_30d, ret=ret),
        tr("cli.stats.streak", lang, n=stats.streak_days),
        tr("cli.stats.cards", lang, states=states),
    ]
    if stats.due_today + stats.new_today == 0 and now is not None and tz is not None:
        lines.insert(1, next_due_text(stats.next_due, now, tz, lang))
    if stats.categories:
        lines.append(tr("cli.stats.mastery", lang))
        for c in stats.categories:
            lines.append(tr("cli.stats.category", lang, ja=c.label_ja, en=c.label_en,
                            mature=c.mature, cards=c.cards, pct=f"{c.mastery:.0%}",
                            seen=c.seen))
    return "\n".join(lines)
