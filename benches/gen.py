"""Generate a large, valid glossary + quiz deck for benchmarks (deterministic).

Other benches import `write_deck`. Run on its own, it writes a deck and checks it the way a
trainer would, with `exoterm validate --strict` (errors and warnings both fail), so a schema
change that the generator has not followed shows up here rather than as a confusing failure
in another bench. Baseline for the time: the generation itself, in the same run.
Run: python benches/gen.py [--terms N] [--items N] [--out DIR] | --smoke (tiny deck, temp dir)
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわん"
KANJI = "細胞外小胞体液血尿脂質幹臍帯羊膜骨髄生検侵襲再生医療薬事承認品質管理滅菌"
WORDS = ["vesicle", "cell", "marker", "fluid", "therapy", "stem", "protein", "lipid", "membrane", "signal"]
CATEGORIES = ["vesicle", "cargo", "therapy", "disease"]


def write_deck(folder: Path, n_terms: int, n_items: int = 0, seed: int = 7) -> Path:
    """Write sources.yaml, glossary.yaml (n_terms) and quiz.yaml (n_items) into `folder`."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text(
        "deck: {id: bench-deck, title: Bench}\n"
        "sources:\n  - id: src\n    title: 資料\n    publisher: Bench\n    date: \"2024\"\n"
        "    trust: reference\n    description: {ja: ベンチ用, en: for benchmarks}\n",
        encoding="utf-8",
    )
    lines = ["categories:"]
    lines += [f"  {c}: {{ja: 分類{i}, en: Category {i}}}" for i, c in enumerate(CATEGORIES)]
    lines.append("terms:")
    for i in range(n_terms):
        reading = "".join(rng.choice(KANA) for _ in range(rng.randint(3, 9)))
        ja = "".join(rng.choice(KANJI) for _ in range(rng.randint(2, 6)))
        en = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))) + f" {i}"
        related = f"[t{(i + 1) % n_terms}, t{(i + 7) % n_terms}]" if n_terms > 8 else "[]"
        lines += [
            f"  - id: t{i}",
            f"    ja: {ja}{i}",
            f"    reading: {reading}",
            f"    en: {en}",
            f"    abbr: [T{i}]",
            f"    category: {CATEGORIES[i % len(CATEGORIES)]}",
            "    definition:",
            f"      ja: {ja}は細胞が放出する小さな袋で、情報を運ぶ働きがあると説明される語である{i}。",
            f"      en: A made-up definition number {i} used to measure how fast content loads.",
            f"    related: {related}",
            "    sources:",
            "      - {id: src, section: 概要}",
            "    evidence: established",
        ]
    (folder / "glossary.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = ["items:"]
    for i in range(n_items):
        answer = "abcd"[i % 4]
        items += [
            f"  - id: q{i}",
            "    type: single",
            f"    prompt: {{ja: 問題{i}はどれか。, en: Question {i}}}",
            "    choices:",
            *[f"      {c}: {{ja: 選択肢{c}{i}, en: choice {c} {i}}}" for c in "abcd"],
            f"    answer: {answer}",
            f"    explanation: {{ja: 説明{i}, en: explanation {i}}}",
            f"    terms: [t{i % max(n_terms, 1)}]",
            "    sources:",
            "      - {id: src, section: 概要}",
            "    evidence: established",
        ]
    (folder / "quiz.yaml").write_text("\n".join(items) + "\n", encoding="utf-8")
    return folder


SMOKE = {"terms": 40, "items": 10}


def validate(folder: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Seconds and result of `exoterm validate --strict folder` in a fresh interpreter."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "exoterm", "validate", "--strict", str(folder)],
                          capture_output=True, text=True)
    return time.perf_counter() - start, done


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=1_000)
    parser.add_argument("--out", type=Path, help="write the deck here (default: a temp folder, removed)")
    parser.add_argument("--smoke", action="store_true",
                        help=f"tiny deck ({SMOKE}) in a temp folder; times are not judged")
    args = parser.parse_args()
    if args.smoke:
        args.terms, args.items, args.out = SMOKE["terms"], SMOKE["items"], None
    with tempfile.TemporaryDirectory(prefix="exoterm-gen-") as tmp:
        start = time.perf_counter()
        folder = write_deck(args.out or Path(tmp) / "deck", args.terms, args.items)
        written = time.perf_counter() - start
        size = sum(p.stat().st_size for p in folder.glob("*.yaml"))
        seconds, done = validate(folder)
        print(f"deck: {args.terms:,} terms, {args.items:,} items, {size / 1e6:.2f} MB of YAML "
              f"in {folder if args.out else 'a temp folder'}")
        print(f"generate {written * 1000:.0f} ms; exoterm validate --strict {seconds * 1000:.0f} ms "
              f"({seconds / written:.1f}x generation)")
        if done.returncode != 0:
            print(f"the generated deck does not validate (exit {done.returncode}):")
            print((done.stdout + done.stderr).strip())
            return 1
        print(f"valid: {(done.stdout + done.stderr).strip().splitlines()[-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
