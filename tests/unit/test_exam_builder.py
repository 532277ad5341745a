"""The mock-exam builder: the real exam's section shares, whole cases, seeded draws."""

from __future__ import annotations

from exoterm.core.content.models import (
    Bilingual,
    Case,
    Citation,
    Deck,
    QuizItem,
    Section,
    TrueFalseBody,
)
from exoterm.core.exam.builder import (
    REAL_EXAM,
    ExamOptions,
    build_exam,
    default_minutes,
    quotas,
)
from exoterm.core.quiz.queueing import SessionFilter

TEXT = Bilingual("問", "Q")
CITE = (Citation("src", "s"),)


def item(id_: str, section: Section | None, case: str | None = None,
         tags: tuple[str, ...] = ()) -> QuizItem:
    return QuizItem(id_, TEXT, TEXT, CITE, "established", TrueFalseBody(True),
                    section=section, case=case, tags=tags)


def bank(hissu: int = 100, ippan: int = 260, cases: int = 40, per_case: int = 3) -> Deck:
    """A bank twice the real exam's size: cases of `per_case` 状況設定 questions."""
    items = [item(f"h{i}", "必修") for i in range(hissu)]
    items += [item(f"g{i}", "一般" if i % 2 else None) for i in range(ippan)]
    case_list = []
    for c in range(cases):
        case_list.append(Case(f"c{c}", TEXT, TEXT, CITE))
        items += [item(f"c{c}-{k}", "状況設定", f"c{c}") for k in range(per_case)]
    return Deck(items=tuple(items), cases=tuple(case_list))


def case_of(card: str) -> str | None:
    name = card.removeprefix("item:")
    return name.split("-")[0] if name.startswith("c") else None


def test_quotas_follow_the_real_exam() -> None:
    assert quotas({"必修": 500, "一般": 500, "状況設定": 500}, 240) == REAL_EXAM
    assert quotas({"必修": 500, "一般": 500, "状況設定": 500}, 24) == {
        "必修": 5, "一般": 13, "状況設定": 6}
    # a section short of questions hands the rest to the others
    assert quotas({"必修": 2, "一般": 500, "状況設定": 500}, 48) == {
        "必修": 2, "一般": 31, "状況設定": 15}


def test_default_size_scales_to_the_bank() -> None:
    # 状況設定 is the tightest pool: 30 questions are 60/240 of 120
    plan = build_exam(bank(cases=10), ExamOptions(seed=1))
    assert len(plan.cards) == 120
    assert (plan.count("必修"), plan.count("一般"), plan.count("状況設定")) == (25, 65, 30)
    assert plan.seconds == default_minutes(120) * 60 == 160 * 60


def test_sections_in_exam_order_and_every_card_once() -> None:
    plan = build_exam(bank(), ExamOptions(questions=240, seed=3))
    assert len(plan.cards) == len(set(plan.cards)) == 240
    order = [plan.sections[c] for c in plan.cards]
    assert order == sorted(order, key=("必修", "一般", "状況設定").index)
    assert (plan.count("必修"), plan.count("一般"), plan.count("状況設定")) == (50, 130, 60)


def test_cases_are_kept_whole_and_together() -> None:
    for seed in range(20):
        plan = build_exam(bank(per_case=4), ExamOptions(questions=50, seed=seed))
        asked = [case_of(c) for c in plan.cards if plan.sections[c] == "状況設定"]
        runs = [c for i, c in enumerate(asked) if i == 0 or asked[i - 1] != c]
        assert len(runs) == len(set(runs)), "a case's questions follow each other"
        assert all(asked.count(c) == 4 for c in runs), "a case is asked whole"
        assert abs(len(asked) - 12) <= 2  # 50 × 60/240 = 12.5, in whole cases of 4
        assert len(plan.cards) == 50  # 一般 makes up what whole cases miss


def test_seeded_determinism() -> None:
    deck = bank()
    first = build_exam(deck, ExamOptions(questions=60, seed=7))
    assert build_exam(deck, ExamOptions(questions=60, seed=7)) == first
    assert build_exam(deck, ExamOptions(questions=60, seed=8)).cards != first.cards


def test_filters_and_limits() -> None:
    deck = bank()
    only = build_exam(deck, ExamOptions(filter=SessionFilter(sections=("必修",)), seed=1))
    assert set(only.sections.values()) == {"必修"} and len(only.cards) == 100
    timed = build_exam(deck, ExamOptions(questions=10, minutes=3, seed=1))
    assert len(timed.cards) == 10 and timed.seconds == 180
    empty = build_exam(deck, ExamOptions(filter=SessionFilter(tags=("nothing",))))
    assert empty.cards == () and empty.seconds == 0
    # more questions than the bank holds: the whole bank
    assert len(build_exam(bank(10, 10, 2), ExamOptions(questions=999)).cards) == 26
