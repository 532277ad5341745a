"""The search index's plain-data layout, shared by building (`build.py`) and searching
(`index.py`): field numbers, the format version, which keys take part in the fuzzy tier,
positional gram keys and the packed table they are looked up in.

Positional bigrams of the name keys, bucketed by first letter, let the fuzzy tier find
candidates without scanning every key; each bigram's keys are stored as a string of
chr(key number): compact, quick to marshal, and invisible to the garbage collector
(limit: 1,114,111 keys, about 200,000 terms).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Mapping
from itertools import accumulate, chain
from typing import Any

FIELDS = ("ja", "reading", "romaji", "en", "abbr", "alias_ja", "alias_en",
          "definition_ja", "definition_en", "search_key")
F_JA, F_READING, F_ROMAJI, F_EN, F_ABBR, F_ALIAS_JA, F_ALIAS_EN, F_DEF_JA, F_DEF_EN, F_KEY = range(10)
FORMAT = 5  # bump when the state layout or key functions change
GRAM_SPAN = 10  # bigrams are indexed at positions 0..GRAM_SPAN-1 of each name key
# A gram key is first letter + position + bigram: "sBai" = "ai" at position 1 of "sai…"
POSITIONS = [chr(65 + pos) for pos in range(GRAM_SPAN)]
KANA_ONLY = re.compile("[\u3041-\u309f\u30a0-\u30ff]+")
ROMAJI_INPUT = re.compile(r"[\u3041-\u309f\u30a1-\u30ffa-z0-9\u00c0-\u017f '\-.・]+")


def fuzzy_indexed(key: str) -> bool:
    """Whether a name key takes part in the fuzzy tier: kana-only names do so through
    their romaji key instead (shorter, and it already forgives long vowels)."""
    return not KANA_ONLY.fullmatch(key)


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
    def pack(cls, table: Mapping[str, list[str]]) -> list[Any]:
        """The marshal-able state of `table`: gram key (WIDTH characters) → its key numbers
        as characters, one list item each (joined once here, not per gram: 9 ms less per
        10,000 terms)."""
        order = sorted(table)
        postings = [table[g] for g in order]
        ends = array("I", accumulate(map(len, postings)))
        return ["".join(order), "".join(chain.from_iterable(postings)), ends.tobytes()]

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
