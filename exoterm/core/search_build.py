"""Turning glossary terms into the search index's plain-data state (see search.py), and
the compact structures the index looks things up in.

Every name of a term (headword, reading, English, abbreviations, aliases) and its search
keys (ranked just below its names) become keys in
three sorted spaces: the normalized name, the romaji key of kana names, and each tail of
a multi-word name. Positional bigrams of the keys, bucketed by first letter, let the
fuzzy tier find candidates without scanning every key; each bigram's keys are stored as
a string of chr(key number): compact, quick to marshal, and invisible to the garbage
collector (limit: 1,114,111 keys, about 200,000 terms).
"""

from __future__ import annotations

import gc
import re
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from exoterm.core.content.models import Term
from exoterm.core.japanese import normalize_many, reading_sort_key, romaji_key_normalized

FIELDS = ("ja", "reading", "romaji", "en", "abbr", "alias_ja", "alias_en",
          "definition_ja", "definition_en", "search_key")
F_JA, F_READING, F_ROMAJI, F_EN, F_ABBR, F_ALIAS_JA, F_ALIAS_EN, F_DEF_JA, F_DEF_EN, F_KEY = range(10)
FORMAT = 5  # bump when the state layout or key functions change
GRAM_SPAN = 10  # bigrams are indexed at positions 0..GRAM_SPAN-1 of each name key
# A gram key is first letter + position + bigram: "sBai" = "ai" at position 1 of "sai…"
POSITIONS = [chr(65 + pos) for pos in range(GRAM_SPAN)]
WORD_GAP = re.compile(r"[ /-]+")
KANA_ONLY = re.compile("[\u3041-\u309f\u30a0-\u30ff]+")
ROMAJI_INPUT = re.compile(r"[\u3041-\u309f\u30a1-\u30ffa-z0-9\u00c0-\u017f '\-.・]+")


def build_state(terms: Sequence[Term], version: str) -> dict[str, Any]:
    """The index of `terms` as dicts, lists, str and int (marshal-able)."""
    enabled = gc.isenabled()
    gc.disable()  # ~100,000 short-lived lists would trigger full collections for nothing
    try:
        return _build_state(terms, version)
    finally:
        if enabled:
            gc.enable()


def fuzzy_indexed(key: str) -> bool:
    """Whether a name key takes part in the fuzzy tier: kana-only names do so through
    their romaji key instead (shorter, and it already forgives long vowels)."""
    return not KANA_ONLY.fullmatch(key)


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


class GramTable:
    """Gram key → key numbers (as characters), held as three flat values instead of a
    dict of thousands of tiny strings (about a tenth of the memory): every 4-character
    gram key sorted and concatenated, their key numbers concatenated in the same order,
    and where each gram's numbers end. A lookup is a binary search, ~13 slices."""

    __slots__ = ("ends", "grams", "postings", "size")
    WIDTH = 4  # first letter + position + bigram

    def __init__(self, grams: str, postings: str, ends: bytes) -> None:
        self.grams, self.postings = grams, postings
        self.ends = array("I")
        self.ends.frombytes(ends)
        self.size = len(self.ends)
        if (len(grams) != self.size * self.WIDTH
                or (self.size and self.ends[-1] != len(postings))):
            raise ValueError("inconsistent gram table")

    @classmethod
    def pack(cls, table: dict[str, str]) -> list[Any]:
        """The marshal-able state of `table` (keys must be WIDTH characters)."""
        order = sorted(table)
        ends = array("I", accumulate(len(table[g]) for g in order))
        return ["".join(order), "".join(table[g] for g in order), ends.tobytes()]

    def state(self) -> list[Any]:
        return [self.grams, self.postings, self.ends.tobytes()]

    def get(self, gram: str) -> str:
        """The key numbers stored for `gram`, "" when none."""
        grams, width = self.grams, self.WIDTH
        lo, hi = 0, self.size
        while lo < hi:
            mid = (lo + hi) >> 1
            if grams[mid * width:mid * width + width] < gram:
                lo = mid + 1
            else:
                hi = mid
        if lo == self.size or grams[lo * width:lo * width + width] != gram:
            return ""
        return self.postings[self.ends[lo - 1] if lo else 0:self.ends[lo]]


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


def containing(joined: str, starts: Sequence[int], needle: str) -> list[int]:
    """Indexes of the texts containing `needle`, given the texts joined by "\\n" and where
    each starts; the scan runs in C, Python only sees the hits."""
    found = []
    pos = joined.find(needle)
    while pos >= 0:
        index = bisect_right(starts, pos) - 1
        found.append(index)
        pos = joined.find(needle, starts[index + 1])
    return found
