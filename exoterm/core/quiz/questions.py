"""Plain data a screen renders: a presented question and a judged answer.

UI-agnostic on purpose: the Textual review screen, `exoterm review --plain` and tests all
consume the same frozen dataclasses. Texts are content as-is (never markup); the only
language-dependent labels the engine adds come from `exoterm.core.texts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from exoterm.core.srs.scheduler import Rating

QuestionKind = Literal["single", "multi", "truefalse", "typed", "cloze", "matching", "numeric",
                       "flashcard"]
Verdict = Literal["right", "almost", "wrong"]
Lang = Literal["ja", "en"]


@dataclass(frozen=True, slots=True)
class Option:
    """One thing to pick: `key` is what the learner types ("1", "a"), `id` is stable."""

    key: str
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Scenario:
    """A 状況設定 case shown before each of its questions."""

    case_id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A glossary term as shown after a wrong answer."""

    term_id: str
    ja: str
    reading: str
    en: str
    abbr: tuple[str, ...]
    definition: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class CitationText:
    """Where the content comes from: source title and section (and how far to trust it)."""

    source_id: str
    title: str
    section: str
    trust: str


@dataclass(frozen=True, slots=True)
class Feedback:
    """What a wrong answer shows besides the right answer."""

    explanation: str
    entries: tuple[GlossaryEntry, ...] = ()
    citations: tuple[CitationText, ...] = ()
    evidence: str = "established"


@dataclass(frozen=True, slots=True)
class NumericKey:
    """What a number answer must be: `value` ± `tolerance`, given to at most `decimals`
    places (None: any); `units` are the unit spellings a learner may type after it."""

    value: Decimal
    tolerance: Decimal = Decimal(0)
    decimals: int | None = None
    units: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AnswerKey:
    """What counts as right. Not for display before the answer is given.

    - choice kinds: `choice_ids` (single: one id; multi: the set; truefalse: "true"/"false")
    - typed: one entry in `texts` (canonical spelling first); cloze: one entry per blank
    - matching: `pairs` of (left option id, right option id)
    - numeric: `number`
    - `rejects` per text entry: spellings that must never count (other terms' names…)
    """

    display: str
    choice_ids: frozenset[str] = frozenset()
    texts: tuple[tuple[str, ...], ...] = ()
    rejects: tuple[tuple[str, ...], ...] = ()
    pairs: frozenset[tuple[str, str]] = frozenset()
    typo_tolerance: bool = True
    number: NumericKey | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """A question as presented: everything needed to render it and judge the reply."""

    card_id: str
    kind: QuestionKind
    lang: Lang
    prompt: str
    key: AnswerKey
    feedback: Feedback
    scenario: Scenario | None = None
    options: tuple[Option, ...] = ()  # single/multi/truefalse choices; matching: left side
    targets: tuple[Option, ...] = ()  # matching: right side, lettered
    select: int = 1  # multi: how many to choose
    text: str = ""  # cloze: the sentence with numbered blanks
    blanks: int = 0  # cloze: how many blanks
    answer_lang: Lang | None = None  # typed: the language expected
    unit: str = ""  # numeric: the unit shown beside the answer box
    decimals: int | None = None  # numeric: decimal places the answer is rounded to
    back: str = ""  # flashcard: the side revealed before self-grading
    section: str | None = None
    tags: tuple[str, ...] = ()
    direction: str | None = None  # term cards: ja>en, en>ja, def>term, reading

    @property
    def parts(self) -> int:
        """How many separate answers the question needs (blanks, pairs), at least 1."""
        if self.kind == "cloze":
            return max(self.blanks, 1)
        if self.kind == "matching":
            return max(len(self.options), 1)
        return 1

    @property
    def shown_chars(self) -> int:
        """Characters a learner reads before answering (for the "fast" allowance)."""
        total = len(self.prompt) + len(self.text) + sum(len(o.text) for o in self.options)
        if self.scenario is not None:
            total += len(self.scenario.title) + len(self.scenario.text)
        return total + sum(len(o.text) for o in self.targets)


@dataclass(frozen=True, slots=True)
class TextDiff:
    """How a nearly right typed answer differs: (op, text) runs, op in "=", "-", "+".

    "-" is text the learner typed that is not in the answer, "+" text they left out.
    """

    given: str
    expected: str
    runs: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class PartResult:
    """One part of an answer (a blank, a pair, a chosen option) and whether it was right."""

    label: str
    given: str
    expected: str
    verdict: Verdict
    diff: TextDiff | None = None


@dataclass(frozen=True, slots=True)
class Judgement:
    """A judged answer and the rating it proposes (see `exoterm.core.quiz.rating`)."""

    question: Question
    response: str
    verdict: Verdict
    rating: Rating
    seconds: float
    can_upgrade: bool = False  # right and fast: the learner may choose Easy instead
    gave_up: bool = False  # "?" — the learner did not know
    self_graded: bool = False
    parts: tuple[PartResult, ...] = field(default=())

    @property
    def correct_answer(self) -> str:
        return self.question.key.display

    @property
    def diffs(self) -> tuple[TextDiff, ...]:
        return tuple(p.diff for p in self.parts if p.diff is not None)


class InvalidAnswer(ValueError):
    """A reply that cannot be judged (e.g. "7" for four options); ask again, no rating.

    `key` names a message in `exoterm.core.texts`, `values` fill it.
    """

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
