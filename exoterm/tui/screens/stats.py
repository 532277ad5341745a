"""Stats: 30-day forecast, answers per day, retention and streak, mastery per category.

Numbers come from `exoterm.core.progress.compute_stats` (read in a worker); charts are
block-character bars, readable without colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from exoterm.core.texts import label
from exoterm.tui.bindings import bind
from exoterm.tui.screens.base import ExoScreen
from exoterm.tui.widgets.bars import BarChart, meter

if TYPE_CHECKING:
    from exoterm.core.exam.progress import ExamProgress
    from exoterm.core.progress import Stats

STATE_KEYS = ("new", "learning", "review", "relearning", "suspended")


class StatsScreen(ExoScreen):
    """Charts of the learner's progress."""

    TITLE_KEY = "nav.stats"
    BINDINGS = [bind("escape", "app.go('home')", "nav.home")]

    def __init__(self) -> None:
        super().__init__()
        self.stats: Stats | None = None
        self.per_day: list[int] = []
        self.exams: ExamProgress | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with VerticalScroll(id="stats-body"):
            yield Static("", id="forecast-label", classes="stats-title", markup=False)
            yield BarChart(id="stats-forecast", bar_height=3)
            yield Static("", id="reviews-label", classes="stats-title", markup=False)
            yield BarChart(id="stats-reviews", bar_height=3)
            yield Static("", id="stats-numbers", markup=False)
            yield Static("", id="mastery-label", classes="stats-title", markup=False)
            yield Static("", id="stats-mastery", markup=False)
            yield Static("", id="accuracy-label", classes="stats-title", markup=False)
            yield Static("", id="stats-accuracy", markup=False)
            yield Static("", id="heatmap-label", classes="stats-title", markup=False)
            yield Static("", id="stats-heatmap", markup=False)
            yield Static("", id="exams-label", classes="stats-title", markup=False)
            yield BarChart(id="stats-exams", bar_height=3)
            yield Static("", id="stats-exam-lines", markup=False)
        yield Footer(compact=True)

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        if self.data.progress is not None:
            self._load()
        self._paint()

    def refresh_language(self) -> None:
        self._paint()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def _load(self) -> None:
        progress = self.data.progress
        if progress is None:
            return
        stats, per_day = progress.stats(), progress.reviews_per_day()
        exams = progress.exam_progress(self.lang)
        self.app.call_from_thread(self._loaded, stats, per_day, exams)

    def _loaded(self, stats: Stats, per_day: list[int], exams: ExamProgress) -> None:
        self.stats, self.per_day, self.exams = stats, per_day, exams
        self._paint()

    def _title(self, widget_id: str, text: str, extra: str = "") -> None:
        self.query_one(widget_id, Static).update(
            Content.assemble((text, "bold $accent"), ("  " + extra if extra else "", "$text-muted")))

    def _paint(self) -> None:
        s = self.stats
        numbers = self.query_one("#stats-numbers", Static)
        forecast = self.query_one("#stats-forecast", BarChart)
        reviews = self.query_one("#stats-reviews", BarChart)
        if s is None:
            for chart in (forecast, reviews):
                chart.set_data([])
            message = self.data.store_error or self.t("load.loading")
            numbers.update(Content.styled(message, "$text-muted"))
            return
        due = [n for _, n in s.due_by_day]
        self._title("#forecast-label", self.t("stats.forecast"),
                    self.t("stats.total", n=sum(due)) if any(due) else self.t("stats.nothing_due"))
        forecast.set_data(due, self.t("home.today"), self.t("home.in_days", n=len(due)))
        forecast.display = any(due)
        self._title("#reviews-label", self.t("stats.reviews"),
                    self.t("stats.total", n=sum(self.per_day)) if any(self.per_day)
                    else self.t("stats.none"))
        reviews.set_data(self.per_day, self.t("stats.days_ago", n=len(self.per_day)),
                         self.t("home.today"))
        reviews.display = any(self.per_day)
        numbers.update(self._numbers(s))
        self._title("#mastery-label", self.t("stats.mastery"), self.t("stats.mature_note"))
        self.query_one("#stats-mastery", Static).update(self._mastery(s))
        self._paint_exams()

    def _paint_exams(self) -> None:
        """Accuracy next to the pass lines, the study-day calendar, the mock-exam history."""
        from exoterm.core.exam.progress import (
            HEATMAP_WEEKS,
            SHADES,
            accuracy_lines,
            exam_lines,
            heatmap_rows,
        )

        p = self.exams
        chart = self.query_one("#stats-exams", BarChart)
        if p is None:
            chart.display = False
            return
        self._title("#accuracy-label", self.t("stats.accuracy"))
        rows = [Content.styled(text, "" if ok is None else "$success" if ok else "$error")
                for text, ok in accuracy_lines(p, self.lang)]
        self.query_one("#stats-accuracy", Static).update(
            Content("\n").join(rows) if rows else Content.styled(self.t("stats.none"),
                                                                 "$text-muted"))
        self._title("#heatmap-label", self.t("stats.heatmap", weeks=HEATMAP_WEEKS))
        lines = []
        for name, levels in heatmap_rows(p, self.lang):
            parts: list[str | tuple[str, str]] = [(name + " ", "$text-muted")]
            for level in levels:
                if level is not None:
                    parts.append((SHADES[level] + " ", "$success" if level else "$text-muted"))
            lines.append(Content.assemble(*parts))
        lines.append(Content.styled(self.t("stats.heatmap_scale", cells=" ".join(SHADES)),
                                    "$text-muted"))
        self.query_one("#stats-heatmap", Static).update(Content("\n").join(lines))
        self._title("#exams-label", self.t("exam.history"))
        rates = [float(round(e.right / e.asked * 100)) if e.asked else 0.0 for e in p.exams[-30:]]
        chart.display = bool(rates)
        if rates:
            chart.set_data(rates, p.exam_days[-len(rates)], p.exam_days[-1])
        history = exam_lines(p, self.lang)
        self.query_one("#stats-exam-lines", Static).update(
            Content("\n".join(history)) if history
            else Content.styled(self.t("exam.history_none"), "$text-muted"))

    def _numbers(self, s: Stats) -> Content:
        retention = "—" if s.retention_30d is None else f"{s.retention_30d:.0%}"
        states = s.cards_by_state
        cards = "  ".join(f"{self.t('stats.state.' + k)} {states.get(k, 0)}" for k in STATE_KEYS)
        days = self.t("home.day" if s.streak_days == 1 else "home.days", n=s.streak_days)
        return Content.assemble(
            (label("stats.retention", self.lang), "bold"), retention, "   ",
            (label("home.streak", self.lang), "bold"), days, "   ",
            (label("stats.answers", self.lang), "bold"), str(s.reviews_30d), "\n",
            (cards, "$text-muted"))

    def _mastery(self, s: Stats) -> Content:
        if not s.categories:
            return Content.styled(self.t("stats.none"), "$text-muted")
        labels = [c.label_ja if self.lang == "ja" else c.label_en for c in s.categories]
        width = min(26, max(cell_len(text) for text in labels))
        lines = []
        for cat, text in zip(s.categories, labels, strict=True):
            lines.append(Content.assemble(
                _fit(text, width), " ", (meter(cat.mastery, 20), "$success"),
                f" {cat.mastery:>4.0%}  ",
                (self.t("stats.cards", mature=cat.mature, seen=cat.seen, total=cat.cards),
                 "$text-muted")))
        return Content("\n").join(lines)


def _fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` terminal cells (CJK counts 2)."""
    return set_cell_size(text, width) if cell_len(text) != width else text
