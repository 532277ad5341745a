"""The weak list (苦手) and bookmarks as card lists a session can practise.

A card joins the weak list when it is answered wrong in review or in a mock exam (a
self-graded card: "Again"); it leaves after two later right answers on different study
days (the learner's day, with its rollover hour, from `srs.clock`); a wrong answer
meanwhile starts the count again. Computed from the review log, so undoing an answer
undoes its effect on the list too. Cram answers are never logged and do not count.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, tzinfo

from exoterm.core.srs.clock import from_ms, study_day
from exoterm.core.store import Store
from exoterm.core.store import bookmarks as stored_bookmarks
from exoterm.core.store.stats import Outcome, answer_outcomes

DAYS_TO_LEAVE = 2


def weak_cards(outcomes: Iterable[Outcome], tz: tzinfo, rollover_hour: int) -> list[str]:
    """Cards on the weak list after `outcomes` (in answer order), the most recently
    missed first."""
    joined: dict[str, tuple[int, set[date]]] = {}  # card → (when it was missed, right days)
    for o in outcomes:
        if not o.right:
            joined[o.card_id] = (o.reviewed_ms, set())
        elif o.card_id in joined:
            days = joined[o.card_id][1]
            days.add(study_day(from_ms(o.reviewed_ms), tz, rollover_hour))
            if len(days) >= DAYS_TO_LEAVE:
                del joined[o.card_id]
    return sorted(joined, key=lambda c: (-joined[c][0], c))


def weak_list(store: Store) -> list[str]:
    """The learner's weak list now (blocking: reads the review log)."""
    s = store.settings
    return weak_cards(answer_outcomes(store), s.tz, s.rollover_hour)


def bookmarked(store: Store) -> list[str]:
    """Bookmarked card ids, oldest bookmark first."""
    return stored_bookmarks.bookmarks(store)
