"""What the app has loaded so far, and where loading stands (`LoadState`).

`ExotermApp` records each loader message here through one method per event, so the
state and the values it speaks of change together; screens read `ExotermApp.data` when
the app's `data_version` changes (see `ExotermApp.bump_data`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exoterm.core.content.models import Deck
    from exoterm.tui.progress import HomeNumbers, Progress, Summary
    from exoterm.tui.search_adapter import TermSearch


class LoadState(Enum):
    """Where the load stands. The search index is not a state of its own: it follows the
    database (opened or failed) and is there when `AppData.search` is."""

    LOADING = "loading"  # the content is being read
    OPENING = "opening"  # the deck is here; the progress database is being opened
    READY = "ready"  # deck and progress database
    STORE_ERROR = "store-error"  # the deck is here; the database did not open
    CONTENT_ERROR = "content-error"  # the content did not load: nothing else will


@dataclass(eq=False)
class AppData:
    """Everything loaded so far. `problem` says why, in the two error states: the
    content's `path:line:col: message` lines, or the database's one-line reason."""

    state: LoadState = LoadState.LOADING
    deck: Deck | None = None
    search: TermSearch | None = None
    progress: Progress | None = None
    summary: Summary | None = None  # Home's numbers from the loader, until Home takes them
    counts: tuple[int, int] | None = None  # terms, questions: as remembered, before the deck
    problem: tuple[str, ...] = ()
    reload_error: list[str] | None = None  # the last live reload's problems, until one works

    # what screens ask ---------------------------------------------------------------------
    @property
    def store_error(self) -> str | None:
        """Why the progress database did not open; None when it did or is still opening."""
        return self.problem[0] if self.state is LoadState.STORE_ERROR and self.problem else None

    @property
    def store_settled(self) -> bool:
        """The database opened or failed, or will not be tried (the content failed)."""
        return self.state in (LoadState.READY, LoadState.STORE_ERROR, LoadState.CONTENT_ERROR)

    @property
    def complete(self) -> bool:
        """The first load is all in: deck, database (or why not) and search index."""
        return self.state in (LoadState.READY, LoadState.STORE_ERROR) and self.search is not None

    @property
    def finished(self) -> bool:
        """Nothing more is coming from the loader: complete, or the content failed."""
        return self.complete or self.state is LoadState.CONTENT_ERROR

    # what the loader reports ----------------------------------------------------------------
    def home_known(self, numbers: HomeNumbers) -> None:
        """The database remembers the deck: Home's numbers arrive before the deck itself."""
        self.counts, self.summary = (numbers.terms, numbers.items), numbers.summary

    def content_loaded(self, deck: Deck) -> None:
        """The deck loaded; after a content error (fixed on disk) the load starts over."""
        self.deck = deck
        if self.state in (LoadState.LOADING, LoadState.CONTENT_ERROR):
            self.state, self.problem = LoadState.OPENING, ()

    def content_failed(self, lines: Sequence[str]) -> None:
        self.state, self.problem = LoadState.CONTENT_ERROR, tuple(lines)

    def store_opened(self, progress: Progress, summary: Summary | None) -> None:
        self.progress, self.summary = progress, summary
        self.state, self.problem = LoadState.READY, ()

    def store_failed(self, reason: str) -> None:
        self.state, self.problem = LoadState.STORE_ERROR, (reason,)

    def index_built(self, search: TermSearch) -> None:
        self.search = search

    def reloaded(self, deck: Deck, search: TermSearch) -> None:
        """Live reload: the edited content and its index replace the old ones."""
        self.deck, self.search, self.reload_error = deck, search, None

    def reload_failed(self, lines: Sequence[str]) -> None:
        """Live reload: the edited content has errors; the last good deck stays."""
        self.reload_error = list(lines)
