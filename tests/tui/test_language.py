"""Every screen speaks one language: walking them all in Japanese and in English (started
in it, and switched to it on an open screen) finds no interface text of the other one.
The checker itself is tested first, on screens broken on purpose."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest
from language_check import LanguageCheck, content_texts
from textual.theme import BUILTIN_THEMES
from tui_helpers import (
    GOOD,
    AppPilot,
    answer,
    exo,
    make_app,
    ready,
    screen_text,
    settle,
    start_review,
    studied,
    wait_until,
)

from exoterm.core.content import load_content
from exoterm.core.quiz.questions import QuestionKind
from exoterm.tui.bindings import KEYMAP_FILE
from exoterm.tui.review_parts import SessionPlan
from exoterm.tui.screens.glossary import GlossaryScreen
from exoterm.tui.screens.review import ReviewScreen

DECK = load_content([GOOD])


def checker(prefs: Path) -> LanguageCheck:
    """Not content, not interface: theme names, the keymap file's path, what the test types."""
    return LanguageCheck(content_texts(DECK), extra=[
        *BUILTIN_THEMES, str(prefs / KEYMAP_FILE), "zzzz"])


CHECK = checker(Path("/nonexistent/exoterm"))  # the checker's own tests: no app, no files
KIND_CARDS: dict[QuestionKind, str] = {
    "single": "item:size-single", "multi": "item:cargo-multi", "truefalse": "item:approved-tf",
    "typed": "term:extracellular-vesicle:en>ja", "cloze": "item:function-cloze",
    "matching": "item:fluid-matching", "flashcard": "term:extracellular-vesicle:en>ja",
}


# the checker --------------------------------------------------------------------------
def test_the_checker_finds_japanese_interface_text_in_english() -> None:
    screen = "Review · Cram — 1/3\n  日本語で答えよ：lipid\n  Furigana   自動（幅が足りなければ括弧）"
    assert CHECK.foreign(screen, "en") == ["日本語で答えよ", "自動", "幅が足りなければ括弧"]


def test_the_checker_finds_english_interface_text_in_japanese() -> None:
    screen = "≡ exoterm — 設定\n  ✓ Settings saved\n  表示言語   日本語"
    assert CHECK.foreign(screen, "ja") == ["Settings saved"]


def test_the_checker_accepts_content_and_the_languages_own_text() -> None:
    term = DECK.terms[0]
    english = f"Definition\n  {term.ja}  {term.en}\n  Switch interface language (日本語 / English)"
    japanese = f"定義\n  {term.ja}（{term.reading}）  {term.en}\n  esc ホーム  Space / Enter で次へ"
    assert CHECK.foreign(english, "en") == []
    assert CHECK.foreign(japanese, "ja") == []


def test_a_bracketed_section_name_is_english_text() -> None:
    assert CHECK.foreign("1/1 · Essential (必修) · single choice", "en") == []


# the walk ------------------------------------------------------------------------------
Step = Callable[[AppPilot], Awaitable[None]]


async def glossary(pilot: AppPilot) -> None:
    await pilot.press("g")
    await settle(pilot)
    await pilot.press(*"saibou")
    screen = pilot.app.screen
    assert isinstance(screen, GlossaryScreen)
    await wait_until(pilot, lambda: not screen.updates_pending, "the pause in typing")
    await settle(pilot)


async def glossary_help(pilot: AppPilot) -> None:
    await glossary(pilot)
    await pilot.press("f1")
    await settle(pilot)


async def home(pilot: AppPilot) -> None:
    await pilot.press("h")
    await settle(pilot)


async def stats(pilot: AppPilot) -> None:
    await pilot.press("f5")
    await settle(pilot)


async def settings_saved(pilot: AppPilot) -> None:
    await pilot.press("comma")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def palette(pilot: AppPilot) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot)


def question(kind: QuestionKind, *, wrong: bool = False, review_help: bool = False) -> Step:
    async def step(pilot: AppPilot) -> None:
        plan = SessionPlan(cram=True, seed=11, cards=(KIND_CARDS[kind],),
                           term_style="flashcard" if kind == "flashcard" else "auto")
        await start_review(pilot, plan)
        if wrong:
            await answer(pilot, correct=False)
        if review_help:
            await pilot.press("f1")
            await settle(pilot)

    return step


async def session_end(pilot: AppPilot) -> None:
    await start_review(pilot, SessionPlan(cram=True, seed=11, cards=("item:size-single",)))
    await answer(pilot, correct=True)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    await wait_until(pilot, lambda: screen.state == "done", "the end of the session")


async def exam(pilot: AppPilot) -> None:
    from exoterm.core.exam.builder import ExamOptions
    from exoterm.tui.screens.exam import ExamScreen

    await exo(pilot).start_exam(ExamOptions(questions=4, minutes=2, seed=1))
    screen = pilot.app.screen
    assert isinstance(screen, ExamScreen)
    await wait_until(pilot, lambda: screen.sitting is not None and not screen.busy, "the exam")
    await settle(pilot)


async def exam_result(pilot: AppPilot) -> None:
    from exoterm.core.srs.clock import FixedClock
    from exoterm.tui.screens.exam import ExamScreen
    from exoterm.tui.screens.exam_result import ExamResultScreen

    await exam(pilot)
    clock = exo(pilot).clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(minutes=3))
    screen = pilot.app.screen
    assert isinstance(screen, ExamScreen)
    screen.tick()
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamResultScreen), "the result")
    await settle(pilot)


STEPS: dict[str, Step] = {
    "exam": exam, "exam result": exam_result,
    "home": home, "glossary": glossary, "glossary help": glossary_help, "stats": stats,
    "settings saved": settings_saved, "palette": palette,
    **{f"question {k}": question(k) for k in KIND_CARDS},
    "feedback single": question("single", wrong=True),
    "feedback typed": question("typed", wrong=True),
    "feedback matching": question("matching", wrong=True),
    "review help": question("single", review_help=True),
    "session end": session_end,
}


async def toggled(pilot: AppPilot) -> None:
    await pilot.press("ctrl+l")
    await settle(pilot)


@pytest.mark.parametrize("start", ["ja", "en"])
def test_every_screen_speaks_one_language(start: str) -> None:
    """Each screen in `start`, then switched to the other language while open, then back."""
    studied([True, False, True], lang="ja", seed=11)
    other = "en" if start == "ja" else "ja"
    problems: list[str] = []
    # The switches save ui.json there. A short path, as the help screen shows the keymap's
    # (pytest's tmp_path would wrap there); a made-up one was written to when run as root.
    prefs = Path(tempfile.mkdtemp(prefix="exo"))
    check = checker(prefs)

    async def main() -> None:
        for name, step in STEPS.items():
            app = make_app(lang=start, session_seed=11, home=prefs)
            async with app.run_test(size=(100, 40)) as pilot:
                await ready(pilot)
                await step(pilot)
                # Checked only in the language it opened in: the palette (its box takes
                # ctrl+l)
                once = name == "palette"
                for lang in (start,) if once else (start, other, start):
                    if lang != exo(pilot).lang:
                        await toggled(pilot)
                    assert exo(pilot).lang == lang, name
                    found = check.foreign(screen_text(exo(pilot)), lang)
                    problems.extend(f"{name} ({lang}): {run}" for run in found)

    try:
        asyncio.run(main())
    finally:
        shutil.rmtree(prefs)
    assert problems == [], "\n".join(problems)
