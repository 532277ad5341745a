"""What the app loads in the background, the messages that announce it, and UI prefs.

The loader runs in a worker thread (`ExotermApp.on_mount` only starts it): content
(from the cache when unchanged), then the search index, then the progress database.
Each step posts a message; a failure posts one too, carrying a readable explanation
(`path:line:col: message` lines for content) instead of raising into the UI.
"""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textual.message import Message

FuriganaMode = Literal["auto", "ruby", "inline"]

if TYPE_CHECKING:
    from exoterm.core.config import Config
    from exoterm.core.content.models import Deck
    from exoterm.core.content.watch import ContentWatcher
    from exoterm.core.srs.clock import Clock
    from exoterm.tui.progress import Progress, Summary
    from exoterm.tui.search_adapter import TermSearch


class ContentReady(Message):
    """The deck is loaded."""

    def __init__(self, deck: Deck) -> None:
        super().__init__()
        self.deck = deck


class ContentFailed(Message):
    """The deck did not load; `lines` are `path:line:col: message` texts."""

    def __init__(self, summary: str, lines: Sequence[str]) -> None:
        super().__init__()
        self.summary = summary
        self.lines = list(lines)


class ContentReloaded(Message):
    """The content changed on disk and loaded again (live reload)."""

    def __init__(self, deck: Deck, search: TermSearch) -> None:
        super().__init__()
        self.deck = deck
        self.search = search


class ReloadFailed(Message):
    """The content changed on disk but does not load; the last good deck stays."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__()
        self.lines = list(lines)


class IndexReady(Message):
    """The search index is built."""

    def __init__(self, search: TermSearch) -> None:
        super().__init__()
        self.search = search


class StoreReady(Message):
    """The progress database is open and in step with the deck; `summary` is today's
    numbers for Home, read by the loader straight away (it is what the user waits for)."""

    def __init__(self, progress: Progress, summary: Summary | None = None) -> None:
        super().__init__()
        self.progress = progress
        self.summary = summary


class StoreFailed(Message):
    """The progress database could not be opened; `reason` says what and where."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


@dataclass
class AppData:
    """Everything loaded so far; screens read it when `ExotermApp.data_version` changes."""

    deck: Deck | None = None
    search: TermSearch | None = None
    progress: Progress | None = None
    summary: Summary | None = None  # Home's numbers from the loader, until Home takes them
    content_error: ContentFailed | None = None
    store_error: str | None = None
    store_done: bool = False
    reload_error: list[str] | None = None  # the last live reload's problems, until one works
    extra: dict[str, Any] = field(default_factory=dict)


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
    """The files live reload watches: those `load_deck(config)` reads."""
    from exoterm.core.content import content_paths
    from exoterm.errors import ExotermError

    try:
        return content_paths(config)
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


# UI preferences ------------------------------------------------------------------------
PREFS_FILE = "ui.json"
KEYMAP_FILE = "keymap.json"


def read_prefs(folder: Path) -> dict[str, str]:
    """UI preferences (lang, theme, furigana) from `folder/ui.json`; {} when absent."""
    try:
        data = json.loads((folder / PREFS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def write_prefs(folder: Path, prefs: dict[str, str]) -> None:
    """Write prefs atomically; failure is ignored (they are only conveniences)."""
    from exoterm.core.fileio import WriteError, write_file

    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_file(folder / PREFS_FILE, json.dumps(prefs, ensure_ascii=False, indent=1))
    except (OSError, WriteError):
        return
