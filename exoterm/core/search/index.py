"""Ranked, typo-tolerant, incremental search over glossary terms (kanji, kana, romaji, English).

Ranking: exact > prefix > word prefix > substring > fuzzy (small edit distance) >
definition hit; ties by shorter headword, then reading (五十音) order. Above the tiers, the
kind of name: exact matches come first (a headword's before an alias's), then every
headword match (Japanese, reading, English, abbreviation) before any other alias or search
key match, so エクソソーム lists the terms named エクソソーム… before 点滴, whose alias
is エクソソーム点滴. Tiers are computed
best-first and stop as soon as `limit` terms are found, because a worse tier can never
reach the top. When a query extends the previous one, the slower tiers only re-check the
terms the previous query matched (every tier is monotone under extension).

The index is plain data (`to_state`/`from_state`, built by `build.py`) so it can be
cached by `Deck.version` (`cache.py`). Not thread-safe: one index per search box.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Any, Literal, NamedTuple

from exoterm.core.content.models import Term
from exoterm.core.japanese import normalize, romaji_key_normalized
from exoterm.core.search.build import build_state
from exoterm.core.search.layout import (
    F_ABBR,
    F_DEF_JA,
    F_EN,
    F_JA,
    F_KEY,
    F_READING,
    F_ROMAJI,
    FIELDS,
    FORMAT,
    GRAM_SPAN,
    KANA_ONLY,
    POSITIONS,
    ROMAJI_INPUT,
    GramTable,
    fuzzy_indexed,
)

MatchKind = Literal["all", "exact", "prefix", "word", "substring", "fuzzy", "definition"]
EXACT, PREFIX, WORD, SUBSTRING, FUZZY, DEFINITION = 1000, 800, 700, 600, 400, 100
WORD_FUZZ = 5  # a typo in a later word ranks below a typo at the start of a name
_KIND: dict[int, MatchKind] = {EXACT: "exact", PREFIX: "prefix", WORD: "word",
                               SUBSTRING: "substring", DEFINITION: "definition", 0: "all"}
FUZZY_FLOOR = FUZZY - 4 - WORD_FUZZ  # see _fuzzy_score
_KIND |= {score: "fuzzy" for score in range(FUZZY_FLOOR, FUZZY + 1)}
_FLOORS = {"substring": SUBSTRING, "fuzzy": FUZZY_FLOOR, "definition": 0}  # restrictions
HEADWORD_FIELDS = frozenset({F_JA, F_READING, F_ROMAJI, F_EN, F_ABBR})  # the rest: aliases, keys
SMALL_SET = 256  # re-check previous matches one by one only when there are few of them
MAX_RAW, MAX_QUERY = 512, 64  # longer input is cut: nobody types more, typo checks stay cheap
_TRIPLE = re.compile(r"([b-df-hj-np-tv-z])\1\1")  # long vowels may repeat, consonants not


class Hit(NamedTuple):
    """One result: the term, its score (higher is better) and what matched, for highlighting."""

    term_id: str
    score: int
    field: str
    match: MatchKind


def fuzz_allowance(length: int) -> int:
    """Edits forgiven for a query of `length` characters: none under 4, 1 under 8, else 2."""
    return 0 if length < 4 else 1 if length < 8 else 2


def within(query: str, text: str, k: int, whole: bool = False) -> bool:
    """Whether some prefix of `text` (all of it when `whole`) is at most k edits
    (Levenshtein) from `query`. Branches only where the strings differ, so a miss costs
    about a string comparison: much cheaper than a DP table for k ≤ 2."""
    if text == query or (not whole and text.startswith(query)):
        return True
    if k == 0:
        return False
    i, size = 0, len(query)  # skipping a common prefix never costs an edit
    while i < size and query[i] == text[i:i + 1]:
        i += 1
    rest, other = query[i + 1:], text[i:]
    return ((i < size and within(rest, other, k - 1, whole))  # drop a typed letter
            or (other != "" and ((i < size and within(rest, other[1:], k - 1, whole))
                                 or within(query[i:], other[1:], k - 1, whole))))


def _fuzzy_score(query: str, key: str, k: int, later_word: bool) -> int:
    """FUZZY minus 2 per edit, minus 1 when only a prefix of the name is matched, minus
    WORD_FUZZ for a later word: exosme → exosome before exosome cosmetics."""
    distance = 1 if k == 1 or within(query, key, 1) else 2
    whole = within(query, key, distance, whole=True)
    return FUZZY + 1 - 2 * distance - (0 if whole else 1) - (WORD_FUZZ if later_word else 0)


class _Query(NamedTuple):
    text: str
    romaji: str
    k_text: int
    k_romaji: int

    @classmethod
    def of(cls, raw: str) -> _Query:
        text = normalize(raw[:MAX_RAW])[:MAX_QUERY].strip()
        romaji = ""
        if ROMAJI_INPUT.fullmatch(text) and not _TRIPLE.search(text):  # "zzzz" is no romaji
            romaji = romaji_key_normalized(text)[:MAX_QUERY]
        return cls(text, romaji, fuzz_allowance(len(text)), fuzz_allowance(len(romaji)))

    def extends(self, other: _Query) -> bool:
        """True when every term this query matches was matched by `other` (same tiers)."""
        return self.text.startswith(other.text) and (
            not self.romaji or (bool(other.romaji) and self.romaji.startswith(other.romaji)))


def _infix_minimum(text: str) -> int:
    """Shortest query matched inside names: one kanji means something, one or two letters
    or one kana only flood the list with noise (and cost time)."""
    if text.isascii():
        return 3
    return 2 if KANA_ONLY.fullmatch(text) else 1


class _Last(NamedTuple):
    query: _Query
    best: dict[int, int]  # term → score * 16 + (15 - field): the best match found
    done: set[str]  # tiers computed over all candidates (not skipped or cut short)
    hits: list[Hit]
    limit: int | None
    definitions: bool  # whether definitions were searched (when long enough)


class SearchIndex:
    """Precomputed keys for a set of terms; `search` answers a keystroke in about a
    millisecond or less, even at 10,000 terms (see benches/search.py)."""

    def __init__(self, state: dict[str, Any]) -> None:
        self.version: str = state["version"]
        self.ids: list[str] = state["ids"]  # term index = position in reading order
        self.tie: list[int] = state["tie"]  # rank by (headword length, reading order)
        self.keys: list[str] = state["keys"]  # text keys, romaji keys, word keys, each sorted
        self.owners = array("I", state["owners"])  # term * 16 + field, per key
        n_text, n_romaji = state["bounds"]
        self.bounds: tuple[int, int] = (int(n_text), int(n_romaji))
        # gram key (see layout.POSITIONS) → key numbers as characters
        self.grams = [GramTable(*table) for table in state["grams"]]
        defs: list[str] = state["defs"]  # definition_ja, definition_en per term
        if not (len(self.ids) == len(self.tie) and len(self.keys) == len(self.owners)
                and len(defs) == 2 * len(self.ids) and len(self.grams) == 2):
            raise ValueError("inconsistent search index state")
        self._spaces = ((0, n_text), (n_text, n_romaji), (n_romaji, len(self.keys)))
        self._joined = ["\n".join(self.keys[lo:hi]) for lo, hi in self._spaces[:2]]
        self._starts = [array("q", [0, *accumulate(len(k) + 1 for k in self.keys[lo:hi])])
                        for lo, hi in self._spaces[:2]]
        self._defs_joined = "\n".join(defs)  # one string, sliced when one is needed
        self._def_starts = array("q", [0, *accumulate(len(d) + 1 for d in defs)])
        by_term: list[list[int]] = [[] for _ in self.ids]
        for entry, owner in enumerate(self.owners):
            by_term[owner >> 4].append(entry)
        self._by_term = [tuple(entries) for entries in by_term]
        self._last: _Last | None = None
        self._listing: list[Hit] | None = None

    def definition(self, number: int) -> str:
        """Normalized definition `number` (2 × term + 0 for Japanese, + 1 for English)."""
        return self._defs_joined[self._def_starts[number]:self._def_starts[number + 1] - 1]

    @classmethod
    def build(cls, terms: Sequence[Term], version: str = "") -> SearchIndex:
        """Index `terms` (any order); `version` names the content they came from."""
        return cls(build_state(terms, version))

    def to_state(self) -> dict[str, Any]:
        """Plain data (dicts, lists, str, int, bytes) that `marshal` can store."""
        return {"format": FORMAT, "version": self.version, "ids": self.ids, "tie": self.tie,
                "keys": self.keys, "owners": self.owners.tolist(), "bounds": list(self.bounds),
                "grams": [table.state() for table in self.grams],
                "defs": [self.definition(d) for d in range(2 * len(self.ids))]}

    @classmethod
    def from_state(cls, state: object) -> SearchIndex:
        """Rebuild from `to_state()` output; ValueError when it is not one."""
        if not isinstance(state, dict) or state.get("format") != FORMAT:
            raise ValueError("not a search index state of this version")
        try:
            return cls(state)
        except (KeyError, TypeError, AttributeError, IndexError, OverflowError) as err:
            raise ValueError(f"malformed search index state: {err}") from err

    def search(self, query: str, limit: int | None = 50, *, definitions: bool = True) -> list[Hit]:
        """Ranked hits for `query` (any script, any junk); an empty query lists every term
        in reading order. Never raises on any string. `definitions=False` leaves out the
        matches in definitions only, which rank below every name match: a keystroke can
        show the names at once and add those once typing pauses (see `reads_definitions`)."""
        q = _Query.of(query)
        if not q.text:
            if self._listing is None:  # every term in reading order: made once (5 ms at 10,000)
                self._listing = self._ranked({t: 0 for t in range(len(self.ids))}, None, listing=True)
            return self._listing[:limit]
        last = self._last
        if last is not None and last.query == q and last.limit == limit and last.hits \
                and last.definitions == definitions:
            return list(last.hits)
        base = last if last is not None and q.extends(last.query) else None
        want = len(self.ids) + 1 if limit is None else limit
        best: dict[int, int] = {}
        done: set[str] = set()
        self._exact_prefix(q, best)
        stages = (("substring", self._substring), ("fuzzy", self._fuzzy),
                  ("definition", self._definitions))
        for name, stage in stages if definitions else stages[:2]:
            if len(best) >= want and self._settled(best) >= want:
                break
            restrict = self._restriction(base, name, q)
            if stage(q, best, restrict):
                done.add(name)
        hits = self._ranked(best, limit, q)
        self._last = _Last(q, best, done, hits, limit, definitions)
        return hits

    @staticmethod
    def _settled(best: dict[int, int]) -> int:
        """Terms whose place no later tier can take: exact or headword matches (a later
        tier's headword match still ranks above an alias match found so far)."""
        exact = EXACT * 16
        return sum(1 for v in best.values() if v >= exact or (15 - (v & 15)) in HEADWORD_FIELDS)

    def _headword_value(self, q: _Query, term: int) -> int:
        """The best match of `q` on `term`'s headword names (encoded like `best`'s
        values), -1 when only its aliases or search keys match."""
        n_text, n_romaji = self.bounds
        keys, owners = self.keys, self.owners
        found = -1
        for entry in self._by_term[term]:
            field = owners[entry] & 15
            if field not in HEADWORD_FIELDS:
                continue
            key = keys[entry]
            romaji = n_text <= entry < n_romaji
            needle, k = (q.romaji, q.k_romaji) if romaji else (q.text, q.k_text)
            if not needle:
                continue
            later_word = entry >= n_romaji
            if key == needle and not later_word:
                points = EXACT
            elif key.startswith(needle):
                points = WORD if later_word else PREFIX
            elif not later_word and needle in key and len(needle) >= (
                    3 if romaji else _infix_minimum(needle)):
                points = SUBSTRING
            elif k and key[0] == needle[0] and (romaji or later_word or fuzzy_indexed(key)) \
                    and len(key) >= len(needle) - k and within(needle, key, k):
                points = _fuzzy_score(needle, key, k, later_word)
            else:
                continue
            found = max(found, points * 16 + 15 - field)
        return found

    def _restriction(self, base: _Last | None, stage: str, q: _Query) -> set[int] | None:
        """Terms the previous query matched that can still match this stage, or None (all)."""
        if base is None or stage not in base.done:
            return None
        if stage == "fuzzy" and base.query[2:] != q[2:]:  # (k_text, k_romaji) changed
            return None
        floor = _FLOORS[stage] * 16
        return {t for t, v in base.best.items() if v >= floor}

    @staticmethod
    def _record(best: dict[int, int], owner: int, score: int) -> None:
        value = score * 16 + 15 - (owner & 15)
        term = owner >> 4
        if value > best.get(term, -1):
            best[term] = value

    def _exact_prefix(self, q: _Query, best: dict[int, int]) -> None:
        """Exact and prefix matches of names and romaji keys, prefix matches of later words:
        contiguous runs of the sorted keys, found by bisection."""
        keys, owners, get = self.keys, self.owners, best.get
        for (lo, hi), needle, hit in zip(self._spaces, (q.text, q.romaji, q.text),
                                          (PREFIX, PREFIX, WORD), strict=True):
            if not needle:
                continue
            start = bisect_left(keys, needle, lo, hi)
            stop = bisect_left(keys, needle + "\U0010ffff", start, hi)
            exact_end = bisect_right(keys, needle, start, stop) if hit == PREFIX else start
            for first, last, score in ((start, exact_end, EXACT), (exact_end, stop, hit)):
                base = score * 16 + 15
                for owner in owners[first:last]:
                    value = base - (owner & 15)
                    if value > get(owner >> 4, -1):
                        best[owner >> 4] = value

    def _substring(self, q: _Query, best: dict[int, int], restrict: set[int] | None) -> bool:
        needles = [q.text if len(q.text) >= _infix_minimum(q.text) else "",
                   q.romaji if len(q.romaji) >= 3 else ""]
        keys, owners = self.keys, self.owners
        value = SUBSTRING * 16 + 15
        for space, needle in enumerate(needles):
            lo, hi = self._spaces[space]
            if not needle:
                continue
            if restrict is not None and len(restrict) <= SMALL_SET:
                found = [e for t in restrict for e in self._by_term[t]
                         if lo <= e < hi and needle in keys[e]]
            else:
                found = [lo + i for i in containing(self._joined[space], self._starts[space],
                                                     needle)]
            for entry in found:
                owner = owners[entry]
                term, mine = owner >> 4, value - (owner & 15)
                if mine > best.get(term, -1):
                    best[term] = mine
        return needles == [q.text, q.romaji]  # complete unless a 1-letter needle was skipped

    def _fuzzy(self, q: _Query, best: dict[int, int], restrict: set[int] | None) -> bool:
        n_text, n_romaji = self.bounds
        keys, owners = self.keys, self.owners
        floor = SUBSTRING * 16
        word_start = n_romaji
        for space, needle, k in ((0, q.text, q.k_text), (1, q.romaji, q.k_romaji)):
            if not k:
                continue
            if restrict is None or len(restrict) > SMALL_SET:
                candidates: Iterable[int] = self._gram_candidates(space, needle, k)
            elif space:
                candidates = [e for t in restrict for e in self._by_term[t]
                              if n_text <= e < n_romaji]
            else:  # the same keys as the bigram index holds
                candidates = [e for t in restrict for e in self._by_term[t] if e >= n_romaji
                              or (e < n_text and fuzzy_indexed(keys[e]))]
            first, shortest = needle[0], len(needle) - k
            for entry in candidates:
                key = keys[entry]
                if key[0] != first or len(key) < shortest:
                    continue
                owner = owners[entry]
                if best.get(owner >> 4, -1) >= floor or not within(needle, key, k):
                    continue
                score = _fuzzy_score(needle, key, k, entry >= word_start)
                self._record(best, owner, score)
        return bool(q.k_text or q.k_romaji)

    def _gram_candidates(self, space: int, needle: str, k: int) -> list[int]:
        """Keys with the same first letter sharing enough bigrams near the same positions
        to be within k edits (each edit breaks at most two of the query's bigrams)."""
        grams = self.grams[space]
        head = needle[:GRAM_SPAN - k]
        need = len(head) - 1 - 2 * k
        first = needle[0]
        counts: Counter[str] = Counter()
        for i in range(len(head) - 1):
            gram = head[i:i + 2]
            for pos in range(max(0, i - k), i + k + 1):
                found = grams.get(first + POSITIONS[pos] + gram)
                if found:
                    counts.update(found)  # one character per key number
        return [ord(entry) for entry, count in counts.items() if count >= need]

    def reads_definitions(self, query: str) -> bool:
        """Whether searching `query` looks in definitions too (long enough to: two
        characters of Japanese, three of English), so that `definitions=False` may find less."""
        return _reads_definitions(_Query.of(query).text)

    def _definitions(self, q: _Query, best: dict[int, int], restrict: set[int] | None) -> bool:
        needle = q.text
        if not _reads_definitions(needle):
            return False
        found: Iterable[int]
        if restrict is not None and len(restrict) <= SMALL_SET:
            found = [d for t in restrict for d in (2 * t, 2 * t + 1) if needle in self.definition(d)]
        else:
            found = containing(self._defs_joined, self._def_starts, needle)
        for d in found:
            if (d >> 1) not in best:
                self._record(best, (d >> 1) * 16 + F_DEF_JA + (d & 1), DEFINITION)
        return True

    def _ranked(self, best: dict[int, int], limit: int | None, q: _Query | None = None,
                listing: bool = False) -> list[Hit]:
        if listing or q is None:
            order = sorted(best)[:limit]
        else:  # one int per hit sorts in C: kind of name, score descending, names before
            # search keys, tie rank
            exact = EXACT * 16
            best = dict(best)  # the caller's copy stays as found (incremental search uses it)
            for t, v in list(best.items()):
                # A definition match matched no name at all (the name stages all ran before
                # `_definitions`), so no headword either: checking took 55 ms at 10,000 hits.
                if v < exact and (v >> 4) != DEFINITION and (15 - (v & 15)) not in HEADWORD_FIELDS:
                    head = self._headword_value(q, t)  # an alias won: is a headword matched too?
                    if head >= 0:
                        best[t] = head
            tie, key_field = self.tie, 15 - F_KEY

            def name_class(v: int) -> int:
                headword = (15 - (v & 15)) in HEADWORD_FIELDS
                return (0 if headword else 1) if v >= exact else (2 if headword else 3)

            packed = sorted((name_class(v) << 58) | ((0xFFFF - (v >> 4)) << 41)
                            | (((v & 15) == key_field) << 40) | (tie[t] << 20) | t
                            for t, v in best.items())
            order = [p & 0xFFFFF for p in packed[:limit]]
        ids, kind = self.ids, _KIND
        hits = []
        for term in order:
            value = best[term]
            score = value >> 4
            field = "" if listing else FIELDS[15 - (value & 15)]
            hits.append(Hit(ids[term], score, field, kind[score]))
        return hits

    def suggest(self, query: str, count: int = 3) -> list[str]:
        """Ids of the terms whose names come closest to `query` (for did-you-mean)."""
        import difflib

        q = _Query.of(query)
        owners = dict(zip(self.keys, self.owners, strict=True))
        found: list[str] = []
        for needle in dict.fromkeys(n for n in (q.text, q.romaji) if n):
            for key in difflib.get_close_matches(needle, owners, n=count * 3, cutoff=0.6):
                found.append(self.ids[owners[key] >> 4])
        return list(dict.fromkeys(found))[:count]


def _reads_definitions(needle: str) -> bool:
    return len(needle) >= (3 if needle.isascii() else 2)


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
