"""Bookmarks with `b` in review and the glossary, and practising the weak list and the
bookmarks from the command palette's plans."""

from __future__ import annotations

import tui_helpers
from tui_helpers import AppPilot, answer, drive, exo, make_app, question_of, settle, start_review, wait_until

from exoterm.core.store import Store
from exoterm.core.store.bookmarks import bookmarks
from exoterm.core.weaklist import weak_list
from exoterm.tui.review_parts import SessionPlan, plans
from exoterm.tui.screens.review import ReviewScreen


def saved_bookmarks() -> list[str]:
    with Store.open(tui_helpers.HOME / "progress.sqlite3", daily_backup=False) as store:
        return bookmarks(store)


def test_b_bookmarks_in_review_and_the_glossary() -> None:
    async def script(pilot: AppPilot) -> None:
        await start_review(pilot, SessionPlan(cram=True, seed=11, cards=("item:size-single",)))
        await pilot.press("b")
        await wait_until(pilot, lambda: saved_bookmarks() == ["item:size-single"], "bookmark")
        await pilot.press("b")
        await wait_until(pilot, lambda: saved_bookmarks() == [], "bookmark removed")
        await pilot.press("escape", "g")
        from test_glossary import search

        await search(pilot, "mirna")
        await pilot.press("enter", "b")
        await wait_until(pilot, lambda: saved_bookmarks() != [], "the term's cards")
        assert all(c.startswith("term:microrna:") for c in saved_bookmarks())

    drive(make_app(), script)


def test_practising_the_weak_list_and_bookmarks() -> None:
    async def script(pilot: AppPilot) -> None:
        deck = exo(pilot).data.deck
        assert deck is not None
        offered = [plan.practice for plan, _title, _help in plans(deck, "ja")]
        assert "weak" in offered and "bookmarked" in offered
        screen = await start_review(pilot, SessionPlan(practice="weak"))
        assert screen.state == "empty"
        await start_review(pilot, SessionPlan(cards=("item:size-single",)))
        await answer(pilot, correct=False)
        await settle(pilot)
        progress = exo(pilot).data.progress
        assert progress is not None and weak_list(progress.store) == ["item:size-single"]
        screen = await start_review(pilot, SessionPlan(practice="weak"))
        assert isinstance(screen, ReviewScreen) and screen.state == "asking"
        assert question_of(pilot).card_id == "item:size-single"

    drive(make_app(), script)
