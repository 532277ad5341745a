"""Shared helpers for the TUI tests: a fixed clock, the fixture deck, typed access to the
app and its screens, waiting on a condition (never a fixed sleep), starting a review on
chosen cards, answering with keys, and the screen as text."""

from __future__ import annotations

import asyncio
import io
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.worker import WorkerCancelled

from exoterm.core.config import Config
from exoterm.core.quiz.questions import Lang, Question
from exoterm.core.quiz.session import SessionOptions, StudySession
from exoterm.core.srs.clock import Clock, FixedClock
from exoterm.tui.app import WATCH_SECONDS, ExotermApp
from exoterm.tui.review_parts import SessionPlan
from exoterm.tui.screens.review import ReviewScreen

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"
NOW = datetime(2025, 4, 1, 3, 0, tzinfo=timezone.utc)  # 12:00 in Tokyo
TIMEOUT = 10.0  # generous: the machine running the tests may be busy

T = TypeVar("T")
S = TypeVar("S", bound=Screen[None])
AppPilot = Pilot[int]
Script = Callable[[AppPilot], Awaitable[T]]


HOME = Path("/nonexistent/exoterm-test-home")  # set per test by the exo_home fixture
CACHE = Path("/nonexistent/exoterm-test-cache")  # the session's cache, set by exo_home


def app_config(content: Path | None = None, home: Path | None = None) -> Config:
    """The test's own data folder (`home` instead: only for prefs and keymap, as the
    snapshots show a fixed path) and the session's cache, studying `content` (default: the
    fixture deck)."""
    return Config(data_dir=home or HOME, cache_dir=CACHE, content=content or GOOD)


def make_app(lang: str = "ja", content: Path | None = None, *, clock: Clock | None = None,
             session_seed: int | None = None, home: Path | None = None,
             db_path: Path | None = None, watch_seconds: float = WATCH_SECONDS) -> ExotermApp:
    """The app on the fixture deck with a clock that stands still (a live reload test polls
    the content files more often, so it waits for a reload briefly)."""
    return ExotermApp(app_config(content, home), clock=clock or FixedClock(NOW), lang=lang,
                      db_path=db_path or HOME / "progress.sqlite3", session_seed=session_seed,
                      watch_seconds=watch_seconds)


def exo(pilot: AppPilot) -> ExotermApp:
    """The pilot's app, typed."""
    app = pilot.app
    assert isinstance(app, ExotermApp)
    return app


def screen_of(pilot: AppPilot, kind: type[S]) -> S:
    """The current screen, checked to be a `kind`."""
    screen = pilot.app.screen
    assert isinstance(screen, kind), f"{type(screen).__name__} is not a {kind.__name__}"
    return screen


async def wait_until(pilot: AppPilot, condition: Callable[[], object], what: str = "",
                     timeout: float = TIMEOUT) -> None:
    """Let the app run in small steps until `condition()` holds; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.01)
    await pilot.pause(0)


async def ready(pilot: AppPilot) -> None:
    """Wait until loading has finished (content, index and database)."""
    app = exo(pilot)
    await wait_until(pilot, lambda: app.data.finished, "loading")
    await settle(pilot)


def screen_text(app: ExotermApp) -> str:
    """What the terminal shows, as plain text (the same render as a screenshot).

    Textual offers screenshots only as SVG, so this renders the screen's compositor
    (private) the way `App.export_screenshot` does; pyproject.toml bounds textual's major.
    """
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False,
                      safe_box=False)
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text()


async def text_showing(pilot: AppPilot, *expected: str) -> str:
    """The screen as text once it shows every `expected` string (a screen that has just
    opened may not have been laid out yet); fails after the timeout."""
    app = exo(pilot)
    text = ""

    def showing() -> bool:
        nonlocal text
        text = screen_text(app)
        return all(e in text for e in expected)

    await wait_until(pilot, showing, f"{expected} on screen")
    return text


def drive(app: ExotermApp, script: Script[T], size: tuple[int, int] = (80, 24)) -> T:
    """Run `app` headless, wait for loading, then `await script(pilot)`; returns its result."""

    async def main() -> T:
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            return await script(pilot)

    return asyncio.run(main())


async def workers_done(pilot: AppPilot) -> None:
    """Wait for the app's workers (one replaced by a newer one counts as done)."""
    while True:
        try:
            await pilot.app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            await pilot.pause(0.01)


async def settle(pilot: AppPilot) -> None:
    """Let workers finish and the screen update."""
    await workers_done(pilot)
    await pilot.pause()
    await workers_done(pilot)
    await pilot.pause()


async def start_review(pilot: AppPilot, plan: SessionPlan) -> ReviewScreen:
    """Open the review screen on a session made from `plan` (e.g. `cards=(card_id,)` to
    start on the question a test needs) and wait for its first question or its end."""
    app = exo(pilot)
    await app.start_session(plan)
    screen = screen_of(pilot, ReviewScreen)
    await wait_until(pilot, lambda: screen.plan == plan and not screen.busy
                     and screen.state not in ("idle", "loading"), "the session to start")
    await settle(pilot)
    return screen


def question_of(pilot: AppPilot) -> Question:
    """The question the review screen asks."""
    question = screen_of(pilot, ReviewScreen).question
    assert question is not None, "no question is shown"
    return question


def picked_keys(q: Question, correct: bool) -> list[str]:
    """The keys of the options a right (or wrong) answer picks: as many as the question
    asks for, all keys or all distractors."""
    picks = [o.key for o in q.options if (o.id in q.key.choice_ids) == correct]
    return picks[:q.select] if q.kind == "multi" else picks[:1]


def matched_letters(q: Question, correct: bool) -> list[str]:
    """The target letter for each left-hand option, in order (shifted by one if wrong)."""
    letters = {o.id: o.key for o in q.targets}
    wanted = dict(q.key.pairs)
    order = [letters[wanted[o.id]] for o in q.options]
    return order if correct else order[1:] + order[:1]


async def answer(pilot: AppPilot, correct: bool = True) -> str:
    """Answer the review screen's current question with keys, rightly or wrongly."""
    q = question_of(pilot)
    key = q.key
    if q.kind in ("single", "truefalse"):
        await pilot.press(picked_keys(q, correct)[0])
    elif q.kind == "multi":
        await pilot.press(*picked_keys(q, correct), "enter")
    elif q.kind == "matching":
        await pilot.press(*matched_letters(q, correct), "enter")
    elif q.kind in ("typed", "cloze"):
        for texts in key.texts:
            await pilot.press(*(texts[0] if correct else "zzzz"), "enter")
    elif q.kind == "numeric":
        await pilot.press(*reply(q, correct), "enter")
    elif q.kind == "flashcard":
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("3" if correct else "1")
    await settle(pilot)
    return str(q.kind)


def reply(q: Question, correct: bool = True) -> str:
    """An answer line (as `exoterm review --plain` reads it) that is right or readably wrong."""
    key = q.key
    if q.kind in ("single", "truefalse"):
        return picked_keys(q, correct)[0]
    if q.kind == "multi":
        return " ".join(picked_keys(q, correct))
    if q.kind == "matching":
        order = matched_letters(q, correct)
        return " ".join(f"{o.key}{letter}" for o, letter in zip(q.options, order, strict=True))
    if q.kind in ("typed", "cloze"):
        return " | ".join(texts[0] if correct else "zzzz" for texts in key.texts)
    if q.kind == "numeric":
        assert key.number is not None
        return format(key.number.value + (0 if correct else key.number.tolerance + 1000), "f")
    raise ValueError(f"a {q.kind} is graded, not answered")


def studied(answers: Sequence[bool], *, lang: Lang = "ja", seed: int) -> None:
    """Answer today's review beforehand, in the test's EXOTERM_HOME, as the review screen
    would with `session_seed=seed` (right or wrong per `answers`), so a test that needs a
    history of answers does not type them."""
    from exoterm.core.content import load_content
    from exoterm.tui.progress import Progress

    deck = load_content([GOOD])
    progress = Progress.open(deck, clock=FixedClock(NOW), path=HOME / "progress.sqlite3")
    try:
        session = StudySession(deck, progress.store, SessionOptions(lang=lang, seed=seed))
        for correct in answers:
            q = session.next_question()
            assert q is not None, "today's review ended early"
            session.commit(session.answer(reply(q, correct)))
    finally:
        progress.close()


@pytest.fixture(scope="session")
def content_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One parsed-content cache for the test session. Entries are keyed by a hash of the
    content's bytes, so sharing them cannot carry one test's state into another; it spares
    each app start a parse of the unchanged fixture deck (a test that edits content still
    starts from a miss)."""
    return tmp_path_factory.mktemp("content-cache")


@pytest.fixture(autouse=True)
def exo_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content_cache: Path) -> Path:
    """Each test: its own data folder (EXOTERM_HOME for a CLI run, `HOME` for `make_app`),
    the session's content cache, no content override, Tokyo time, colours on. Used
    (autouse) by tests/tui and tests/snapshots through their conftests."""
    home = tmp_path / "home"
    monkeypatch.setattr(sys.modules[__name__], "HOME", home)
    monkeypatch.setattr(sys.modules[__name__], "CACHE", content_cache)
    monkeypatch.setenv("EXOTERM_HOME", str(home))
    monkeypatch.setenv("EXOTERM_CACHE", str(content_cache))
    monkeypatch.delenv("EXOTERM_CONTENT", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    return home
