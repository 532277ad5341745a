"""Screenshots of every screen at 80×24 and 120×40 in both UI languages.

Deterministic: a clock that stands still, a fresh EXOTERM_HOME, the fixture deck, a fixed
session seed, and a fixed (never written) prefs folder so paths in the help are stable.
Update after an intended change with `pytest tests/snapshots --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import answer, make_app, ready, settle

from exoterm.tui.review_parts import SessionPlan
from exoterm.tui.screens.review import ReviewScreen

SIZES = [(80, 24), (120, 40)]
LANGS = ["ja", "en"]
PREFS = Path("/nonexistent/exoterm")  # shown in the help, never written in these runs
KINDS = ["single", "multi", "truefalse", "typed", "cloze", "matching", "flashcard"]

params = pytest.mark.parametrize("lang", LANGS)
sizes = pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])


def app_for(lang: str) -> Any:
    return make_app(lang=lang, session_seed=11, home=PREFS)


async def review_until(pilot: Pilot[Any], kind: str) -> None:
    """Start a cram session and answer rightly until a `kind` question is shown."""
    await ready(pilot)
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    style = "flashcard" if kind == "flashcard" else "auto"
    screen.start(SessionPlan(cram=True, term_style=style, seed=11))
    await settle(pilot)
    for _ in range(40):
        q = screen.question
        assert q is not None, f"no {kind} question in the fixture deck"
        if q.kind == kind:
            return
        await answer(pilot)
        await pilot.press("enter")
        await settle(pilot)
    raise AssertionError(kind)


@params
@sizes
def test_home(snap_compare: Any, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await ready(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_glossary_detail_with_furigana(snap_compare: Any, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*"saibou")
        await pilot.pause(0.2)  # the detail pane follows once typing pauses
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
@pytest.mark.parametrize("kind", KINDS)
def test_question(snap_compare: Any, kind: str, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await review_until(pilot, kind)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_feedback_after_a_wrong_answer(snap_compare: Any, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await review_until(pilot, "single")
        await answer(pilot, correct=False)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_stats(snap_compare: Any, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("r")
        await settle(pilot)
        for correct in (True, False, True, True, False):
            await answer(pilot, correct=correct)
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_help(snap_compare: Any, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)


@params
@sizes
def test_settings(snap_compare: Any, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("comma")
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)
