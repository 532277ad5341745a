"""The remaining keys: list paging, choice lists and matching by arrows, help and problem
screen keys, scrolling long review cards."""

from __future__ import annotations

import shutil
from pathlib import Path

from tui_helpers import (
    GOOD,
    AppPilot,
    answer,
    drive,
    make_app,
    question_of,
    screen_of,
    settle,
    start_review,
    text_showing,
)

from exoterm.core.quiz.questions import QuestionKind
from exoterm.tui.review_parts import SessionPlan
from exoterm.tui.screens.glossary import GlossaryScreen
from exoterm.tui.screens.help import HelpScreen
from exoterm.tui.screens.problem import ProblemScreen
from exoterm.tui.screens.review import ReviewScreen
from exoterm.tui.widgets.answer import ChoiceList, MatchingGrid
from exoterm.tui.widgets.result_list import ResultList

CARDS: dict[QuestionKind, str] = {"single": "item:size-single", "multi": "item:cargo-multi",
                                  "truefalse": "item:approved-tf", "matching": "item:fluid-matching"}


async def review_on(pilot: AppPilot, kind: QuestionKind) -> ReviewScreen:
    """A cram session started on the fixture deck's `kind` item."""
    screen = await start_review(pilot, SessionPlan(cram=True, cards=(CARDS[kind],)))
    assert screen.question is not None and screen.question.kind == kind
    return screen


def test_page_keys_move_through_results() -> None:
    async def script(pilot: AppPilot) -> list[int | None]:
        await pilot.press("g")
        await settle(pilot)
        screen = screen_of(pilot, GlossaryScreen)
        results = screen.query_one("#results", ResultList)
        seen = []
        for key in ("pagedown", "pageup", "down", "down", "down", "up"):
            await pilot.press(key)
            await pilot.pause()
            seen.append(results.highlighted)
        return seen

    assert drive(make_app(), script) == [2, 0, 1, 2, 2, 1]


def test_single_choice_by_arrows_and_enter() -> None:
    async def script(pilot: AppPilot) -> str:
        screen = await review_on(pilot, "single")
        q = screen.question
        assert q is not None
        right = next(i for i, o in enumerate(q.options) if o.id in q.key.choice_ids)
        await pilot.press(*(["down"] * right), "enter")
        await settle(pilot)
        assert screen.committed is not None
        return screen.committed.judgement.verdict

    assert drive(make_app(session_seed=7), script) == "right"


def test_single_choice_with_j_k_and_enter_space_never_answers() -> None:
    async def script(pilot: AppPilot) -> str:
        screen = await review_on(pilot, "single")
        q = screen.question
        assert q is not None
        right = next(i for i, o in enumerate(q.options) if o.id in q.key.choice_ids)
        await pilot.press("j", "j", "k", "k", *(["j"] * right), "space")
        await settle(pilot)
        assert screen.state == "asking" and screen.committed is None  # Space never answers
        await pilot.press("enter")
        await settle(pilot)
        assert screen.committed is not None
        return screen.committed.judgement.verdict

    assert drive(make_app(session_seed=7), script) == "right"


def test_space_never_answers_true_false_or_records_anything() -> None:
    async def script(pilot: AppPilot) -> tuple[str, int]:
        # a recorded session (not cram), so an answer Space gave would be in the store
        screen = await start_review(pilot, SessionPlan(cards=(CARDS["truefalse"],)))
        assert question_of(pilot).kind == "truefalse"
        await pilot.press("space", "space")
        await settle(pilot)
        assert screen.session is not None and screen.session.store is not None
        return screen.state, screen.session.store.undo_depth()

    assert drive(make_app(session_seed=7), script) == ("asking", 0)


def test_multi_select_toggles_with_space_and_needs_enter() -> None:
    async def script(pilot: AppPilot) -> str:
        screen = await review_on(pilot, "multi")
        q = screen.question
        assert q is not None
        choices = screen.query_one(ChoiceList)
        wanted = [i for i, o in enumerate(q.options) if o.id in q.key.choice_ids]
        await pilot.press("space", "space")  # tick and untick the first
        assert choices.ticked == []
        position = 0
        for index in wanted:
            await pilot.press(*(["down"] * (index - position)), "space")
            position = index
        assert screen.state == "asking"  # ticking alone does not answer
        await pilot.press("enter")
        await settle(pilot)
        assert screen.committed is not None
        return screen.committed.judgement.verdict

    assert drive(make_app(session_seed=7), script) == "right"


def test_matching_rows_can_be_moved_and_cleared() -> None:
    async def script(pilot: AppPilot) -> str:
        screen = await review_on(pilot, "matching")
        grid = screen.query_one(MatchingGrid)
        await pilot.press("a")
        assert grid.pairs and grid.cursor == 1
        await pilot.press("up", "backspace")
        assert grid.pairs == {}
        await pilot.press("enter")  # incomplete: nothing happens
        assert screen.state == "asking"
        await pilot.press("down", "up")
        assert grid.cursor == 0
        await answer(pilot)
        assert screen.committed is not None
        return screen.committed.judgement.verdict

    assert drive(make_app(session_seed=7), script) == "right"


def test_true_false_letter_keys() -> None:
    async def script(pilot: AppPilot) -> str:
        screen = await review_on(pilot, "truefalse")
        q = screen.question
        assert q is not None
        await pilot.press("o" if "true" in q.key.choice_ids else "x")
        await settle(pilot)
        assert screen.committed is not None
        return screen.committed.judgement.verdict

    assert drive(make_app(session_seed=7), script) == "right"


def test_review_scroll_keys_move_a_long_card() -> None:
    async def script(pilot: AppPilot) -> tuple[float, float]:
        screen = await review_on(pilot, "single")
        await answer(pilot, correct=False)
        card = screen.query_one("#card")
        card.scroll_home(animate=False)
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        down = card.scroll_y
        await pilot.press("up")
        await pilot.pause()
        return down, card.scroll_y

    down, up = drive(make_app(session_seed=7), script, size=(60, 14))
    assert down > 0 and up == down - 1


def test_help_closes_with_q_and_question_mark() -> None:
    async def script(pilot: AppPilot) -> list[str]:
        seen: list[str] = []
        for close in ("q", "question_mark", "escape"):
            await pilot.press("question_mark")
            await pilot.pause()
            seen.append(type(pilot.app.screen).__name__)
            await pilot.press(close)
            await pilot.pause()
            seen.append(type(pilot.app.screen).__name__)
        return seen

    assert drive(make_app(), script) == [HelpScreen.__name__, "HomeScreen"] * 3


def test_problem_screen_switches_language_and_quits(tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    shutil.copytree(GOOD, folder)
    (folder / "quiz.yaml").write_text("items: [\n", encoding="utf-8")

    async def script(pilot: AppPilot) -> tuple[str, str, bool]:
        await settle(pilot)
        assert isinstance(pilot.app.screen, ProblemScreen)
        ja = await text_showing(pilot, "quiz.yaml:")
        await pilot.press("ctrl+l")
        await pilot.pause()
        en = await text_showing(pilot, "The content could not be loaded")
        await pilot.press("g")  # nothing else opens while the content is broken
        await pilot.pause()
        assert isinstance(pilot.app.screen, ProblemScreen)
        await pilot.press("q")
        await pilot.pause()
        return ja, en, pilot.app.return_code == 0

    ja, en, exited = drive(make_app(content=folder), script, size=(160, 30))
    assert "教材を読み込めませんでした" in ja and "quiz.yaml:" in ja
    assert "The content could not be loaded" in en
    assert exited
