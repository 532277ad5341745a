"""Sessions on chosen cards and question kinds ("study this card", kind practice)."""

from __future__ import annotations

from pathlib import Path

import pytest
from quiz_fixtures import open_store, quiz_deck, right_answer

from exoterm.core.quiz.present import question_for, question_kind
from exoterm.core.quiz.questions import QuestionKind
from exoterm.core.quiz.queueing import SessionFilter
from exoterm.core.quiz.session import SessionOptions, StudySession
from exoterm.core.quiz.termcards import TERM_STYLES, TermStyle
from exoterm.core.srs.cards import list_cards
from exoterm.core.srs.settings import SrsSettings

KINDS: tuple[QuestionKind, ...] = ("single", "multi", "truefalse", "typed", "cloze", "matching",
                                   "flashcard")


def test_question_kind_is_the_kind_question_for_builds() -> None:
    deck = quiz_deck()
    cards = list_cards(deck, SrsSettings().directions)
    for style in TERM_STYLES:
        for lang in ("ja", "en"):
            for card in cards:
                built = question_for(deck, card.id, lang, seed=3, term_style=style)
                assert question_kind(deck, card.id, lang, style) == built.kind, (card.id, style)
    with pytest.raises(KeyError):
        question_kind(deck, "item:no-such-item", "ja")


def test_chosen_cards_are_asked_in_order_and_recorded(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    chosen = ("item:fluid-matching", "term:microrna:ja>en", "item:size-single")
    session = StudySession(quiz_deck(), store, SessionOptions(seed=1, cards=chosen))
    assert session.start() == list(chosen)
    asked = []
    while (question := session.next_question()) is not None:
        asked.append(question.card_id)
        session.commit(session.answer(right_answer(question)))
    # each once, in order; then cards still in their learning steps may come back early
    # (the learn-ahead window), as in any recorded session once nothing else is left
    assert asked[:3] == list(chosen) and set(asked[3:]) <= set(chosen)
    for card_id in chosen:
        state = store.card(card_id)
        assert state is not None and state.reps == asked.count(card_id)


def test_chosen_cards_cram_without_a_store_and_respect_limit_and_filter() -> None:
    deck = quiz_deck()
    chosen = ("item:size-single", "item:cargo-multi", "item:size-single", "item:approved-tf")
    cram = StudySession(deck, None, SessionOptions(cram=True, cards=chosen))
    assert cram.start() == ["item:size-single", "item:cargo-multi", "item:approved-tf"]
    limited = StudySession(deck, None, SessionOptions(cram=True, cards=chosen, limit=1))
    assert limited.start() == ["item:size-single"]
    filtered = StudySession(deck, None, SessionOptions(
        cram=True, cards=chosen, filter=SessionFilter(sections=("状況設定",))))
    assert filtered.start() == ["item:approved-tf"]


def test_an_unknown_chosen_card_is_an_error() -> None:
    session = StudySession(quiz_deck(), None, SessionOptions(cram=True, cards=("item:gone",)))
    with pytest.raises(ValueError, match="item:gone"):
        session.start()


@pytest.mark.parametrize("kind", KINDS)
def test_kinds_keep_only_cards_asked_that_way(kind: QuestionKind) -> None:
    style: TermStyle = "flashcard" if kind == "flashcard" else "auto"
    session = StudySession(quiz_deck(), None,
                           SessionOptions(cram=True, seed=5, kinds=(kind,), term_style=style))
    order = session.start()
    assert order, kind
    asked = []
    while (question := session.next_question()) is not None:
        asked.append(question.kind)
        session.skip()
    assert set(asked) == {kind}
    assert len(asked) == len(order)
