"""The first load and the loader steps it is made of, each blocking (run off the UI thread).

The loader runs in a worker thread (`ExotermApp.on_mount` only starts it, or
`ExotermApp.preload` before Textual starts): content (from the cache when unchanged),
then the progress database and Home's numbers, then the search index. A failure becomes
a value (`ContentFailed`, or a one-line reason for the database) carrying a readable
explanation (`path:line:col: message` lines for content) instead of raising into the UI.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.tui.messages import ContentFailed

if TYPE_CHECKING:
    from exoterm.core.config import Config
    from exoterm.core.content.models import Deck
    from exoterm.core.content.watch import ContentWatcher
    from exoterm.core.srs.clock import Clock
    from exoterm.tui.progress import Progress, Summary


class FirstLoad(threading.Thread):
    """The first load's blocking steps in the order Home needs them: the content watcher,
    the deck (`deck_ready` is set then), the progress database synced with it, and Home's
    summary. `ExotermApp.preload` starts it before Textual sets up the screen, so it
    overlaps that; otherwise the loader worker runs it in place (`run()`)."""

    def __init__(self, config: Config, use_cache: bool, clock: Clock | None, db: Path | None) -> None:
        super().__init__(name="exoterm-first-load", daemon=True)
        self.config, self.use_cache, self.clock, self.db = config, use_cache, clock, db
        self.deck_ready = threading.Event()
        self.watcher: ContentWatcher | None = None
        self.deck: Deck | ContentFailed | None = None
        self.progress: Progress | str | None = None
        self.summary: Summary | None = None

    def run(self) -> None:
        self.load_content()
        self.load_progress()

    def load_content(self) -> None:
        from exoterm.core.content.watch import ContentWatcher

        try:
            self.watcher = ContentWatcher(watched_files(self.config))
            with no_full_collections():
                self.deck = load_deck(self.config, self.use_cache)
        finally:
            self.deck_ready.set()

    def load_progress(self) -> None:
        if self.deck is None or isinstance(self.deck, ContentFailed):
            return
        cache_dir = self.config.cache_dir if self.use_cache else None
        db = self.db or self.config.db_path()  # imports the store: here, not on the UI thread
        with no_full_collections():
            self.progress = open_progress(self.deck, self.clock, db, cache_dir)
        if not isinstance(self.progress, str):
            self.summary = self.progress.summary()


@contextmanager
def no_full_collections() -> Iterator[None]:
    """The garbage collector paused while a deck's objects are made: each of the full
    collections that making 100,000 long-lived objects triggers would scan them all (a
    big deck's start did three). They are frozen once the first load is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_deck(config: Config, use_cache: bool) -> Deck | ContentFailed:
    """The deck `config` names, or a ContentFailed describing why not (blocking)."""
    from exoterm.core.content import ContentError, load_configured
    from exoterm.errors import ExotermError

    try:
        return load_configured(config, use_cache=use_cache)
    except ContentError as err:
        lines = [str(d) for d in err.diagnostics if d.severity == "error"] or [str(err)]
        return ContentFailed(str(err), lines)
    except ExotermError as err:
        return ContentFailed(str(err), [str(err)])
    except OSError as err:
        return ContentFailed(str(err), [f"{err.filename or ''}: {err.strerror or err}"])


def watched_files(config: Config) -> list[Path]:
    """What live reload watches: the files `load_deck(config)` reads, and their folders (a
    folder changes when a file is added to it, e.g. a new quiz-week3.yaml)."""
    from exoterm.core.content import content_paths
    from exoterm.errors import ExotermError

    try:
        files = content_paths(config)
        return files + sorted({p.parent for p in files})
    except ExotermError:
        return [config.content] if config.content else []


def open_progress(deck: Deck, clock: Clock | None, db: Path | None,
                  cache_dir: Path | None = None) -> Progress | str:
    """The progress database, synced with `deck`, or a one-line reason it failed."""
    import sqlite3

    from exoterm.errors import ExotermError
    from exoterm.tui.progress import Progress

    try:
        return Progress.open(deck, clock=clock, path=db, cache_dir=cache_dir)
    except ExotermError as err:
        return str(err)
    except (OSError, sqlite3.Error) as err:
        return f"{db or 'progress database'}: {err}"
