"""Issue 13.4: "due now" means one thing — Home, `stats --json` and the plain header
report the same numbers on the same database, and say when the next card is due."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta
from pathlib import Path

from quiz_fixtures import ALL_DIRECTIONS, T0, open_store, quiz_deck

from exoterm.core.progress import compute_stats, format_stats
from exoterm.core.quiz.plain import PlainReview
from exoterm.core.quiz.session import SessionOptions, StudySession
from exoterm.core.srs.cards import list_cards
from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.scheduler import Rating
from exoterm.core.srs.settings import SrsSettings
from exoterm.tui.progress import Progress


def test_home_stats_and_plain_header_agree(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    deck = quiz_deck()
    store = open_store(tmp_path, clock, SrsSettings(timezone="Asia/Tokyo", new_per_day=8,
                                                    directions=ALL_DIRECTIONS))
    store.sync_catalog(list_cards(deck, ALL_DIRECTIONS))
    first = store.queue().new
    for card_id in first[:4]:  # reviews, due in a few days
        store.answer(card_id, Rating.Easy)
    clock.advance(timedelta(days=30))
    store.answer(first[4], Rating.Again)  # learning, due in a minute
    store.answer(first[5], Rating.Good)  # learning, due in 10 minutes (inside the window)
    store.answer(first[6], Rating.Good, now=clock.now() - timedelta(hours=3))
    store.answer(first[6], Rating.Again, now=clock.now() - timedelta(hours=3))
    store.save_settings(SrsSettings(timezone="Asia/Tokyo", new_per_day=8,
                                    directions=ALL_DIRECTIONS, learning_steps=(1, 300)))
    store.answer(first[7], Rating.Good)  # learning, due in 5 hours: later today, not due
    queue = store.queue()
    assert queue.learning and queue.review and queue.new and queue.later

    home = Progress(store, deck).summary("en")
    stats = compute_stats(store, deck).to_json()
    out = io.StringIO()
    PlainReview(StudySession(deck, store, SessionOptions(lang="en", seed=1)), io.StringIO(""),
                out, echo=False).run()
    header = re.search(r"Review: (\d+) cards \((\d+) learning, (\d+) due, (\d+) new\)",
                       out.getvalue())
    assert header is not None
    n, learning, review, new = map(int, header.groups())
    assert (learning, review, new) == (len(queue.learning), len(queue.review), len(queue.new))
    assert stats["learning_now"] == learning and stats["review_today"] == review
    assert home.due == stats["due_today"] == learning + review
    assert home.new == stats["new_today"] == new
    assert n == learning + review + new
    json.dumps(stats)


def test_every_front_end_says_when_the_next_card_is_due(tmp_path: Path) -> None:
    from exoterm.core.quiz.intervals import next_due_text

    clock = FixedClock(T0)
    deck = quiz_deck()
    store = open_store(tmp_path, clock, SrsSettings(timezone="Asia/Tokyo", new_per_day=1,
                                                    directions=ALL_DIRECTIONS,
                                                    learn_ahead_minutes=5))
    store.sync_catalog(list_cards(deck, ALL_DIRECTIONS))
    (card,) = store.queue().new
    store.answer(card, Rating.Good)  # due in 10 minutes, outside the 5-minute window
    want = next_due_text(T0 + timedelta(minutes=10), clock.now(), store.settings.tz, "ja")
    assert want == "次の復習は 12:10（あと10分）"
    home = Progress(store, deck).summary("ja")
    assert home.due == home.new == 0 and home.next_due == want
    stats = compute_stats(store, deck)
    assert stats.next_due == T0 + timedelta(minutes=10)
    assert "Next review at 12:10 (10 min from now)" in format_stats(
        stats, clock.now(), store.settings.tz)
    out = io.StringIO()
    PlainReview(StudySession(deck, store, SessionOptions(lang="ja", seed=1)), io.StringIO(""),
                out, echo=False).run()
    assert out.getvalue().splitlines() == ["今は学習するカードがありません。", want]
