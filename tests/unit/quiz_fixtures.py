"""Shared helpers for the quiz tests: the test deck, a store on a fixed clock, right answers."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from exoterm.core.content import load_content
from exoterm.core.content.models import Deck
from exoterm.core.quiz.questions import Question
from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.settings import SrsSettings
from exoterm.core.store import Store

QUIZ_DECK = Path(__file__).resolve().parent.parent / "data" / "quiz"
T0 = datetime(2025, 4, 1, 3, 0, tzinfo=timezone.utc)  # 12:00 in Tokyo
ALL_DIRECTIONS = ("ja>en", "en>ja", "def>term", "reading")


@lru_cache(maxsize=1)
def quiz_deck() -> Deck:
    return load_content([QUIZ_DECK])


def open_store(folder: Path, clock: FixedClock | None = None,
               settings: SrsSettings | None = None) -> Store:
    store = Store.open(folder / "progress.sqlite3", clock=clock or FixedClock(T0),
                       daily_backup=False)
    store.save_settings(settings or SrsSettings(timezone="Asia/Tokyo", directions=ALL_DIRECTIONS))
    return store


def right_answer(q: Question) -> str:
    """A reply that is right for `q` (the flashcard reveal is not included)."""
    key = q.key
    if q.kind in ("single", "truefalse"):
        return next(o.key for o in q.options if o.id in key.choice_ids)
    if q.kind == "multi":
        return " ".join(o.key for o in q.options if o.id in key.choice_ids)
    if q.kind == "matching":
        return key.display
    if q.kind in ("typed", "cloze"):
        return " / ".join(t[0] for t in key.texts)
    if q.kind == "numeric":
        assert key.number is not None
        return format(key.number.value, "f")
    return "3"


def wrong_answer(q: Question) -> str:
    """A reply that is readable but wrong for `q`."""
    key = q.key
    if q.kind in ("single", "truefalse"):
        return next(o.key for o in q.options if o.id not in key.choice_ids)
    if q.kind == "multi":
        wrong = [o.key for o in q.options if o.id not in key.choice_ids]
        right = [o.key for o in q.options if o.id in key.choice_ids]
        return " ".join((wrong[:1] + right + wrong[1:])[: q.select])
    if q.kind == "matching":
        letters = [t.key for t in q.targets]
        wanted = dict(key.pairs)
        by_id = {t.id: t.key for t in q.targets}
        first = by_id[wanted[q.options[0].id]]
        swapped = next(x for x in letters if x != first)
        return " ".join(f"{o.key}{swapped if n == 0 else by_id[wanted[o.id]]}"
                        for n, o in enumerate(q.options))
    if q.kind in ("typed", "cloze"):
        return " / ".join("zzzz" for _ in key.texts)
    if q.kind == "numeric":
        assert key.number is not None
        return format(key.number.value + key.number.tolerance + 1000, "f")
    return "1"
