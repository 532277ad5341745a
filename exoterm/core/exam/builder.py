"""Which questions a mock exam asks: 必修, 一般 and 状況設定 in the real exam's proportions.

Pure and seeded: the same deck, options and seed give the same exam. The national nursing
exam has 240 questions — 必修 50, 一般 130, 状況設定 60 — in 320 minutes (two sittings of 2 h
40 min); a mock exam keeps those shares and that pace, scaled to what the bank holds (or to
`questions`). A 状況設定 case is asked whole, its questions one after another; the exam's
order is 必修, then 一般, then 状況設定, each shuffled. Only quiz items are asked (term cards
are vocabulary, not exam questions); an item without a section counts as 一般.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from exoterm.core.content.models import SECTIONS, Deck, QuizItem, Section
from exoterm.core.exam.classify import section_of
from exoterm.core.quiz.queueing import SessionFilter
from exoterm.core.srs.cards import CardInfo, item_card_id

REAL_EXAM: Mapping[Section, int] = {"必修": 50, "一般": 130, "状況設定": 60}
REAL_TOTAL = sum(REAL_EXAM.values())  # 240
REAL_MINUTES = 320  # 午前 160 + 午後 160
MAX_QUESTIONS = 1000


@dataclass(frozen=True, slots=True)
class ExamOptions:
    """How an exam is drawn: `questions`/`minutes` None scale from the real exam."""

    questions: int | None = None
    minutes: int | None = None
    filter: SessionFilter = SessionFilter()
    seed: int = 0


@dataclass(frozen=True, slots=True)
class ExamPlan:
    """The questions of one exam in order (card ids), each one's section, the time limit."""

    cards: tuple[str, ...]
    sections: dict[str, Section] = field(default_factory=dict)
    seconds: int = 0
    seed: int = 0

    def count(self, section: Section) -> int:
        return sum(1 for c in self.cards if self.sections.get(c) == section)


def default_minutes(questions: int) -> int:
    """The real exam's pace: 320 minutes for 240 questions (80 s each), at least 1."""
    return max(1, round(questions * REAL_MINUTES / REAL_TOTAL))


def _units(deck: Deck, items: list[QuizItem]) -> dict[Section, list[list[QuizItem]]]:
    """Per section, what is drawn as one: a case's items together, any other item alone."""
    units: dict[Section, list[list[QuizItem]]] = {s: [] for s in SECTIONS}
    cases: dict[str, list[QuizItem]] = {}
    for item in items:
        if item.case:
            if item.case not in cases:
                cases[item.case] = []
                units[section_of(item)].append(cases[item.case])
            cases[item.case].append(item)
        else:
            units[section_of(item)].append([item])
    return units


def quotas(pools: Mapping[Section, int], total: int | None) -> dict[Section, int]:
    """How many questions each section gets: the real exam's shares among the sections
    that have questions, scaled to `total` (None: as many as the smallest pool allows);
    a section short of questions gives all it has and the others share the rest."""
    present = [s for s in SECTIONS if pools.get(s, 0) > 0]
    out = {s: 0 for s in SECTIONS}
    if not present:
        return out
    if total is None:
        weight = sum(REAL_EXAM[s] for s in present)
        total = max(len(present), min(math.floor(pools[s] * weight / REAL_EXAM[s] + 1e-9)
                                      for s in present))
    left = min(total, sum(pools[s] for s in present))
    open_ = list(present)
    while open_:
        weight = sum(REAL_EXAM[s] for s in open_)
        short = [s for s in open_ if pools[s] < left * REAL_EXAM[s] / weight]
        if not short:
            break
        for s in short:  # these give everything they have
            out[s] = pools[s]
            left -= pools[s]
            open_.remove(s)
    if open_:
        weight = sum(REAL_EXAM[s] for s in open_)
        exact = {s: left * REAL_EXAM[s] / weight for s in open_}
        for s in open_:
            out[s] = math.floor(exact[s])
        by_remainder = sorted(open_, key=lambda s: (out[s] - exact[s], SECTIONS.index(s)))
        for s in by_remainder[: left - sum(out[s] for s in open_)]:
            out[s] += 1
    return out


def _draw(units: list[list[QuizItem]], quota: int, rng: random.Random) -> list[QuizItem]:
    """Whole units, shuffled, up to `quota` questions; a case that would overshoot is left
    out unless taking it comes closer to the quota than stopping short."""
    order = sorted(units, key=lambda u: u[0].id)
    rng.shuffle(order)
    taken: list[list[QuizItem]] = []
    count = 0
    left = []
    for unit in order:
        if count + len(unit) <= quota:
            taken.append(unit)
            count += len(unit)
        else:
            left.append(unit)
    if count < quota and left:
        best = min(left, key=lambda u: (abs(count + len(u) - quota), len(u)))
        if abs(count + len(best) - quota) <= quota - count:
            taken.append(best)
    return [item for unit in taken for item in unit]


def build_exam(deck: Deck, options: ExamOptions = ExamOptions()) -> ExamPlan:
    """The exam's questions in order (必修, 一般, 状況設定), sized and timed as in
    `ExamOptions`; an empty plan when no item matches the filter."""
    flt = options.filter
    items = [i for i in deck.items
             if not flt.active or flt.matches(deck, _info(i))]
    units = _units(deck, items)
    pools = {s: sum(len(u) for u in units[s]) for s in SECTIONS}
    wanted = None if options.questions is None else min(options.questions, MAX_QUESTIONS)
    share = quotas(pools, wanted)
    rng = random.Random(options.seed)
    drawn: dict[Section, list[QuizItem]] = {"状況設定": _draw(units["状況設定"], share["状況設定"], rng)}
    # whole cases may miss the 状況設定 quota: 一般 (then 必修) makes up the difference
    diff = share["状況設定"] - len(drawn["状況設定"])
    section: Section
    for section in ("一般", "必修"):
        moved = max(-share[section], min(diff, pools[section] - share[section]))
        share[section] += moved
        diff -= moved
    for section in ("必修", "一般"):
        drawn[section] = _draw(units[section], share[section], rng)
    chosen = [item for section in SECTIONS for item in drawn[section]]
    cards = tuple(item_card_id(i.id) for i in chosen)
    sections = {item_card_id(i.id): section_of(i) for i in chosen}
    minutes = options.minutes if options.minutes is not None else default_minutes(len(cards))
    return ExamPlan(cards, sections, max(0, minutes) * 60 if cards else 0, options.seed)


def _info(item: QuizItem) -> CardInfo:
    return CardInfo(item_card_id(item.id), "item", item.id, None, None, "")
