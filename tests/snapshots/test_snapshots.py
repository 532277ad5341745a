"""Screenshots of every screen at 80×24 and 120×40 in both UI languages.

Deterministic: a clock that stands still, a fresh EXOTERM_HOME, the fixture deck, a fixed
session seed, and a fixed (never written) prefs folder so paths in the help are stable.
Update after an intended change with `pytest tests/snapshots --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

import pytest
from tui_helpers import (
    AppPilot,
    answer,
    make_app,
    question_in_view,
    question_of,
    ready,
    settle,
    start_review,
    studied,
    wait_until,
)

from exoterm.core.quiz.questions import Lang, QuestionKind
from exoterm.core.quiz.termcards import TermStyle
from exoterm.tui.app import ExotermApp
from exoterm.tui.review_parts import SessionPlan
from exoterm.tui.screens.glossary import GlossaryScreen


class SnapCompare(Protocol):
    """pytest-textual-snapshot's `snap_compare` fixture (the arguments used here)."""

    def __call__(self, app: ExotermApp, *, terminal_size: tuple[int, int],
                 run_before: Callable[[AppPilot], Awaitable[None]]) -> bool: ...


SIZES = [(80, 24), (120, 40)]
LANGS = ["ja", "en"]
PREFS = Path("/nonexistent/exoterm")  # shown in the help, never written in these runs
# The card each question kind is shown with: the first of its kind in a cram session with
# seed 11, as when the screenshots were taken by answering up to it.
KIND_CARDS: dict[QuestionKind, str] = {
    "single": "item:size-single", "multi": "item:cargo-multi", "truefalse": "item:approved-tf",
    "typed": "term:extracellular-vesicle:en>ja", "cloze": "item:function-cloze",
    "matching": "item:fluid-matching", "flashcard": "term:extracellular-vesicle:en>ja",
}

CASE_CARD = "item:dl-case-test-target"
SHIPPED = Path(__file__).resolve().parents[2] / "data"

params = pytest.mark.parametrize("lang", LANGS)
sizes = pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])


def app_for(lang: str) -> ExotermApp:
    return make_app(lang=lang, session_seed=11, home=PREFS)


async def review_on(pilot: AppPilot, kind: QuestionKind) -> None:
    """A cram session started on the card showing a `kind` question."""
    await ready(pilot)
    style: TermStyle = "flashcard" if kind == "flashcard" else "auto"
    await start_review(pilot, SessionPlan(cram=True, term_style=style, seed=11,
                                          cards=(KIND_CARDS[kind],)))
    assert question_of(pilot).kind == kind


@params
@sizes
def test_home(snap_compare: SnapCompare, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await ready(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_glossary_detail_with_furigana(snap_compare: SnapCompare, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await ready(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*"saibou")
        screen = pilot.app.screen
        assert isinstance(screen, GlossaryScreen)
        await wait_until(pilot, lambda: not screen.updates_pending, "the pause in typing")
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
@pytest.mark.parametrize("kind", list(KIND_CARDS))
def test_question(snap_compare: SnapCompare, kind: QuestionKind, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await review_on(pilot, kind)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_feedback_after_a_wrong_answer(snap_compare: SnapCompare, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await review_on(pilot, "single")
        await answer(pilot, correct=False)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


NUMERIC_DECK = Path(__file__).resolve().parents[1] / "data" / "numeric"


@params
def test_calculation_question(snap_compare: SnapCompare, lang: str) -> None:
    """A numeric item: the prompt, the answer box with its unit, the rounding hint."""
    async def run_before(pilot: AppPilot) -> None:
        await ready(pilot)
        await start_review(pilot, SessionPlan(cram=True, seed=11, cards=("item:drip-numeric",)))
        assert question_of(pilot).kind == "numeric"

    app = make_app(lang=lang, session_seed=11, home=PREFS, content=NUMERIC_DECK)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@params
@sizes
@pytest.mark.parametrize("kind", ["multi", "truefalse", "typed", "cloze", "matching"])
def test_feedback_after_a_wrong_answer_to(snap_compare: SnapCompare, kind: QuestionKind, lang: str,
                                          size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await review_on(pilot, kind)
        await answer(pilot, correct=False)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_feedback_after_a_wrong_answer_to_a_case_question(snap_compare: SnapCompare, lang: str,
                                                          size: tuple[int, int]) -> None:
    """The shipped deck's long kind of item (scenario, two-line stem, five options): the
    stem and options stay on screen with the feedback below them, even at 80×24."""
    async def run_before(pilot: AppPilot) -> None:
        await ready(pilot)
        await start_review(pilot, SessionPlan(cram=True, seed=11, cards=(CASE_CARD,)))
        q = question_of(pilot)
        assert q.scenario is not None and q.kind == "single" and len(q.options) == 5
        await answer(pilot, correct=False)
        await wait_until(pilot, lambda: question_in_view(pilot), "the question in view")

    app = make_app(lang=lang, session_seed=11, home=PREFS, content=SHIPPED)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@params
@sizes
def test_stats(snap_compare: SnapCompare, lang: Lang, size: tuple[int, int]) -> None:
    studied([True, False, True, True, False], lang=lang, seed=11)

    async def run_before(pilot: AppPilot) -> None:
        await ready(pilot)
        await pilot.press("f5")
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_help(snap_compare: SnapCompare, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await ready(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_settings(snap_compare: SnapCompare, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await ready(pilot)
        await pilot.press("comma")
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_help_in_review(snap_compare: SnapCompare, lang: str, size: tuple[int, int]) -> None:
    """Help opened on a single-choice question: the number keys that pick options first."""
    async def run_before(pilot: AppPilot) -> None:
        await review_on(pilot, "single")
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_session_end(snap_compare: SnapCompare, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await review_on(pilot, "single")
        await answer(pilot, correct=True)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_command_palette(snap_compare: SnapCompare, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)
