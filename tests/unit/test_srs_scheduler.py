"""Properties of the FSRS wrapper: sane states, strict Hard < Good < Easy, determinism."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exoterm.core.srs.clock import ensure_utc
from exoterm.core.srs.fuzz import fuzz_bounds, fuzzed_interval
from exoterm.core.srs.scheduler import CardState, Phase, Rating, ReviewKind, SrsScheduler
from exoterm.core.srs.settings import SrsSettings

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc)
PASSING = (Rating.Hard, Rating.Good, Rating.Easy)

srs_settings = st.builds(
    SrsSettings,
    desired_retention=st.floats(0.7, 0.97),
    learning_steps=st.sampled_from([(), (1, 10), (10,), (1440,), (2880, 10080), (5, 1440)]),
    relearning_steps=st.sampled_from([(), (10,), (10, 1440), (4320,)]),
    maximum_interval=st.sampled_from([3, 10, 365, 36500]),
)
# A card's history: (rating, minutes since the previous answer).
histories = st.lists(
    st.tuples(st.sampled_from(list(Rating)), st.integers(0, 200 * 24 * 60)), max_size=12
)


def play(scheduler: SrsScheduler, history: list[tuple[Rating, int]]) -> tuple[CardState, datetime]:
    card, now = CardState("term:t1:ja>en"), T0
    for rating, gap in history:
        now = now + timedelta(minutes=gap)
        outcome = scheduler.answer(card, rating, now)
        card = outcome.state
    return card, now


@settings(max_examples=300, deadline=None)
@given(srs_settings, histories, st.sampled_from(list(Rating)), st.integers(0, 10**6))
def test_every_answer_is_sane(s: SrsSettings, history: list[tuple[Rating, int]],
                              rating: Rating, gap: int) -> None:
    scheduler = SrsScheduler(s)
    card, now = play(scheduler, history)
    now += timedelta(minutes=gap)
    out = scheduler.answer(card, rating, now)
    assert out.state.due is not None and out.state.due > now
    assert out.interval > timedelta(0)
    assert out.state.stability is not None and out.state.stability > 0
    assert out.state.difficulty is not None and 1 <= out.state.difficulty <= 10
    assert out.state.reps == card.reps + 1
    assert out.state.last_review == now


@settings(max_examples=300, deadline=None)
@given(srs_settings, histories, st.integers(0, 2**64 - 1), st.integers(0, 400 * 24 * 60))
def test_hard_good_easy_strictly_increasing_with_fuzz(
    s: SrsSettings, history: list[tuple[Rating, int]], seed: int, gap: int
) -> None:
    scheduler = SrsScheduler(s)
    card, now = play(scheduler, history)
    preview = scheduler.preview(card, now + timedelta(minutes=gap), seed=seed)
    hard, good, easy = (preview[r].interval for r in PASSING)
    assert hard < good < easy, (card, hard, good, easy)
    if card.phase == Phase.REVIEW:
        for r in PASSING:
            assert preview[r].interval % timedelta(days=1) == timedelta(0)
            assert preview[r].interval <= timedelta(days=s.maximum_interval)


@settings(max_examples=100, deadline=None)
@given(srs_settings, histories, st.integers(0, 2**64 - 1))
def test_deterministic_for_a_fixed_seed(
    s: SrsSettings, history: list[tuple[Rating, int]], seed: int
) -> None:
    a, now = play(SrsScheduler(s), history)
    b, _ = play(SrsScheduler(s), history)
    assert a == b
    first = SrsScheduler(s).preview(a, now + timedelta(days=3), seed=seed)
    again = SrsScheduler(s).preview(a, now + timedelta(days=3), seed=seed)
    assert first == again


def test_answer_matches_preview_and_answer_rating_subset() -> None:
    scheduler = SrsScheduler()
    card, now = play(scheduler, [(Rating.Good, 0), (Rating.Good, 10), (Rating.Good, 3 * 1440)])
    assert card.phase == Phase.REVIEW
    later = now + timedelta(days=5)
    preview = scheduler.preview(card, later)
    for rating in Rating:
        assert scheduler.answer(card, rating, later) == preview[rating]


def test_fuzz_spreads_intervals_between_cards() -> None:
    scheduler = SrsScheduler()
    intervals = set()
    for i in range(40):
        card = CardState(f"item:q{i}", Phase.REVIEW, None, 40.0, 5.0,
                         T0, T0 - timedelta(days=40), reps=5)
        intervals.add(scheduler.answer(card, Rating.Good, T0).interval)
    assert len(intervals) > 3  # fuzz on


def test_fuzz_bounds_follow_anki_ranges() -> None:
    assert fuzz_bounds(2.0, 1, 100) == (2, 2)
    assert fuzz_bounds(10.0, 1, 100) == (8, 12)  # delta = 1 + 0.15*4.5 + 0.1*3 = 1.975
    assert fuzz_bounds(100.0, 1, 100)[1] == 100
    assert fuzzed_interval(10.0, 0.0, 1, 100) == 8
    assert fuzzed_interval(10.0, 0.9999, 1, 100) == 12
    assert fuzzed_interval(10.0, 0.5, 11, 100) >= 11


def test_kinds_and_lapses() -> None:
    scheduler = SrsScheduler()
    out = scheduler.answer(CardState("item:q"), Rating.Easy, T0)
    assert out.kind == ReviewKind.LEARN and out.state.phase == Phase.REVIEW
    lapse = scheduler.answer(out.state, Rating.Again, T0 + timedelta(days=30))
    assert lapse.kind == ReviewKind.REVIEW and lapse.state.phase == Phase.RELEARNING
    assert lapse.state.lapses == 1
    relearn = scheduler.answer(lapse.state, Rating.Good, T0 + timedelta(days=30, minutes=10))
    assert relearn.kind == ReviewKind.RELEARN and relearn.state.phase == Phase.REVIEW
    cram = scheduler.answer(relearn.state, Rating.Good, T0 + timedelta(days=31), cram=True)
    assert cram.kind == ReviewKind.CRAM


def test_naive_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError, match="naive"):
        SrsScheduler().answer(CardState("item:q"), Rating.Good, datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="naive"):
        ensure_utc(datetime(2025, 1, 1))


def test_other_zones_are_converted_to_utc() -> None:
    from zoneinfo import ZoneInfo

    tokyo = datetime(2025, 1, 1, 18, tzinfo=ZoneInfo("Asia/Tokyo"))
    out = SrsScheduler().answer(CardState("item:q"), Rating.Good, tokyo)
    assert out.state.last_review == datetime(2025, 1, 1, 9, tzinfo=timezone.utc)
    assert out.state.last_review is not None and out.state.last_review.tzinfo is timezone.utc


def test_clock_moving_backwards_gives_positive_intervals() -> None:
    scheduler = SrsScheduler()
    card, now = play(scheduler, [(Rating.Good, 0), (Rating.Good, 10), (Rating.Good, 5 * 1440)])
    for back in (timedelta(minutes=5), timedelta(days=3), timedelta(days=400)):
        for rating in Rating:
            out = scheduler.answer(card, rating, now - back)
            assert out.interval > timedelta(0)
            assert out.state.due is not None and out.state.due > now - back
            assert out.state.stability is not None and out.state.stability > 0


@settings(max_examples=200, deadline=None)
@given(srs_settings, histories, st.integers(0, 400 * 24 * 60))
def test_answer_equals_preview_for_every_rating(s: SrsSettings, history: list[tuple[Rating, int]],
                                                gap: int) -> None:
    # `answer` computes only the ratings its rating depends on; `preview` all of them
    scheduler = SrsScheduler(s)
    card, now = play(scheduler, history)
    later = now + timedelta(minutes=gap)
    preview = scheduler.preview(card, later)
    assert list(preview) == list(Rating)
    for rating in Rating:
        assert scheduler.answer(card, rating, later) == preview[rating]


def test_good_on_a_review_card_takes_one_fsrs_call(monkeypatch: pytest.MonkeyPatch) -> None:
    scheduler = SrsScheduler()
    card, now = play(scheduler, [(Rating.Good, 0), (Rating.Good, 10), (Rating.Good, 3 * 1440)])
    assert card.phase == Phase.REVIEW
    calls: list[Rating] = []
    review_card = scheduler._fsrs.review_card

    def counted(card: Any, rating: Rating, *args: Any) -> Any:
        calls.append(rating)
        return review_card(card, rating, *args)

    monkeypatch.setattr(scheduler._fsrs, "review_card", counted)
    later = now + timedelta(days=5)
    for rating, needed in ((Rating.Good, [Rating.Good]), (Rating.Hard, [Rating.Good, Rating.Hard]),
                           (Rating.Easy, [Rating.Good, Rating.Easy]), (Rating.Again, [Rating.Again])):
        calls.clear()
        scheduler.answer(card, rating, later)
        assert calls == needed
