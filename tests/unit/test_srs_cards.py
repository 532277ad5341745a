"""Card ids and fingerprints derived from a deck."""

from __future__ import annotations

import dataclasses

import pytest
from srs_fixtures import deck, term

from exoterm.core.content.models import Deck
from exoterm.core.srs.cards import list_cards, parse_card_id, term_card_id


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
