"""The glossary's search as the TUI needs it: `build(deck)`, then `search(query) -> ids`.

Wraps `exoterm.core.search` (ranked, incremental, cached by deck version). `build`
blocks (it may read or write the index cache): call it from a worker thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    from exoterm.core.content.models import Deck
    from exoterm.core.search import SearchIndex


class TermSearch(Protocol):
    """Anything that ranks term ids for a query ("" lists every term): the best `limit`
    (None: all); `definitions=False` leaves out the terms found by their definition alone
    (they rank last)."""

    def search(self, query: str, definitions: bool = True, limit: int | None = None) -> list[str]: ...

    def reads_definitions(self, query: str) -> bool:
        """Whether `search(query, definitions=False)` may find less than `search(query)`."""
        ...


class IndexSearch:
    """Term ids from `SearchIndex.search`, best first."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def search(self, query: str, definitions: bool = True, limit: int | None = None) -> list[str]:
        return [hit.term_id for hit in self.index.search(query, limit, definitions=definitions)]

    def reads_definitions(self, query: str) -> bool:
        return self.index.reads_definitions(query)


def build(deck: Deck, cache_dir: Path | None) -> TermSearch:
    """The search over `deck`, from the index cache in `cache_dir` when the deck is unchanged."""
    from exoterm.core.search import load_or_build

    return IndexSearch(load_or_build(deck, cache_dir))
