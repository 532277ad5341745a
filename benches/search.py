"""Search latency per keystroke, index build time and cache load time.

Replays 200 queries keystroke by keystroke (headwords, readings in hiragana, katakana and
half-width katakana, Hepburn/Kunrei romaji, English, abbreviations, a quarter with a typo)
on the shipped glossary and on a generated 10,000-term glossary.

Goals: p99 ≤ 1 ms per keystroke (shipped), ≤ 5 ms (10,000 terms); build ≤ 0.5 s at 10,000
terms. Baseline, same process: a naive scan (`query in field` over every normalized name,
no ranking, no romaji). Never asserted in tests: the machine is noisy.
Run: .venv/bin/python benches/search.py [--terms N] [--queries N] [--seed S]
     .venv/bin/python benches/search.py --smoke   (tiny sizes; ratios printed, not judged)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from exoterm.core.content.models import Bilingual, Citation, Deck, Term, Variants
from exoterm.core.japanese import kana_to_romaji, normalize, to_katakana
from exoterm.core.search import SearchIndex, load_or_build

MORAE = ("あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ"
         "がぎぐげござじずぜぞだでどばびぶべぼぱぴぷぺぽ")
YOON = ["きゃ", "きゅ", "きょ", "しゃ", "しゅ", "しょ", "ちゃ", "ちゅ", "ちょ", "じゃ", "じゅ", "じょ",
        "りゃ", "りゅ", "りょ", "にゅ", "ひょ", "びょ", "みゃ"]
KANJI = ("細胞外小胞体液血尿脂質幹臍帯羊膜骨髄生検侵襲再生医療薬事承認品質管理滅菌免疫応答抗原"
         "遺伝子発現核酸蛋白酵素受容器官組織神経脳心肺肝腎胃腸皮膚毛髪炎症感染腫瘍癌転移診断"
         "治療予後検査培養上清分化増殖老化修復保護抑制促進作用効果因子物質分泌放出輸送伝達情報")
STEMS = ["vesicle", "cell", "marker", "fluid", "therapy", "stem", "protein", "lipid", "membrane",
         "signal", "exosome", "endosome", "cancer", "tumour", "immune", "response", "factor",
         "growth", "culture", "medium", "plasma", "serum", "urine", "biopsy", "liquid", "delivery",
         "drug", "system", "nerve", "brain", "skin", "repair", "injury", "disease", "syndrome",
         "chronic", "acute", "clinical", "trial", "safety", "quality", "control", "donor", "virus"]
SMOKE = {"terms": 300, "queries": 12}
STOP = ["the", "of", "a", "in", "that", "and", "to", "by", "from", "with", "is", "are"]


def fake_word(rng: random.Random) -> str:
    syllables = [rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(1, 3))]
    return "".join(syllables) + rng.choice(["osis", "ase", "cyte", "genic", "in", "ic", "al", "oma"])


def generate_terms(count: int, seed: int) -> list[Term]:
    """Plausible terms: random kana readings, kanji or katakana headwords, English words."""
    rng = random.Random(seed)
    vocab = STEMS + [fake_word(rng) for _ in range(2000)]
    cite = (Citation("bench", "概要"),)
    terms = []
    for i in range(count):
        reading = "".join(rng.choice(YOON) if rng.random() < 0.12 else rng.choice(MORAE)
                          for _ in range(rng.randint(3, 9)))
        if rng.random() < 0.15:
            cut = rng.randint(1, len(reading) - 1)
            reading = reading[:cut] + rng.choice("ーっん") + reading[cut:]
        reading = reading.replace("っっ", "っ").lstrip("ーっん") or "あ"
        kind = rng.random()
        kanji = "".join(rng.choice(KANJI) for _ in range(rng.randint(2, 6)))
        ja = kanji if kind < 0.6 else to_katakana(reading) if kind < 0.9 else kanji + "タイ"
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 3))]
        abbr = ("".join(w[0] for w in words).upper() + str(i % 10),) if rng.random() < 0.25 else ()
        alias_ja = (to_katakana(reading),) if rng.random() < 0.3 else ()
        alias_en = (" ".join(reversed(words)),) if rng.random() < 0.3 else ()
        def_ja = "".join(rng.choice(KANJI + "はがをにでとのもする") for _ in range(rng.randint(30, 60)))
        def_en = " ".join(rng.choice(vocab if rng.random() < 0.5 else STOP)
                          for _ in range(rng.randint(8, 16)))
        terms.append(Term(
            id=f"t{i}", ja=ja, reading=reading, en=" ".join(words), category="bench",
            definition=Bilingual(def_ja, def_en), sources=cite, evidence="established",
            abbr=abbr, aliases=Variants(alias_ja, alias_en)))
    return terms


def half_width(text: str) -> str:
    table = {}
    for code in range(0xFF66, 0xFF9E):
        full = unicodedata.normalize("NFKC", chr(code))
        table[full] = chr(code)
        for mark, small in (("\u3099", "ﾞ"), ("\u309a", "ﾟ")):
            voiced = unicodedata.normalize("NFC", full + mark)
            if len(voiced) == 1:
                table[voiced] = chr(code) + small
    return "".join(table.get(c, c) for c in text)


def typo(text: str, rng: random.Random) -> str:
    if len(text) < 5:
        return text
    i = rng.randint(1, len(text) - 2)
    edit = rng.choice(["swap", "drop", "replace"])
    if edit == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if edit == "drop":
        return text[:i] + text[i + 1:]
    return text[:i] + rng.choice("aeioukstn") + text[i + 1:]


def make_queries(terms: Sequence[Term], count: int, seed: int) -> list[str]:
    """Mixed-script queries from the terms' own fields, a quarter of the Latin ones typo'd."""
    rng = random.Random(seed)
    forms: list[Callable[[Term], str]] = [
        lambda t: t.ja, lambda t: t.reading, lambda t: to_katakana(t.reading),
        lambda t: half_width(to_katakana(t.reading)), lambda t: kana_to_romaji(t.reading),
        lambda t: kana_to_romaji(t.reading, "kunrei"), lambda t: t.en,
        lambda t: (t.abbr or (t.en,))[0], lambda t: (t.aliases.en or (t.en,))[0],
    ]
    out = []
    for _ in range(count):
        form = rng.randrange(len(forms))
        text = forms[form](rng.choice(terms))
        if form >= 4 and rng.random() < 0.25:
            text = typo(text, rng)
        out.append(text)
    return out


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def replay(search: Callable[[str], object], queries: Sequence[str], rounds: int = 3
           ) -> tuple[list[float], list[float]]:
    """Seconds per keystroke, typing each query one character at a time: (best of
    `rounds` replays per keystroke, which filters out other processes' noise; the first
    replay as measured, garbage-collector pauses included)."""
    best: list[float] = []
    first: list[float] = []
    for round_ in range(rounds):
        times = []
        for query in queries:
            search("")
            for end in range(1, len(query) + 1):
                start = time.perf_counter()
                search(query[:end])
                times.append(time.perf_counter() - start)
        best = times if round_ == 0 else [min(a, b) for a, b in zip(best, times, strict=True)]
        first = first or times
    return best, first


def naive(terms: Sequence[Term]) -> Callable[[str], object]:
    names = [(t.id, [normalize(x) for x in (t.ja, t.reading, t.en, *t.abbr, *t.aliases.all())])
             for t in terms]

    def search(query: str) -> list[str]:
        q = normalize(query)
        return [tid for tid, keys in names if any(q in k for k in keys)]

    return search


def verdict(ratio: float, judged: bool) -> str:
    if not judged:
        return "not judged (smoke sizes)"
    return "OK" if ratio <= 1 else "OVER GOAL"


def report(label: str, terms: Sequence[Term], queries: int, seed: int, goal_ms: float,
           judged: bool = True) -> None:
    qs = make_queries(terms, queries, seed)
    index = SearchIndex.build(terms)
    print(f"\n{label}: {len(terms):,} terms, {len(qs)} queries, "
          f"{sum(len(q) for q in qs):,} keystrokes (per keystroke: best of 3 replays; "
          f"single = first replay as measured)")
    for limit in (50, None):
        times, single = replay(lambda q, n=limit: index.search(q, limit=n), qs)  # type: ignore[misc]
        p50, p99 = percentile(times, 0.5) * 1e3, percentile(times, 0.99) * 1e3
        ratio = p99 / goal_ms
        print(f"  limit={str(limit):<4}  p50 {p50:6.3f} ms  p99 {p99:6.3f} ms  "
              f"(single p99 {percentile(single, 0.99) * 1e3:6.3f}, max {max(single) * 1e3:5.1f})"
              f"   p99/goal({goal_ms:g} ms) = {ratio:.2f} {verdict(ratio, judged)}")
    baseline, _ = replay(naive(terms), qs)
    b50, b99 = percentile(baseline, 0.5) * 1e3, percentile(baseline, 0.99) * 1e3
    print(f"  baseline: naive scan     p50 {b50:6.3f} ms  p99 {b99:6.3f} ms  "
          "(substring only: no ranking, romaji or typos)")


def build_and_cache(terms: Sequence[Term], goal_s: float, judged: bool = True) -> None:
    builds = []
    for _ in range(3):
        start = time.perf_counter()
        SearchIndex.build(terms)
        builds.append(time.perf_counter() - start)
    build = min(builds)
    deck = Deck(terms=tuple(terms), version=f"bench-{len(terms)}")
    with tempfile.TemporaryDirectory() as tmp:
        load_or_build(deck, Path(tmp))
        loads = []
        for _ in range(5):
            start = time.perf_counter()
            load_or_build(deck, Path(tmp))
            loads.append(time.perf_counter() - start)
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
    load = min(loads)
    print(f"  build {build * 1e3:6.1f} ms (best of 3, median {statistics.median(builds) * 1e3:.0f})"
          f"   build/goal({goal_s:g} s) = {build / goal_s:.2f} {verdict(build / goal_s, judged)}")
    print(f"  cache load {load * 1e3:6.1f} ms (best of 5, {size / 1e6:.1f} MB)   "
          f"load/build = {load / build:.2f}")


def shipped_terms() -> tuple[str, Sequence[Term]]:
    from exoterm.core.content import load_content
    from exoterm.core.paths import shipped_data_dir
    from exoterm.errors import ExotermError

    try:
        return "shipped glossary", load_content().terms
    except ExotermError:
        pass
    try:  # quiz.yaml may not exist yet: the glossary alone is enough to search
        data = shipped_data_dir()
        return "shipped glossary (without quiz.yaml)", load_content(
            [data / "sources.yaml", data / "glossary.yaml"]).terms
    except ExotermError as err:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit"))
        from search_fixtures import TERMS

        print(f"shipped glossary does not load ({err}); using the test fixture instead")
        return "test fixture glossary", TERMS


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--smoke", action="store_true",
                        help=f"tiny sizes ({SMOKE}), same code paths; times are not judged")
    args = parser.parse_args()
    if args.smoke:
        for name, value in SMOKE.items():
            setattr(args, name, value)
    judged = not args.smoke
    user_cache = os.environ.get("EXOTERM_CACHE")
    with tempfile.TemporaryDirectory(prefix="exoterm-search-bench-") as tmp:
        os.environ["EXOTERM_CACHE"] = tmp  # the shipped content's cache: not the user's folder
        label, shipped = shipped_terms()
    if user_cache is None:
        del os.environ["EXOTERM_CACHE"]
    else:
        os.environ["EXOTERM_CACHE"] = user_cache
    report(label, shipped, args.queries, args.seed, goal_ms=1.0, judged=judged)
    build_and_cache(shipped, goal_s=0.5, judged=judged)
    generated = generate_terms(args.terms, args.seed)
    report("generated glossary", generated, args.queries, args.seed, goal_ms=5.0, judged=judged)
    build_and_cache(generated, goal_s=0.5, judged=judged)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
