"""A Japanese-only deck (no English anywhere) studied in English: every screen shows the
Japanese instead of a blank or a dangling " / "."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from tui_helpers import reply

from exoterm.core.content import load_content
from exoterm.core.content.models import Deck
from exoterm.core.quiz.plain import PlainReview
from exoterm.core.quiz.session import SessionOptions, StudySession
from exoterm.tui.review_parts import prompt_content
from exoterm.tui.widgets.feedback import feedback_content
from exoterm.tui.widgets.term_detail import term_body, term_summary

JA_ONLY = Path(__file__).resolve().parents[1] / "data" / "ja-only"
DANGLING = (" / \n", " /  ", "/ —", " / ", "\n\n\n")


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_content([JA_ONLY])


def _clean(text: str) -> bool:
    return not any(text.endswith(d.rstrip()) or d in text for d in DANGLING[:3]) and not text.endswith(" /")


@pytest.mark.parametrize("correct", [True, False])
def test_every_card_in_english_shows_the_japanese(deck: Deck, correct: bool) -> None:
    session = StudySession(deck, None, SessionOptions(lang="en", cram=True, seed=3, term_style="typed"))
    seen: set[str] = set()
    while (q := session.next_question()) is not None:
        if q.card_id in seen:
            session.skip()
            continue
        seen.add(q.card_id)
        asked = prompt_content(q, "en", revealed=False).plain
        assert q.prompt.strip() and q.prompt in asked
        if q.card_id.startswith("item:"):
            item = deck.item_by_id[q.card_id[5:]]
            assert q.prompt == item.prompt.ja  # the Japanese, not an empty English prompt
            assert all(o.text for o in q.options)
        committed = session.commit(session.answer(reply(q, correct=correct)))
        assert (committed.judgement.verdict == "right") is correct, q.card_id
        tui = feedback_content(committed, "en", can_upgrade=False).plain
        out = io.StringIO()
        PlainReview(session, io.StringIO(), out, echo=False).report(committed)
        for text in (tui, out.getvalue()):
            assert _clean(text), (q.card_id, text)
    assert {c.direction for c in session.catalog if c.kind == "term"} <= {"def>term", "reading"}, (
        "a term without English gets no English cards")


def test_glossary_entry_in_english_is_the_japanese_once(deck: Deck) -> None:
    term = deck.term_by_id["recap"]
    body = term_body(term, deck, "en").plain
    assert body.count(term.definition.ja) == 1 and "\n\n\n" not in body
    summary = term_summary(term, deck, "en", None).plain
    assert deck.category_by_id["hyojun"].label.ja in summary
