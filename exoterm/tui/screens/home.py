"""Home: what is due, today's new cards, what is learned, the streak, a 30-day forecast.

Shown the instant the app starts (numbers read "…" until the database is open); one key
(Space or Enter) starts the review. Until the first review, it teaches three keys.
"""

from __future__ import annotations

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Header, Static

from exoterm.tui.bindings import bind
from exoterm.tui.progress import Summary
from exoterm.tui.screens.base import ExoScreen
from exoterm.tui.widgets.bars import BarChart

TILES = ("due", "new", "learned", "streak")
TILE_SCREENS = {"due": "review", "new": "review", "learned": "stats", "streak": "stats"}


class Tile(Static, can_focus=True):
    """A number on Home; clicking it (or Enter once Tab has reached it) opens its screen:
    the review, or the stats."""

    BINDINGS = [Binding("enter", "open", show=False)]

    def __init__(self, name: str) -> None:
        super().__init__("", id=f"tile-{name}", classes="tile", markup=False)
        self.screen_name = TILE_SCREENS[name]

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.action_open()

    async def action_open(self) -> None:
        await self.run_action(f"app.go('{self.screen_name}')")


class HomeScreen(ExoScreen):
    """The start screen."""

    TITLE_KEY = "nav.home"
    AUTO_FOCUS = ""  # the tiles take focus by Tab only: Space and Enter start the review
    BINDINGS = [
        bind("space,enter", "app.go('review')", "home.key.review"),
        bind("g", "app.go('glossary')", "nav.glossary"),
        bind("t", "app.go('stats')", "nav.stats"),
        bind("e", "app.go('exam')", "home.key.exam"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summary: Summary | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Vertical(id="home-body"):
            with Horizontal(id="tiles"):
                for name in TILES:
                    yield Tile(name)
            yield Static("", id="forecast-title", markup=False)
            yield BarChart(id="forecast", bar_height=3)
            yield Static("", id="start", markup=False)
            yield Static("", id="welcome", markup=False)
            yield Static("", id="deck-line", markup=False)
        yield Footer(compact=True)

    def on_screen_resume(self) -> None:
        if self.data.progress is not None:
            self._load_summary()

    def refresh_language(self) -> None:
        self._paint()
        if self.data.progress is not None:
            self._load_summary()  # the next-due line is in the interface language

    def refresh_data(self) -> None:
        loaded, self.data.summary = self.data.summary, None
        if loaded is not None:  # the loader's, read with the database
            self.summary = loaded
        elif self.data.progress is not None:
            self._load_summary()
        self._paint()

    @work(thread=True, exclusive=True, group="home-summary", exit_on_error=False)
    def _load_summary(self) -> None:
        progress = self.data.progress
        if progress is None:
            return
        summary = progress.summary(self.lang)
        self.app.call_from_thread(self._set_summary, summary)

    def _set_summary(self, summary: Summary) -> None:
        self.summary = summary
        self._paint()

    def _tile(self, name: str, value: str) -> Content:
        label = {"due": "home.due", "new": "home.new", "learned": "home.learned",
                 "streak": "home.streak"}[name]
        return Content.assemble((value, "bold"), "\n", (self.t(label), "$text-muted"))

    def _paint(self) -> None:
        s = self.summary
        failed = self.data.store_error is not None
        values = {
            "due": "—" if failed else ("…" if s is None else str(s.due)),
            "new": "—" if failed else ("…" if s is None else str(s.new)),
            "learned": "—" if failed else ("…" if s is None else f"{s.learned}"),
            "streak": "—" if failed else ("…" if s is None else
                                          self.t("home.day" if s.streak == 1 else "home.days",
                                                 n=s.streak)),
        }
        for name in TILES:
            self.query_one(f"#tile-{name}", Static).update(self._tile(name, values[name]))
        self.query_one("#forecast-title", Static).update(
            Content.styled(self.t("home.forecast"), "bold"))
        chart = self.query_one("#forecast", BarChart)
        if s is not None and any(s.forecast):
            chart.set_data(s.forecast, self.t("home.today"), self.t("home.in_days", n=len(s.forecast)))
        chart.display = s is not None and any(s.forecast)
        self.query_one("#forecast-title").display = chart.display
        self.query_one("#start", Static).update(self._start_line(s))
        self.query_one("#welcome", Static).update(self._welcome(s))
        deck = self.data.deck
        counts = (len(deck.terms), len(deck.items)) if deck else self.data.counts
        line = self.t("home.deck", terms=counts[0], items=counts[1]) if counts else ""
        self.query_one("#deck-line", Static).update(Content.styled(line, "$text-muted"))

    def _start_line(self, s: Summary | None) -> Content:
        if self.data.store_error is not None:
            return Content.assemble(("⚠ " + self.t("home.no_store"), "bold $warning"), "\n",
                                    (self.data.store_error, "$text-muted"))
        if s is None:
            return Content.styled(self.t("load.loading"), "$text-muted")
        if s.due + s.new == 0:
            return Content.assemble((self.t("home.nothing_due"), "italic"), "\n",
                                    (s.next_due, "bold"))
        return Content.styled("▶ " + self.t("home.start"), "bold $success")

    def _welcome(self, s: Summary | None) -> Content:
        if s is None or s.learned > 0:
            return Content("")
        rows = [("Space", "home.key.review"), ("g", "home.key.glossary"), ("?", "home.key.help")]
        lines = [Content.styled(self.t("home.welcome"), "bold")]
        lines += [Content.assemble((f"  {key:<6}", "bold reverse"), "  ", self.t(text))
                  for key, text in rows]
        return Content("\n").join(lines)
