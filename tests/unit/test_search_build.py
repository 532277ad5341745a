"""Index building: the state `build.py` makes (batched, for speed) equals the one built the
plain way, a name at a time, below. Equal states give equal hits for every query, so the
build's shortcuts can never change a search result."""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_fixtures import TERMS
from test_japanese import HIRAGANA

from exoterm.core.content.models import Bilingual, Citation, Term, Variants
from exoterm.core.japanese import (
    normalize,
    reading_sort_key,
    romaji_key_normalized,
    to_katakana,
)
from exoterm.core.search.build import build_state
from exoterm.core.search.layout import (
    F_ABBR,
    F_ALIAS_EN,
    F_ALIAS_JA,
    F_EN,
    F_JA,
    F_KEY,
    F_READING,
    F_ROMAJI,
    FORMAT,
    GRAM_SPAN,
    KANA_ONLY,
    POSITIONS,
    ROMAJI_INPUT,
    fuzzy_indexed,
)


def reference_state(terms: Sequence[Term], version: str) -> dict[str, Any]:
    """The index state as layout.py describes it, one name and one key at a time."""
    order = sorted(terms, key=lambda t: (reading_sort_key(t.reading), t.id))
    spaces: list[list[tuple[str, int]]] = [[], [], []]
    for index, term in enumerate(order):
        seen: set[tuple[int, str]] = set()
        names = [(F_JA, term.ja), (F_READING, term.reading), (F_EN, term.en),
                 *[(F_ABBR, a) for a in term.abbr],
                 *[(F_ALIAS_JA, a) for a in term.aliases.ja],
                 *[(F_ALIAS_EN, a) for a in term.aliases.en],
                 *[(F_KEY, k) for k in term.search_keys.all()]]
        for field, raw in names:
            key = normalize(raw)[:200]
            items = [(0, key, field)]
            items += [(2, key[gap.end():], field) for gap in re.finditer("[ /-]+", key)]
            if (field in (F_READING, F_ALIAS_JA) and ROMAJI_INPUT.fullmatch(key)
                    or field == F_KEY and KANA_ONLY.fullmatch(key)):
                items.append((1, romaji_key_normalized(key),
                              F_ROMAJI if field == F_READING else field))
            for space, text, owner_field in items:
                if text and (space, text) not in seen:
                    seen.add((space, text))
                    spaces[space].append((text, index * 16 + owner_field))
    for space_entries in spaces:
        space_entries.sort()
    keys = [key for entries in spaces for key, _ in entries]
    n_text, n_romaji = len(spaces[0]), len(spaces[0]) + len(spaces[1])
    grams: list[dict[str, list[int]]] = [{}, {}]
    for entry, key in enumerate(keys):
        if entry < n_text and not fuzzy_indexed(key):
            continue
        table = grams[1 if n_text <= entry < n_romaji else 0]
        for pos in range(min(GRAM_SPAN, len(key) - 1)):
            table.setdefault(key[0] + POSITIONS[pos] + key[pos:pos + 2], []).append(entry)
    packed = [["".join(sorted(table)),
               "".join(chr(entry) for gram in sorted(table) for entry in table[gram]),
               array("I", accumulate(len(table[gram]) for gram in sorted(table))).tobytes()]
              for table in grams]
    by_tie = sorted(range(len(order)), key=lambda i: (len(order[i].ja), i))
    return {"format": FORMAT, "version": version, "ids": [t.id for t in order],
            "tie": [by_tie.index(i) for i in range(len(order))], "keys": keys,
            "owners": [owner for entries in spaces for _, owner in entries],
            "bounds": [n_text, n_romaji], "grams": packed,
            "defs": [normalize(text) for t in order
                     for text in (t.definition.ja, t.definition.en)]}


def test_fixture_glossary_state_equals_the_reference() -> None:
    assert build_state(TERMS, "v") == reference_state(TERMS, "v")


def test_shipped_glossary_state_equals_the_reference() -> None:
    from exoterm.core.content import load_content
    from exoterm.core.paths import shipped_data_dir

    data = shipped_data_dir()
    if not (data / "glossary.yaml").is_file():
        pytest.skip("no shipped glossary yet")
    terms = load_content([data / "sources.yaml", data / "glossary.yaml"]).terms
    assert build_state(terms, "v") == reference_state(terms, "v")


# Terms shaped like real ones (kanji or katakana headwords, hiragana readings, multi-word
# English, aliases repeating a reading) plus arbitrary text in every field.
_KANJI = st.sampled_from(list("細胞外小胞幹体液血管免疫"))
_WORDS = st.sampled_from(["stem", "cell", "exo-some", "t/b", "vesicle", "RNA", "ＡＢ", "é"])
_readings = st.text(st.sampled_from([*HIRAGANA, "ー"]), min_size=1, max_size=8)
_english = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)
_any_text = st.text(max_size=12)


@st.composite
def _terms(draw: st.DrawFn) -> list[Term]:
    count = draw(st.integers(0, 12))
    terms = []
    for number in range(count):
        reading = draw(st.one_of(_readings, _readings, _any_text))
        ja = draw(st.one_of(st.text(_KANJI, min_size=1, max_size=5),
                            st.just(to_katakana(reading)), _any_text))
        name_or_text = st.one_of(_english, _any_text, st.just(reading),
                                 st.just(to_katakana(reading)), st.just(ja))
        terms.append(Term(
            id=draw(st.sampled_from([f"t{number}", f"z{number}", f"a{number}"])),
            ja=ja, reading=reading, en=draw(st.one_of(_english, _any_text)),
            category="c", definition=Bilingual(draw(_any_text), draw(_english)),
            sources=(Citation("s", "x"),), evidence="established",
            abbr=tuple(draw(st.lists(name_or_text, max_size=2))),
            aliases=Variants(tuple(draw(st.lists(name_or_text, max_size=2))),
                             tuple(draw(st.lists(name_or_text, max_size=2)))),
            search_keys=Variants(tuple(draw(st.lists(name_or_text, max_size=2))),
                                 tuple(draw(st.lists(name_or_text, max_size=2))))))
    return terms


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_terms())
def test_any_glossary_state_equals_the_reference(terms: list[Term]) -> None:
    assert build_state(terms, "v") == reference_state(terms, "v")
