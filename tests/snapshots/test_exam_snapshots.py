"""Screenshots of the mock-exam screen (a question flagged, one answered) and its result
screen at 80×24 and 120×40 in both UI languages; deterministic like test_snapshots.py
(a clock that stands still, a fixed seed, the fixture deck)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

import pytest
from tui_helpers import AppPilot, exo, make_app, picked_keys, ready, screen_of, settle, wait_until

from exoterm.core.exam.builder import ExamOptions
from exoterm.tui.app import ExotermApp
from exoterm.tui.screens.exam import ExamScreen
from exoterm.tui.screens.exam_result import ExamResultScreen


class SnapCompare(Protocol):
    """pytest-textual-snapshot's `snap_compare` fixture (the arguments used here)."""

    def __call__(self, app: ExotermApp, *, terminal_size: tuple[int, int],
                 run_before: Callable[[AppPilot], Awaitable[None]]) -> bool: ...


SIZES = [(80, 24), (120, 40)]
LANGS = ["ja", "en"]
PREFS = Path("/nonexistent/exoterm")  # never written in these runs
params = pytest.mark.parametrize("lang", LANGS)
sizes = pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
OPTIONS = ExamOptions(questions=4, minutes=5, seed=2)


def app_for(lang: str) -> ExotermApp:
    return make_app(lang=lang, session_seed=11, home=PREFS)


async def sitting(pilot: AppPilot) -> None:
    """An exam with question 1 answered (wrongly) and question 2 flagged."""
    await ready(pilot)
    await exo(pilot).start_exam(OPTIONS)
    screen = screen_of(pilot, ExamScreen)
    await wait_until(pilot, lambda: screen.sitting is not None and not screen.busy, "the exam")
    exam = screen.sitting
    assert exam is not None
    await pilot.press(*picked_keys(exam.current.question, False), "enter")
    await wait_until(pilot, lambda: exam.index == 1 and not screen.busy, "the answer")
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: exam.current.flagged and not screen.busy, "the flag")
    await settle(pilot)


@params
@sizes
def test_exam_screen(snap_compare: SnapCompare, lang: str, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(lang), terminal_size=size, run_before=sitting)


@params
@sizes
def test_exam_result(snap_compare: SnapCompare, lang: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: AppPilot) -> None:
        await sitting(pilot)
        await pilot.press("ctrl+e", "ctrl+e")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamResultScreen),
                         "the result")
        await settle(pilot)

    assert snap_compare(app_for(lang), terminal_size=size, run_before=run_before)
