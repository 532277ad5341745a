"""Review: one card at a time from the quiz engine's `StudySession`.

Keys: numbers (or ↑↓ + Enter) choose, Space ticks in multi-select but never answers a
choice question, letters pair in matching, an Input takes typed answers (IME text arrives
as text), Space/Enter reveals a flashcard and 1–4 grade it, ctrl+z (or u when no text box
has focus) undoes the last answer. Every session call that touches SQLite runs in a worker
thread; the screen ignores keys while one is running.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Input

from exoterm.core.quiz.feedback import kind_label
from exoterm.core.quiz.questions import InvalidAnswer, Judgement, Lang, Option, Question
from exoterm.core.quiz.session import Committed, StudySession
from exoterm.core.texts import label
from exoterm.tui.bindings import bind
from exoterm.tui.review_parts import (
    SessionPlan,
    answer_widget,
    hint_text,
    prompt_content,
    session_options,
    summary_content,
)
from exoterm.tui.screens.base import BlockingScreen
from exoterm.tui.widgets.answer import AnswerReady, ChoiceList, MatchingGrid
from exoterm.tui.widgets.feedback import feedback_paras
from exoterm.tui.widgets.wrapped import Wrapped

State = Literal["idle", "loading", "asking", "revealed", "feedback", "done", "empty", "off"]
GRADES = {1: "review.again", 2: "review.hard", 3: "review.good", 4: "review.easy"}


class ReviewScreen(BlockingScreen):
    """Answer due cards (or cram)."""

    TITLE_KEY = "nav.review"
    BINDINGS = [
        bind("space,enter", "reveal", "review.reveal"),
        bind("space,enter", "next", "review.next"),
        bind("space,enter", "restart", "review.restart"),
        *[bind(str(n), f"grade({n})", key) for n, key in GRADES.items()],
        # `u` reaches this binding only when no text input has focus (an Input keeps the
        # letters typed into it), so it never steals a typed answer's "u"; ctrl+z always works
        bind("ctrl+z,u", "undo", "review.undo"),
        bind("e", "toggle_terms", "review.terms_toggle"),
        bind("down", "scroll(1)", "review.scroll", show=False),
        bind("up", "scroll(-1)", "review.scroll", show=False),
        bind("pagedown", "scroll(10)", "review.scroll", show=False),
        bind("pageup", "scroll(-10)", "review.scroll", show=False),
        bind("escape", "app.go('home')", "nav.home"),
        bind("b", "bookmark", "bind.bookmark", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: State = "idle"
        self.session: StudySession | None = None
        self.plan = SessionPlan()
        self.question: Question | None = None
        self.committed: Committed | None = None
        self.shown_committed: Committed | None = None  # `committed` in the UI language
        self.busy = False
        self.message = ""
        self.next_due = ""  # at the end of a recorded session: when the next card is due
        self.previews: dict[int, timedelta] = {}  # a flashcard's interval per rating key
        self.synced_answers = 0  # the session's answers when it last synced (sync_dir)
        self.terms_open = False  # the feedback's related terms with their definitions

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with VerticalScroll(id="card"):
            yield Wrapped(id="case")
            yield Wrapped(id="prompt")
            yield Vertical(id="answer-area")
            yield Wrapped(id="hint")
            yield Wrapped(id="feedback")
        yield Footer(compact=True)

    # lifecycle ------------------------------------------------------------------------
    def open_session(self, plan: SessionPlan | None) -> None:
        """Start `plan`; None is "start review": today's recorded review, resumed when one
        is under way — a cram or filtered session is never carried into it."""
        if plan is None:
            if self.plan == SessionPlan() and self.state in ("loading", "asking", "revealed",
                                                             "feedback"):
                return
            plan = SessionPlan()
        self.start(plan)

    def on_screen_suspend(self) -> None:
        if self.session is not None and self.session.summary.answered and self.data.progress:
            self._refresh_progress(self.data.progress)
        self._sync_at_end()

    # sync with the `sync_dir` folder when a recorded session starts and ends ------------
    def _sync_at_end(self) -> None:
        session = self.session
        if session is not None and session.store is not None \
                and session.summary.answered > self.synced_answers:
            self.synced_answers = session.summary.answered
            self._sync_worker(session.store)

    @work(thread=True, group="sync", exit_on_error=False)
    def _sync_worker(self, store: Any) -> None:
        self._sync(store)

    def _sync(self, store: Any) -> None:
        """(Worker thread.) Sync, tell the learner what happened, refresh what changed."""
        from exoterm.core.sync.session import session_sync

        done = session_sync(store, self.lang)
        if done is None:
            return
        for line in done.lines:
            self.app.call_from_thread(self.notify, line, markup=False,
                                      severity="warning" if done.failed else "information")
        if done.changed and self.data.progress is not None:
            self.data.progress.reload_statuses()
            self.app.call_from_thread(self.exo.bump_data)

    @work(thread=True, group="review-after", exit_on_error=False)
    def _refresh_progress(self, progress: Any) -> None:
        progress.reload_statuses()
        self.app.call_from_thread(self.exo.bump_data)

    def refresh_data(self) -> None:
        if self.state in ("idle", "off") and self.is_current:
            self.start(self.plan)

    def refresh_language(self) -> None:
        self._relanguage()
        self._paint()

    def _relanguage(self) -> None:
        """Ask in the new UI language: the question on screen (or answered, with its
        feedback) is shown again in it, keeping ticks and pairs; later ones follow."""
        session = self.session
        lang: Lang = "en" if self.lang == "en" else "ja"
        if session is None or session.options.lang == lang:
            return
        if self.busy:  # a worker uses the session: `_present` translates what it brings
            session.options = replace(session.options, lang=lang)
            return
        session.use_language(lang)
        old = self.question
        if self.state in ("asking", "revealed") and old is not None and session.current:
            new = session.current
            self.question = new
            if not self._relabel_answer(old, new):
                self.call_later(self._remount_answer, new)
        elif self.state == "feedback" and self.committed is not None and old is not None:
            new = session.translated(self.committed.judgement.question)
            self.question = new
            self._relabel_answer(old, new)
            judgement = replace(self.committed.judgement, question=new)
            self.shown_committed = replace(self.committed, judgement=judgement)

    def _relabel_answer(self, old: Question, new: Question) -> bool:
        """Relabel the answer widget in place when `new` asks the same choices; False
        when it needs a new widget."""
        def ids(options: tuple[Option, ...]) -> list[str]:
            return [o.id for o in options]

        if old.kind != new.kind or ids(old.options) != ids(new.options) \
                or ids(old.targets) != ids(new.targets):
            return False
        for choices in self.query("#answer-area ChoiceList").results(ChoiceList):
            choices.relabel(new.options)
        for grid in self.query("#answer-area MatchingGrid").results(MatchingGrid):
            grid.relabel(new.options, new.targets)
        return True

    async def _remount_answer(self, question: Question) -> None:
        if question is not self.question:
            return
        area = self.query_one("#answer-area", Vertical)
        await area.remove_children()
        widget = answer_widget(question)
        if widget is not None:
            await area.mount(widget)
        self._focus_answer()

    def start(self, plan: SessionPlan) -> None:
        """Begin a session: today's due cards, or cram / filtered per `plan`."""
        deck, progress = self.data.deck, self.data.progress
        self.plan = plan
        if deck is None or (progress is None and not plan.cram):
            self._set_state("off")
            return
        if plan.seed is None and self.exo.session_seed is not None:
            plan = replace(plan, seed=self.exo.session_seed)
        store = None if plan.cram or progress is None else progress.store
        self.session = StudySession(deck, store, session_options(plan, self.lang))
        self.committed = self.shown_committed = None
        self.next_due = ""
        self.synced_answers = 0
        self._set_state("loading")
        self._run(self._begin, self.session)

    # running session calls in a worker ----------------------------------------------------
    def _begin(self, session: StudySession) -> None:
        if session.store is not None:
            self._sync(session.store)
        if self.plan.practice is not None and session.store is not None:
            from exoterm.core.weaklist import bookmarked, weak_list

            store = session.store
            listed = weak_list(store) if self.plan.practice == "weak" else bookmarked(store)
            known = {c.id for c in session.catalog}
            session.options = replace(session.options,
                                      cards=tuple(c for c in listed if c in known))
        session.start()
        question = session.next_question()
        self._note_next_due(session, question)
        self.app.call_from_thread(self._present, question, False, session)  # type: ignore[arg-type]

    def _note_next_due(self, session: StudySession, question: Question | None) -> None:
        """(Worker thread.) A flashcard's rating intervals, or at the end of a recorded
        session, when the next card is due."""
        if question is not None:
            previews = session.preview() if question.kind == "flashcard" else {}
            self.app.call_from_thread(self._keep, session, "previews", previews)
            return
        if session.store is None or session.options.cram:
            return
        from exoterm.core.quiz.intervals import next_due_text

        store = session.store
        line = next_due_text(session.next_due(), store.now(), store.settings.tz, self.lang)
        self.app.call_from_thread(self._keep, session, "next_due", line)

    def _keep(self, session: StudySession, name: str, value: object) -> None:
        """Store what a worker found for `session`, unless another session replaced it
        meanwhile (its previews would label this session's rating keys)."""
        if session is self.session:
            setattr(self, name, value)

    def _commit(self, session: StudySession, judgement: Judgement, easy: bool) -> None:
        committed = session.commit(judgement, easy=easy)
        self.app.call_from_thread(self._show_feedback, committed, session)

    def _upgrade(self, session: StudySession, judgement: Judgement) -> None:
        if session.undo() is not None:
            committed = session.commit(judgement, easy=True)
            self.app.call_from_thread(self._show_feedback, committed, session)

    def _advance(self, session: StudySession) -> None:
        question = session.next_question()
        self._note_next_due(session, question)
        self.app.call_from_thread(self._present, question, False, session)  # type: ignore[arg-type]

    def _take_back(self, session: StudySession) -> None:
        question = session.undo()
        if question is None:
            self.app.call_from_thread(self.notify, self.t("review.nothing_to_undo"))
        else:
            self._note_next_due(session, question)
            self.app.call_from_thread(self._present, question, True, session)  # type: ignore[arg-type]

    # showing ---------------------------------------------------------------------------
    def _set_state(self, state: State) -> None:
        self.state = state
        self._paint()
        self.refresh_bindings()

    async def _present(self, question: Question | None, undone: bool,
                       session: StudySession) -> None:
        """Show `question`, or the end of the session when there is none."""
        if session is not self.session:
            return  # a session replaced while its worker ran (e.g. cram picked meanwhile)
        if question is None:
            await self._show_end()
            return
        if question.lang != session.options.lang and session.current is question:
            session.use_language(session.options.lang)  # the language changed meanwhile
            question = session.current
        self.question = question
        self.committed = self.shown_committed = None
        self.message = self.t("review.undone") if undone else ""
        area = self.query_one("#answer-area", Vertical)
        await area.remove_children()
        widget = answer_widget(question)
        if widget is not None:
            await area.mount(widget)
        self._set_state("asking")
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self._focus_answer()

    def _focus_answer(self) -> None:
        inputs = list(self.query("#answer-area Input").results(Input))
        grids = list(self.query("#answer-area ChoiceList, #answer-area MatchingGrid"))
        if inputs:
            inputs[0].focus()
        elif grids:
            grids[0].focus()
        else:
            self.set_focus(None)

    def _show_feedback(self, committed: Committed, session: StudySession) -> None:
        if session is not self.session:
            return
        self.committed = self.shown_committed = committed
        self.terms_open = False
        question = committed.judgement.question
        for widget in self.query("#answer-area ChoiceList").results(ChoiceList):
            widget.show_result(question.key.choice_ids)
        for grid in self.query("#answer-area MatchingGrid").results(MatchingGrid):
            letters = {o.id: o.key for o in question.targets}
            left = {o.id: o.key for o in question.options}
            grid.show_result({left[a]: letters[b] for a, b in question.key.pairs})
        for box in self.query("#answer-area Input").results(Input):
            box.disabled = True
        self.message = ""
        self._set_state("feedback")
        self.set_focus(None)
        self.call_after_refresh(self._show_question_top)

    def _show_question_top(self) -> None:
        """After an answer the question stays in view: the card scrolls to the question
        (a case's scenario, read already, may scroll away above it), the feedback below."""
        card = self.query_one("#card", VerticalScroll)
        card.scroll_to_widget(self.query_one("#prompt", Wrapped), top=True, animate=False)

    async def _show_end(self) -> None:
        self.question = None
        await self.query_one("#answer-area", Vertical).remove_children()
        session = self.session
        answered = session.summary.answered if session else 0
        self._set_state("done" if answered else "empty")
        self._sync_at_end()

    def _paint(self) -> None:
        """Header progress, prompt, hint and feedback for the current state."""
        q, session = self.question, self.session
        self.title = self.t("nav.review") + (f" · {self.t('review.cram')}" if self.plan.cram else "")
        progress = ""
        if session is not None and q is not None and self.state in ("asking", "revealed", "feedback"):
            total = session.position + session.remaining
            progress = f"{session.position}/{total} · {kind_label(q, self.lang)}"
        self.sub_title = progress
        case = self.query_one("#case", Wrapped)
        prompt = self.query_one("#prompt", Wrapped)
        hint = self.query_one("#hint", Wrapped)
        feedback = self.query_one("#feedback", Wrapped)
        case.display = False
        feedback.update("")
        if self.state in ("asking", "revealed", "feedback") and q is not None:
            if q.scenario is not None:
                case.display = True
                title_line = label("review.case", self.lang) + q.scenario.title + "\n"
                case.update(Content.assemble((title_line, "bold"), q.scenario.text))
            prompt.update(prompt_content(q, self.lang, revealed=self.state != "asking"))
            hint_line = self.message or hint_text(q, self.state, self.lang, self.previews)
            hint.display = bool(hint_line)
            hint.update(Content.styled(hint_line, "$warning" if self.message else "$text-muted"))
            if self.state == "feedback" and self.shown_committed is not None:
                feedback.update(feedback_paras(self.shown_committed, self.lang,
                                               can_upgrade=self._can_upgrade(),
                                               expanded=self.terms_open,
                                               terms_key=self._terms_key()))
            return
        hint.update("")
        prompt.update(self._status_text())

    def _terms_key(self) -> str:
        """The key that opens the related terms, as the footer shows it (the keymap's)."""
        keys = self.exo.user_keymap.get("review.terms_toggle", "e")
        return self.app.get_key_display(Binding(keys.split(",")[0].strip(), ""))

    def _status_text(self) -> Content:
        if self.state == "loading":
            return Content.styled(self.t("load.loading"), "$text-muted")
        if self.state == "off":
            reason = self.data.store_error or ""
            return Content.assemble((self.t("home.no_store"), "bold $warning"), "\n",
                                    (reason, "$text-muted"))
        if self.state == "empty" and self.plan.practice is not None:
            return Content.styled(self.t("weak.empty" if self.plan.practice == "weak"
                                         else "bookmarks.empty"), "bold")
        if self.state == "empty":
            due = (self.next_due + "\n") if self.next_due and not self.plan.cram else ""
            return Content.assemble((self.t("review.empty"), "bold"), "\n", (due, "bold"),
                                    (self.t("review.empty_hint"), "$text-muted"))
        if self.state == "done" and self.session is not None:
            return summary_content(self.session.summary, self.lang,
                                   "" if self.plan.cram else self.next_due)
        return Content("")

    def _can_upgrade(self) -> bool:
        c = self.committed
        return (c is not None and c.judgement.can_upgrade and not c.judgement.self_graded
                and int(c.rating) != 4)

    # answering -------------------------------------------------------------------------
    @on(AnswerReady)
    def _answer_ready(self, event: AnswerReady) -> None:
        event.stop()
        self.submit(event.line)

    @on(Input.Submitted, "#answer-area Input")
    def _input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query("#answer-area Input").results(Input))
        index = inputs.index(event.input)
        if index < len(inputs) - 1:
            inputs[index + 1].focus()
            return
        if len(inputs) > 1:
            self.submit(" | ".join(box.value.strip() or "?" for box in inputs))
        else:
            self.submit(event.value)

    def submit(self, line: str) -> None:
        """Judge an answer line; an unreadable one is explained and asked again."""
        session = self.session
        if session is None or self.state != "asking" or self.busy:
            return
        try:
            judgement = session.answer(line)
        except InvalidAnswer as err:
            self.message = self.t(err.key, **err.values)
            self._paint()
            return
        self._run(self._commit, session, judgement, False)

    def key_help(self) -> list[tuple[str, str]]:
        """(keys, text id) for the help screen: a typed answer's keys (the answer widgets
        list their own)."""
        q = self.question
        if self.state == "asking" and q is not None and q.kind in ("typed", "cloze"):
            return [("enter", "help.typed")]
        return []

    # actions --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        q, state = self.question, self.state
        if action == "reveal":
            return state == "asking" and q is not None and q.kind == "flashcard"
        if action == "next":
            return state == "feedback"
        if action == "restart":
            return state in ("done", "empty", "off")
        if action == "grade":
            if state == "revealed":
                return True
            return state == "feedback" and parameters == (4,) and self._can_upgrade()
        if action == "undo":
            return self.session is not None and self.session.can_undo
        if action == "toggle_terms":
            c = self.committed
            return (state == "feedback" and c is not None
                    and bool(c.judgement.question.feedback.entries))
        return True

    def action_reveal(self) -> None:
        if self.state == "asking" and self.question is not None and not self.busy:
            self._set_state("revealed")

    def action_next(self) -> None:
        if self.state == "feedback" and self.session is not None and not self.busy:
            self._run(self._advance, self.session)

    def action_restart(self) -> None:
        if not self.busy:
            self.start(self.plan)

    def action_grade(self, rating: int) -> None:
        session = self.session
        if session is None or self.busy:
            return
        if self.state == "revealed":
            self._run(self._commit, session, session.grade(rating), False)
        elif self.state == "feedback" and rating == 4 and self._can_upgrade():
            assert self.committed is not None
            self._run(self._upgrade, session, self.committed.judgement)

    def action_toggle_terms(self) -> None:
        """Related terms: one line each, or with their definitions and notes."""
        if self.state == "feedback":
            self.terms_open = not self.terms_open
            self._paint()

    def action_scroll(self, lines: int) -> None:
        """Scroll a long case, question or feedback (keys nothing else is using)."""
        self.query_one("#card", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_bookmark(self) -> None:
        """Bookmark the card being asked (or just answered), or take its bookmark off."""
        question = self.question
        progress = self.data.progress
        if question is None or progress is None or self.state not in ("asking", "revealed",
                                                                      "feedback"):
            return
        self._toggle_bookmark(progress, question.card_id)

    @work(thread=True, group="review-bookmark", exit_on_error=False)
    def _toggle_bookmark(self, progress: Any, card_id: str) -> None:
        on = progress.toggle_bookmark([card_id])
        self.app.call_from_thread(self.notify, self.t("bookmarks.added" if on
                                                      else "bookmarks.removed"))

    def action_undo(self) -> None:
        if self.session is not None and not self.busy:
            self._run(self._take_back, self.session)

