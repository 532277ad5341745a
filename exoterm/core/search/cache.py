"""The search index on disk: one marshal file per content version in the user cache dir,
checked with a BLAKE2b digest, so a warm start reads the index instead of building it."""

from __future__ import annotations

import marshal
import re
from pathlib import Path

from exoterm.core.content.models import Deck
from exoterm.core.digest import blake2b
from exoterm.core.fileio import WriteError, write_file
from exoterm.core.search.index import SearchIndex
from exoterm.core.search.layout import FORMAT


def _cache_file(directory: Path, version: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", version)[:128]
    return directory / f"search-v{FORMAT}-{safe}.marshal"


def load_or_build(deck: Deck, cache_dir: Path | None = None) -> SearchIndex:
    """The index for `deck`, from the cache when `deck.version` matches; a missing,
    stale or corrupt cache file is rebuilt, and a cache that cannot be written is skipped."""
    if not deck.version:
        return SearchIndex.build(deck.terms)
    if cache_dir is None:
        from exoterm.core.paths import cache_dir as default_cache_dir

        cache_dir = default_cache_dir()
    path = _cache_file(cache_dir, deck.version)
    try:
        blob = memoryview(path.read_bytes())  # slices without copying
        digest, payload = blob[:32], blob[32:]
        if blake2b(payload, digest_size=32).digest() == digest:
            index = SearchIndex.from_state(marshal.loads(payload))
            if index.version == deck.version and set(index.ids) == set(deck.term_by_id):
                return index
    except (OSError, ValueError, EOFError, TypeError):
        pass  # missing or unreadable: rebuild below
    index = SearchIndex.build(deck.terms, deck.version)
    try:
        state = marshal.dumps(index.to_state())
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_file(path, blake2b(state, digest_size=32).digest() + state)
    except (OSError, ValueError, WriteError):
        pass  # a read-only or full disk only costs the next start a rebuild
    return index
