"""Content: YAML loading and validation (path:line:col), models, JSON export, cache."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exoterm.core.content.diagnostics import Diagnostic
from exoterm.core.content.models import Deck
from exoterm.core.digest import hexdigest

if TYPE_CHECKING:
    from exoterm.core.config import Config
    from exoterm.core.content.loader import LoadResult
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


def folder_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """A deck folder's content files and its other YAML files (not loaded; worth a warning).

    Content: sources.yaml, then every glossary*.yaml, then every quiz*.yaml — each kind's
    plain file first, the rest by name, so the order (and the duplicate-id reports) is stable.
    """
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError as exc:
        raise ExotermError(f"{folder}: cannot list this folder: {exc.strerror or exc}") from exc
    found: list[Path] = []
    for kind in ("sources", "glossary", "quiz"):
        mine = [n for n in names if n.startswith(kind) and n.endswith(".yaml")]
        plain = f"{kind}.yaml"
        found += [folder / n for n in sorted(mine, key=lambda n: (n != plain, n))]  # noqa: B023
    taken = {p.name for p in found}
    ignored = [folder / n for n in names if n.endswith((".yaml", ".yml")) and n not in taken]
    return found, ignored


def ignored_files(paths: Sequence[str | Path]) -> list[Path]:
    """The YAML files the folders among `paths` hold but do not load (see `folder_files`)."""
    return [p for raw in paths if Path(raw).is_dir() for p in folder_files(Path(raw))[1]]


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given; a directory stands for its content files (see `folder_files`)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = folder_files(path)[0]
            if not found:
                raise ExotermError(f"{path}: no {', '.join(CONTENT_FILES)} in this folder")
            out.extend(found)
        elif path.exists():
            out.append(path)
        else:
            raise ExotermError(f"{path}: no such file or folder")
    return out


def load_deck(
    paths: Sequence[Path], *, context: Sequence[Path] = (), check_readings: bool = False,
    ignored: Sequence[Path] = (),
) -> LoadResult:
    """Parse and validate files (see `loader.load_deck`). The YAML machinery is imported
    only here, so a start served from the cache never loads it."""
    from exoterm.core.content.loader import load_deck as parse_and_check

    return parse_and_check(paths, context=context, check_readings=check_readings, ignored=ignored)


def __getattr__(name: str) -> Any:
    if name == "LoadResult":
        from exoterm.core.content.loader import LoadResult

        return LoadResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load_files(files: Sequence[Path], context: Sequence[Path], cache_dir: Path | None,
                folder: Path | None = None) -> Deck:
    """One set of files as a deck, from cache when neither they nor their context changed.
    A trainer deck (`folder` given) has its ids namespaced by its deck id — the namespaced
    deck is what is cached. Files from one folder with no `deck:` header are named after it."""
    from exoterm.core.content.cache import content_hash, read_cached, write_cached
    from exoterm.core.content.decks import deck_info

    version = content_hash([*files, *context])
    if folder is not None:
        version = hexdigest(f"{version}/namespaced".encode())
    if cache_dir is not None:
        cached = read_cached(cache_dir, version)
        if cached is not None:
            return cached
    result = load_deck(files, context=context)
    if result.deck is None:
        raise ContentError(result.diagnostics)
    deck = replace(result.deck, version=version)
    parents = {f.resolve().parent for f in files}
    if folder is not None:
        from exoterm.core.content.decks import namespace

        deck = namespace(deck, deck_info(folder, deck.decks))
    elif not deck.decks and len(parents) == 1:
        deck = replace(deck, decks=(deck_info(parents.pop(), ()),))
    if cache_dir is not None:
        write_cached(cache_dir, deck)
    return deck


def content_paths(config: Config) -> list[Path]:
    """The files `load_configured(config)` reads — what live reload watches."""
    if config.content is not None:
        return expand_paths([config.content])
    files = [] if config.only_decks else shipped_paths()
    for folder in config.decks:
        if folder.is_dir():
            files.extend(expand_paths([folder]))
    return files


def load_configured(config: Config, *, use_cache: bool = True) -> Deck:
    """The content `config` names: exactly `config.content` when set, else the shipped
    content (unless `only_decks`) plus the trainer decks; cached in `config.cache_dir`."""
    cache_dir = config.cache_dir if use_cache else None
    if config.content is not None:
        return load_content([config.content], cache_dir=cache_dir)
    return load_content(decks=config.decks, include_shipped=not config.only_decks,
                        cache_dir=cache_dir)


def load_content(
    paths: Sequence[str | Path] | None = None,
    *,
    decks: Sequence[str | Path] = (),
    include_shipped: bool = True,
    cache_dir: Path | None = None,
) -> Deck:
    """The content to study, from the cache in `cache_dir` when unchanged (no cache: None).

    `paths` loads exactly those files (a folder: its content files) as one deck. Otherwise:
    the shipped content (unless `include_shipped` is False) plus each trainer deck folder in
    `decks`, its ids namespaced `<deck id>/<id>` (the id in its `deck:` header, else one
    made from the folder name). Raises ContentError listing the problems
    when content does not load.
    """
    if paths:
        return _load_files(expand_paths(paths), (), cache_dir)
    from exoterm.core.content.decks import SHIPPED_DECK_ID, merge

    folders: list[Path] = []
    for raw in decks:
        folder = Path(raw)
        if not folder.is_dir():
            raise ExotermError(f"{folder}: no such deck folder (--deck takes a folder)")
        if folder.resolve() not in {f.resolve() for f in folders}:
            folders.append(folder)
    shipped = shipped_paths()
    parts = [_load_files(shipped, (), cache_dir)] if include_shipped else []
    context = shipped if include_shipped else []
    seen: dict[str, Path] = {}
    for folder in folders:
        part = _load_files(expand_paths([folder]), context, cache_dir, folder)
        deck_id = part.decks[0].id
        if deck_id == SHIPPED_DECK_ID:
            raise ExotermError(f"{folder}: deck id '{deck_id}' is the shipped content's own; give the "
                               "deck another id in its sources.yaml (`deck: {id: …}`)")
        if deck_id in seen:
            raise ExotermError(f"{folder}: deck id '{deck_id}' is also the id of {seen[deck_id]} "
                               "(a copy?); give one of them a new `deck: id` in its sources.yaml")
        seen[deck_id] = folder
        parts.append(part)
    if not parts:
        raise ExotermError("no content to study: --only-decks needs at least one --deck FOLDER")
    if len(parts) == 1:
        return parts[0]
    return merge(parts, hexdigest("+".join(p.version for p in parts).encode()),
                 tuple(info for p in parts for info in p.decks))


__all__ = [
    "CONTENT_FILES", "ContentError", "Deck", "Diagnostic", "LoadResult", "content_paths",
    "expand_paths", "folder_files", "ignored_files", "load_configured", "load_content", "load_deck",
    "shipped_paths",
]
