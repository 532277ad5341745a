"""The search index on disk: one marshal file per content version in the cache folder,
checked with a BLAKE2b digest, so a warm start reads the index instead of building it."""

from __future__ import annotations

import marshal
import re
from pathlib import Path

from exoterm.core.cachefiles import prune_others
from exoterm.core.content.models import Deck
from exoterm.core.digest import blake2b
from exoterm.core.fileio import WriteError, write_file
from exoterm.core.search.index import SearchIndex
from exoterm.core.search.layout import FORMAT


def _cache_file(directory: Path, version: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", version)[:128]
    return directory / f"search-v{FORMAT}-{safe}.marshal"


KEEP_OTHER_INDEXES = 3  # cached indexes kept besides the current one


def load_or_build(deck: Deck, cache_dir: Path | None = None) -> SearchIndex:
    """The index for `deck`, from the cache in `cache_dir` (`Config.cache_dir`; None: no
    cache) when `deck.version` matches; a missing, stale or corrupt cache file is rebuilt,
    and a cache that cannot be written is skipped. Writing one prunes the index files of
    other content versions but the newest few."""
    if not deck.version or cache_dir is None:
        return SearchIndex.build(deck.terms, deck.version)
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
        return index  # a read-only or full disk only costs the next start a rebuild
    prune_others(cache_dir, "search-v*.marshal", path, KEEP_OTHER_INDEXES)
    return index
