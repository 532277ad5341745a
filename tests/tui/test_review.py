"""Review: every question type answered with keys, feedback, grading, undo, cram, summary."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import answer, drive, make_app, screen_text, settle

from exoterm.tui.review_parts import SessionPlan
from exoterm.tui.screens.review import ReviewScreen

KINDS = {"single", "multi", "truefalse", "typed", "cloze", "matching"}


async def open_review(pilot: Pilot[Any], plan: SessionPlan | None = None) -> ReviewScreen:
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    if plan is not None:
        screen.start(plan)
        await settle(pilot)
    return screen


def test_every_question_type_answered_right_with_keys() -> None:
    async def script(pilot: Pilot[Any]) -> tuple[set[str], int]:
        screen = await open_review(pilot, SessionPlan(cram=True))
        seen: set[str] = set()
        while screen.state == "asking":
            kind = await answer(pilot, correct=True)
            assert screen.state == "feedback", kind
            assert screen.committed is not None
            assert screen.committed.judgement.verdict == "right", kind
            seen.add(kind)
            await pilot.press("enter")
            await settle(pilot)
        assert screen.state == "done"
        assert screen.session is not None
        return seen, screen.session.summary.right

    seen, right = drive(make_app(session_seed=7), script)
    assert KINDS <= seen
    assert right >= len(KINDS)


def test_wrong_answers_show_answer_explanation_and_citation() -> None:
    async def script(pilot: Pilot[Any]) -> list[str]:
        screen = await open_review(pilot, SessionPlan(cram=True))
        texts = []
        for _ in range(8):
            if screen.state != "asking":
                break
            await answer(pilot, correct=False)
            assert screen.committed is not None
            assert screen.committed.judgement.verdict != "right"
            texts.append(screen_text(pilot.app))  # type: ignore[arg-type]
            await pilot.press("enter")
            await settle(pilot)
        return texts

    for text in drive(make_app(lang="en", session_seed=3), script, size=(100, 40)):
        assert "Answer: " in text or "✗" in text
        assert "Source: " in text


def test_due_review_records_answers_and_undo_takes_back() -> None:
    async def script(pilot: Pilot[Any]) -> None:
        app = pilot.app
        screen = await open_review(pilot)
        assert screen.state == "asking" and not screen.plan.cram
        first = screen.question
        assert first is not None
        await answer(pilot, correct=True)
        assert screen.committed is not None and screen.committed.saved
        store = app.data.progress.store  # type: ignore[attr-defined]
        assert store.undo_depth() == 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert screen.state == "asking"
        assert screen.question is not None and screen.question.card_id == first.card_id
        assert store.undo_depth() == 0
        assert "取り消しました" in screen_text(app)  # type: ignore[arg-type]

    drive(make_app(session_seed=1), script)


def test_undo_with_nothing_to_undo_is_harmless() -> None:
    async def script(pilot: Pilot[Any]) -> str:
        screen = await open_review(pilot)
        before = screen.question
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert screen.question is before
        return screen.state

    assert drive(make_app(session_seed=1), script) == "asking"


def test_invalid_answer_is_explained_and_asked_again() -> None:
    async def script(pilot: Pilot[Any]) -> str:
        screen = await open_review(pilot, SessionPlan(cram=True))
        while screen.question is not None and screen.question.kind != "typed":
            await answer(pilot)
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("enter")  # empty answer
        await settle(pilot)
        assert screen.state == "asking"
        return screen_text(pilot.app)  # type: ignore[arg-type]

    assert "答えを入力してください" in drive(make_app(session_seed=7), script)


def test_flashcards_reveal_with_space_and_grade_with_numbers() -> None:
    async def script(pilot: Pilot[Any]) -> list[int]:
        screen = await open_review(pilot, SessionPlan(cram=True, term_style="flashcard"))
        ratings = []
        for grade in ("1", "2", "3", "4"):
            while screen.question is not None and screen.question.kind != "flashcard":
                await answer(pilot)
                await pilot.press("enter")
                await settle(pilot)
            if screen.question is None:
                break
            await pilot.press("space")
            await settle(pilot)
            assert screen.state == "revealed"
            assert "正答：" in screen_text(pilot.app)  # type: ignore[arg-type]
            await pilot.press(grade)
            await settle(pilot)
            assert screen.committed is not None
            ratings.append(int(screen.committed.rating))
            await pilot.press("space")
            await settle(pilot)
        return ratings

    assert drive(make_app(session_seed=2), script) == [1, 2, 3, 4]


def test_easy_upgrade_after_a_fast_right_answer() -> None:
    async def script(pilot: Pilot[Any]) -> int:
        screen = await open_review(pilot)
        await answer(pilot, correct=True)
        assert screen.committed is not None
        if not screen.committed.judgement.can_upgrade:
            return 4
        await pilot.press("4")
        await settle(pilot)
        assert screen.committed is not None
        return int(screen.committed.rating)

    assert drive(make_app(session_seed=1), script) == 4


def test_typed_answer_accepts_ime_text_and_paste() -> None:
    async def script(pilot: Pilot[Any]) -> list[str]:
        from textual import events

        screen = await open_review(pilot, SessionPlan(cram=True))
        verdicts = []
        for _ in range(30):
            q = screen.question
            if q is None:
                break
            if q.kind == "typed" and q.answer_lang == "ja":
                box = screen.query_one("#typed", Input)
                box.post_message(events.Paste(q.key.texts[0][0]))  # an IME commits text
                await settle(pilot)
                await pilot.press("enter")
                await settle(pilot)
                assert screen.committed is not None
                verdicts.append(screen.committed.judgement.verdict)
            else:
                await answer(pilot)
            await pilot.press("enter")
            await settle(pilot)
        return verdicts

    verdicts = drive(make_app(session_seed=5), script)
    assert verdicts and set(verdicts) == {"right"}


def test_cram_from_the_command_palette() -> None:
    async def script(pilot: Pilot[Any]) -> tuple[bool, str]:
        await open_review(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"詰め込み学習：すべて")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen)
        return screen.plan.cram, str(screen.title)

    cram, title = drive(make_app(session_seed=1), script)
    assert cram and "詰め込み" in title


def test_session_end_shows_summary_and_space_starts_again() -> None:
    async def script(pilot: Pilot[Any]) -> str:
        screen = await open_review(pilot, SessionPlan(cram=True))
        while screen.state == "asking":
            await answer(pilot)
            await pilot.press("enter")
            await settle(pilot)
        text = screen_text(pilot.app)  # type: ignore[arg-type]
        await pilot.press("space")
        await settle(pilot)
        assert screen.state == "asking"
        return text

    text = drive(make_app(lang="en", session_seed=1), script)
    assert "Session complete!" in text and "100% right" in text


def test_u_undoes_like_ctrl_z_except_while_typing_an_answer() -> None:
    async def script(pilot: Pilot[Any]) -> None:
        app = pilot.app
        screen = await open_review(pilot)
        store = app.data.progress.store  # type: ignore[attr-defined]
        first = screen.question
        assert first is not None
        await answer(pilot, correct=True)
        assert store.undo_depth() == 1 and screen.state == "feedback"
        await pilot.press("u")
        await settle(pilot)
        assert screen.state == "asking" and store.undo_depth() == 0
        assert screen.question is not None and screen.question.card_id == first.card_id
        for _ in range(10):  # to a typed answer, with an answer to undo behind it
            await answer(pilot)
            await pilot.press("enter")
            await settle(pilot)
            if screen.question is not None and screen.question.kind == "typed":
                break
        typed = screen.question
        assert typed is not None and typed.kind == "typed"
        depth = store.undo_depth()
        assert depth >= 1
        await pilot.press("u")
        await settle(pilot)
        assert screen.query_one("#typed", Input).value == "u"  # the letter, not undo
        assert store.undo_depth() == depth and screen.question is typed
        await pilot.press("ctrl+z")  # ctrl+z undoes even while typing
        await settle(pilot)
        assert store.undo_depth() == depth - 1 and screen.question is not typed

    drive(make_app(session_seed=1), script)


def test_start_review_never_continues_a_cram_session() -> None:
    """Issue 13.1: cram from the palette, Esc, then Space on Home (or r) starts a recorded
    review, and the header says which mode is on; a recorded review is resumed."""
    async def script(pilot: Pilot[Any]) -> list[tuple[bool, bool, str]]:
        seen = []
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"詰め込み学習：すべて")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen) and screen.session is not None
        seen.append((screen.plan.cram, screen.session.options.cram, str(screen.title)))
        for keys in (("escape", "space"), ("ctrl+p",), ("escape", "r")):
            if keys == ("ctrl+p",):  # cram again, then "r" from Home
                await pilot.press("ctrl+p")
                await pilot.pause()
                await pilot.press(*"詰め込み学習：すべて")
                await pilot.pause(0.3)
                await pilot.press("enter")
            else:
                await pilot.press(*keys)
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, ReviewScreen) and screen.session is not None
            seen.append((screen.plan.cram, screen.session.options.cram, str(screen.title)))
        recorded = screen.session
        await pilot.press("escape", "space")
        await settle(pilot)
        assert screen.session is recorded  # a recorded review under way is resumed
        return seen

    seen = drive(make_app(session_seed=1), script)
    assert seen[0][:2] == (True, True) and "詰め込み" in seen[0][2]
    assert seen[1][:2] == (False, False) and "詰め込み" not in seen[1][2]
    assert seen[2][:2] == (True, True)
    assert seen[3][:2] == (False, False) and "詰め込み" not in seen[3][2]


def test_rating_keys_show_intervals_and_the_summary_says_what_was_recorded() -> None:
    async def script(pilot: Pilot[Any]) -> tuple[str, str]:
        screen = await open_review(pilot, SessionPlan(term_style="flashcard"))
        for _ in range(40):
            if screen.question is not None and screen.question.kind == "flashcard":
                break
            await answer(pilot)
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        revealed = screen_text(pilot.app)  # type: ignore[arg-type]
        while screen.state in ("asking", "revealed", "feedback"):
            if screen.state == "revealed":
                await pilot.press("4")
            elif screen.state == "asking":
                await answer(pilot)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        return revealed, screen_text(pilot.app)  # type: ignore[arg-type]

    revealed, end = drive(make_app(session_seed=3), script, size=(120, 36))
    assert "自己評価：1 もう一度 1分 · 2 難しい 6分 · 3 普通 10分 · 4 簡単 " in revealed
    assert "件の回答を記録しました" in end and "次の復習は" in end
