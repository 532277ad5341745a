"""The app-wide messages: what the loader and live-reload workers
(`ExotermApp.load_everything`, `_check_content`, running `tui/loading.py`) post as each
part of the data arrives or fails. The app records them in its `AppData` (`tui/state.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from exoterm.core.content.models import Deck
    from exoterm.tui.progress import HomeNumbers, Progress, Summary
    from exoterm.tui.search_adapter import TermSearch


class HomeKnown(Message):
    """The database opened and remembers the deck: Home's numbers, before the deck."""

    def __init__(self, numbers: HomeNumbers) -> None:
        super().__init__()
        self.numbers = numbers


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
