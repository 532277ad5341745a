"""Content: YAML loading and validation (path:line:col), models, JSON export, cache."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from exoterm.core.content.diagnostics import Diagnostic
from exoterm.core.digest import hexdigest
from exoterm.errors import ExotermError

if TYPE_CHECKING:
    from exoterm.core.config import Config
    from exoterm.core.content.loader import LoadResult
    from exoterm.core.content.models import Deck

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
    if name == "Deck":  # the models are imported on first use: `content_version` needs none
        from exoterm.core.content.models import Deck

        return Deck
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Part(NamedTuple):
    """One set of files loaded as a deck: the shipped content, or a trainer deck `folder`
    (its ids namespaced by its deck id) read in the `context` of the shipped files."""

    files: list[Path]
    context: list[Path]
    folder: Path | None = None

    def version(self) -> str:
        """The part's deck version: a hash of its files and their context (see cache)."""
        from exoterm.core.content.cache import content_hash

        version = content_hash([*self.files, *self.context])
        return hexdigest(f"{version}/namespaced".encode()) if self.folder is not None else version


def _merged_version(versions: Sequence[str]) -> str:
    return versions[0] if len(versions) == 1 else hexdigest("+".join(versions).encode())


def _load_part(part: _Part, cache_dir: Path | None, unwritten: list[Deck] | None = None) -> Deck:
    """One part as a deck, from cache when neither its files nor their context changed.
    A trainer deck has its ids namespaced by its deck id — the namespaced deck is what is
    cached (now, or by the caller when `unwritten` collects it). Files from one folder
    with no `deck:` header are named after it."""
    from exoterm.core.content.cache import read_cached, write_cached
    from exoterm.core.content.decks import deck_info

    version = part.version()
    if cache_dir is not None:
        cached = read_cached(cache_dir, version)
        if cached is not None:
            return cached
    result = load_deck(part.files, context=part.context)
    if result.deck is None:
        raise ContentError(result.diagnostics)
    deck = replace(result.deck, version=version)
    parents = {f.resolve().parent for f in part.files}
    if part.folder is not None:
        from exoterm.core.content.decks import namespace

        deck = namespace(deck, deck_info(part.folder, deck.decks))
    elif not deck.decks and len(parents) == 1:
        deck = replace(deck, decks=(deck_info(parents.pop(), ()),))
    if unwritten is not None:
        unwritten.append(deck)
    elif cache_dir is not None:
        write_cached(cache_dir, deck)
    return deck


def _parts(paths: Sequence[str | Path] | None, decks: Sequence[str | Path],
           include_shipped: bool) -> list[_Part]:
    """What `load_content` loads, as parts (raises ExotermError for a missing folder)."""
    if paths:
        return [_Part(expand_paths(paths), [])]
    folders: list[Path] = []
    for raw in decks:
        folder = Path(raw)
        if not folder.is_dir():
            raise ExotermError(f"{folder}: no such deck folder (--deck takes a folder)")
        if folder.resolve() not in {f.resolve() for f in folders}:
            folders.append(folder)
    shipped = shipped_paths() if include_shipped else []
    parts = [_Part(shipped, [])] if include_shipped else []
    parts += [_Part(expand_paths([folder]), shipped, folder) for folder in folders]
    if not parts:
        raise ExotermError("no content to study: --only-decks needs at least one --deck FOLDER")
    return parts


def _configured_parts(config: Config) -> list[_Part]:
    if config.content is not None:
        return _parts([config.content], (), True)
    return _parts(None, config.decks, not config.only_decks)


def content_version(config: Config) -> str:
    """The version `load_configured(config)` will give its deck, from the files' bytes
    alone: no YAML is parsed, so a start can ask the progress database what it knows
    about this deck (its counts) before the deck is loaded. Raises ExotermError as
    `load_configured` does for a missing file or folder."""
    return _merged_version([part.version() for part in _configured_parts(config)])


def content_paths(config: Config) -> list[Path]:
    """The files `load_configured(config)` reads — what live reload watches."""
    if config.content is not None:
        return expand_paths([config.content])
    files = [] if config.only_decks else shipped_paths()
    for folder in config.decks:
        if folder.is_dir():
            files.extend(expand_paths([folder]))
    return files


def load_configured(config: Config, *, use_cache: bool = True,
                    unwritten: list[Deck] | None = None) -> Deck:
    """The content `config` names: exactly `config.content` when set, else the shipped
    content (unless `only_decks`) plus the trainer decks; cached in `config.cache_dir`."""
    cache_dir = config.cache_dir if use_cache else None
    return _load_parts(_configured_parts(config), cache_dir, unwritten)


def load_content(
    paths: Sequence[str | Path] | None = None,
    *,
    decks: Sequence[str | Path] = (),
    include_shipped: bool = True,
    cache_dir: Path | None = None,
    unwritten: list[Deck] | None = None,
) -> Deck:
    """The content to study, from the cache in `cache_dir` when unchanged (no cache: None).

    `paths` loads exactly those files (a folder: its content files) as one deck. Otherwise:
    the shipped content (unless `include_shipped` is False) plus each trainer deck folder in
    `decks`, its ids namespaced `<deck id>/<id>` (the id in its `deck:` header, else one
    made from the folder name). Raises ContentError listing the problems
    when content does not load. With `unwritten`, parts parsed on a cache miss are
    collected there for the caller to cache later (`cache.write_cached`), not written now.
    """
    return _load_parts(_parts(paths, decks, include_shipped), cache_dir, unwritten)


def _load_parts(parts: Sequence[_Part], cache_dir: Path | None,
                unwritten: list[Deck] | None) -> Deck:
    from exoterm.core.content.decks import SHIPPED_DECK_ID, merge

    decks = [_load_part(part, cache_dir, unwritten) for part in parts]
    if len(decks) == 1:
        return decks[0]
    seen: dict[str, Path] = {}
    for part, deck in zip(parts, decks, strict=True):
        if part.folder is None:
            continue
        deck_id = deck.decks[0].id
        if deck_id == SHIPPED_DECK_ID:
            raise ExotermError(f"{part.folder}: deck id '{deck_id}' is the shipped content's own; "
                               "give the deck another id in its sources.yaml (`deck: {id: …}`)")
        if deck_id in seen:
            raise ExotermError(f"{part.folder}: deck id '{deck_id}' is also the id of "
                               f"{seen[deck_id]} (a copy?); give one of them a new `deck: id` "
                               "in its sources.yaml")
        seen[deck_id] = part.folder
    return merge(decks, _merged_version([d.version for d in decks]),
                 tuple(info for d in decks for info in d.decks))


__all__ = [
    "CONTENT_FILES", "ContentError", "Deck", "Diagnostic", "LoadResult", "content_paths",
    "expand_paths", "folder_files", "ignored_files", "load_configured", "load_content", "load_deck",
    "shipped_paths",
]
