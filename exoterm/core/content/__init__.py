"""Content: YAML loading and validation (path:line:col), models, JSON export, cache."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exoterm.core.content.diagnostics import Diagnostic
from exoterm.core.content.models import Deck
from exoterm.core.digest import hexdigest

if TYPE_CHECKING:
    from exoterm.core.content.loader import LoadResult
from exoterm.errors import ExotermError

CONTENT_FILES = ("sources.yaml", "glossary.yaml", "quiz.yaml")
CONTENT_ENV = "EXOTERM_CONTENT"  # study exactly this folder (tests, a trainer trying files)
DECKS_ENV = "EXOTERM_DECKS"
ONLY_DECKS_ENV = "EXOTERM_ONLY_DECKS"


class ContentError(ExotermError):
    """Content that does not load; `diagnostics` holds every problem found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        errors = [d for d in diagnostics if d.severity == "error"]
        more = f" (and {len(errors) - 1} more; run `exoterm validate`)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}" if errors else "content did not load", exit_code=2)
        self.diagnostics = list(diagnostics)


def shipped_paths() -> list[Path]:
    from exoterm.core.paths import shipped_data_dir

    root = shipped_data_dir()
    return [root / name for name in CONTENT_FILES]


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given; a directory stands for its sources/glossary/quiz.yaml."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [path / n for n in CONTENT_FILES if (path / n).is_file()]
            if not found:
                raise ExotermError(f"{path}: no {', '.join(CONTENT_FILES)} in this folder")
            out.extend(found)
        elif path.exists():
            out.append(path)
        else:
            raise ExotermError(f"{path}: no such file or folder")
    return out


def load_deck(
    paths: Sequence[Path], *, context: Sequence[Path] = (), check_readings: bool = False
) -> LoadResult:
    """Parse and validate files (see `loader.load_deck`). The YAML machinery is imported
    only here, so a start served from the cache never loads it."""
    from exoterm.core.content.loader import load_deck as parse_and_check

    return parse_and_check(paths, context=context, check_readings=check_readings)


def __getattr__(name: str) -> Any:
    if name == "LoadResult":
        from exoterm.core.content.loader import LoadResult

        return LoadResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class NotCached(Exception):
    """Raised by `load_content(cached_only=True)` when some content must be parsed."""


def _load_files(files: Sequence[Path], context: Sequence[Path], use_cache: bool,
                cached_only: bool = False) -> Deck:
    """One set of files as a deck, from cache when neither they nor their context changed."""
    from exoterm.core.content.cache import content_hash, read_cached, write_cached
    from exoterm.core.paths import cache_dir

    version = content_hash([*files, *context])
    if use_cache:
        cached = read_cached(cache_dir(), version)
        if cached is not None:
            return cached
    if cached_only:
        raise NotCached(files[0] if files else "")
    result = load_deck(files, context=context)
    if result.deck is None:
        raise ContentError(result.diagnostics)
    deck = replace(result.deck, version=version)
    if use_cache:
        write_cached(cache_dir(), deck)
    return deck


def deck_folders_from_env() -> tuple[list[str], bool]:
    """`--deck` folders and `--only-decks`, passed by the CLI through the environment."""
    raw = os.environ.get(DECKS_ENV, "")
    return [d for d in raw.split(os.pathsep) if d], os.environ.get(ONLY_DECKS_ENV) == "1"


def content_paths() -> list[Path]:
    """The files `load_content()` with its defaults reads — what live reload watches."""
    if os.environ.get(CONTENT_ENV):
        return expand_paths([os.environ[CONTENT_ENV]])
    decks, only_decks = deck_folders_from_env()
    files = [] if only_decks else shipped_paths()
    for folder in decks:
        if Path(folder).is_dir():
            files.extend(expand_paths([folder]))
    return files


def load_content(
    paths: Sequence[str | Path] | None = None,
    *,
    decks: Sequence[str | Path] | None = None,
    include_shipped: bool | None = None,
    use_cache: bool = True,
    cached_only: bool = False,
) -> Deck:
    """The content to study, from cache when unchanged.

    `paths` (default: `$EXOTERM_CONTENT`) loads exactly those files as one deck. Otherwise:
    the shipped content (unless `include_shipped` is False) plus each trainer deck folder in
    `decks`, its ids namespaced `<folder>/<id>`. Both default to the `--deck`/`--only-decks`
    options of the CLI. Raises ContentError listing the problems when content does not load,
    and NotCached when `cached_only` and some files would have to be parsed.
    """
    if not paths and os.environ.get(CONTENT_ENV):
        paths = [os.environ[CONTENT_ENV]]
    if paths:
        return _load_files(expand_paths(paths), (), use_cache, cached_only)
    env_decks, only_decks = deck_folders_from_env()
    decks = env_decks if decks is None else decks
    include_shipped = (not only_decks) if include_shipped is None else include_shipped
    from exoterm.core.content.decks import deck_name, merge, namespace

    names: dict[str, Path] = {}
    for raw in decks:
        folder = Path(raw)
        if not folder.is_dir():
            raise ExotermError(f"{folder}: no such deck folder (--deck takes a folder)")
        name = deck_name(folder)
        if name in names:
            raise ExotermError(f"{folder}: another deck is also named '{name}' ({names[name]}); rename one")
        names[name] = folder
    shipped = shipped_paths()
    parts = [_load_files(shipped, (), use_cache, cached_only)] if include_shipped else []
    context = shipped if include_shipped else []
    for name, folder in names.items():
        parts.append(namespace(_load_files(expand_paths([folder]), context, use_cache, cached_only),
                               name))
    if not parts:
        raise ExotermError("no content to study: --only-decks needs at least one --deck FOLDER")
    if len(parts) == 1:
        return parts[0]
    return merge(parts, hexdigest("+".join(p.version for p in parts).encode()))


__all__ = [
    "CONTENT_FILES", "ContentError", "Deck", "Diagnostic", "LoadResult", "NotCached", "content_paths",
    "expand_paths",
    "load_content", "load_deck", "shipped_paths",
]
