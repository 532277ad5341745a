"""Shared helpers for the TUI tests: a fixed clock, the fixture deck, screen text."""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot

from exoterm.core.config import Config
from exoterm.core.srs.clock import FixedClock
from exoterm.tui.app import ExotermApp

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"
NOW = datetime(2025, 4, 1, 3, 0, tzinfo=timezone.utc)  # 12:00 in Tokyo


HOME = Path("/nonexistent/exoterm-test-home")  # set per test by the exo_home fixture


def app_config(content: Path | None = None, home: Path | None = None) -> Config:
    """The test's own data folder (`home` instead: only for prefs and keymap, as the
    snapshots show a fixed path) and cache, studying `content` (default: the fixture deck)."""
    return Config(data_dir=home or HOME, cache_dir=HOME / "cache", content=content or GOOD)


def make_app(lang: str = "ja", content: Path | None = None, **kwargs: Any) -> ExotermApp:
    """The app on the fixture deck with a clock that stands still."""
    clock = kwargs.pop("clock", None) or FixedClock(NOW)
    home = kwargs.pop("home", None)
    db_path = kwargs.pop("db_path", None) or HOME / "progress.sqlite3"
    return ExotermApp(app_config(content, home), clock=clock, lang=lang, db_path=db_path, **kwargs)


async def ready(pilot: Pilot[Any]) -> None:
    """Wait until loading has finished (content, index and database)."""
    app = pilot.app
    assert isinstance(app, ExotermApp)
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.data.store_done and (app.data.search is not None or app.data.content_error):
            break
    await app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: ExotermApp) -> str:
    """What the terminal shows, as plain text (the same render as a screenshot)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False,
                      safe_box=False)
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text()


def drive(app: ExotermApp, script: Any, size: tuple[int, int] = (80, 24)) -> Any:
    """Run `app` headless, wait for loading, then `await script(pilot)`; returns its result."""
    import asyncio

    async def main() -> Any:
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            return await script(pilot)

    return asyncio.run(main())


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and the screen update."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def answer(pilot: Pilot[Any], correct: bool = True) -> str:
    """Answer the review screen's current question with keys, rightly or wrongly."""
    screen = pilot.app.screen
    q = screen.question  # type: ignore[attr-defined]
    key = q.key
    if q.kind in ("single", "truefalse"):
        option = next(o for o in q.options if (o.id in key.choice_ids) == correct)
        await pilot.press(option.key)
    elif q.kind == "multi":
        pick = [o.key for o in q.options if (o.id in key.choice_ids) == correct][:q.select]
        await pilot.press(*pick, "enter")
    elif q.kind == "matching":
        letters = {o.id: o.key for o in q.targets}
        wanted = dict(key.pairs)
        order = [letters[wanted[o.id]] for o in q.options]
        if not correct:
            order = order[1:] + order[:1]
        await pilot.press(*order, "enter")
    elif q.kind in ("typed", "cloze"):
        for texts in key.texts:
            await pilot.press(*(texts[0] if correct else "zzzz"), "enter")
    elif q.kind == "flashcard":
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("3" if correct else "1")
    await settle(pilot)
    return str(q.kind)


@pytest.fixture(autouse=True)
def exo_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test: its own data folder (EXOTERM_HOME for a CLI run, `HOME` for `make_app`),
    no shared cache or content override, Tokyo time, colours on. Used (autouse) by tests/tui
    and tests/snapshots through their conftests."""
    home = tmp_path / "home"
    monkeypatch.setattr(sys.modules[__name__], "HOME", home)
    monkeypatch.setenv("EXOTERM_HOME", str(home))
    monkeypatch.delenv("EXOTERM_CACHE", raising=False)
    monkeypatch.delenv("EXOTERM_CONTENT", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    return home
