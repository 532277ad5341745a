"""Generate a large, valid glossary + quiz deck for benchmarks (deterministic)."""

from __future__ import annotations

import random
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
