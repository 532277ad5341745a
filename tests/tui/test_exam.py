"""The mock-exam screen: the timer runs on the app's (injected) clock, flags and the
question list, resume after a crash, hand-in and the result screen."""

from __future__ import annotations

from datetime import timedelta

import tui_helpers
from textual.widgets import Input, OptionList
from tui_helpers import (
    NOW,
    AppPilot,
    drive,
    exo,
    make_app,
    picked_keys,
    screen_of,
    settle,
    text_showing,
    wait_until,
)

from exoterm.core.exam.builder import ExamOptions, build_exam
from exoterm.core.exam.sitting import ExamSitting
from exoterm.core.quiz.questions import Question
from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.scheduler import ReviewKind
from exoterm.core.store import Store
from exoterm.core.store.exams import exam_history
from exoterm.tui.screens.exam import ExamScreen
from exoterm.tui.screens.exam_result import ExamResultScreen
from exoterm.tui.screens.home import HomeScreen

OPTIONS = ExamOptions(questions=4, minutes=2, seed=1)


async def open_exam(pilot: AppPilot, options: ExamOptions | None = OPTIONS) -> ExamScreen:
    await exo(pilot).start_exam(options)
    screen = screen_of(pilot, ExamScreen)
    await wait_until(pilot, lambda: screen.sitting is not None and not screen.busy, "the exam")
    await settle(pilot)
    return screen


def reply(q: Question, right: bool) -> str:
    if q.kind in ("single", "truefalse", "multi"):
        return " ".join(picked_keys(q, right))
    if q.kind == "matching":
        return q.key.display if right else "zzz"
    return " / ".join(t[0] if right else "zzzz" for t in q.key.texts)


async def type_answer(pilot: AppPilot, screen: ExamScreen, right: bool) -> None:
    assert screen.sitting is not None
    index = screen.sitting.index
    box = screen.query_one("#exam-input", Input)
    box.value = reply(screen.sitting.current.question, right)
    box.focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: not screen.busy and screen.sitting is not None
                     and screen.sitting.slots[index].response is not None, "the answer saved")


def test_the_timer_follows_the_injected_clock_and_hands_in_at_the_end() -> None:
    clock = FixedClock(NOW)

    async def script(pilot: AppPilot) -> None:
        screen = await open_exam(pilot)
        await text_showing(pilot, "残り 2分00秒")
        clock.advance(timedelta(seconds=45))
        screen.tick()
        await text_showing(pilot, "残り 1分15秒")
        clock.advance(timedelta(seconds=80))
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamResultScreen),
                         "the result after the time is up")
        result = screen_of(pilot, ExamResultScreen).result
        assert result.elapsed_s == 120 and result.total.right == 0
        await text_showing(pilot, "模試の結果", "2分00秒")

    drive(make_app(clock=clock), script)


def test_flags_and_the_question_list() -> None:
    async def script(pilot: AppPilot) -> None:
        screen = await open_exam(pilot)
        sitting = screen.sitting
        assert sitting is not None
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: sitting.slots[0].flagged and not screen.busy)
        await text_showing(pilot, "⚑")
        await pilot.press("pagedown", "pagedown")
        assert sitting.index == 2
        await pilot.press("pageup")
        assert sitting.index == 1
        await pilot.press("tab")
        listing = screen.query_one("#exam-list", OptionList)
        assert listing.has_focus
        await pilot.press("home", "enter")  # jump to question 1 in the list
        await wait_until(pilot, lambda: sitting.index == 0, "the jump")
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: not sitting.slots[0].flagged and not screen.busy)
        with Store.open(tui_helpers.HOME / "progress.sqlite3", daily_backup=False) as store:
            from exoterm.core.store.exams import current_exam

            row = current_exam(store)
            assert row is not None and not row.questions[0].flagged

    drive(make_app(), script)


def test_resume_after_a_crash() -> None:
    from tui_helpers import app_config

    from exoterm.core.content import load_configured

    deck = load_configured(app_config())
    store = Store.open(tui_helpers.HOME / "progress.sqlite3", clock=FixedClock(NOW), daily_backup=False)
    ticks = [100.0]
    sitting = ExamSitting.start(deck, store, build_exam(deck, OPTIONS), "ja",
                                monotonic=lambda: ticks[0])
    ticks[0] += 50
    sitting.answer(reply(sitting.current.question, True))
    store.conn.close()  # killed: no pause, no clean close

    async def script(pilot: AppPilot) -> None:
        screen = await open_exam(pilot, None)
        again = screen.sitting
        assert again is not None and again.exam_id == sitting.exam_id
        assert again.slots[0].response == sitting.slots[0].response
        assert again.index == 1  # the first question left to answer
        await text_showing(pilot, "残り 1分10秒", "1/4問 回答")

    drive(make_app(), script)


def test_result_screen_scores_and_reviews_wrong_answers() -> None:
    async def script(pilot: AppPilot) -> None:
        screen = await open_exam(pilot)
        await type_answer(pilot, screen, True)
        await type_answer(pilot, screen, False)
        await pilot.press("ctrl+e")  # two unanswered: asks again first
        await text_showing(pilot, "もう一度 Ctrl+E")
        assert isinstance(pilot.app.screen, ExamScreen)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamResultScreen))
        result = screen_of(pilot, ExamResultScreen).result
        assert result.total.right == 1 and len(result.wrong()) == 3
        text = await text_showing(pilot, "合格ライン 80%", "間違えた問題の見直し（3問）")
        assert "必修" in text
        for wrong in result.wrong():  # each with its explanation (a tall terminal shows all)
            await text_showing(pilot, wrong.judgement.question.feedback.explanation)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        with Store.open(tui_helpers.HOME / "progress.sqlite3", daily_backup=False) as store:
            assert [h.right for h in exam_history(store)] == [1]
            kinds = {k for a in result.answers
                     for _id, _r, k, _ms in store.history(a.judgement.question.card_id)}
            assert kinds == {ReviewKind.EXAM}

    drive(make_app(), script, size=(120, 100))


def test_a_language_switch_mid_exam_rewords_every_label() -> None:
    """ctrl+l while sitting: the header, timer, progress and the last message switch; a
    choice question is shown in English with the same option order (a key means the same),
    one answered in words stays as it was asked (it is judged in the exam's language)."""
    from exoterm.core.exam.sitting import LANGUAGE_FREE
    from exoterm.core.quiz.present import question_for
    from exoterm.core.quiz.queueing import presentation_seed

    async def script(pilot: AppPilot) -> None:
        screen = await open_exam(pilot)
        sitting = screen.sitting
        assert sitting is not None
        await type_answer(pilot, screen, False)
        await text_showing(pilot, "保存しました。", "残り", "1/4問 回答")
        await pilot.press("ctrl+l")
        text = await text_showing(pilot, "Saved.", "left", "1/4 answered")
        assert [s for s in ("保存しました", "残り", "問 回答") if s in text] == []
        deck = exo(pilot).data.deck
        assert deck is not None
        await pilot.press("pageup")
        kinds = set()
        for index, slot in enumerate(sitting.slots):
            assert sitting.index == index
            asked = slot.question
            kinds.add(asked.kind in LANGUAGE_FREE)
            if asked.kind not in LANGUAGE_FREE:
                await text_showing(pilot, asked.prompt)
            else:
                english = question_for(deck, asked.card_id, "en",
                                       presentation_seed(OPTIONS.seed, asked.card_id, 0))
                assert [o.id for o in english.options] == [o.id for o in asked.options]
                text = await text_showing(pilot, english.prompt,
                                          *(o.text for o in english.options))
                assert asked.prompt not in text
            if slot.response is None:  # a key typed in English means the same option
                await type_answer(pilot, screen, True)  # (and moves on)
                judgement = sitting.slots[index].judgement
                assert judgement is not None and judgement.verdict == "right"
            else:
                await pilot.press("pagedown")
        assert kinds == {True, False}

    drive(make_app(), script, size=(120, 40))


def test_the_result_screen_follows_a_language_switch() -> None:
    """ctrl+l on the result: labels, section and category names and the wrong answers'
    explanations in English, the Japanese ones gone; and back again."""
    from exoterm.core.quiz.present import question_for
    from exoterm.core.quiz.queueing import presentation_seed

    async def script(pilot: AppPilot) -> None:
        screen = await open_exam(pilot)
        await type_answer(pilot, screen, True)
        await type_answer(pilot, screen, False)
        await pilot.press("ctrl+e", "ctrl+e")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamResultScreen))
        result = screen_of(pilot, ExamResultScreen).result
        deck = exo(pilot).data.deck
        assert deck is not None
        ja_explanations = [w.judgement.question.feedback.explanation[:20] for w in result.wrong()]
        ja_categories = [deck.category_by_id[c.id].label for c in result.categories
                         if c.id in deck.category_by_id]
        assert ja_categories and all(ja_explanations)
        await text_showing(pilot, "模試の結果", "分野別", *(c.ja for c in ja_categories),
                           *ja_explanations)
        await pilot.press("ctrl+l")
        en_explanations = [
            question_for(deck, w.judgement.question.card_id, "en", presentation_seed(
                OPTIONS.seed, w.judgement.question.card_id, 0)).feedback.explanation[:20]
            for w in result.wrong()]
        text = await text_showing(pilot, "Mock exam result", "By category",
                                  "Review of wrong answers (3)", *(c.en for c in ja_categories),
                                  *en_explanations)
        gone = ["模試の結果", "分野別", "合格ライン", "あなたの答え", "解説",
                *(c.ja for c in ja_categories), *ja_explanations]
        assert [s for s in gone if s in text] == []
        assert any(name in text for name in ("Essential (必修)", "General (一般)",
                                             "Scenario (状況設定)"))
        await pilot.press("ctrl+l")
        await text_showing(pilot, "模試の結果", *(c.ja for c in ja_categories), *ja_explanations)

    drive(make_app(), script, size=(120, 100))


def test_home_key_opens_the_exam() -> None:
    async def script(pilot: AppPilot) -> None:
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamScreen)
                         and pilot.app.screen.sitting is not None, "the exam from Home")

    drive(make_app(), script)




def test_exam_settings_are_saved_from_the_settings_screen() -> None:
    from textual.widgets import Select

    from exoterm.tui.screens.settings import SettingsScreen

    async def script(pilot: AppPilot) -> None:
        await pilot.press("comma")
        await settle(pilot)
        screen = screen_of(pilot, SettingsScreen)
        progress = exo(pilot).data.progress
        assert progress is not None
        await wait_until(pilot, lambda: screen.srs is not None, "the study settings")
        moves = screen.query_one("#set-exam-moves", Select)
        assert moves.value == "off" and not progress.store.settings.exam_moves_schedule
        moves.value = "on"
        screen.query_one("#set-exam_pass_line", Input).value = "60"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: progress.store.settings.exam_moves_schedule,
                         "the setting saved")
        assert progress.store.settings.exam_pass_line == 60

    drive(make_app(lang="en"), script, size=(100, 40))


def test_an_exam_whose_questions_all_left_the_content_gives_way_to_a_new_one() -> None:
    from exoterm.core.store.exams import create_exam

    store = Store.open(tui_helpers.HOME / "progress.sqlite3", clock=FixedClock(NOW), daily_backup=False)
    gone = create_exam(store, [("item:gone-1", "一般"), ("item:gone-2", "必修")], limit_s=600,
                       seed=3, lang="en", pass_line=65)
    store.close()

    async def script(pilot: AppPilot) -> None:
        screen = await open_exam(pilot)
        assert screen.sitting is not None and screen.sitting.exam_id != gone
        assert len(screen.sitting.slots) == 4
        await text_showing(pilot, "unfinished mock exam cannot be resumed: all 2 of its",
                           "have left the content. A new exam starts.")

    drive(make_app(lang="en"), script)
