"""Pieces of the review screen that need no screen: session plans (cram, filters), the
answer widget for each question kind, prompts, hints and the end-of-session summary."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from exoterm.core.content.models import Deck
from exoterm.core.quiz.feedback import ask_hint, rating_hint
from exoterm.core.quiz.questions import Lang, Question, QuestionKind
from exoterm.core.quiz.queueing import SessionFilter
from exoterm.core.quiz.session import SessionOptions, Summary
from exoterm.core.quiz.termcards import TermStyle
from exoterm.core.texts import label, tr
from exoterm.tui.widgets.answer import ChoiceList, MatchingGrid
from exoterm.tui.widgets.safe_input import SafeInput

Practice = Literal["weak", "bookmarked"]


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """What a session asks: today's due cards (default), or cram, optionally filtered;
    `cards` asks exactly those cards, `kinds` only cards asked as those question kinds
    (see `SessionOptions`)."""

    cram: bool = False
    categories: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    term_style: TermStyle = "auto"
    seed: int | None = None
    cards: tuple[str, ...] | None = None
    kinds: tuple[QuestionKind, ...] = ()
    practice: Practice | None = None  # the weak list or the bookmarks, read when it starts


def session_options(plan: SessionPlan, lang: str) -> SessionOptions:
    ui_lang: Lang = "en" if lang == "en" else "ja"
    return SessionOptions(lang=ui_lang, cram=plan.cram, term_style=plan.term_style,
                          seed=plan.seed, cards=plan.cards, kinds=plan.kinds,
                          filter=SessionFilter(categories=plan.categories, sections=plan.sections))


def plans(deck: Deck, lang: str) -> Iterator[tuple[SessionPlan, str, str]]:
    """(plan, title, help) for every session the command palette offers besides today's
    review (a system command of the app: one palette entry per action)."""
    cram_help = tr("cmd.cram.help", lang)
    yield SessionPlan(practice="weak"), tr("cmd.weak", lang), tr("cmd.weak.help", lang)
    yield (SessionPlan(practice="bookmarked"), tr("cmd.bookmarked", lang),
           tr("cmd.bookmarked.help", lang))
    yield (SessionPlan(cram=True), tr("cmd.cram", lang, what=tr("cmd.cram.all", lang)),
           cram_help)
    yield (SessionPlan(cram=True, term_style="flashcard"),
           tr("cmd.cram", lang, what=tr("cmd.cram.flashcards", lang)), cram_help)
    for category in deck.categories:
        label = category.label.get(lang)
        yield (SessionPlan(categories=(category.id,)),
               tr("cmd.review.filtered", lang, what=tr("cmd.cram.category", lang, what=label)),
               tr("cmd.review.filtered.help", lang))
        yield (SessionPlan(cram=True, categories=(category.id,)),
               tr("cmd.cram", lang, what=tr("cmd.cram.category", lang, what=label)), cram_help)
    for section in sorted({i.section for i in deck.items if i.section}):
        yield (SessionPlan(cram=True, sections=(section,)),
               tr("cmd.cram", lang, what=tr("cmd.cram.section", lang,
                                            what=tr(f"section.{section}", lang))), cram_help)


def answer_widget(q: Question) -> Widget | None:
    """The widget that takes the answer to `q` (None for a flashcard: keys only)."""
    if q.kind in ("single", "truefalse"):
        return ChoiceList(q.options, truefalse=q.kind == "truefalse", id="choices")
    if q.kind == "multi":
        return ChoiceList(q.options, multi=True, select=q.select, id="choices")
    if q.kind == "matching":
        return MatchingGrid(q.options, q.targets, id="matching")
    if q.kind == "typed":
        return SafeInput(id="typed", select_on_focus=False)
    if q.kind == "numeric":  # full-width digits and IME text get in; control characters do not
        return Horizontal(SafeInput(id="number", select_on_focus=False),
                          Static(q.unit, id="unit", markup=False), id="numeric")
    if q.kind == "cloze":
        boxes = [SafeInput(id=f"blank-{n}", select_on_focus=False,
                           placeholder=f"({n})" if q.blanks > 1 else "")
                 for n in range(1, max(q.blanks, 1) + 1)]
        return Vertical(*boxes, id="blanks")
    return None


def prompt_content(q: Question, lang: str, *, revealed: bool) -> Content:
    """The question text (and a flashcard's back once revealed)."""
    lines = [Content.styled(q.prompt, "bold")]
    if q.text:
        lines += [Content(""), Content(q.text)]
    if q.kind == "flashcard" and revealed:
        lines += [Content(""), Content.assemble((label("review.answer", lang), "bold $accent"),
                                                (q.back, "bold"))]
    return Content("\n").join(lines)


def hint_text(q: Question, state: str, lang: str,
              previews: Mapping[int, timedelta] | None = None) -> str:
    """The keys for `q` now (after an answer the feedback shows them); a revealed
    flashcard's rating keys show their intervals."""
    if state == "feedback":
        return ""
    if q.kind == "flashcard" and state == "revealed":
        return rating_hint(previews or {}, lang)
    return ask_hint(q, lang, "tui")


def summary_content(s: Summary, lang: str, next_due: str = "") -> Content:
    """The end of a session; a recorded one says how many answers were saved and (in
    `next_due`) when the next card is due."""
    pct = round(100 * s.right / s.answered) if s.answered else 0
    lines = [
        Content.styled(tr("review.done", lang), "bold $success"),
        Content(""),
        Content(tr("review.summary", lang, n=s.answered, pct=pct, minutes=s.minutes)),
        Content(tr("review.summary_detail", lang, right=s.right, almost=s.almost,
                   wrong=s.wrong, cards=len(s.cards))),
        *([Content(tr("review.recorded", lang, n=s.recorded)),
           Content.styled(next_due, "bold")] if next_due else []),
        Content(""),
        Content.styled(tr("review.restart_hint", lang), "$text-muted"),
    ]
    return Content("\n").join(lines)
