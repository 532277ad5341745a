"""Content: YAML loading and validation (path:line:col), models, JSON export, cache."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from exoterm.core.content.diagnostics import Diagnostic
from exoterm.core.content.loader import LoadResult, content_hash, load_deck
from exoterm.core.content.models import Deck
from exoterm.errors import ExotermError

CONTENT_FILES = ("sources.yaml", "glossary.yaml", "quiz.yaml")


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


def load_content(paths: Sequence[str | Path] | None = None, *, use_cache: bool = True) -> Deck:
    """The deck from `paths` (default: the shipped content), from cache when unchanged.

    Raises ContentError listing the problems when the content does not validate.
    """
    files = expand_paths(paths) if paths else shipped_paths()
    from exoterm.core.content.cache import read_cached, write_cached
    from exoterm.core.paths import cache_dir

    version = content_hash(files)
    if use_cache:
        cached = read_cached(cache_dir(), version)
        if cached is not None:
            return cached
    result = load_deck(files)
    if result.deck is None:
        raise ContentError(result.diagnostics)
    if use_cache:
        write_cached(cache_dir(), result.deck)
    return result.deck


__all__ = [
    "CONTENT_FILES", "ContentError", "Deck", "Diagnostic", "LoadResult", "expand_paths",
    "load_content", "load_deck", "shipped_paths",
]
