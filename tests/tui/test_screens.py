"""Home, help, stats, settings, navigation keys, language switch, keymap, palette."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select
from tui_helpers import (
    TIMEOUT,
    AppPilot,
    answer,
    drive,
    exo,
    make_app,
    screen_of,
    screen_text,
    settle,
    wait_until,
)

from exoterm.tui.app import ExotermApp
from exoterm.tui.screens.help import HelpScreen
from exoterm.tui.screens.home import HomeScreen
from exoterm.tui.screens.review import ReviewScreen
from exoterm.tui.screens.settings import SettingsScreen
from exoterm.tui.screens.stats import StatsScreen
from exoterm.tui.widgets.answer import ChoiceList
from exoterm.tui.widgets.wrapped import Wrapped


def test_home_is_shown_first_and_fills_in_numbers() -> None:
    async def script(pilot: AppPilot) -> str:
        assert isinstance(pilot.app.screen, HomeScreen)
        return screen_text(exo(pilot))

    text = drive(make_app(), script)
    for expected in ("復習", "新規（今日）", "学習済み", "連続日数", "Space / Enter で復習開始",
                     "ようこそ", "用語集で調べる", "すべてのキー", "用語 3・問題 6"):
        assert expected in text, expected


def test_a_preloaded_start_shows_the_same_home() -> None:
    """`exoterm` starts loading before Textual sets up the screen (ExotermApp.preload)."""

    async def script(pilot: AppPilot) -> str:
        return screen_text(exo(pilot))

    app = make_app()
    app.preload()
    text = drive(app, script)
    assert "用語 3・問題 6" in text and "Space / Enter で復習開始" in text
    assert app.data.search is not None and app.data.progress is not None


def test_the_first_load_reads_homes_numbers_in_the_interface_language() -> None:
    """The preload's summary is what Home shows first: its next-due line is in the
    app's language, not the loader's default."""
    from exoterm.core.texts import tr
    from exoterm.tui.loading import FirstLoad

    app = make_app(lang="en")
    first = FirstLoad(app.config, True, app.clock, app.db_path, app.lang)
    first.run()
    assert first.summary is not None and first.summary.next_due == tr("next.now", "en")
    assert not isinstance(first.progress, (str, type(None)))
    first.progress.close()


def test_a_cold_start_caches_the_parsed_content_after_homes_numbers(tmp_path: Path) -> None:
    """On a cache miss the first load parses, reads Home's numbers, and only then writes the
    content cache (`write_caches`), which the app does before building the search index."""
    from dataclasses import replace

    from exoterm.tui.loading import FirstLoad

    app = make_app(lang="en")
    config = replace(app.config, cache_dir=tmp_path / "cold-cache")
    first = FirstLoad(config, True, app.clock, app.db_path, app.lang)
    first.run()
    assert first.summary is not None and first.unwritten
    assert not list(config.cache_dir.glob("content-*.marshal"))
    first.write_caches()
    assert len(list(config.cache_dir.glob("content-*.marshal"))) == 1 and not first.unwritten
    assert not isinstance(first.progress, (str, type(None)))
    first.progress.close()

    async def script(pilot: AppPilot) -> None:
        await wait_until(pilot, lambda: exo(pilot).data.complete, "the first load")

    cold = ExotermApp(replace(config, cache_dir=tmp_path / "app-cache"), clock=app.clock,
                      lang="en", db_path=app.db_path)
    drive(cold, script)
    assert len(list((tmp_path / "app-cache").glob("content-*.marshal"))) == 1


def test_home_shows_its_numbers_before_the_deck_when_the_database_knows_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A start with unchanged content: the progress database remembers the deck it was
    synced with (`store.deckheads`), so Home's counts and start line show before the deck
    itself is loaded; the deck and the rest follow."""
    import threading

    from exoterm.tui import loading

    app = make_app(lang="en")
    first = loading.FirstLoad(app.config, True, app.clock, app.db_path, "en")
    first.run()
    assert first.early is None, "a first start: the database does not know the deck yet"
    assert not isinstance(first.progress, (str, type(None)))
    first.progress.close()

    release = threading.Event()
    real_load = loading.load_deck

    def held_load(*args: Any, **kwargs: Any) -> Any:
        release.wait(3 * TIMEOUT)  # longer than `wait_until` waits for Home
        return real_load(*args, **kwargs)

    monkeypatch.setattr(loading, "load_deck", held_load)

    async def script(pilot: AppPilot) -> tuple[str, bool]:
        app = exo(pilot)
        await wait_until(pilot, lambda: "to start reviewing" in screen_text(app), "Home's numbers")
        text, deck_loaded = screen_text(app), app.data.deck is not None
        release.set()
        await wait_until(pilot, lambda: app.data.complete, "the rest of the first load")
        return text, deck_loaded

    async def main() -> tuple[str, bool]:
        async with make_app(lang="en").run_test(size=(80, 24)) as pilot:
            return await script(pilot)  # not `drive`: it waits for the whole load first

    text, deck_loaded = asyncio.run(main())
    assert not deck_loaded
    assert "3 terms · 6 questions" in text and "Space / Enter to start reviewing" in text


def damaged_deck_head(head: str) -> ExotermApp:
    """The app after one first load (the database remembers the deck's numbers) and a
    hand edit that set that record to `head`."""
    from exoterm.core.store import Store
    from exoterm.tui import loading

    app = make_app(lang="en")
    first = loading.FirstLoad(app.config, True, app.clock, app.db_path, "en")
    first.run()
    assert not isinstance(first.progress, (str, type(None)))
    first.progress.close()
    store = Store.open(app.db_path, clock=app.clock)
    with store.write() as conn:
        assert conn.execute("UPDATE meta SET value = ? WHERE key LIKE 'deck:%'", (head,)).rowcount
    store.close()
    return app


INFINITE_HEAD = '{"catalog": "c", "terms": Infinity, "items": 6}'


@pytest.mark.parametrize("head", [INFINITE_HEAD, "[" * 100_000], ids=["infinity", "deep"])
def test_a_damaged_deck_head_does_not_stop_the_first_load(head: str) -> None:
    """A hand-edited `deck:` row in meta (Infinity, deep nesting) crashed the early-numbers
    step, and the app said the content could not be loaded: now the deck loads instead."""
    from exoterm.tui import loading

    app = damaged_deck_head(head)
    again = loading.FirstLoad(app.config, True, app.clock, app.db_path, "en")
    again.run()
    assert again.crash is None and again.early is None and again.summary is not None
    assert not isinstance(again.progress, (str, type(None)))
    again.progress.close()


def test_a_damaged_deck_record_does_not_stop_the_start() -> None:
    """The same record made every start end on "The content could not be loaded": it is
    not trusted, the deck is loaded instead and Home shows its real numbers."""
    damaged_deck_head(INFINITE_HEAD)

    async def script(pilot: AppPilot) -> str:
        return screen_text(exo(pilot))

    text = drive(make_app(lang="en"), script)
    assert "3 terms · 6 questions" in text and "could not be loaded" not in text


def test_home_after_studying_shows_forecast_and_no_welcome() -> None:
    async def script(pilot: AppPilot) -> str:
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(3):
            await answer(pilot)
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        return screen_text(exo(pilot))

    text = drive(make_app(lang="en", session_seed=4), script)
    assert "Welcome" not in text
    assert "Reviews due in the next 30 days" in text
    assert "today" in text


def test_navigation_keys_reach_every_screen() -> None:
    async def script(pilot: AppPilot) -> list[str]:
        seen = []
        for key in ("g", "escape", "r", "escape", "t", "escape", "comma", "escape", "h",
                    "f3", "f2", "f5", "f6", "f4", "f2"):
            await pilot.press(key)
            await settle(pilot)
            seen.append(type(pilot.app.screen).__name__)
        return seen

    assert drive(make_app(), script) == [
        "GlossaryScreen", "HomeScreen", "ReviewScreen", "HomeScreen", "StatsScreen", "HomeScreen",
        "SettingsScreen", "HomeScreen", "HomeScreen", "GlossaryScreen", "HomeScreen",
        "StatsScreen", "SettingsScreen", "ReviewScreen", "HomeScreen"]


def test_help_lists_keys_of_the_screen_and_closes() -> None:
    async def script(pilot: AppPilot) -> str:
        await pilot.press("g", "tab")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        text = pilot.app.screen.query_one("#help-text", Wrapped).plain  # unwrapped: a long
        await pilot.press("escape")  # temporary keymap path is cut across lines on screen
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HelpScreen)
        return text

    text = drive(make_app(lang="en"), script)
    for expected in ("Glossary", "Furigana", "^r", "alt+←", "Everywhere", "Quit"):
        assert expected in text, expected
    # the keymap's path (a temporary folder here) may be longer than a line: it wraps
    assert "keymap.json" in text.replace("\n", "")


def test_language_switch_changes_every_label() -> None:
    async def script(pilot: AppPilot) -> tuple[str, str, str]:
        ja = screen_text(exo(pilot))
        await pilot.press("ctrl+l")
        await settle(pilot)
        en = screen_text(exo(pilot))
        await pilot.press("g")
        await settle(pilot)
        glossary = screen_text(exo(pilot))
        return ja, en, glossary

    ja, en, glossary = drive(make_app(), script)
    assert "新規（今日）" in ja and "New today" not in ja
    assert "New today" in en and "Due now" in en and "新規（今日）" not in en
    assert "Search: kanji, kana, romaji, English" in glossary
    assert "Definition" in glossary


def test_language_choice_is_remembered(exo_home: Path) -> None:
    async def switch(pilot: AppPilot) -> None:
        await pilot.press("ctrl+l")
        await settle(pilot)

    drive(make_app(lang="ja"), switch)
    assert json.loads((exo_home / "ui.json").read_text())["lang"] == "en"

    async def look(pilot: AppPilot) -> str:
        return exo(pilot).lang

    from tui_helpers import app_config

    assert drive(ExotermApp(app_config()), look) == "en"


def test_opening_settings_changes_no_preference(exo_home: Path) -> None:
    """Only a choice saves ui.json: opening Settings wrote it (the furigana select's
    Changed from being filled arrived after filling and was taken for a choice)."""
    async def script(pilot: AppPilot) -> None:
        await pilot.press("comma")
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()

    drive(make_app(lang="ja"), script)
    assert not (exo_home / "ui.json").exists()


def test_user_keymap_remaps_a_binding(exo_home: Path) -> None:
    exo_home.mkdir(parents=True, exist_ok=True)
    (exo_home / "keymap.json").write_text(json.dumps({"nav.glossary": "ctrl+g"}))

    async def script(pilot: AppPilot) -> tuple[str, str]:
        await pilot.press("ctrl+g")
        await settle(pilot)
        first = type(pilot.app.screen).__name__
        await pilot.press("escape", "g")
        await settle(pilot)
        return first, type(pilot.app.screen).__name__

    assert drive(make_app(), script) == ("GlossaryScreen", "HomeScreen")


def test_command_palette_lists_actions_in_the_ui_language() -> None:
    async def script(pilot: AppPilot) -> str:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"統計")
        await settle(pilot)  # the palette searches in a worker
        text = screen_text(exo(pilot))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StatsScreen)
        return text

    text = drive(make_app(), script)
    assert "学習の統計を見る" in text


def test_stats_after_some_answers() -> None:
    async def script(pilot: AppPilot) -> str:
        await pilot.press("r")
        await settle(pilot)
        for _ in range(4):
            await answer(pilot)
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("f5")  # works even while typing in an answer box
        await settle(pilot)
        assert isinstance(pilot.app.screen, StatsScreen)
        return screen_text(exo(pilot))

    text = drive(make_app(lang="en", session_seed=1), script, size=(100, 40))
    for expected in ("Due in the next 30 days", "Answers per day", "Retention (30 days)",
                     "Mastery by category", "Vesicles and structure", "seen"):
        assert expected in text, expected
    assert "total 4" in text


def test_settings_save_study_settings_and_reject_bad_values() -> None:
    async def script(pilot: AppPilot) -> tuple[str, str, int]:
        await pilot.press("comma")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#set-desired_retention", Input).value = "0.5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        bad = screen_text(exo(pilot))
        screen.query_one("#set-desired_retention", Input).value = "0.85"
        screen.query_one("#set-new_per_day", Input).value = "5"
        directions = screen.query_one("#set-directions", ChoiceList)
        progress = exo(pilot).data.progress
        assert progress is not None
        store = progress.store
        had = "def>term" in store.settings.directions
        directions.focus()
        await pilot.press("3")  # tick or untick definition → term
        await pilot.press("ctrl+s")
        await settle(pilot)
        good = screen_text(exo(pilot))
        assert store.settings.desired_retention == 0.85
        assert ("def>term" in store.settings.directions) is not had
        return bad, good, store.settings.new_per_day

    bad, good, new_per_day = drive(make_app(lang="en"), script, size=(100, 40))
    assert "desired_retention" in bad
    assert "Settings saved" in good
    assert new_per_day == 5


def test_settings_turn_burying_siblings_off_and_on() -> None:
    """Issue 13.3: burying a term's other cards is a setting, on by default, on this screen."""
    async def script(pilot: AppPilot) -> list[bool]:
        await pilot.press("comma")
        await settle(pilot)
        screen = screen_of(pilot, SettingsScreen)
        progress = exo(pilot).data.progress
        assert progress is not None
        bury = screen.query_one("#set-bury", Select)
        await wait_until(pilot, lambda: screen.srs is not None, "the study settings")
        seen = [bury.value == "on", progress.store.settings.bury_siblings]
        def saved(wanted: bool) -> Callable[[], bool]:
            return lambda: progress.store.settings.bury_siblings is wanted

        for value in ("off", "on"):
            bury.value = value
            await pilot.press("ctrl+s")
            await wait_until(pilot, saved(value == "on"), "the setting saved")
            seen.append(progress.store.settings.bury_siblings)
        return seen

    assert drive(make_app(lang="en"), script, size=(100, 40)) == [True, True, False, True]


def test_settings_language_and_furigana_apply_at_once() -> None:
    async def script(pilot: AppPilot) -> tuple[str, str]:
        await pilot.press("comma")
        await settle(pilot)
        screen = screen_of(pilot, SettingsScreen)
        screen.query_one("#set-lang", Select).value = "en"
        await settle(pilot)
        screen.query_one("#set-furigana", Select).value = "inline"
        await settle(pilot)
        return exo(pilot).lang, exo(pilot).furigana

    assert drive(make_app(), script) == ("en", "inline")


def test_quit_key_exits() -> None:
    async def script(pilot: AppPilot) -> bool:
        await pilot.press("q")
        await pilot.pause()
        return pilot.app.return_code == 0

    assert drive(make_app(), script)


def test_review_screen_reachable_when_nothing_is_due() -> None:
    async def script(pilot: AppPilot) -> str:
        progress = exo(pilot).data.progress
        assert progress is not None
        store = progress.store
        store.save_settings(store.settings.with_value("new_per_day", "0"))
        await pilot.press("r")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.state == "empty"
        return screen_text(exo(pilot))

    text = drive(make_app(lang="en"), script)
    assert "Nothing to review right now." in text
    assert "Cram from the command palette" in text


def test_palette_finds_a_term_and_opens_it_in_the_glossary() -> None:
    async def script(pilot: AppPilot) -> str | None:
        from exoterm.tui.screens.glossary import GlossaryScreen

        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"mirna")
        await settle(pilot)  # the palette searches in a worker
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, GlossaryScreen)
        return screen.current_term_id

    assert drive(make_app(), script) == "microrna"


def test_palette_starts_cram_by_category_from_anywhere() -> None:
    async def script(pilot: AppPilot) -> tuple[bool, tuple[str, ...]]:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Cram: category Cargo")
        await settle(pilot)  # the palette searches in a worker
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen)
        return screen.plan.cram, screen.plan.categories

    assert drive(make_app(lang="en"), script) == (True, ("cargo",))


def test_palette_offers_the_screens_own_actions() -> None:
    async def script(pilot: AppPilot) -> str:
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"furigana")
        await settle(pilot)  # the palette searches in a worker
        text = screen_text(exo(pilot))
        await pilot.press("enter")
        await settle(pilot)
        assert exo(pilot).furigana == "ruby"
        return text

    assert "Toggle furigana layout" in drive(make_app(lang="en"), script)


def test_a_bad_keymap_is_reported_and_the_defaults_used(exo_home: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    exo_home.mkdir(parents=True, exist_ok=True)
    (exo_home / "keymap.json").write_text("[" * 100_000 + "]" * 100_000)
    app = make_app()
    notes: list[str] = []
    notify = app.notify

    def record(message: str, **kwargs: Any) -> None:
        notes.append(message)
        notify(message, **kwargs)

    monkeypatch.setattr(app, "notify", record)

    async def script(pilot: AppPilot) -> str:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        return type(pilot.app.screen).__name__

    screen = drive(app, script)
    assert screen == "GlossaryScreen"
    assert any("keymap.json" in n and "default keys used" in n for n in notes), notes
