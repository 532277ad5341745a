"""Building the search index: glossary terms → the plain-data state `SearchIndex` reads.

Every name of a term (headword, reading, English, abbreviations, aliases) and its search
keys (ranked just below its names) become keys in
three sorted spaces: the normalized name, the romaji key of kana names, and each tail of
a multi-word name; name keys also get positional bigrams for the fuzzy tier (the layout
is `layout.py`).
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from exoterm.core.content.models import Term
from exoterm.core.japanese import normalize_many, reading_sort_key, romaji_key_normalized
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
    KANA_ONLY,
    POSITIONS,
    ROMAJI_INPUT,
    GramTable,
    fuzzy_indexed,
)

WORD_GAP = re.compile(r"[ /-]+")


def build_state(terms: Sequence[Term], version: str) -> dict[str, Any]:
    """The index of `terms` as dicts, lists, str and int (marshal-able)."""
    enabled = gc.isenabled()
    gc.disable()  # ~100,000 short-lived lists would trigger full collections for nothing
    try:
        return _build_state(terms, version)
    finally:
        if enabled:
            gc.enable()


def _build_state(terms: Sequence[Term], version: str) -> dict[str, Any]:
    order = sorted(terms, key=lambda t: (reading_sort_key(t.reading), t.id))
    spaces = _spaces_of(order)
    defs = normalize_many([text for t in order
                           for text in (t.definition.ja, t.definition.en)])
    for entries in spaces:
        entries.sort()
    keys = [key for space in spaces for key, _ in space]
    owners = [owner for space in spaces for _, owner in space]
    n_text, n_romaji = len(spaces[0]), len(spaces[0]) + len(spaces[1])
    grams: list[defaultdict[str, list[int]]] = [defaultdict(list), defaultdict(list)]
    for entry, key in enumerate(keys):
        if entry < n_text and not fuzzy_indexed(key):
            continue
        target = grams[1 if n_text <= entry < n_romaji else 0]
        first = key[0]  # fuzzy matches share the first letter: bucket by it
        for gram in map("".join, zip(POSITIONS, key, key[1:], strict=False)):
            target[first + gram].append(entry)
    by_tie = sorted(range(len(order)), key=lambda i: (len(order[i].ja), i))
    tie = [0] * len(order)
    for rank, index in enumerate(by_tie):
        tie[index] = rank
    return {"format": FORMAT, "version": version, "ids": [t.id for t in order],
            "tie": tie, "keys": keys, "owners": owners, "bounds": [n_text, n_romaji],
            "grams": [GramTable.pack({g: "".join(map(chr, v)) for g, v in d.items()})
                      for d in grams],
            "defs": defs}


def _names(term: Term) -> list[tuple[int, str]]:
    """(field, raw text) for every name of a term."""
    return [(F_JA, term.ja), (F_READING, term.reading), (F_EN, term.en),
            *((F_ABBR, a) for a in term.abbr), *((F_ALIAS_JA, a) for a in term.aliases.ja),
            *((F_ALIAS_EN, a) for a in term.aliases.en), *((F_KEY, k) for k in term.search_keys.all())]


def _spaces_of(order: Sequence[Term]) -> list[list[tuple[str, int]]]:
    """(key, term * 16 + field) per space: 0 each whole normalized name, 1 the romaji key
    of readings and kana aliases, 2 each tail starting at a later word ("stem cell" of
    "mesenchymal stem cell"). A key repeated within a term is kept once."""
    named = [(index, field, raw) for index, term in enumerate(order)
             for field, raw in _names(term)]
    keys = normalize_many([raw for _, _, raw in named])
    spaces: list[list[tuple[str, int]]] = [[], [], []]
    seen: set[tuple[int, str, int]] = set()
    for (index, field, _), key in zip(named, keys, strict=True):
        key = key[:200]
        items = [(0, key, field)]
        items += [(2, key[gap.end():], field) for gap in WORD_GAP.finditer(key)]
        if (field in (F_READING, F_ALIAS_JA) and ROMAJI_INPUT.fullmatch(key)
                or field == F_KEY and KANA_ONLY.fullmatch(key)):
            items.append((1, romaji_key_normalized(key), F_ROMAJI if field == F_READING
                          else field))
        for space, text, owner_field in items:
            if text and (space, text, index) not in seen:
                seen.add((space, text, index))
                spaces[space].append((text, index * 16 + owner_field))
    return spaces
