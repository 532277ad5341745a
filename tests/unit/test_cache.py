"""The parsed-content cache: used when files are unchanged, ignored when stale or corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exoterm.core.content import load_content, yamlnodes
from exoterm.core.content import loader as loader_mod
from exoterm.core.content.cache import cache_file
from exoterm.core.content.diagnostics import Diagnostic
from exoterm.core.content.yamlnodes import YNode

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"


@pytest.fixture()
def deck_dir(tmp_path: Path) -> Path:
    target = tmp_path / "deck"
    shutil.copytree(GOOD, target)
    return target


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = yamlnodes.compose  # what the loader calls; the spy replaces the loader's name for it

    def spy(text: str, path: str, errors: list[Diagnostic]) -> YNode | None:
        calls.append(path)
        return real(text, path, errors)

    monkeypatch.setattr(loader_mod, "compose", spy)
    return calls


def test_unchanged_files_are_not_parsed_again(deck_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_parses(monkeypatch)
    first = load_content([deck_dir], cache_dir=deck_dir.parent / "cache")
    assert len(calls) == 3
    second = load_content([deck_dir], cache_dir=deck_dir.parent / "cache")
    assert len(calls) == 3, "a warm start must do no YAML parsing"
    assert second == first


def test_changed_file_is_parsed_again(deck_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_content([deck_dir], cache_dir=deck_dir.parent / "cache")
    glossary = deck_dir / "glossary.yaml"
    glossary.write_text(glossary.read_text("utf-8").replace("細胞外小胞", "細胞外ベシクル", 1), "utf-8")
    calls = count_parses(monkeypatch)
    second = load_content([deck_dir], cache_dir=deck_dir.parent / "cache")
    assert calls, "a changed file must be parsed"
    assert second.version != first.version
    assert second.term_by_id["extracellular-vesicle"].ja == "細胞外ベシクル"


@pytest.mark.parametrize(
    "garbage",
    [b"", b"not marshal at all", b"\x00" * 64, b"\xe3" + b"\xff" * 10],
    ids=["empty", "text", "zeros", "junk"],
)
def test_corrupt_cache_is_ignored_and_rebuilt(
    deck_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, garbage: bytes
) -> None:
    deck = load_content([deck_dir], cache_dir=deck_dir.parent / "cache")
    path = cache_file(tmp_path / "cache", deck.version)
    assert path.exists()
    path.write_bytes(garbage)
    calls = count_parses(monkeypatch)
    assert load_content([deck_dir], cache_dir=deck_dir.parent / "cache") == deck
    assert calls, "a corrupt cache must not be trusted"
    assert path.read_bytes() != garbage, "the cache is rebuilt"


def test_truncated_and_wrong_shape_caches_are_ignored(deck_dir: Path, tmp_path: Path) -> None:
    import marshal

    deck = load_content([deck_dir], cache_dir=deck_dir.parent / "cache")
    path = cache_file(tmp_path / "cache", deck.version)
    blob = path.read_bytes()
    path.write_bytes(blob[: len(blob) // 2])
    assert load_content([deck_dir], cache_dir=deck_dir.parent / "cache") == deck
    path.write_bytes(marshal.dumps(("exoterm-content-cache/0", deck.version, {})))
    assert load_content([deck_dir], cache_dir=deck_dir.parent / "cache") == deck
    path.write_bytes(marshal.dumps([1, 2, 3]))
    assert load_content([deck_dir], cache_dir=deck_dir.parent / "cache") == deck


def test_unwritable_cache_dir_still_loads(deck_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be")
    assert load_content([deck_dir], cache_dir=blocker / "cache").term_by_id["exosome"].reading == "えくそそーむ"


def test_a_trainer_deck_is_cached_namespaced(deck_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = deck_dir.parent / "cache"
    first = load_content(decks=[deck_dir], include_shipped=False, cache_dir=cache)
    assert "deck/exosome" in first.term_by_id
    calls = count_parses(monkeypatch)
    again = load_content(decks=[deck_dir], include_shipped=False, cache_dir=cache)
    assert calls == [] and again == first, "a warm start neither parses nor renames"
    alone = load_content([deck_dir], cache_dir=cache)  # the same files, not as a trainer deck
    assert "exosome" in alone.term_by_id and alone.version != first.version


def test_shipped_content_and_a_deck_both_stay_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from exoterm.cli import main

    trainer, cache = tmp_path / "ward-3", tmp_path / "cache"
    assert main(["init", str(trainer)]) == 0  # a starter deck that loads beside the shipped one
    first = load_content(decks=[trainer], cache_dir=cache)  # two parts: shipped + the deck
    calls = count_parses(monkeypatch)
    assert load_content(decks=[trainer], cache_dir=cache) == first
    assert calls == [], "writing one part's cache must not drop the other's"


def test_old_content_caches_are_pruned(deck_dir: Path) -> None:
    from exoterm.core.content.cache import KEEP_OTHER_CACHES

    cache = deck_dir.parent / "cache"
    glossary = deck_dir / "glossary.yaml"
    text = glossary.read_text("utf-8")
    for n in range(KEEP_OTHER_CACHES + 3):
        glossary.write_text(text + f"\n# edit {n}\n", "utf-8")
        load_content([deck_dir], cache_dir=cache)
    assert len(list(cache.glob("content-*.marshal"))) == KEEP_OTHER_CACHES + 1
