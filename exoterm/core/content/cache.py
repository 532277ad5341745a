"""Parsed-content cache: a start with unchanged files does no YAML parsing.

Keyed by a hash of the files' paths and bytes plus the loader and exoterm versions. Stored
with `marshal` (plain data only, nothing executable). A missing, stale or corrupt cache
is ignored and rebuilt, never trusted: any failure to read it simply means "parse again".
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exoterm import __version__
from exoterm.core.cachefiles import prune_others
from exoterm.core.digest import blake2b
from exoterm.core.fileio import WriteError, write_file

if TYPE_CHECKING:
    from exoterm.core.content.models import Deck

_MAGIC = f"exoterm-content-cache/{__version__}"
LOADER_VERSION = "5"  # bump when the loader reads the same bytes into different content


def content_hash(paths: Sequence[Path]) -> str:
    digest = blake2b(f"exoterm-loader-{LOADER_VERSION}".encode(), digest_size=16)
    for path in paths:
        digest.update(str(path.resolve()).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()


def cache_file(cache_dir: Path, version: str) -> Path:
    return cache_dir / f"content-{version}.marshal"


def read_cached(cache_dir: Path, version: str) -> Deck | None:
    from exoterm.core.content.export import deck_from_dict  # the models: not for `content_hash`

    path = cache_file(cache_dir, version)
    try:
        payload = marshal.loads(path.read_bytes())
        if not (isinstance(payload, tuple) and len(payload) == 3):
            return None
        magic, stored_version, data = payload
        if magic != _MAGIC or stored_version != version or not isinstance(data, dict):
            return None
        deck = deck_from_dict(data)
    except Exception:  # noqa: BLE001 - any unreadable cache means "rebuild"
        return None
    return deck if deck.version == version else None


def share_strings(data: Any, memo: dict[str, str] | None = None) -> Any:
    """`data` (dicts, lists, tuples, str, numbers) with equal strings made one object, so
    `marshal` stores each once and loading gives a deck whose repeated source ids, section
    names and evidence levels share memory (a third of the strings are repeats)."""
    memo = {} if memo is None else memo
    if isinstance(data, str):
        return memo.setdefault(data, data)
    if isinstance(data, dict):
        return {memo.setdefault(k, k) if isinstance(k, str) else k: share_strings(v, memo)
                for k, v in data.items()}
    if isinstance(data, list):
        return [share_strings(v, memo) for v in data]
    if isinstance(data, tuple):
        return tuple(share_strings(v, memo) for v in data)
    return data


KEEP_OTHER_CACHES = 4  # content caches kept besides the one written: the shipped files and
# each --deck folder are cached apart, and a start reads them all


def write_cached(cache_dir: Path, deck: Deck) -> None:
    """Write atomically; drop all but the newest few other content caches (not all of them:
    with `--deck` the shipped part and the deck are two caches that must both stay).
    Failure to cache is not an error."""
    from exoterm.core.content.export import deck_to_dict

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        blob = marshal.dumps((_MAGIC, deck.version, share_strings(deck_to_dict(deck))))
        target = cache_file(cache_dir, deck.version)
        write_file(target, blob)
        prune_others(cache_dir, "content-*.marshal", target, KEEP_OTHER_CACHES)
    except (OSError, ValueError, WriteError):
        return
