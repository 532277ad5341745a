"""Card ids and fingerprints derived from a deck."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from srs_fixtures import deck, term

from exoterm.core.content.models import Deck
from exoterm.core.srs import cards as cards_mod
from exoterm.core.srs.cards import (
    catalog,
    list_cards,
    parse_card_id,
    term_card_id,
)
from exoterm.tui.progress import Progress


def test_ids_kinds_and_categories() -> None:
    d = deck(n_terms=2, n_items=1)
    cards = list_cards(d, ("ja>en", "en>ja", "def>term", "reading"))
    ids = [c.id for c in cards]
    term_ids = [
        "term:t0:ja>en", "term:t0:en>ja", "term:t0:def>term", "term:t0:reading",
        "term:t1:ja>en", "term:t1:en>ja", "term:t1:def>term", "term:t1:reading",
    ]
    # Term cards keep their order; the quiz item is mixed in halfway, not left to the end.
    assert [i for i in ids if i.startswith("term:")] == term_ids
    assert ids.index("item:q0") == 4
    by_id = {c.id: c for c in cards}
    assert by_id["term:t0:ja>en"].category == "clinical" and by_id["term:t1:ja>en"].category == "basics"
    item = by_id["item:q0"]
    assert item.kind == "item" and item.category == "clinical"  # via its term t0
    assert list_cards(d, ("en>ja",))[0].id == "term:t0:en>ja"


def test_reading_cards_only_for_kanji() -> None:
    kana = Deck(terms=(term(0, ja="エクソソーム", reading="えくそそーむ"),))
    assert [c.direction for c in list_cards(kana, ("ja>en", "reading"))] == ["ja>en"]


def test_fingerprint_follows_what_the_card_asks() -> None:
    t = term(0)
    before = {c.id: c.fingerprint for c in list_cards(Deck(terms=(t,)), ("ja>en", "reading"))}
    changed = dataclasses.replace(t, reading="さいぼうそとしょうほう")
    after = {c.id: c.fingerprint for c in list_cards(Deck(terms=(changed,)), ("ja>en", "reading"))}
    assert before["term:t0:ja>en"] == after["term:t0:ja>en"]
    assert before["term:t0:reading"] != after["term:t0:reading"]


def test_parse_card_id() -> None:
    assert parse_card_id("item:q1") == ("item", "q1", None)
    assert parse_card_id(term_card_id("a:b", "def>term")) == ("term", "a:b", "def>term")
    for bad in ("item:", "term:x:fr", "foo"):
        with pytest.raises(ValueError):
            parse_card_id(bad)


def test_catalog_is_cached_per_deck_version_and_directions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = dataclasses.replace(deck(n_terms=3, n_items=2), version="v1")
    directions = ("ja>en", "reading")
    fresh = list_cards(d, directions)
    assert catalog(d, directions, tmp_path) == fresh
    monkeypatch.setattr(cards_mod, "_last", None)  # a new process
    monkeypatch.setattr(cards_mod, "list_cards", lambda *a: pytest.fail("listed again"))
    assert catalog(d, directions[::-1], tmp_path) == fresh, "read back from the cache"
    monkeypatch.undo()
    (path,) = tmp_path.glob("cards-*.marshal")
    path.write_bytes(path.read_bytes()[:-5])  # damaged: listed again, not trusted
    cards_mod._last = None
    assert catalog(d, directions, tmp_path) == fresh
    assert catalog(d, ("en>ja",), tmp_path) == list_cards(d, ("en>ja",))
    assert len(list(tmp_path.glob("cards-*.marshal"))) == 2


def test_an_unversioned_deck_is_never_cached(tmp_path: Path) -> None:
    d = deck(n_terms=2)
    assert catalog(d, ("ja>en",), tmp_path) == list_cards(d, ("ja>en",))
    assert list(tmp_path.iterdir()) == []


def test_a_store_synced_with_an_unchanged_deck_opens_without_its_catalog(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from exoterm.tui.progress import Progress

    a = dataclasses.replace(deck(n_terms=3, n_items=2), version="a")
    b = dataclasses.replace(deck(n_terms=5, n_items=1), version="b")
    db, cache = tmp_path / "progress.sqlite3", tmp_path / "cache"
    Progress.open(a, path=db, cache_dir=cache).close()
    monkeypatch.setattr(cards_mod, "_last", None)  # a new process
    monkeypatch.setattr(cards_mod, "catalog", lambda *a: pytest.fail("catalog read"))
    progress = Progress.open(a, path=db, cache_dir=cache)
    assert present_cards(progress) == len(list_cards(a, progress.store.settings.directions))
    monkeypatch.undo()
    assert progress.term_cards("t0"), "the catalog is read when first needed"
    progress.close()
    # synced with another deck in between: the unchanged deck's catalog is synced again
    Progress.open(b, path=db, cache_dir=cache).close()
    progress = Progress.open(a, path=db, cache_dir=cache)
    assert present_cards(progress) == len(list_cards(a, progress.store.settings.directions))
    progress.close()


def present_cards(progress: Progress) -> int:
    """Cards of the deck the store was synced with (present, in any state)."""
    from exoterm.core.progress import compute_stats

    by_state = compute_stats(progress.store).cards_by_state
    return sum(by_state.values()) - by_state.get("missing", 0)
