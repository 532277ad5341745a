"""Study sessions: queue order, interleaving, commits, relearning, undo, filters, cram."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from quiz_fixtures import T0, open_store, quiz_deck, right_answer, wrong_answer

from exoterm.core.quiz.queueing import SessionFilter, family_of, interleave, kind_of
from exoterm.core.quiz.session import SessionOptions, StudySession
from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.scheduler import Phase, Rating


class Ticker:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def run(session: StudySession, answers: list[bool] | None = None,
        max_steps: int = 200) -> list[tuple[str, Rating]]:
    """Answer every question (right unless `answers` says otherwise); (card, rating) log."""
    log: list[tuple[str, Rating]] = []
    flags = iter(answers or [])
    for _ in range(max_steps):
        question = session.next_question()
        if question is None:
            break
        ok = next(flags, True)
        if question.kind == "flashcard":
            judgement = session.grade(3 if ok else 1)
        else:
            judgement = session.answer(right_answer(question) if ok else wrong_answer(question))
        log.append((question.card_id, session.commit(judgement).rating))
    return log


def test_commit_saves_each_answer(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    session = StudySession(quiz_deck(), store, SessionOptions(lang="en", seed=1, limit=5))
    log = run(session)
    assert len({c for c, _ in log[:5]}) == 5 and {c for c, _ in log} == {c for c, _ in log[:5]}
    for card_id, rating in log:
        state = store.card(card_id)
        assert state is not None and state.reps >= 1 and rating == Rating.Good
    assert session.summary.answered == len(log) == session.summary.recorded
    assert session.summary.right == len(log)


def test_new_cards_are_interleaved(tmp_path: Path) -> None:
    deck = quiz_deck()
    session = StudySession(deck, open_store(tmp_path), SessionOptions(seed=2))
    order = session.start()
    kinds = [kind_of(deck, c) for c in order]
    runs = sum(1 for a, b in zip(kinds, kinds[1:], strict=False) if a == b)
    terms = kinds.count("term:ja>en")  # day one: one new card per term, all ja>en
    assert runs == max(0, terms - (len(kinds) - terms) - 1)  # as few as possible
    assert len(set(kinds[:6])) >= 4
    families = [family_of(deck, c) for c in order]
    assert all(a != b for a, b in zip(families, families[1:], strict=False))
    assert len(order) == len(set(order))


def test_learning_due_first_then_reviews_then_new(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    store = open_store(tmp_path, clock)
    deck = quiz_deck()
    catalog = StudySession(deck, store, SessionOptions(seed=3)).start()
    reviews, learning = catalog[:3], catalog[3]
    for card_id in reviews:
        store.answer(card_id, Rating.Easy)
    store.answer(learning, Rating.Again)
    clock.advance(timedelta(days=30))
    second = StudySession(deck, store, SessionOptions(seed=3))
    order = second.start()
    plan = second.plan
    assert plan.learning == (learning,) and set(plan.review) == set(reviews)
    assert order[0] == learning
    assert set(order[1:4]) == set(reviews)
    assert set(order[4:]) == set(plan.new) and plan.new


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.booleans(), min_size=1, max_size=60), st.integers(0, 1000),
       st.lists(st.integers(0, 400), min_size=1, max_size=60))
def test_a_learning_card_comes_back_when_due_or_when_nothing_else_is_left(
        tmp_path_factory: pytest.TempPathFactory, answers: list[bool], seed: int,
        waits: list[int]) -> None:
    """Anki's rule: every new card is asked before any card repeats unless that card is
    due; a card comes early only when nothing else is left, within the learn-ahead
    window (20 min)."""
    clock = FixedClock(T0)
    store = open_store(tmp_path_factory.mktemp("s"), clock)
    session = StudySession(quiz_deck(), store, SessionOptions(seed=seed, limit=12))
    planned = set(session.start())
    due: dict[str, datetime] = {}
    flags, pauses = iter(answers), iter(waits)
    shown: set[str] = set()
    for _ in range(120):
        question = session.next_question()
        if question is None:
            break
        card_id, now = question.card_id, store.now()
        if card_id in shown:
            assert card_id in due, f"{card_id} asked again although it is not learning"
            early = due[card_id] > now
            assert not early or (shown >= planned and all(d > now for d in due.values())), \
                f"{card_id} asked before it was due while another card was available"
            assert due[card_id] <= now + timedelta(minutes=20)
        shown.add(card_id)
        ok = next(flags, True)
        if question.kind == "flashcard":
            judgement = session.grade(3 if ok else 1)
        else:
            judgement = session.answer(right_answer(question) if ok else wrong_answer(question))
        committed = session.commit(judgement)
        due.pop(card_id, None)
        if committed.requeued:
            assert committed.due is not None
            due[card_id] = committed.due
        clock.advance(timedelta(seconds=next(pauses, 5)))
    store.close()


def test_failing_cards_does_not_crowd_out_new_ones(tmp_path: Path) -> None:
    """Issue 13.2: every answer wrong and no time passing: the 10 new cards still all
    come before any card repeats (a failed card is due in a minute, not 3 cards later)."""
    store = open_store(tmp_path)
    session = StudySession(quiz_deck(), store, SessionOptions(seed=4, limit=10))
    log = run(session, [False] * 30, max_steps=30)
    first = [c for c, _ in log[:10]]
    assert len(set(first)) == 10 and all(r == Rating.Again for _, r in log)
    assert log[10][0] in first  # then early, within the learn-ahead window


def test_a_failed_card_waits_for_its_due_time_while_others_are_left(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    session = StudySession(quiz_deck(), open_store(tmp_path, clock),
                           SessionOptions(seed=4, limit=6))
    first = session.next_question()
    assert first is not None
    session.commit(session.answer(wrong_answer(first)))  # Again: due in 1 minute
    later = session.next_question()
    assert later is not None and later.card_id != first.card_id
    session.commit(session.answer(right_answer(later)))
    clock.advance(timedelta(seconds=61))
    due_now = session.next_question()
    assert due_now is not None and due_now.card_id == first.card_id  # due: before new cards


def test_undo_reverts_the_store_and_asks_again(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    session = StudySession(quiz_deck(), store, SessionOptions(seed=5, limit=3))
    q1 = session.next_question()
    assert q1 is not None
    session.commit(session.answer(wrong_answer(q1)))
    answered = store.card(q1.card_id)
    assert answered is not None and answered.reps == 1
    q2 = session.next_question()
    assert q2 is not None
    again = session.undo()
    assert again is q1 and session.current is q1
    undone = store.card(q1.card_id)
    assert undone is not None and undone.phase == Phase.NEW
    assert session.queue[0] == q2.card_id and q1.card_id not in session.queue  # not requeued
    assert session.summary.answered == 0 and not session.summary.cards
    session.commit(session.answer(right_answer(q1)))
    assert session.next_question() is q2 or session.current.card_id == q2.card_id
    assert session.undo() is not None and session.undo() is None


def test_cram_never_touches_the_store(tmp_path: Path) -> None:
    session = StudySession(quiz_deck(), None, SessionOptions(seed=6, cram=True))
    order = session.start()
    assert len(order) == len(session.catalog)  # every card, due or not
    log = run(session, [False, True] * 30)
    assert log and not any(h[0].saved for h in session._history)
    assert not (tmp_path / "progress.sqlite3").exists()
    with pytest.raises(ValueError):
        StudySession(quiz_deck(), None, SessionOptions(cram=False))


def test_filters(tmp_path: Path) -> None:
    deck = quiz_deck()
    store = open_store(tmp_path)

    def cards(**kw: tuple[str, ...]) -> set[str]:
        options = SessionOptions(seed=7, filter=SessionFilter(**kw))
        return set(StudySession(deck, store, options).start())

    assert cards(sections=("状況設定",)) == {"item:approved-tf", "item:claim-tf"}
    assert cards(tags=("size", "cargo")) == {"item:size-single", "item:cargo-multi"}
    cargo = cards(categories=("cargo",))
    assert "item:cargo-multi" in cargo and "item:function-cloze" in cargo
    assert all(c.startswith("item:") or c.split(":")[1] in
               {"microrna", "messenger-rna", "tetraspanin", "protein"} for c in cargo)
    assert len({c.split(":")[1] for c in cargo if c.startswith("term:")}) == 4  # one per term
    # the case cites the clinic, so both of its items count (a case is answered question
    # after question, never buried); the term's directions: one card a day
    assert cards(sources=("clinic-ad",)) == {"item:approved-tf", "item:claim-tf",
                                             "term:biomarker:ja>en"}


def test_filtered_new_cards_respect_the_daily_limit(tmp_path: Path) -> None:
    from exoterm.core.srs.settings import SrsSettings

    settings_ = SrsSettings(timezone="Asia/Tokyo", new_per_day=3,
                            directions=("ja>en", "en>ja", "def>term", "reading"))
    store = open_store(tmp_path, settings=settings_)
    deck = quiz_deck()
    options = SessionOptions(seed=1, filter=SessionFilter(categories=("vesicle",)))
    assert len(StudySession(deck, store, options).start()) == 3
    store.suspend("item:size-single")
    assert "item:size-single" not in StudySession(deck, store, SessionOptions(
        seed=1, filter=SessionFilter(tags=("size",)))).start()


def test_limit_and_empty(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    assert len(StudySession(quiz_deck(), store, SessionOptions(limit=2)).start()) == 2
    session = StudySession(quiz_deck(), store, SessionOptions(limit=0))
    assert session.next_question() is None


def test_response_time_decides_easy(tmp_path: Path) -> None:
    ticker = Ticker()
    session = StudySession(quiz_deck(), open_store(tmp_path), SessionOptions(seed=8, limit=2),
                           monotonic=ticker)
    question = session.next_question()
    assert question is not None and question.kind != "flashcard"
    ticker.t += 1.0
    committed = session.commit(session.answer(right_answer(question)), easy=True)
    assert committed.rating == Rating.Easy and committed.saved and committed.due is not None
    question = session.next_question()
    assert question is not None
    ticker.t += 1000.0
    committed = session.commit(session.answer(right_answer(question)), easy=True)
    assert committed.rating == Rating.Good and committed.too_slow_for_easy


def test_interleave_mixes_in_proportion() -> None:
    cards = ["a1", "a2", "a3", "b1", "b2", "c1"]
    order = interleave(cards, lambda c: c[0], lambda c: c)
    assert order == ["a1", "b1", "a2", "b2", "a3", "c1"]
    spread = interleave(["x:1", "x:2", "y:1"], lambda c: c, lambda c: c[0])
    assert spread == ["x:1", "y:1", "x:2"]


def test_new_cards_mix_items_with_terms_under_the_daily_limit(tmp_path: Path) -> None:
    from exoterm.core.srs.settings import SrsSettings

    store = open_store(tmp_path, settings=SrsSettings(timezone="Asia/Tokyo", new_per_day=6))
    order = StudySession(quiz_deck(), store, SessionOptions(seed=1)).start()
    assert len(order) == 6
    items = [c for c in order if c.startswith("item:")]
    assert 2 <= len(items) <= 4  # the catalog lists every term card before the first item
    assert len({c.split(":")[1] for c in order if c.startswith("term:")}) == 6 - len(items)
