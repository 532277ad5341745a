"""`exoterm analyze FILES…`: item analysis of many learners' results exports."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from exoterm.core.analysis import ItemStats, analyze
from exoterm.core.content.models import MultiBody, SingleBody
from exoterm.core.textsafety import visible

if TYPE_CHECKING:
    from exoterm.core.config import Config


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "analyze", help="item analysis (difficulty, discrimination, distractors) of results files",
        description="Analyze `exoterm results export` files from many learners: per item difficulty, "
        "upper-lower 27%% discrimination, point-biserial, distractor rates and flags.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="results files (JSON lines or CSV)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def _options(config: Config) -> dict[str, list[str]]:
    """Option ids of choice items, from the content being studied (empty if it won't load)."""
    from exoterm.core.content import load_configured
    from exoterm.errors import ExotermError

    try:
        deck = load_configured(config)
    except ExotermError:
        return {}
    return {i.id: [c.id for c in i.body.choices] for i in deck.items
            if isinstance(i.body, SingleBody | MultiBody)}


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:+.2f}"


def table(stats: list[ItemStats]) -> str:
    lines = [f"{'item':<34} {'n':>4} {'p':>5} {'D':>5} {'r_pb':>5}  flags"]
    for s in stats:
        lines.append(f"{visible(s.item)[:34]:<34} {s.n:>4} {s.difficulty:>5.2f} {_fmt(s.discrimination):>5} "
                     f"{_fmt(s.point_biserial):>5}  {', '.join(s.flags)}")
        if s.choice_rates:
            rates = "  ".join(f"{visible(k)} {v:.0%}" for k, v in sorted(s.choice_rates.items()))
            lines.append(f"{'':<6}choices: {rates}")
    flagged = sum(1 for s in stats if set(s.flags) - {"few-responses"})
    lines.append(f"{len(stats)} items, {flagged} flagged")
    return "\n".join(lines)


def run(args: argparse.Namespace, config: Config) -> int:
    from exoterm.core.results import read_results

    responses = read_results([Path(f) for f in args.files])
    stats = analyze(responses, _options(config))
    if args.json:
        print(visible(json.dumps([asdict(s) for s in stats], ensure_ascii=False, indent=1), multiline=True))
    else:
        learners = len({r.learner for r in responses})
        print(f"{learners} learners, {len(responses)} answers")
        print(table(stats))
    return 0
