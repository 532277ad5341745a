"""How questions, feedback and glossary entries render, checked on the renderer functions
directly (no app): every card of the fixture deck, in both languages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from tui_helpers import GOOD, reply

from exoterm.core.content import load_content
from exoterm.core.content.models import Deck
from exoterm.core.quiz.feedback import answer_feedback
from exoterm.core.quiz.plain import PlainReview
from exoterm.core.quiz.questions import Lang
from exoterm.core.quiz.session import SessionOptions, StudySession
from exoterm.tui.review_parts import prompt_content
from exoterm.tui.widgets.feedback import feedback_content
from exoterm.tui.widgets.term_detail import term_body, term_summary

LANGS: tuple[Lang, ...] = ("ja", "en")
LABELS = {"ja": ("正答：", "出典："), "en": ("Answer: ", "Source: ")}
NUMERIC = GOOD.parent / "numeric"  # calculation items


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_content([GOOD])


@pytest.fixture(scope="module", params=[GOOD, NUMERIC], ids=["good", "numeric"])
def any_deck(request: pytest.FixtureRequest) -> Deck:
    """Each fixture deck: the questions and feedback of every kind."""
    folder: Path = request.param
    return load_content([folder])


@pytest.mark.parametrize("lang", LANGS)
def test_feedback_after_a_wrong_answer_shows_answer_explanation_and_source(
        any_deck: Deck, lang: Lang) -> None:
    deck = any_deck
    answer_label, source_label = LABELS[lang]
    session = StudySession(deck, None, SessionOptions(lang=lang, cram=True, seed=3))
    seen: set[str] = set()
    while (q := session.next_question()) is not None:
        if q.card_id in seen:  # asked again after the Again: once is enough here
            session.skip()
            continue
        committed = session.commit(session.answer(reply(q, correct=False)))
        assert committed.judgement.verdict != "right", q.card_id
        text = feedback_content(committed, lang, can_upgrade=False).plain
        assert answer_label in text or "✗" in text, (q.card_id, text)
        assert source_label in text, (q.card_id, text)
        if q.feedback.explanation:
            assert q.feedback.explanation in text
        seen.add(q.card_id)
    assert len(seen) == len(session.catalog)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("correct", [True, False])
def test_plain_mode_and_the_tui_show_the_same_feedback(any_deck: Deck, lang: Lang,
                                                       correct: bool) -> None:
    """Both front ends lay out one `AnswerFeedback`: every piece of it appears in both
    (a right answer too keeps its explanation, evidence and sources)."""
    deck = any_deck
    session = StudySession(deck, None, SessionOptions(lang=lang, cram=True, seed=3))
    seen: set[str] = set()
    while (q := session.next_question()) is not None:
        if q.card_id in seen:
            session.skip()
            continue
        seen.add(q.card_id)
        committed = session.commit(session.answer(reply(q, correct=correct)))
        fb = answer_feedback(committed, lang)
        tui = feedback_content(committed, lang, can_upgrade=False).plain
        out = io.StringIO()
        PlainReview(session, io.StringIO(), out, echo=False).report(committed)
        pieces = [fb.verdict, fb.rating, fb.too_slow, fb.answer, fb.number, fb.explanation,
                  fb.evidence]
        pieces += [part.expected for part in fb.parts if q.kind != "matching" or part.diff]
        pieces += [text for e in fb.entries for text in (e.ja, e.reading, e.en, e.definition)]
        pieces += [text for source in fb.sources for text in (source.title, source.section)]
        assert q.feedback.explanation == fb.explanation and fb.sources
        assert bool(fb.answer) is not correct
        assert bool(fb.number) is (q.kind == "numeric" and not correct)
        for piece in filter(None, pieces):
            assert piece in tui, (q.card_id, piece, tui)
            assert piece in out.getvalue(), (q.card_id, piece, out.getvalue())
    assert len(seen) == len(session.catalog)


@pytest.mark.parametrize("lang", LANGS)
def test_every_prompt_renders_its_question_text(deck: Deck, lang: Lang) -> None:
    for style in ("auto", "flashcard"):
        session = StudySession(deck, None, SessionOptions(lang=lang, cram=True, seed=3,
                                                          term_style=style))
        while (q := session.next_question()) is not None:
            asked = prompt_content(q, lang, revealed=False).plain
            assert q.prompt in asked and (q.text or "") in asked
            if q.kind == "flashcard":
                assert q.back not in asked
                assert q.back in prompt_content(q, lang, revealed=True).plain
            session.skip()


def test_source_disagreement_note_is_shown(deck: Deck) -> None:
    text = term_body(deck.term_by_id["exosome"], deck, "en").plain
    assert "Where sources differ" in text
    assert "Sources give different sizes" in text


def test_term_summary_shows_names_evidence_category_and_status(deck: Deck) -> None:
    term = deck.term_by_id["extracellular-vesicle"]
    text = term_summary(term, deck, "ja", "未学習").plain
    for expected in ("extracellular vesicle", "EV", "saibougaishouhou", "確立", "小胞と構造",
                     "未学習", "別名"):
        assert expected in text, expected
