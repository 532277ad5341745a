"""Settings: interface language, theme and furigana apply at once; study settings (card
directions, daily limits, desired retention, rollover hour, learn-ahead window, burying
siblings, the mock exams' pass line and whether they move schedules) are saved with
ctrl+s into the progress database, checked by `SrsSettings` (its
message names the setting)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Input, Select, Static

from exoterm.core.prefs import FURIGANA_MODES
from exoterm.core.quiz.questions import Option
from exoterm.tui.bindings import bind
from exoterm.tui.screens.base import ExoScreen
from exoterm.tui.widgets.answer import AnswerReady, ChoiceList
from exoterm.tui.widgets.safe_input import SafeInput
from exoterm.tui.widgets.wrapped import Wrapped

if TYPE_CHECKING:
    from exoterm.core.srs.settings import SrsSettings

DIRECTIONS = ("ja>en", "en>ja", "def>term", "reading")
NUMBERS: tuple[tuple[str, str, Literal["integer", "number"]], ...] = (
           ("new_per_day", "settings.new_per_day", "integer"),
           ("reviews_per_day", "settings.reviews_per_day", "integer"),
           ("desired_retention", "settings.retention", "number"),
           ("rollover_hour", "settings.rollover", "integer"),
           ("learn_ahead_minutes", "settings.learn_ahead", "integer"),
           ("exam_pass_line", "settings.exam_pass_line", "integer"))


class SettingsScreen(ExoScreen):
    """Change preferences; study settings need the progress database."""

    TITLE_KEY = "nav.settings"
    BINDINGS = [bind("ctrl+s", "save", "settings.save"),
                bind("escape", "app.go('home')", "nav.home")]

    def __init__(self) -> None:
        super().__init__()
        self.srs: SrsSettings | None = None
        self._filling = False
        self._shown_status: tuple[str, dict[str, object], str] | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with VerticalScroll(id="settings-body"):
            yield Static("", id="title-display", classes="settings-title", markup=False)
            yield self._row("settings.language", Select(
                [(Content("日本語"), "ja"), (Content("English"), "en")], allow_blank=False,
                value=self.exo.lang, id="set-lang", compact=True))
            yield self._row("settings.theme", Select(
                [(Content(name), name) for name in sorted(self.app.available_themes)],
                allow_blank=False, value=self.app.theme, id="set-theme", compact=True))
            yield self._row("settings.furigana", Select(
                self._furigana_options(), allow_blank=False, value=self.exo.furigana,
                id="set-furigana", compact=True))
            yield Static("", id="title-study", classes="settings-title", markup=False)
            yield self._row("settings.directions", ChoiceList(
                self._direction_options(), multi=True, id="set-directions"))
            for key, label, kind in NUMBERS:
                yield self._row(label, SafeInput(id=f"set-{key}", type=kind, compact=True))
            yield self._row("settings.bury", Select(
                self._on_off_options(), allow_blank=False, value="on", id="set-bury",
                compact=True))
            yield self._row("settings.exam_moves", Select(
                self._on_off_options(), allow_blank=False, value="off", id="set-exam-moves",
                compact=True))
            yield Button("", id="save", variant="primary", compact=True)
            yield Static("", id="settings-status", markup=False)
        yield Footer(compact=True)

    def _row(self, label: str, widget: Any) -> Horizontal:
        return Horizontal(Wrapped("", classes="setting-label", name=label), widget,
                          classes="setting-row")

    def _direction_options(self) -> tuple[Option, ...]:
        return tuple(Option(str(n), d, self.t(f"settings.direction.{d}"))
                     for n, d in enumerate(DIRECTIONS, 1))

    def _on_off_options(self) -> list[tuple[Content, str]]:
        return [(Content(self.t(f"common.{word}")), word) for word in ("on", "off")]

    def _furigana_options(self) -> list[tuple[Content, str]]:
        return [(Content(self.t(f"settings.furigana.{mode}")), mode) for mode in FURIGANA_MODES]

    # language and data ----------------------------------------------------------------
    def refresh_language(self) -> None:
        for label in self.query(".setting-label").results(Wrapped):
            label.update(Content(self.t(label.name or "")))
        self.query_one("#title-display", Static).update(
            Content.styled(self.t("settings.display"), "bold $accent"))
        self.query_one("#title-study", Static).update(
            Content.styled(self.t("settings.study"), "bold $accent"))
        self.query_one("#save", Button).label = Content(self.t("settings.save") + " (ctrl+s)")
        self._filling = True
        self.query_one("#set-lang", Select).value = self.lang
        _relabel(self.query_one("#set-furigana", Select), self._furigana_options(),
                 self.exo.furigana)
        for on_off in self.query("#set-bury, #set-exam-moves").results(Select):
            _relabel(on_off, self._on_off_options(), str(on_off.value))
        self._filling = False
        self._fill_directions()
        if self._shown_status is not None:
            key, values, style = self._shown_status
            self._status(key, style, **values)

    def refresh_data(self) -> None:
        progress = self.data.progress
        if progress is not None and self.srs is None:
            self._load(progress.store)
        self._show_store_state()

    def _show_store_state(self) -> None:
        enabled = self.data.progress is not None
        for widget in self.query("#set-directions, Input, #set-bury, #set-exam-moves, #save"):
            widget.disabled = not enabled
        if not enabled and self.data.store_settled:
            self._status("settings.no_store", "$warning")

    @work(thread=True, group="settings-load", exit_on_error=False)
    def _load(self, store: Any) -> None:
        settings = store.settings
        self.app.call_from_thread(self._fill, settings)

    def _fill(self, settings: SrsSettings) -> None:
        self.srs = settings
        for key, _label, _kind in NUMBERS:
            self.query_one(f"#set-{key}", Input).value = str(getattr(settings, key))
        self.query_one("#set-bury", Select).value = "on" if settings.bury_siblings else "off"
        self.query_one("#set-exam-moves", Select).value = (
            "on" if settings.exam_moves_schedule else "off")
        self.query_one("#set-directions", ChoiceList).relabel(self._direction_options(),
                                                              list(settings.directions))

    def _fill_directions(self) -> None:
        box = self.query_one("#set-directions", ChoiceList)
        ticked = None if self.srs is None or box.ticked else list(self.srs.directions)
        box.relabel(self._direction_options(), ticked)

    def _status(self, key: str, style: str = "", **values: object) -> None:
        """Show the message `key` (kept, so a language switch shows it again translated)."""
        self._shown_status = (key, values, style)
        mark = "✓ " if key == "settings.saved" else ""
        self.query_one("#settings-status", Static).update(
            Content.styled(mark + self.t(key, **values), style))

    @on(AnswerReady)
    def _directions_enter(self, event: AnswerReady) -> None:
        event.stop()  # Enter in the directions list: nothing to answer here

    # immediate preferences --------------------------------------------------------------
    @on(Select.Changed, "#set-lang")
    def _lang_picked(self, event: Select.Changed) -> None:
        if not self._filling and event.value in ("ja", "en") and event.value != self.exo.lang:
            self.exo.lang = str(event.value)

    @on(Select.Changed, "#set-theme")
    def _theme_picked(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.app.theme:
            self.app.theme = event.value

    @on(Select.Changed, "#set-furigana")
    def _furigana_picked(self, event: Select.Changed) -> None:
        # unchanged: the select's own Changed when it was filled (it arrives after filling)
        if not self._filling and event.value in FURIGANA_MODES and event.value != self.exo.furigana:
            self.exo.set_furigana(event.value)

    # study settings ---------------------------------------------------------------------
    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        progress = self.data.progress
        if progress is None or self.srs is None:
            self._status("settings.no_store", "$warning")
            return
        values = {key: self.query_one(f"#set-{key}", Input).value for key, _, _ in NUMBERS}
        values["bury_siblings"] = str(self.query_one("#set-bury", Select).value)
        values["exam_moves_schedule"] = str(self.query_one("#set-exam-moves", Select).value)
        directions = self.query_one("#set-directions", ChoiceList).ticked
        self._save(progress, values, [d for d in DIRECTIONS if d in directions])

    @work(thread=True, exclusive=True, group="settings-save", exit_on_error=False)
    def _save(self, progress: Any, values: dict[str, str], directions: list[str]) -> None:
        from exoterm.core.srs.settings import SettingError
        from exoterm.errors import ExotermError

        try:
            settings = progress.store.settings
            for key, text in values.items():
                settings = settings.with_value(key, text)
            settings = settings.with_value("directions", " ".join(directions))
            progress.store.save_settings(settings)
            progress.sync()
        except ExotermError as err:
            why = err.text(self.lang) if isinstance(err, SettingError) else str(err)
            self.app.call_from_thread(self._saved, None, why)
            return
        self.app.call_from_thread(self._saved, settings, "")

    def _saved(self, settings: SrsSettings | None, error: str) -> None:
        if settings is None:
            self._status("settings.invalid", "bold $error", msg=error)
            return
        self.srs = settings
        self._status("settings.saved", "bold $success")
        self.notify(self.t("settings.saved"))
        self.exo.bump_data()


def _relabel(select: Select[str], options: list[tuple[Content, str]], value: str) -> None:
    """New option texts for `select`, keeping `value` and showing its new text (Select
    repaints its shown value only when the value changes, so it passes by another one)."""
    with select.prevent(Select.Changed):
        select.set_options(options)
        select.value = next(v for _, v in options if v != value)
        select.value = value
