"""Content load time: a generated 10,000-term glossary parsed cold vs loaded warm from cache.

Baseline: the cold parse in the same process. Goal: warm ≤ 0.1× cold.
Run: python benches/load.py [--terms N] [--items N] [--rounds R] | --smoke (tiny deck, 2 rounds)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen import write_deck  # noqa: E402

from exoterm.core.content import load_content  # noqa: E402

SMOKE = {"terms": 100, "items": 20, "rounds": 2}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--smoke", action="store_true",
                        help=f"tiny sizes ({SMOKE}), same code paths; times are not judged")
    args = parser.parse_args()
    if args.smoke:
        for name, value in SMOKE.items():
            setattr(args, name, value)
    with tempfile.TemporaryDirectory() as tmp:
        deck_dir = write_deck(Path(tmp) / "deck", args.terms, args.items)
        cache = Path(tmp) / "cache"
        size = sum(p.stat().st_size for p in deck_dir.glob("*.yaml"))
        cold, warm = [], []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            deck = load_content([deck_dir])
            cold.append(time.perf_counter() - t0)
            load_content([deck_dir], cache_dir=cache)  # make sure the cache is written
            t0 = time.perf_counter()
            cached = load_content([deck_dir], cache_dir=cache)
            warm.append(time.perf_counter() - t0)
            assert cached == deck
        c, w = statistics.median(cold), statistics.median(warm)
        print(f"deck: {len(deck.terms):,} terms, {len(deck.items):,} items, {size / 1e6:.1f} MB of YAML")
        print(f"cold (parse + validate): median {c * 1000:.0f} ms over {args.rounds} rounds")
        print(f"warm (cache):            median {w * 1000:.0f} ms")
        ratio = w / c
        verdict = "not judged (smoke sizes)" if args.smoke else "OK" if ratio <= 0.1 else "OVER GOAL"
        print(f"ratio warm/cold: {ratio:.3f}x (goal <= 0.100x) {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
