"""The glossary's result list: keys, mouse, messages, and drawing only what is visible."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.content import Content
from tui_helpers import AppPilot, drive, make_app, settle

from exoterm.tui.screens.glossary import GlossaryScreen
from exoterm.tui.widgets.related import LinkRow
from exoterm.tui.widgets.result_list import ResultList
from exoterm.tui.widgets.term_detail import TermDetail


class ListApp(App[None]):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.rendered: list[str] = []
        self.messages: list[tuple[str, int, str]] = []

    def row(self, term_id: str) -> Content:
        self.rendered.append(term_id)
        return Content.assemble((term_id, "bold"), "  [not markup]")

    def compose(self) -> ComposeResult:
        yield ResultList(self.row, id="results")

    def on_mount(self) -> None:
        results = self.query_one(ResultList)
        results.set_ids([f"term-{i}" for i in range(self.count)])
        results.focus()

    def on_result_list_highlighted(self, event: ResultList.Highlighted) -> None:
        self.messages.append(("highlighted", event.index, event.term_id))

    def on_result_list_selected(self, event: ResultList.Selected) -> None:
        self.messages.append(("selected", event.index, event.term_id))


def run(app: ListApp, keys: list[str]) -> tuple[ListApp, int | None, str | None, int]:
    """Press `keys`; the app, then the highlighted index and id and the scroll offset."""
    async def go() -> tuple[int | None, str | None, int]:
        async with app.run_test(size=(40, 12)) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            results = app.query_one(ResultList)
            return results.highlighted, results.highlighted_id, results.scroll_offset.y
    return app, *asyncio.run(go())


def test_keys_move_the_highlight_and_enter_selects() -> None:
    app, index, term_id, _ = run(ListApp(50), ["down", "down", "pagedown", "up", "end", "home", "enter"])
    assert [m for m in app.messages if m[0] == "highlighted"][:3] == [
        ("highlighted", 1, "term-1"), ("highlighted", 2, "term-2"), ("highlighted", 13, "term-13")]
    assert ("highlighted", 49, "term-49") in app.messages
    assert app.messages[-1] == ("selected", 0, "term-0")
    assert index == 0 and term_id == "term-0"


def test_only_visible_rows_are_drawn_and_lines_are_reused() -> None:
    app = ListApp(10_000)

    async def go() -> tuple[int, int]:
        async with app.run_test(size=(40, 12)) as pilot:
            await pilot.pause()
            first = len(app.rendered)
            results = app.query_one(ResultList)
            results.set_ids(results.ids[:])  # the same results again (a keystroke)
            await pilot.pause()
            return first, len(app.rendered) - first
    first, again = asyncio.run(go())
    assert 0 < first <= 12  # one screen of rows, not 10,000
    assert again == 0  # cached lines reused


def test_end_scrolls_the_last_row_into_view() -> None:
    _, index, term_id, scrolled = run(ListApp(100), ["end"])
    assert (index, term_id) == (99, "term-99")
    assert scrolled > 0


def test_empty_results_have_no_highlight() -> None:
    app, index, term_id, _ = run(ListApp(0), ["down", "enter"])
    assert index is None and term_id is None and app.messages == []


def test_clicking_a_result_opens_that_term() -> None:
    async def script(pilot: AppPilot) -> tuple[str | None, str | None, bool]:
        await pilot.press("g")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, GlossaryScreen)
        results = screen.query_one(ResultList)
        await pilot.click("#results", offset=(2, 2))
        await settle(pilot)
        focused = screen.focused
        return results.highlighted_id, screen.current_term_id, isinstance(focused, (LinkRow, TermDetail))

    highlighted, shown, opened = drive(make_app(), script)
    assert highlighted is not None and highlighted == shown
    assert opened
