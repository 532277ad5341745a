"""Review: every question type answered with keys, feedback, grading, undo, cram, summary."""

from __future__ import annotations

from textual import events
from textual.widgets import Input
from tui_helpers import (
    GOOD,
    AppPilot,
    answer,
    drive,
    exo,
    make_app,
    question_of,
    screen_of,
    screen_text,
    settle,
    start_review,
    text_showing,
    wait_until,
)

from exoterm.core.quiz.questions import QuestionKind
from exoterm.tui.review_parts import SessionPlan
from exoterm.tui.screens.review import ReviewScreen, State

KINDS = {"single", "multi", "truefalse", "typed", "cloze", "matching"}
# One card of every kind in the fixture deck, and a term typed in English.
EVERY_KIND = ("item:size-single", "item:cargo-multi", "item:approved-tf", "item:ev-typed",
              "item:function-cloze", "item:fluid-matching", "term:microrna:ja>en")


async def open_review(pilot: AppPilot) -> ReviewScreen:
    """Today's review, as the `r` key opens it."""
    await pilot.press("r")
    screen = screen_of(pilot, ReviewScreen)
    await wait_until(pilot, lambda: screen.state not in ("idle", "loading") and not screen.busy,
                     "today's review")
    await settle(pilot)
    return screen


def state_of(screen: ReviewScreen) -> State:
    """The screen's state, read afresh (keeps mypy from narrowing across key presses)."""
    return screen.state


def test_every_question_type_answered_right_with_keys() -> None:
    async def script(pilot: AppPilot) -> tuple[set[str], int]:
        screen = await start_review(pilot, SessionPlan(cram=True, cards=EVERY_KIND))
        seen: set[str] = set()
        while state_of(screen) == "asking":
            kind = await answer(pilot, correct=True)
            assert state_of(screen) == "feedback", kind
            assert screen.committed is not None
            assert screen.committed.judgement.verdict == "right", kind
            seen.add(kind)
            await pilot.press("enter")
            await settle(pilot)
        assert state_of(screen) == "done"
        assert screen.session is not None
        return seen, screen.session.summary.right

    seen, right = drive(make_app(session_seed=7), script)
    assert KINDS <= seen
    assert right >= len(KINDS)


def test_a_wrong_answer_shows_answer_explanation_and_citation() -> None:
    async def script(pilot: AppPilot) -> str:
        screen = await start_review(pilot, SessionPlan(cram=True, cards=("item:size-single",)))
        await answer(pilot, correct=False)
        assert screen.committed is not None
        assert screen.committed.judgement.verdict != "right"
        return screen_text(exo(pilot))

    text = drive(make_app(lang="en", session_seed=3), script, size=(100, 40))
    assert "Answer: " in text or "✗" in text
    assert "Source: " in text


def test_due_review_records_answers_and_undo_takes_back() -> None:
    async def script(pilot: AppPilot) -> None:
        app = exo(pilot)
        screen = await open_review(pilot)
        assert screen.state == "asking" and not screen.plan.cram
        first = screen.question
        assert first is not None
        await answer(pilot, correct=True)
        assert screen.committed is not None and screen.committed.saved
        assert app.data.progress is not None
        store = app.data.progress.store
        assert store.undo_depth() == 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert state_of(screen) == "asking"
        assert screen.question is not None and screen.question.card_id == first.card_id
        assert store.undo_depth() == 0
        assert "取り消しました" in screen_text(app)

    drive(make_app(session_seed=1), script)


def test_undo_with_nothing_to_undo_is_harmless() -> None:
    async def script(pilot: AppPilot) -> str:
        screen = await open_review(pilot)
        before = screen.question
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert screen.question is before
        return screen.state

    assert drive(make_app(session_seed=1), script) == "asking"


def test_invalid_answer_is_explained_and_asked_again() -> None:
    async def script(pilot: AppPilot) -> str:
        screen = await start_review(pilot, SessionPlan(cram=True, cards=("item:ev-typed",)))
        assert question_of(pilot).kind == "typed"
        await pilot.press("enter")  # empty answer
        await settle(pilot)
        assert screen.state == "asking"
        return screen_text(exo(pilot))

    assert "答えを入力してください" in drive(make_app(session_seed=7), script)


def test_flashcards_reveal_with_space_and_grade_with_numbers() -> None:
    cards = ("term:exosome:ja>en", "term:microrna:en>ja", "term:extracellular-vesicle:def>term",
             "term:exosome:en>ja")

    async def script(pilot: AppPilot) -> list[int]:
        screen = await start_review(pilot, SessionPlan(cram=True, term_style="flashcard",
                                                       cards=cards))
        ratings = []
        for grade in ("1", "2", "3", "4"):
            assert question_of(pilot).kind == "flashcard"
            await pilot.press("space")
            await settle(pilot)
            assert state_of(screen) == "revealed"
            assert "正答：" in screen_text(exo(pilot))
            await pilot.press(grade)
            await settle(pilot)
            assert screen.committed is not None
            ratings.append(int(screen.committed.rating))
            await pilot.press("space")
            await settle(pilot)
        return ratings

    assert drive(make_app(session_seed=2), script) == [1, 2, 3, 4]


def test_easy_upgrade_after_a_fast_right_answer() -> None:
    async def script(pilot: AppPilot) -> int:
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
    # every way a Japanese answer is typed: an item, a term's headword, reading, definition
    cards = ("item:ev-typed", "term:exosome:en>ja", "term:extracellular-vesicle:reading",
             "term:microrna:def>term")
    kinds: tuple[QuestionKind, ...] = ("typed",)

    async def script(pilot: AppPilot) -> list[str]:
        screen = await start_review(pilot, SessionPlan(cram=True, cards=cards, kinds=kinds))
        verdicts: list[str] = []
        while (q := screen.question) is not None:
            assert q.kind == "typed" and q.answer_lang == "ja", q.card_id
            box = screen.query_one("#typed", Input)
            box.post_message(events.Paste(q.key.texts[0][0]))  # an IME commits text
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert screen.committed is not None
            verdicts.append(screen.committed.judgement.verdict)
            await pilot.press("enter")
            await settle(pilot)
        return verdicts

    verdicts = drive(make_app(session_seed=5), script)
    assert len(verdicts) == len(cards) and set(verdicts) == {"right"}


def test_cram_from_the_command_palette() -> None:
    async def script(pilot: AppPilot) -> tuple[bool, str]:
        await open_review(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"詰め込み学習：すべて")
        await settle(pilot)  # the palette's search is a worker
        await pilot.press("enter")
        screen = screen_of(pilot, ReviewScreen)
        await wait_until(pilot, lambda: screen.plan.cram and not screen.busy, "the cram session")
        await settle(pilot)
        return screen.plan.cram, str(screen.title)

    cram, title = drive(make_app(session_seed=1), script)
    assert cram and "詰め込み" in title


def test_session_end_shows_summary_and_space_starts_again() -> None:
    async def script(pilot: AppPilot) -> str:
        screen = await start_review(pilot, SessionPlan(cram=True, cards=EVERY_KIND[:3]))
        while state_of(screen) == "asking":
            await answer(pilot)
            await pilot.press("enter")
            await settle(pilot)
        assert state_of(screen) == "done"
        text = screen_text(exo(pilot))
        await pilot.press("space")
        await settle(pilot)
        assert state_of(screen) == "asking"
        return text

    text = drive(make_app(lang="en", session_seed=1), script)
    assert "Session complete!" in text and "100% right" in text


def test_u_undoes_like_ctrl_z_except_while_typing_an_answer() -> None:
    async def script(pilot: AppPilot) -> None:
        screen = await start_review(pilot, SessionPlan(cards=("item:size-single", "item:ev-typed")))
        assert screen.session is not None and screen.session.store is not None
        store = screen.session.store
        first = question_of(pilot)
        await answer(pilot, correct=True)
        assert store.undo_depth() == 1 and state_of(screen) == "feedback"
        await pilot.press("u")
        await wait_until(pilot, lambda: store.undo_depth() == 0, "u to undo")
        await settle(pilot)
        assert state_of(screen) == "asking" and question_of(pilot).card_id == first.card_id
        await answer(pilot)  # the first again, then on to the typed answer
        await pilot.press("enter")
        await settle(pilot)
        typed = question_of(pilot)
        assert typed.kind == "typed" and store.undo_depth() == 1
        await pilot.press("u")
        await settle(pilot)
        assert screen.query_one("#typed", Input).value == "u"  # the letter, not undo
        assert store.undo_depth() == 1 and screen.question is typed
        await pilot.press("ctrl+z")  # ctrl+z undoes even while typing
        await wait_until(pilot, lambda: store.undo_depth() == 0, "ctrl+z to undo")
        await settle(pilot)
        assert screen.question is not typed

    drive(make_app(session_seed=1), script)


def test_start_review_never_continues_a_cram_session() -> None:
    """Issue 13.1: cram from the palette, Esc, then Space on Home (or r) starts a recorded
    review, and the header says which mode is on; a recorded review is resumed."""
    async def cram_from_palette(pilot: AppPilot) -> None:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"詰め込み学習：すべて")
        await settle(pilot)  # the palette searches in a worker
        await pilot.press("enter")

    async def script(pilot: AppPilot) -> list[tuple[bool, bool, str]]:
        seen = []
        await cram_from_palette(pilot)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen) and screen.session is not None
        seen.append((screen.plan.cram, screen.session.options.cram, str(screen.title)))
        for keys in (("escape", "space"), ("ctrl+p",), ("escape", "r")):
            if keys == ("ctrl+p",):  # cram again, then "r" from Home
                await cram_from_palette(pilot)
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
    async def script(pilot: AppPilot) -> tuple[str, str]:
        screen = await start_review(pilot, SessionPlan(term_style="flashcard",
                                                       cards=("term:exosome:ja>en",)))
        assert question_of(pilot).kind == "flashcard"
        await pilot.press("space")
        await wait_until(pilot, lambda: state_of(screen) == "revealed", "the reveal")
        # the intervals come from a worker and are painted after the reveal
        revealed = await text_showing(pilot, "自己評価：1 もう一度 1分")
        await pilot.press("4")
        await settle(pilot)
        while state_of(screen) in ("asking", "revealed", "feedback"):
            await pilot.press("enter")
            await settle(pilot)
        return revealed, screen_text(exo(pilot))

    revealed, end = drive(make_app(session_seed=3), script, size=(120, 36))
    assert "自己評価：1 もう一度 1分 · 2 難しい 6分 · 3 普通 10分 · 4 簡単 " in revealed
    # new cards are left, so the end says so (when nothing is left it says when the next
    # card is due: tests/unit/test_due_counts.py covers every front end's line)
    assert "1 件の回答を記録しました" in end and "まだ学習できるカードがあります" in end


NUMERIC_DECK = GOOD.parent / "numeric"


def test_a_calculation_is_answered_in_the_box_with_full_width_digits() -> None:
    async def script(pilot: AppPilot) -> tuple[str, str, str]:
        screen = await start_review(pilot, SessionPlan(cram=True, cards=("item:flow-numeric",)))
        assert question_of(pilot).kind == "numeric"
        box = screen.query_one("#answer-area Input", Input)
        assert box.has_focus
        asking = screen_text(exo(pilot))
        await pilot.press(*"41.7mg", "enter")  # another unit: asked again, nothing recorded
        await settle(pilot)
        assert state_of(screen) == "asking"
        refused = screen_text(exo(pilot))
        box.value = ""
        await pilot.press(*"４１")  # full-width digits as keys, then the rest as an IME commits it
        box.post_message(events.Paste("．６６"))
        await settle(pilot)
        assert box.value == "４１．６６"
        await pilot.press("enter")
        await settle(pilot)
        assert state_of(screen) == "feedback" and box.disabled
        assert screen.committed is not None and screen.committed.judgement.verdict == "almost"
        return asking, refused, await text_showing(pilot, "41.7 mL/時")

    asking, refused, feedback = drive(make_app(content=NUMERIC_DECK), script, size=(100, 40))
    assert "mL/時" in asking and "小数第1位まで答えます" in asking and "計算" in asking
    assert "単位は mL/時 です" in refused
    assert "あなたの答え：41.66 mL/時" in feedback and "1000 ÷ 24" in feedback


def test_a_wrong_calculation_in_english_shows_the_answer_and_yours() -> None:
    async def script(pilot: AppPilot) -> str:
        await start_review(pilot, SessionPlan(cram=True, cards=("item:dose-numeric",)))
        await answer(pilot, correct=False)
        return await text_showing(pilot, "3 mL (±0.1 accepted)")

    text = drive(make_app(lang="en", content=NUMERIC_DECK), script, size=(100, 40))
    assert "Your answer: 1003.1 mL" in text and "✗" in text
