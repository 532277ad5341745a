"""Line breaking cost per call (exoterm.core.linebreak), and what BudouX adds at start.

Breaks every prompt, explanation, choice, scenario and glossary definition of the shipped
content (Japanese and English) at 76 cells: uncached (every cache cleared, as the first
paint of a text), cached (a repaint or a resize back), and BudouX's import plus model load
(paid once, on the first Japanese text). Baseline, same process: the standard library's
`textwrap.wrap` on the same texts (no phrases, no kinsoku, no cell widths).

Goals: uncached ≤ 2 ms per Japanese text of ~200 characters; cached ≤ 5 µs; BudouX's
first load ≤ 20 ms. Never asserted in tests: the machine is noisy.
Run: .venv/bin/python benches/linebreak.py [--rounds N]
     .venv/bin/python benches/linebreak.py --smoke   (a few texts, one round)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Sequence

from exoterm.core import linebreak
from exoterm.core.content import load_content

WIDTH = 76


def shipped_texts() -> list[str]:
    deck = load_content()
    texts: list[str] = []
    for item in deck.items:
        texts += [item.prompt.ja, item.prompt.en]
        if item.explanation is not None:
            texts += [item.explanation.ja, item.explanation.en]
    for term in deck.terms:
        texts += [term.definition.ja, term.definition.en]
    for case in deck.cases:
        texts += [case.scenario.ja, case.scenario.en]
    return texts


def per_call(texts: Sequence[str], run: Callable[[str], object], rounds: int,
             before: Callable[[], None] = lambda: None) -> float:
    """Median over rounds of the mean time per text, in microseconds."""
    times = []
    for _ in range(rounds):
        before()
        start = time.perf_counter()
        for text in texts:
            run(text)
        times.append((time.perf_counter() - start) / len(texts) * 1e6)
    return statistics.median(times)


def clear() -> None:
    linebreak._break_cached.cache_clear()
    linebreak._phrase_starts.cache_clear()


def budoux_load_ms() -> float:
    """A fresh interpreter's import of BudouX plus its Japanese model, in ms."""
    code = ("import time; t = time.perf_counter(); import budoux; "
            "budoux.load_default_japanese_parser(); print((time.perf_counter() - t) * 1e3)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    return float(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    texts = shipped_texts()
    rounds = args.rounds
    if args.smoke:
        texts, rounds = texts[:40], 1
    ja = [t for t in texts if not t.isascii()]
    en = [t for t in texts if t.isascii()]
    linebreak._parser()  # BudouX loaded: timed apart, below

    def ours(text: str) -> object:
        return linebreak.break_lines(text, WIDTH)

    def stdlib(text: str) -> object:
        return textwrap.wrap(text, WIDTH)

    for name, group in (("ja", ja), ("en", en)):
        if not group:
            continue
        chars = sum(map(len, group)) // len(group)
        cold = per_call(group, ours, rounds, clear)
        group_set = list(group)
        per_call(group_set, ours, 1)  # warm the cache
        warm = per_call(group_set, ours, rounds)
        base = per_call(group, stdlib, rounds)
        print(f"{name}: {len(group)} texts of ~{chars} chars  uncached {cold:.0f} µs/call  "
              f"cached {warm:.2f} µs/call  textwrap {base:.0f} µs/call  "
              f"ratio uncached/textwrap {cold / base:.1f}×")
    print(f"budoux import + model load: {budoux_load_ms():.1f} ms (once, on the first "
          f"Japanese text)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
