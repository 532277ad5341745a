"""The mouse: clicking an option answers it, matching rows and targets pair, Home tiles
open their screens; the feedback's related terms open with a key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tui_helpers import (
    AppPilot,
    answer,
    drive,
    exo,
    make_app,
    matched_letters,
    picked_keys,
    question_in_view,
    question_of,
    screen_of,
    screen_text,
    settle,
    start_review,
    wait_until,
)

from exoterm.tui.review_parts import SessionPlan
from exoterm.tui.screens.review import ReviewScreen, State
from exoterm.tui.screens.stats import StatsScreen
from exoterm.tui.widgets.answer import Row
from exoterm.tui.widgets.wrapped import Wrapped

SHIPPED = Path(__file__).resolve().parents[2] / "data"


def state_of(screen: ReviewScreen) -> State:
    return screen.state


def row(pilot: AppPilot, selector: str, key: str) -> Row:
    """The answer widget's row (`.choice` or `.target`) for the option with `key`."""
    screen = screen_of(pilot, ReviewScreen)
    q = question_of(pilot)
    options = q.targets if selector == ".target" else q.options
    index = next(i for i, o in enumerate(options) if o.key == key)
    return list(screen.query(f"#answer-area {selector}").results(Row))[index]


@pytest.mark.parametrize("correct", [True, False])
def test_clicking_an_option_answers_it(correct: bool) -> None:
    async def script(pilot: AppPilot) -> str:
        screen = await start_review(pilot, SessionPlan(cram=True, cards=("item:size-single",)))
        await pilot.click(row(pilot, ".choice", picked_keys(question_of(pilot), correct)[0]),
                          offset=(8, 0))
        await wait_until(pilot, lambda: state_of(screen) == "feedback", "the feedback")
        assert screen.committed is not None
        return screen.committed.judgement.verdict

    assert drive(make_app(), script) == ("right" if correct else "wrong")


def test_clicking_multi_options_ticks_them_and_enter_answers() -> None:
    async def script(pilot: AppPilot) -> str:
        screen = await start_review(pilot, SessionPlan(cram=True, cards=("item:cargo-multi",)))
        for key in picked_keys(question_of(pilot), True):
            await pilot.click(row(pilot, ".choice", key), offset=(8, 0))
        await settle(pilot)
        assert state_of(screen) == "asking"  # a click ticks, it never answers
        await pilot.press("enter")
        await wait_until(pilot, lambda: state_of(screen) == "feedback", "the feedback")
        assert screen.committed is not None
        return screen.committed.judgement.verdict

    assert drive(make_app(), script) == "right"


def test_clicking_matching_rows_and_targets_pairs_them() -> None:
    async def script(pilot: AppPilot) -> str:
        screen = await start_review(pilot, SessionPlan(cram=True,
                                                       cards=("item:fluid-matching",)))
        q = question_of(pilot)
        for option, letter in reversed(list(zip(q.options, matched_letters(q, True),
                                                strict=True))):
            await pilot.click(row(pilot, ".choice", option.key), offset=(8, 0))
            await pilot.click(row(pilot, ".target", letter), offset=(6, 0))
        await pilot.press("enter")
        await wait_until(pilot, lambda: state_of(screen) == "feedback", "the feedback")
        assert screen.committed is not None
        return screen.committed.judgement.verdict

    assert drive(make_app(lang="en"), script, size=(120, 40)) == "right"


@pytest.mark.parametrize(("tile", "screen"), [("due", ReviewScreen), ("learned", StatsScreen)])
def test_clicking_a_home_tile_opens_its_screen(tile: str, screen: type) -> None:
    async def script(pilot: AppPilot) -> None:
        await pilot.click(f"#tile-{tile}")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen), tile)

    drive(make_app(), script)


def test_related_terms_open_and_close_with_e() -> None:
    async def script(pilot: AppPilot) -> list[str]:
        screen = await start_review(pilot, SessionPlan(cram=True, cards=("item:size-single",)))
        await answer(pilot, correct=False)
        feedback = screen.query_one("#feedback", Wrapped)
        texts = [feedback.plain]
        footer = screen_text(pilot.app)  # type: ignore[arg-type]
        await pilot.press("e")
        await settle(pilot)
        texts.append(feedback.plain)
        await pilot.press("e")
        await settle(pilot)
        texts.append(feedback.plain)
        return [*texts, footer]

    quiet, full, again, footer = drive(make_app(lang="en"), script)
    definition = "A kind of extracellular vesicle that carries messages between cells."
    assert definition not in quiet and definition in full and quiet == again
    assert "exosome" in quiet and "Term details" in footer


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_wrong_answer_to_a_case_question_keeps_the_question_on_screen(lang: str) -> None:
    """The shipped deck's longest kind of item: a scenario, a two-line stem, 5 options;
    after the answer, its stem, options and their marks (✓ ✗) are all on screen at 80×24."""
    async def script(pilot: AppPilot) -> None:
        await start_review(pilot, SessionPlan(cram=True, cards=("item:dl-case-test-target",)))
        q = question_of(pilot)
        assert q.scenario is not None and len(q.options) == 5
        await answer(pilot, correct=False)
        await wait_until(pilot, lambda: question_in_view(pilot)
                         and {"✓", "✗"} <= set(screen_text(exo(pilot))),
                         "the stem, the options and their marks")

    drive(make_app(lang=lang, content=SHIPPED, session_seed=5), script)


def test_a_remapped_terms_key_opens_them_and_the_hint_names_it(exo_home: Path) -> None:
    exo_home.mkdir(parents=True, exist_ok=True)
    (exo_home / "keymap.json").write_text(json.dumps({"review.terms_toggle": "d"}))

    async def script(pilot: AppPilot) -> tuple[str, str]:
        screen = await start_review(pilot, SessionPlan(cram=True, cards=("item:size-single",)))
        await answer(pilot, correct=False)
        feedback = screen.query_one("#feedback", Wrapped)
        quiet = feedback.plain
        await pilot.press("d")
        await settle(pilot)
        return quiet, feedback.plain

    quiet, full = drive(make_app(lang="en"), script)
    assert "d shows their definitions" in quiet and "d hides the definitions" in full


def test_tab_reaches_the_home_tiles_and_enter_opens_one() -> None:
    async def script(pilot: AppPilot) -> None:
        assert pilot.app.focused is None  # Space and Enter start the review from Home
        await pilot.press("tab", "tab", "tab")
        assert pilot.app.focused is not None and pilot.app.focused.id == "tile-learned"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, StatsScreen), "stats")

    drive(make_app(), script)
