"""`exoterm analyze FILES…`: item analysis of many learners' results exports."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.core.analysis import ItemStats, OptionStats, analyze
from exoterm.core.textsafety import visible

if TYPE_CHECKING:
    from exoterm.core.config import Config

TEXT_WIDTH = 48


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "analyze", help="item analysis (difficulty, discrimination, distractors) of results files",
        description="Analyze `exoterm results export` files from many learners: per item difficulty, "
        "upper-lower 27%% discrimination and point-biserial (both on the rest score), every "
        "option's rate with its text and the key, the most common wrong typed answers, and flags.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="results files (JSON lines or CSV)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:+.2f}"


def _clip(text: str, width: int) -> str:
    text = visible(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _option_line(o: OptionStats, lang: str) -> str:
    text = (o.en or o.ja) if lang == "en" else (o.ja or o.en)
    mark = "*" if o.key else " "
    return f"{'':<4}{mark} {visible(o.id):<6} {o.rate:>4.0%}  {_clip(text, TEXT_WIDTH)}"


def table(stats: list[ItemStats], lang: str = "ja") -> str:
    lines = [f"{'item':<34} {'n':>4} {'p':>5} {'D':>5} {'r_pb':>5}  flags"]
    for s in stats:
        lines.append(f"{visible(s.item)[:34]:<34} {s.n:>4} {s.difficulty:>5.2f} {_fmt(s.discrimination):>5} "
                     f"{_fmt(s.point_biserial):>5}  {', '.join(s.flags)}")
        lines += [_option_line(o, lang) for o in s.options]
        if s.key and not s.options:
            lines.append(f"{'':<6}answer: {' / '.join(_clip(k, 24) for k in s.key)}")
        if s.wrong_answers:
            wrong = ", ".join(f"「{_clip(text, 24)}」×{count}" for text, count in s.wrong_answers)
            lines.append(f"{'':<6}wrong answers: {wrong}")
    flagged = sum(1 for s in stats if set(s.flags) - {"few-responses"})
    lines.append(f"{len(stats)} items, {flagged} flagged (* marks the key; D and r_pb use the rest score)")
    return "\n".join(lines)


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.commands.results import described_items
    from exoterm.core.results import read_results

    results = read_results([Path(f) for f in args.files])
    items = dict(results.items)
    if any(r.item not in items for r in results.responses):  # older files: ask the deck studied here
        items = {**described_items(config), **items}
    stats = analyze(results.responses, items)
    if results.repeated:
        print(f"exoterm: note: {results.repeated} answers were in more than one file "
              "(the same learner's same attempt); each is counted once", file=sys.stderr)
    if args.json:
        print(visible(json.dumps([asdict(s) for s in stats], ensure_ascii=False, indent=1), multiline=True))
    else:
        print(f"{results.learners} learners, {len(results.responses)} answers")
        print(table(stats, config.lang or "ja"))
    return 0
