"""Item analysis over many learners' results: difficulty, discrimination, distractors, flags.

Classical test theory, as trainers know it from exam review. Only each learner's first
answer to an item counts (later ones are practice). For an item answered by n learners:
- difficulty p = share of them answering it correctly;
- rest score of a learner = share correct of the *other* items they answered (the item
  itself left out: the corrected item–total score, so an item cannot correlate with itself);
- discrimination D = p(upper group) − p(lower group): the learners ranked by rest score,
  the top and bottom 27 % (at least one learner each; ties broken by learner id);
- point-biserial r = Pearson correlation of the item (1 right, 0 wrong) with the rest score;
- option rates = share of the learners who picked an option that picked each one (every
  option listed, 0 % included); typed answers: the most common wrong ones.
Flags (an item needs at least MIN_RESPONSES answers, else only `few-responses`):
too-easy p ≥ 0.90; too-hard p ≤ 0.20; negative-discrimination D < 0; weak-discrimination
0 ≤ D < 0.20 — discrimination is judged on D alone (r is shown, not flagged); and
unused-distractor when a wrong option was picked by fewer than 5 % (0 % included).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

MIN_RESPONSES = 10
GROUP_SHARE = 0.27
EASY, HARD = 0.90, 0.20
WEAK_D = 0.20
UNUSED_RATE = 0.05
TOP_WRONG = 3
CHOICE_TYPES = frozenset({"single", "multi", "truefalse"})


@dataclass(frozen=True, slots=True)
class Response:
    """One learner's answer to one item: `choices` are the option ids picked (choice items),
    `text` the typed answer (typed and cloze items); `answered_at` and `source` (the file)
    tell attempts and files apart when results are combined."""

    learner: str
    item: str
    correct: bool
    choices: tuple[str, ...] = ()
    text: str = ""
    answered_at: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class ChoiceText:
    """One option of a choice item: its id and its text in both languages."""

    id: str
    ja: str
    en: str


@dataclass(frozen=True, slots=True)
class ItemInfo:
    """What analysis knows about an item besides the answers: its type, options and key
    (choice ids; the answer texts of typed and cloze items)."""

    type: str
    options: tuple[ChoiceText, ...] = ()
    key: tuple[str, ...] = ()


@dataclass(frozen=True)
class OptionStats:
    """How often one option was picked; `ja`/`en` are empty when its text is unknown."""

    id: str
    rate: float
    key: bool
    ja: str = ""
    en: str = ""


@dataclass(frozen=True)
class ItemStats:
    item: str
    n: int
    difficulty: float
    discrimination: float | None
    point_biserial: float | None
    type: str = ""
    key: tuple[str, ...] = ()
    options: list[OptionStats] = field(default_factory=list)
    wrong_answers: list[tuple[str, int]] = field(default_factory=list)
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


def analyze(responses: Iterable[Response], items: Mapping[str, ItemInfo] | None = None) -> list[ItemStats]:
    """Statistics per item; `items` describes items (type, options, key) where known."""
    answers = first_attempts(responses)
    by_learner: dict[str, dict[str, bool]] = {}
    for r in answers:
        by_learner.setdefault(r.learner, {})[r.item] = r.correct
    by_item: dict[str, list[Response]] = {}
    for r in answers:
        by_item.setdefault(r.item, []).append(r)
    known = items or {}
    return [_item_stats(item, rs, by_learner, known.get(item)) for item, rs in sorted(by_item.items())]


def rest_scores(
    item: str, learners: Iterable[str], by_learner: Mapping[str, Mapping[str, bool]]
) -> dict[str, float]:
    """Each learner's share correct of the other items they answered (none: left out)."""
    out = {}
    for learner in learners:
        others = [ok for other, ok in by_learner[learner].items() if other != item]
        if others:
            out[learner] = sum(others) / len(others)
    return out


def discrimination(rs: Sequence[Response], rest: Mapping[str, float]) -> float | None:
    """Upper minus lower 27 % group's share correct, the groups ranked by rest score."""
    ranked = sorted((r for r in rs if r.learner in rest), key=lambda r: (rest[r.learner], r.learner))
    if len(ranked) < 2:
        return None
    size = max(1, round(len(ranked) * GROUP_SHARE))
    lower, upper = ranked[:size], ranked[-size:]
    return sum(r.correct for r in upper) / size - sum(r.correct for r in lower) / size


def _item_stats(item: str, rs: list[Response], by_learner: Mapping[str, Mapping[str, bool]],
                info: ItemInfo | None) -> ItemStats:
    n = len(rs)
    p = sum(r.correct for r in rs) / n
    rest = rest_scores(item, (r.learner for r in rs), by_learner)
    disc = discrimination(rs, rest)
    scored = [r for r in rs if r.learner in rest]
    rpb = _pearson([float(r.correct) for r in scored], [rest[r.learner] for r in scored])
    options = _options(rs, info)
    wrong = _wrong_answers(rs) if info is None or info.type not in CHOICE_TYPES else []
    return ItemStats(item, n, p, disc, rpb, info.type if info else "", info.key if info else (),
                     options, wrong, _flags(n, p, disc, options))


def _options(rs: Sequence[Response], info: ItemInfo | None) -> list[OptionStats]:
    """Every known option (0 % included) and any other id picked, in the item's order."""
    chose = [r for r in rs if r.choices]
    counts = Counter(c for r in chose for c in r.choices)
    known = info.options if info else ()
    key = set(info.key) if info and info.key else {c for r in chose if r.correct for c in r.choices}
    out = [OptionStats(o.id, counts[o.id] / len(chose) if chose else 0.0, o.id in key, o.ja, o.en)
           for o in known]
    listed = {o.id for o in known}
    out += [OptionStats(c, counts[c] / len(chose), c in key) for c in sorted(counts) if c not in listed]
    return out if chose or known else []


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _wrong_answers(rs: Sequence[Response]) -> list[tuple[str, int]]:
    """The most common wrong typed answers (width, case and spacing ignored), most first."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for r in rs:
        if not r.correct and r.text and r.text != "?":
            key = _fold(r.text)
            counts[key] += 1
            shown.setdefault(key, r.text)
    return [(shown[k], c) for k, c in sorted(counts.items(), key=lambda kc: (-kc[1], kc[0]))[:TOP_WRONG]]


def _flags(n: int, p: float, disc: float | None, options: Sequence[OptionStats]) -> tuple[str, ...]:
    if n < MIN_RESPONSES:
        return ("few-responses",)
    flags = []
    if p >= EASY:
        flags.append("too-easy")
    if p <= HARD:
        flags.append("too-hard")
    if disc is not None and disc < 0:
        flags.append("negative-discrimination")
    elif disc is not None and disc < WEAK_D:
        flags.append("weak-discrimination")
    if any(not o.key and o.rate < UNUSED_RATE for o in options):
        flags.append("unused-distractor")
    return tuple(flags)
