"""The mock-exam screen (模試): one question at a time, answered by typing a line as in
`exam --plain`, no feedback until it is handed in; a question list to jump around
(● answered, ⚑ flagged), the time left from the app's clock (injected in tests), and on
handing in or at the end of the time, the result screen. A language switch re-words every
label and message; a choice or number question is shown in the new language with the same
option order, one answered in words stays as asked (`ExamSitting.shown_in`).

Every store call runs in a worker; the sitting saves each answer before the next question
shows, so quitting or a crash resumes the same exam (`ExamSitting.resume`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from exoterm.core.exam.builder import ExamOptions, build_exam
from exoterm.core.exam.plain import exam_label
from exoterm.core.exam.report import minsec
from exoterm.core.exam.scoring import ExamResult
from exoterm.core.exam.sitting import ExamOver, ExamSitting, Opened
from exoterm.core.quiz.feedback import ask_hint
from exoterm.core.quiz.questions import InvalidAnswer
from exoterm.tui.bindings import bind
from exoterm.tui.screens.base import BlockingScreen
from exoterm.tui.widgets.safe_input import SafeInput

TICK_SECONDS = 1.0
# A message under the question as a text key and its values, put into words when painted
# (so a language switch re-words it too); None: no message
Message = tuple[str, dict[str, object]] | None


class ExamScreen(BlockingScreen):
    """A mock exam being sat."""

    TITLE_KEY = "exam.title"
    BINDINGS = [
        bind("pagedown", "step(1)", "exam.key.next", priority=True),
        bind("pageup", "step(-1)", "exam.key.prev", priority=True),
        bind("ctrl+f", "flag", "exam.key.flag", priority=True),
        bind("tab", "toggle_list", "exam.key.list", priority=True),
        bind("ctrl+e", "hand_in", "exam.key.hand_in", priority=True),
        bind("escape", "pause", "exam.key.pause"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sitting: ExamSitting | None = None
        self.busy = False
        self.message: Message = None
        self.confirming = False  # Ctrl+E pressed once with questions left to revisit
        self.requested: tuple[ExamOptions, bool] | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="exam-top"):
            yield Static("", id="exam-status", markup=False)
            yield Static("", id="exam-timer", markup=False)
        with Horizontal(id="exam-body"):
            yield OptionList(id="exam-list")
            with VerticalScroll(id="exam-card"):
                yield Static("", id="exam-case", markup=False)
                yield Static("", id="exam-prompt", markup=False)
                yield Static("", id="exam-options", markup=False)
                yield SafeInput(id="exam-input")
                yield Static("", id="exam-hint", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(TICK_SECONDS, self.tick, name="exam-timer")

    # the clock ---------------------------------------------------------------------------
    def monotonic(self) -> Callable[[], float]:
        """Seconds from the app's clock when it has one (tests move it), else the system's."""
        clock = self.exo.clock
        if clock is None:
            return time.monotonic
        return lambda: clock.now().timestamp()

    def tick(self) -> None:
        """Show the time left; at the end of the time, hand the exam in."""
        sitting = self.sitting
        if sitting is None or sitting.finished or not self.is_current:
            return
        if sitting.time_up and not self.busy:
            self.message = ("exam.time_up", {})
            self._run(self._finish, sitting)
        self._paint_top()

    # starting -----------------------------------------------------------------------------
    def open_exam(self, options: ExamOptions | None, new: bool = False) -> None:
        """Resume the unfinished exam, or start one drawn with `options` (None: the
        default exam); `new` drops an unfinished one first."""
        if self.sitting is not None and not self.sitting.finished and not new:
            self.sitting.carry_on()
            self._paint()
            return
        self.requested = (options or ExamOptions(seed=self._seed()), new)
        self.refresh_data()

    def _seed(self) -> int:
        seed = self.exo.session_seed
        return seed if seed is not None else time.time_ns() % 2**31

    def refresh_data(self) -> None:
        if self.requested is None or self.busy:
            self._paint()
            return
        deck, progress = self.data.deck, self.data.progress
        if deck is None or progress is None:
            self._paint()
            return
        options, new = self.requested
        self.requested = None
        self._run(self._begin, deck, progress.store, options, new)

    def _begin(self, deck: Any, store: Any, options: ExamOptions, new: bool) -> None:
        opened = ExamSitting.open(deck, store, lambda: build_exam(deck, options), self.lang,
                                  new=new, monotonic=self.monotonic())
        self.app.call_from_thread(self._started, opened)

    def _started(self, opened: Opened) -> None:
        self.sitting = opened.sitting
        if opened.sitting is None:
            self.message = ("exam.empty", {})
        elif opened.dropped:
            self.message = ("exam.dropped", {"n": opened.dropped})
        else:
            self.message = None
        self._paint()
        self.query_one("#exam-input", Input).focus()

    # workers ------------------------------------------------------------------------------
        if self.requested is not None:
            self.refresh_data()

    # answering ----------------------------------------------------------------------------
    @on(Input.Submitted, "#exam-input")
    def _submitted(self, event: Input.Submitted) -> None:
        sitting = self.sitting
        if sitting is None or sitting.finished or self.busy:
            return
        self._run(self._answer, sitting, event.value)

    def _answer(self, sitting: ExamSitting, text: str) -> None:
        try:
            if text.strip():
                sitting.answer(text)
                message: Message = ("exam.saved", {})
            else:
                message = None
        except InvalidAnswer as err:
            self.app.call_from_thread(self._say, (err.key, dict(err.values)))
            return
        except ExamOver:
            return
        if sitting.index + 1 < len(sitting.slots):
            sitting.next()
        else:
            message = self._overview(sitting)
        self.app.call_from_thread(self._moved, message)

    def _overview(self, sitting: ExamSitting) -> Message:
        revisit = sitting.to_revisit()
        if not revisit:
            return ("exam.all_done_tui", {})
        which = ", ".join(str(i + 1) for i in revisit[:12]) + ("…" if len(revisit) > 12 else "")
        return ("exam.revisit_tui", {"u": len(sitting.unanswered()),
                                     "f": len(sitting.flagged()), "which": which})

    def _say(self, message: Message) -> None:
        self.message = message
        self._paint_hint()

    def _moved(self, message: Message) -> None:
        self.message = message
        self.confirming = False
        self._paint()
        self.query_one("#exam-input", Input).focus()

    def action_step(self, delta: int) -> None:
        if self.sitting is not None and not self.sitting.finished and not self.busy:
            self.sitting.go(self.sitting.index + delta)
            self._moved(None)

    def action_flag(self) -> None:
        sitting = self.sitting
        if sitting is None or sitting.finished or self.busy:
            return
        self._run(self._flag, sitting)

    def _flag(self, sitting: ExamSitting) -> None:
        try:
            on = sitting.toggle_flag()
        except ExamOver:
            return
        self.app.call_from_thread(self._moved, ("exam.flagged" if on else "exam.unflagged", {}))

    def action_toggle_list(self) -> None:
        listing = self.query_one("#exam-list", OptionList)
        if listing.has_focus:
            self.query_one("#exam-input", Input).focus()
        else:
            listing.focus()

    @on(OptionList.OptionSelected, "#exam-list")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if self.sitting is not None and not self.sitting.finished and not self.busy:
            self.sitting.go(event.option_index)
            self._moved(None)

    def action_hand_in(self) -> None:
        sitting = self.sitting
        if sitting is None or sitting.finished or self.busy:
            return
        if sitting.to_revisit() and not self.confirming:
            self.confirming = True
            self._say(("exam.confirm", {"u": len(sitting.unanswered()),
                                        "f": len(sitting.flagged())}))
            return
        self._run(self._finish, sitting)

    def _finish(self, sitting: ExamSitting) -> None:
        result = sitting.finish()
        self.app.call_from_thread(self._show_result, result, sitting)

    def _show_result(self, result: ExamResult, sitting: ExamSitting) -> None:
        from exoterm.tui.screens.exam_result import ExamResultScreen

        self._paint()
        self.exo.bump_data()
        self.app.push_screen(ExamResultScreen(result, sitting))

    def action_pause(self) -> None:
        sitting = self.sitting
        if sitting is not None and not sitting.finished and not self.busy:
            self._run(sitting.pause)
        self.exo.action_go("home")

    def on_screen_suspend(self) -> None:
        sitting = self.sitting
        if sitting is not None and not sitting.finished and not self.busy:
            self._run(sitting.pause)

    def on_screen_resume(self) -> None:
        if self.sitting is not None and not self.sitting.finished:
            self.sitting.carry_on()
            self._paint()

    def on_unmount(self) -> None:
        sitting = self.sitting
        if sitting is not None and not sitting.finished:
            try:
                sitting.pause()  # quitting the app: keep the time left
            except Exception:  # noqa: BLE001 - the database may be closing; answers are saved
                pass

    # painting -----------------------------------------------------------------------------
    def refresh_language(self) -> None:
        self._paint()

    def _paint_top(self) -> None:
        sitting = self.sitting
        status = self.query_one("#exam-status", Static)
        timer = self.query_one("#exam-timer", Static)
        if sitting is None or not sitting.slots:
            status.update(Content.styled(self.t("exam.title"), "bold"))
            timer.update("")
            return
        slot = sitting.current
        flag = self.t("exam.flag_mark") if slot.flagged else ""
        status.update(Content.styled(
            f"[{sitting.index + 1}/{len(sitting.slots)}] "
            f"{exam_label(slot.section, sitting.shown_in(slot, self.lang), self.lang)}{flag}",
            "bold"))
        done = len(sitting.slots) - len(sitting.unanswered())
        left = sitting.remaining()
        style = "bold $error" if left < 300 else "bold"
        timer.update(Content.assemble(
            (self.t("exam.remaining", left=minsec(left, self.lang)), style), "  ",
            (self.t("exam.progress", done=done, n=len(sitting.slots)), "$text-muted")))

    def _message_text(self) -> str:
        return "" if self.message is None else self.t(self.message[0], **self.message[1])

    def _paint_hint(self) -> None:
        self.query_one("#exam-hint", Static).update(Content.styled(self._message_text(), "bold"))

    def _paint(self) -> None:
        self._paint_top()
        sitting = self.sitting
        case = self.query_one("#exam-case", Static)
        prompt = self.query_one("#exam-prompt", Static)
        options = self.query_one("#exam-options", Static)
        box = self.query_one("#exam-input", Input)
        listing = self.query_one("#exam-list", OptionList)
        if sitting is None or not sitting.slots:
            text = (self.t("exam.no_store") if self.data.store_error is not None
                    else self._message_text() or self.t("exam.loading"))
            prompt.update(text)
            for widget in (case, options):
                widget.update("")
            case.display = False
            box.display = listing.display = False
            self._paint_hint()
            return
        box.display = listing.display = True
        slot = sitting.current
        q = sitting.shown_in(slot, self.lang)
        case.display = q.scenario is not None
        if q.scenario is not None:
            case.update(Content.assemble((q.scenario.title, "bold"), "\n", q.scenario.text))
        prompt.update(Content(q.prompt))
        lines = ([q.text] if q.text else []) + [f"{o.key}. {o.text}"
                                                for o in (*q.options, *q.targets)]
        options.update(Content("\n".join(lines)))
        box.value = slot.response or ""
        box.placeholder = ask_hint(q, self.lang, "plain")
        box.disabled = sitting.finished
        marks = [Option(Content(f"{'⚑' if s.flagged else ' '}{i + 1:>3} "
                                f"{'●' if s.response is not None else '○'}"))
                 for i, s in enumerate(sitting.slots)]
        listing.clear_options()
        listing.add_options(marks)
        listing.highlighted = sitting.index
        self._paint_hint()
