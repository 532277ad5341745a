"""The base of every exoterm screen: header, footer, language and data refresh hooks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.screen import Screen

from exoterm.core.texts import tr
from exoterm.tui.bindings import localize_all

if TYPE_CHECKING:
    from exoterm.tui.app import ExotermApp
    from exoterm.tui.state import AppData


class ExoScreen(Screen[None]):
    """Calls `refresh_language` when the UI language changes and `refresh_data` when
    something new has loaded; subclasses render in those two methods."""

    TITLE_KEY = "app.title"

    @property
    def exo(self) -> ExotermApp:
        return cast("ExotermApp", self.app)

    @property
    def lang(self) -> str:
        return self.exo.lang

    @property
    def data(self) -> AppData:
        return self.exo.data

    def t(self, key: str, **values: object) -> str:
        return tr(key, self.exo.lang, **values)

    def on_mount(self) -> None:
        self.watch(self.exo, "lang", self._lang_changed, init=True)
        self.watch(self.exo, "data_version", self._data_changed, init=False)
        self.refresh_data()

    def _lang_changed(self) -> None:
        localize_all(self, self.lang)
        self.title = self.t("app.title")
        self.sub_title = self.t(self.TITLE_KEY)
        self.refresh_language()
        self.refresh_bindings()

    def _data_changed(self) -> None:
        self.refresh_data()

    def refresh_language(self) -> None:
        """Re-render every text in the current language."""

    def refresh_data(self) -> None:
        """Re-render after the deck, index or progress changed."""


class BlockingScreen(ExoScreen):
    """A screen whose blocking calls (SQLite, a study session or exam) run one at a time
    in a thread worker; `busy` is True meanwhile, so key handlers can wait for them."""

    busy = False

    def _run(self, call: Callable[..., Any], *args: Any) -> None:
        self.busy = True
        self._worker(call, args)

    @work(thread=True, group="blocking", exit_on_error=False)
    def _worker(self, call: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            call(*args)
        finally:
            self.app.call_from_thread(self._idle)

    def _idle(self) -> None:
        self.busy = False
