"""The first load and the loader steps it is made of, each blocking (run off the UI thread).

`FirstLoad` is a thread (`exoterm` starts it before it imports Textual, `ExotermApp.preload`
before Textual starts; else the loader worker does): the progress database first and, when
it remembers this deck, Home's numbers straight from it; then the content (from the cache
when unchanged), the database synced with it and Home's numbers if not read yet. The
loader worker then builds the search index. A failure becomes a value (`ContentProblem`,
or a one-line reason for the database) carrying a readable explanation (`path:line:col:
message` lines for content) instead of raising into the UI.
"""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config
    from exoterm.core.content.models import Deck
    from exoterm.core.content.watch import ContentWatcher
    from exoterm.core.srs.clock import Clock
    from exoterm.core.store import Store
    from exoterm.tui.progress import HomeNumbers, Progress, Summary


@dataclass(frozen=True)
class ContentProblem:
    """Why the content did not load: a summary and its `path:line:col: message` lines.
    A plain value (the app posts it as `ContentFailed`): this module imports no Textual,
    so `exoterm` can start loading before Textual is imported."""

    summary: str
    lines: tuple[str, ...]


HOME_PAINT_WAIT = 2.0  # seconds the deck waits for Home to paint its early numbers at most


class FirstLoad(threading.Thread):
    """The first load's blocking steps in the order Home needs them.

    1. The progress database, and `early` Home numbers when it remembers this deck (its
       version is a hash of the files: nothing parsed); then `home_ready` is set. The
       thread then waits (`home_shown`, set by the app) until Home has painted them, so
       the deck does not compete with that paint for the interpreter.
    2. The content watcher and the deck; then `deck_ready` is set.
    3. The database synced with the deck (`progress`, or why not) and Home's `summary`.
    """

    def __init__(self, config: Config, use_cache: bool, clock: Clock | None, db: Path | None,
                 lang: str = "ja", home_shown: threading.Event | None = None) -> None:
        super().__init__(name="exoterm-first-load", daemon=True)
        self.config, self.use_cache, self.clock, self.db = config, use_cache, clock, db
        self.lang = lang  # of Home's next-due line
        self.home_ready = threading.Event()
        self.home_shown = home_shown or threading.Event()
        self.deck_ready = threading.Event()
        self.store: Store | None = None
        self.early: HomeNumbers | None = None
        self.watcher: ContentWatcher | None = None
        self.deck: Deck | ContentProblem | None = None
        self.progress: Progress | str | None = None
        self.summary: Summary | None = None
        self.unwritten: list[Deck] = []  # parsed on a cache miss, cached by `write_caches`
        self.crash: BaseException | None = None  # a bug, reported as a failed load

    def run(self) -> None:
        try:
            self.open_store()
            if self.early is not None:
                self.home_shown.wait(timeout=HOME_PAINT_WAIT)
            self.load_content()
            self.load_progress()
        except BaseException as exc:  # noqa: BLE001 - a bug: the app says the load failed
            self.crash = exc
        finally:
            self.home_ready.set()
            self.deck_ready.set()

    def open_store(self) -> None:
        from exoterm.core.store import Store

        db = self.db or self.config.db_path()
        try:
            with no_full_collections():
                self.store = Store.open(db, clock=self.clock)
                self.early = early_numbers(self.store, self.config, self.lang)
        except ExotermError as err:
            self.progress = str(err)
        except (OSError, sqlite3.Error) as err:
            self.progress = f"{db}: {err}"
        finally:
            self.home_ready.set()

    def load_content(self) -> None:
        from exoterm.core.content.watch import ContentWatcher

        try:
            self.watcher = ContentWatcher(watched_files(self.config))
            with no_full_collections():
                self.deck = load_deck(self.config, self.use_cache, self.unwritten)
        finally:
            self.deck_ready.set()

    def write_caches(self) -> None:
        """Cache the content parsed on a cache miss. The loader calls it once Home shows
        its counts: writing (and syncing to disk) the shipped content's cache took ~20 ms
        of CPU, and the disk's time on top, before them."""
        from exoterm.core.content.cache import write_cached

        if self.use_cache:
            for deck in self.unwritten:
                write_cached(self.config.cache_dir, deck)
        self.unwritten = []

    def load_progress(self) -> None:
        store, deck = self.store, self.deck
        if store is None:
            return  # the database did not open: `progress` says why
        if deck is None or isinstance(deck, ContentProblem):
            store.close()  # loading starts over, database included, once the content is fixed
            self.store = None
            return
        cache_dir = self.config.cache_dir if self.use_cache else None
        with no_full_collections():
            self.progress = sync_progress(store, deck, cache_dir)
        if isinstance(self.progress, str):
            store.close()
            self.store = None
        else:
            self.summary = self.early.summary if self.early else self.progress.summary(self.lang)


def early_numbers(store: Store, config: Config, lang: str) -> HomeNumbers | None:
    """Home's numbers from the database alone, when it remembers the deck `config` names
    (see `store.deckheads`) and was last synced with it; None: load the deck first."""
    from exoterm.core.content import content_version
    from exoterm.core.srs.cards import CATALOG_FORMAT
    from exoterm.core.store.deckheads import recall
    from exoterm.tui.progress import HomeNumbers, home_summary

    try:
        version = content_version(config)
        head = recall(store, version, store.settings.directions, CATALOG_FORMAT)
        if head is None or not store.catalog_synced(head.catalog):
            return None
        return HomeNumbers(head.terms, head.items, home_summary(store, lang))
    except (ExotermError, OSError, sqlite3.Error):
        return None  # the full load meets the same problem and says what it is


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


def load_deck(config: Config, use_cache: bool,
              unwritten: list[Deck] | None = None) -> Deck | ContentProblem:
    """The deck `config` names, or a ContentProblem saying why not (blocking). With
    `unwritten`, parts parsed on a cache miss are left there to cache later."""
    from exoterm.core.content import ContentError, load_configured

    try:
        return load_configured(config, use_cache=use_cache, unwritten=unwritten)
    except ContentError as err:
        lines = [str(d) for d in err.diagnostics if d.severity == "error"] or [str(err)]
        return ContentProblem(str(err), tuple(lines))
    except ExotermError as err:
        return ContentProblem(str(err), (str(err),))
    except OSError as err:
        return ContentProblem(str(err), (f"{err.filename or ''}: {err.strerror or err}",))


def watched_files(config: Config) -> list[Path]:
    """What live reload watches: the files `load_deck(config)` reads, and their folders (a
    folder changes when a file is added to it, e.g. a new quiz-week3.yaml)."""
    from exoterm.core.content import content_paths

    try:
        files = content_paths(config)
        return files + sorted({p.parent for p in files})
    except ExotermError:
        return [config.content] if config.content else []


def sync_progress(store: Store, deck: Deck, cache_dir: Path | None = None) -> Progress | str:
    """The progress database in step with `deck`, or a one-line reason it failed."""
    from exoterm.tui.progress import Progress

    try:
        progress = Progress(store, deck, cache_dir)
        progress.sync()
    except ExotermError as err:
        return str(err)
    except (OSError, sqlite3.Error) as err:
        return f"{store.path}: {err}"
    return progress
