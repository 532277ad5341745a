"""With the `sync_dir` setting, a review session syncs when it starts and when it ends
(in a worker); a sync that fails is a notice and the answers stay saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_helpers import NOW, AppPilot, answer, drive, make_app, wait_until
from tui_helpers import exo as exo_of

from exoterm.core.srs.clock import FixedClock, to_ms
from exoterm.core.store import Store
from exoterm.core.store.reviews import review_log
from exoterm.core.store.sync import device_id
from exoterm.core.sync import segment
from exoterm.core.sync.segment import Answer, Segment
from exoterm.tui.screens.review import ReviewScreen

OTHER = "0123456789abcdef0123456789abcdef"
CARD = "item:size-single"


def recorded_notes(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    notes: list[str] = []
    notify = app.notify

    def record(message: str, **kwargs: Any) -> None:
        notes.append(message)
        notify(message, **kwargs)

    monkeypatch.setattr(app, "notify", record)
    return notes


def set_sync_dir(home: Path, folder: Path) -> None:
    with Store.open(home / "progress.sqlite3", clock=FixedClock(NOW), daily_backup=False) as store:
        store.save_settings(store.settings.with_value("sync_dir", str(folder)))


def test_review_syncs_at_start_and_end(tmp_path: Path, exo_home: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    (shared / OTHER).mkdir(parents=True)
    other = Answer("a" * 32, CARD, 3, 0, to_ms(NOW) - 3_600_000, 1000, 600, 0, 2.3, 2.1,
                   "a", 1, "")
    (shared / OTHER / segment.segment_name(1)).write_bytes(
        segment.encode(Segment(OTHER, 1, to_ms(NOW), (other,))))
    set_sync_dir(exo_home, shared)
    app = make_app(lang="en", session_seed=1)
    notes = recorded_notes(app, monkeypatch)

    async def script(pilot: AppPilot) -> list[Path]:
        await pilot.press("r")
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen)
        await wait_until(pilot, lambda: screen.state == "asking" and not screen.busy, "a question")
        progress = exo_of(pilot).data.progress
        assert progress is not None
        assert [h[1] for h in progress.store.history(CARD)] == [3]  # merged before the queue
        await answer(pilot, correct=True)
        await pilot.press("escape")  # leaving the session ends it: sync again
        mine = shared / device_id(progress.store)
        await wait_until(pilot, lambda: list(mine.glob("seg-*.jsonl")), "this device's segment")
        return list(mine.glob("seg-*.jsonl"))

    written = drive(app, script)
    assert len(written) == 1
    events = segment.decode(written[0].read_bytes(), "x").events
    assert [e.card_id for e in events if isinstance(e, Answer)] == [CARD]  # sync_dir: not shared
    assert len(events) == 1
    assert sum(1 for n in notes if n.startswith("Synced with")) == 2


def test_a_failing_sync_is_a_notice_and_answers_stay(tmp_path: Path, exo_home: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    set_sync_dir(exo_home, tmp_path / "not-mounted")
    app = make_app(lang="en", session_seed=1)
    notes = recorded_notes(app, monkeypatch)

    async def script(pilot: AppPilot) -> int:
        await pilot.press("r")
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen)
        await wait_until(pilot, lambda: screen.state == "asking" and not screen.busy, "a question")
        await answer(pilot, correct=True)
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(notes) >= 2, "the second notice")
        progress = exo_of(pilot).data.progress
        assert progress is not None
        return len(review_log(progress.store))

    assert drive(app, script) == 1
    assert all(n.startswith("Sync failed") and "not-mounted" in n for n in notes[:2])
