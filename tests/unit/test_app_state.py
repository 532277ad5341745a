"""The app's load state (tui/state.py): each loader event moves it, and what screens ask
(`store_error`, `store_settled`, `complete`, `finished`) follows from it."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from exoterm.tui.state import AppData, LoadState

if TYPE_CHECKING:
    from exoterm.core.content.models import Deck
    from exoterm.tui.progress import Progress, Summary
    from exoterm.tui.search_adapter import TermSearch


def deck() -> Deck:
    return cast("Deck", object())


def search() -> TermSearch:
    return cast("TermSearch", object())


def progress() -> Progress:
    return cast("Progress", object())


def asked(data: AppData) -> tuple[LoadState, str | None, bool, bool, bool]:
    return data.state, data.store_error, data.store_settled, data.complete, data.finished


def test_a_first_load_that_works() -> None:
    data = AppData()
    assert asked(data) == (LoadState.LOADING, None, False, False, False)
    data.content_loaded(deck())
    assert asked(data) == (LoadState.OPENING, None, False, False, False)
    summary = cast("Summary", object())
    data.store_opened(progress(), summary)
    assert asked(data) == (LoadState.READY, None, True, False, False)
    assert data.summary is summary
    data.index_built(search())
    assert asked(data) == (LoadState.READY, None, True, True, True)


def test_a_database_that_does_not_open() -> None:
    data = AppData()
    data.content_loaded(deck())
    data.store_failed("progress.sqlite3: not a database")
    assert asked(data) == (LoadState.STORE_ERROR, "progress.sqlite3: not a database",
                           True, False, False)
    data.index_built(search())  # the glossary works without progress
    assert data.complete and data.finished and data.progress is None


def test_broken_content_then_fixed_starts_over() -> None:
    data = AppData()
    data.content_failed(["glossary.yaml:3:5: reading must be text"])
    assert asked(data) == (LoadState.CONTENT_ERROR, None, True, False, True)
    assert data.problem == ("glossary.yaml:3:5: reading must be text",)
    fixed = deck()
    data.content_loaded(fixed)
    assert asked(data) == (LoadState.OPENING, None, False, False, False)
    assert data.deck is fixed and not data.problem


def test_a_live_reload_keeps_the_state_and_the_last_good_deck() -> None:
    data = AppData()
    first = deck()
    data.content_loaded(first)
    data.store_opened(progress(), None)
    data.index_built(search())
    data.reload_failed(["glossary.yaml:9:1: duplicate id"])
    assert data.deck is first and data.reload_error == ["glossary.yaml:9:1: duplicate id"]
    assert data.state is LoadState.READY and data.complete
    edited, index = deck(), search()
    data.reloaded(edited, index)
    assert data.deck is edited and data.search is index and data.reload_error is None
    assert data.state is LoadState.READY


def test_homes_numbers_can_come_before_the_deck() -> None:
    """The database remembered the deck: Home's counts and numbers arrive first, while the
    deck is still loading (nothing else changes)."""
    from exoterm.tui.progress import HomeNumbers, Summary

    data = AppData()
    summary = Summary(due=3, new=20)
    data.home_known(HomeNumbers(182, 203, summary))
    assert asked(data) == (LoadState.LOADING, None, False, False, False)
    assert data.counts == (182, 203) and data.summary is summary and data.deck is None
