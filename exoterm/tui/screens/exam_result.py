"""A handed-in mock exam's result: the score per section against the pass lines (必修
80 %, 一般+状況設定 the set line), per section and category, time used and per question,
and a review of every wrong answer with its explanation and citations (the one feedback
model, laid out as after a review answer). Switching the language re-renders all of it
in the new one (the sitting re-reads categories and explanations in it)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from exoterm.core.exam.report import (
    category_lines,
    feedback_lines,
    question_times,
    score_lines,
    section_lines,
    time_line,
    wrong_reviews,
)
from exoterm.core.exam.scoring import ExamResult
from exoterm.core.exam.sitting import ExamSitting
from exoterm.core.texts import label
from exoterm.tui.bindings import bind
from exoterm.tui.screens.base import ExoScreen


class ExamResultScreen(ExoScreen):
    """The result of one mock exam (pushed over the exam screen)."""

    TITLE_KEY = "exam.result"
    BINDINGS = [
        bind("escape", "app.go('home')", "nav.home"),
        bind("down", "scroll(1)", "review.scroll", show=False),
        bind("up", "scroll(-1)", "review.scroll", show=False),
        bind("pagedown", "scroll(10)", "review.scroll", show=False),
        bind("pageup", "scroll(-10)", "review.scroll", show=False),
    ]

    def __init__(self, result: ExamResult, sitting: ExamSitting | None = None) -> None:
        super().__init__()
        self.result = result  # as shown, in the current language
        self.sitting = sitting  # the handed-in exam, to read the result in another language

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with VerticalScroll(id="exam-result"):
            yield Static("", id="result-score", markup=False)
            yield Static("", id="result-detail", markup=False)
            yield Static("", id="result-wrong", markup=False)
        yield Footer(compact=True)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#exam-result", VerticalScroll).scroll_relative(y=lines, animate=False)

    def refresh_language(self) -> None:
        if self.sitting is not None:
            self.result = self.sitting.result_in(self.lang)
        self._paint()

    def _paint(self) -> None:
        r, lang = self.result, self.lang
        rows = [Content.styled(self.t("exam.result"), "bold underline")]
        for line, passed in score_lines(r, lang):
            style = "bold" if passed is None else "bold $success" if passed else "bold $error"
            rows.append(Content.styled(line, style))
        if r.general.asked and r.sections.get("状況設定"):
            rows.append(Content.styled(self.t("exam.points_note"), "$text-muted"))
        rows.append(Content(time_line(r, lang)))
        self.query_one("#result-score", Static).update(Content("\n").join(rows))
        detail = [Content.styled(self.t("exam.per_section"), "bold")]
        detail += [Content("  " + x) for x in section_lines(r, lang)]
        detail.append(Content.styled(self.t("exam.per_category"), "bold"))
        detail += [Content("  " + x) for x in category_lines(r, lang)]
        detail.append(Content.styled(self.t("exam.per_question"), "bold"))
        detail.append(Content("  " + "  ".join(question_times(r, lang))))
        self.query_one("#result-detail", Static).update(Content("\n").join(detail))
        wrong = wrong_reviews(r, lang)
        blocks = [Content.styled(self.t("exam.wrong_title", n=len(wrong)) if wrong
                                 else self.t("exam.no_wrong"), "bold")]
        for w in wrong:
            block = [Content.styled(f"[{w.number}] {w.section}", "bold $accent")]
            if w.scenario:
                block.append(Content.styled(w.scenario, "$text-muted"))
            block.append(Content(w.prompt))
            block += [Content(x) for x in w.options]
            block.append(Content.assemble((label("exam.your_answer", lang), "bold"),
                                          (w.given, "$error")))
            block += [Content(x) for x in feedback_lines(w.feedback, lang)]
            blocks.append(Content("\n").join(block))
        self.query_one("#result-wrong", Static).update(Content("\n\n").join(blocks))
