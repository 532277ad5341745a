"""Seeded interval fuzz with Anki's ranges, so siblings answered together spread out.

fsrs's own fuzz uses the global `random` module (not reproducible, not replayable); this
one is seeded by a stable hash of the card id plus the card's review count, as Anki seeds
with card id + reps. Python's `hash()` is salted per process, so blake2b is used instead.
"""

from __future__ import annotations

import math
from functools import lru_cache

from exoterm.core.digest import blake2b

# (start, end, factor): Anki's fuzz ranges (rslib/src/scheduler/states/fuzz.rs).
FUZZ_RANGES: tuple[tuple[float, float, float], ...] = (
    (2.5, 7.0, 0.15),
    (7.0, 20.0, 0.1),
    (20.0, math.inf, 0.05),
)
_MASK64 = (1 << 64) - 1


@lru_cache(maxsize=4096)  # every answer needs it twice (fsrs card number, fuzz seed)
def card_hash(card_id: str) -> int:
    """A stable 64-bit hash of a card id (the same in every process and on every machine)."""
    return int.from_bytes(blake2b(card_id.encode(), digest_size=8).digest(), "big")


def fsrs_card_number(card_id: str) -> int:
    """The positive integer id handed to fsrs (which wants ints) for a string card id."""
    return card_hash(card_id) >> 1


def fuzz_seed(card_id: str, reps: int) -> int:
    """Seed for one answer: hash(card id) + number of reviews before it."""
    return (card_hash(card_id) + reps) & _MASK64


def fuzz_factor(seed: int) -> float:
    """A number in [0, 1) determined by `seed` (splitmix64: fast, well mixed, portable)."""
    z = (seed + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return ((z ^ (z >> 31)) >> 11) / float(1 << 53)


def fuzz_delta(interval: float) -> float:
    """How far (days) an interval may move either way; none below 2.5 days."""
    if interval < 2.5:
        return 0.0
    delta = 1.0
    for start, end, factor in FUZZ_RANGES:
        if interval <= start:
            break
        delta += factor * (min(interval, end) - start)
    return delta


def fuzz_bounds(interval: float, minimum: int, maximum: int) -> tuple[int, int]:
    """Lowest and highest fuzzed interval, kept within [minimum, maximum] (Anki's rules)."""
    minimum = min(minimum, maximum)
    interval = min(max(interval, minimum), maximum)
    delta = fuzz_delta(interval)
    lower = min(max(round(interval - delta), minimum), maximum)
    upper = min(max(round(interval + delta), minimum), maximum)
    if upper == lower and 2 < upper < maximum:
        upper = lower + 1
    return lower, upper


def fuzzed_interval(interval: float, factor: float, minimum: int, maximum: int) -> int:
    """The interval (days) after fuzz with `factor` in [0, 1), within [minimum, maximum]."""
    lower, upper = fuzz_bounds(interval, minimum, maximum)
    return min(lower + math.floor(factor * (1 + upper - lower)), upper)
