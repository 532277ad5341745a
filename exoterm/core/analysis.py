"""Item analysis over many learners' results: difficulty, discrimination, distractors, flags.

Classical test theory, as trainers know it from exam review:
- difficulty p = proportion of learners answering the item correctly (first attempt);
- discrimination D = p(upper 27%) − p(lower 27%), learners ranked by their total score;
- point-biserial r = correlation of the item (0/1) with the rest score (total without the item);
- distractor rates = share of learners choosing each option.
Items are flagged too easy (p ≥ 0.90), too hard (p ≤ 0.20), negatively discriminating
(D < 0 or r < 0), weakly discriminating (D < 0.20), with distractors nobody picks (< 5 %).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

MIN_RESPONSES = 10
GROUP_SHARE = 0.27


@dataclass(frozen=True, slots=True)
class Response:
    """One learner's first answer to one item; `choices` are the option ids picked, if any."""

    learner: str
    item: str
    correct: bool
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemStats:
    item: str
    n: int
    difficulty: float
    discrimination: float | None
    point_biserial: float | None
    choice_rates: dict[str, float] = field(default_factory=dict)
    flags: tuple[str, ...] = ()


def first_attempts(responses: Iterable[Response]) -> list[Response]:
    """Keep each learner's first answer to each item (later ones are practice)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for r in responses:
        key = (r.learner, r.item)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / math.sqrt(sxx * syy)


def analyze(
    responses: Iterable[Response], options: Mapping[str, Sequence[str]] | None = None
) -> list[ItemStats]:
    """Statistics per item; `options` lists each choice item's option ids (for zero rates)."""
    answers = first_attempts(responses)
    by_learner: dict[str, dict[str, Response]] = {}
    for r in answers:
        by_learner.setdefault(r.learner, {})[r.item] = r
    totals = {
        learner: sum(r.correct for r in items.values()) / len(items) for learner, items in by_learner.items()
    }
    ranked = sorted(totals, key=lambda learner: (totals[learner], learner))
    size = max(1, round(len(ranked) * GROUP_SHARE))
    lower, upper = set(ranked[:size]), set(ranked[-size:])
    by_item: dict[str, list[Response]] = {}
    for r in answers:
        by_item.setdefault(r.item, []).append(r)
    return [
        _item_stats(item, rs, by_learner, lower, upper, (options or {}).get(item, ()))
        for item, rs in sorted(by_item.items())
    ]


def _item_stats(
    item: str,
    rs: list[Response],
    by_learner: Mapping[str, Mapping[str, Response]],
    lower: set[str],
    upper: set[str],
    option_ids: Sequence[str],
) -> ItemStats:
    n = len(rs)
    p = sum(r.correct for r in rs) / n
    up = [r.correct for r in rs if r.learner in upper]
    low = [r.correct for r in rs if r.learner in lower]
    disc = (sum(up) / len(up) - sum(low) / len(low)) if up and low else None
    xs, ys = [], []
    for r in rs:
        others = [o.correct for i, o in by_learner[r.learner].items() if i != item]
        if others:
            xs.append(float(r.correct))
            ys.append(sum(others) / len(others))
    rpb = _pearson(xs, ys)
    rates: dict[str, float] = {o: 0.0 for o in option_ids}
    chose = [r for r in rs if r.choices]
    for r in chose:
        for choice in r.choices:
            rates[choice] = rates.get(choice, 0.0) + 1 / len(chose)
    return ItemStats(item, n, p, disc, rpb, rates, _flags(n, p, disc, rpb, rates, chose))


def _flags(
    n: int, p: float, disc: float | None, rpb: float | None, rates: Mapping[str, float], chose: list[Response]
) -> tuple[str, ...]:
    if n < MIN_RESPONSES:
        return ("few-responses",)
    flags = []
    if p >= 0.90:
        flags.append("too-easy")
    if p <= 0.20:
        flags.append("too-hard")
    if (disc is not None and disc < 0) or (rpb is not None and rpb < 0):
        flags.append("negative-discrimination")
    elif disc is not None and disc < 0.20:
        flags.append("weak-discrimination")
    right = {c for r in chose if r.correct for c in r.choices}
    if chose and any(rate < 0.05 for option, rate in rates.items() if option not in right):
        flags.append("unused-distractor")
    return tuple(flags)
