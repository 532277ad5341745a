"""Typed, frozen content model: sources, categories, terms, cases, quiz items, decks.

Everything the loader produces and every other layer consumes. Field names are the
names used in the YAML files and in `exoterm export --format json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

Evidence = Literal["established", "research", "claim", "regulatory"]
EVIDENCE_LEVELS: tuple[Evidence, ...] = ("established", "research", "claim", "regulatory")

Trust = Literal["reference", "secondary", "expert", "promotional"]
TRUST_LEVELS: tuple[Trust, ...] = ("reference", "secondary", "expert", "promotional")

Section = Literal["必修", "一般", "状況設定"]
SECTIONS: tuple[Section, ...] = ("必修", "一般", "状況設定")

QuizType = Literal["single", "multi", "truefalse", "typed", "cloze", "matching", "numeric"]
QUIZ_TYPES: tuple[QuizType, ...] = ("single", "multi", "truefalse", "typed", "cloze", "matching",
                                    "numeric")


@dataclass(frozen=True, slots=True)
class Bilingual:
    """A text in Japanese and, optionally, English (`en` is "" when not given).

    Japanese-only decks are first-class: `get("en")` falls back to the Japanese text."""

    ja: str
    en: str = ""

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" or not self.en else self.en


@dataclass(frozen=True, slots=True)
class Variants:
    """Extra spellings per language (aliases and search keys of a term, accepted typed answers)."""

    ja: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return self.ja + self.en


@dataclass(frozen=True, slots=True)
class Citation:
    """Where in a source a statement comes from: source id and section heading."""

    id: str
    section: str


@dataclass(frozen=True, slots=True)
class Source:
    """One of the texts the content is drawn from, with how far to trust it."""

    id: str
    title: str
    publisher: str
    date: str
    trust: Trust
    description: Bilingual
    author: str | None = None
    file: str | None = None
    url: str | None = None
    short_name: Bilingual | None = None

    def display_name(self, lang: str) -> str:
        """How questions name this source to learners (`{source:id}`): never the id."""
        return self.short_name.get(lang) if self.short_name else self.publisher


@dataclass(frozen=True, slots=True)
class Category:
    """A glossary category; distractors for generated questions come from the same one."""

    id: str
    label: Bilingual


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry. `reading` is hiragana, written by a person in the YAML.

    `aliases` are other names for the same thing (shown as 「別名 / Also called」, accepted
    as answers); `search_keys` only help a learner find the entry (narrower or broader
    words, phrases, common misnomers): searched, never shown as a name nor accepted.
    """

    id: str
    ja: str
    reading: str
    en: str  # "" for a Japanese-only term: then no English term cards, and Japanese is shown
    category: str
    definition: Bilingual
    sources: tuple[Citation, ...]
    evidence: Evidence
    abbr: tuple[str, ...] = ()
    aliases: Variants = Variants()
    related: tuple[str, ...] = ()
    note: Bilingual | None = None
    reading_checked: bool = False
    search_keys: Variants = Variants()
    formerly: tuple[str, ...] = ()  # ids this term had before: its review history moves here

    def name(self, lang: str) -> str:
        """The headword in `lang` (Japanese when the term has no English)."""
        return self.ja if lang == "ja" or not self.en else self.en


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a choice question; the answer refers to it by `id`, not position."""

    id: str
    ja: str
    en: str = ""

    def get(self, lang: str) -> str:
        """The option's text in `lang` (Japanese when it has no English)."""
        return self.ja if lang == "ja" or not self.en else self.en


@dataclass(frozen=True, slots=True)
class MatchPair:
    """One left/right pair of a matching question."""

    left: Bilingual
    right: Bilingual


@dataclass(frozen=True, slots=True)
class SingleBody:
    """Single choice (四肢択一 / 五肢択一): `answer` is a choice id."""

    kind: ClassVar[QuizType] = "single"
    choices: tuple[Choice, ...]
    answer: str


@dataclass(frozen=True, slots=True)
class MultiBody:
    """Multi-select (「2つ選べ」): exactly `select` choices, the ids in `answers`."""

    kind: ClassVar[QuizType] = "multi"
    choices: tuple[Choice, ...]
    answers: tuple[str, ...]
    select: int


@dataclass(frozen=True, slots=True)
class TrueFalseBody:
    """True/false: the prompt is a statement, `answer` says whether it holds."""

    kind: ClassVar[QuizType] = "truefalse"
    answer: bool


@dataclass(frozen=True, slots=True)
class TypedBody:
    """Typed answer: the canonical answer per language plus accepted alternatives."""

    kind: ClassVar[QuizType] = "typed"
    answer: Bilingual
    accept: Variants = Variants()
    strict: bool = False  # `strict: true`: no near-miss leniency (キャップ is not リキャップ)


@dataclass(frozen=True, slots=True)
class ClozeBody:
    """Cloze: sentences with blanks written `[[answer|alternative|…]]`, in both languages.

    `readings`: (Japanese blank answer, its reading in hiragana) for answers the glossary
    has no headword for, so kana and romaji are accepted there as in typed answers."""

    kind: ClassVar[QuizType] = "cloze"
    text: Bilingual
    readings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MatchingBody:
    """Matching: pairs shown shuffled on the right."""

    kind: ClassVar[QuizType] = "matching"
    pairs: tuple[MatchPair, ...]


@dataclass(frozen=True, slots=True)
class NumericBody:
    """Calculation (計算問題): the answer is a number, optionally with a unit.

    `tolerance`: answers within ±tolerance are right (0: exactly the answer);
    `decimals`: the answer is to be given rounded to that many decimal places (a right
    value given with more places is "almost"). `answer` is an int or float as written in
    the YAML; exact decimal arithmetic uses `exoterm.core.quiz.numeric.as_decimal`."""

    kind: ClassVar[QuizType] = "numeric"
    answer: int | float
    unit: Bilingual | None = None
    tolerance: int | float = 0
    decimals: int | None = None


ItemBody = SingleBody | MultiBody | TrueFalseBody | TypedBody | ClozeBody | MatchingBody | NumericBody
BODY_TYPES: dict[QuizType, type[ItemBody]] = {
    b.kind: b for b in (SingleBody, MultiBody, TrueFalseBody, TypedBody, ClozeBody, MatchingBody,
                        NumericBody)
}


@dataclass(frozen=True, slots=True)
class Case:
    """A 状況設定 scenario shared by several items, shown before each of them."""

    id: str
    title: Bilingual
    scenario: Bilingual
    sources: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class QuizItem:
    """A quiz question of any type; the type-specific part is `body`."""

    id: str
    prompt: Bilingual
    explanation: Bilingual
    sources: tuple[Citation, ...]
    evidence: Evidence
    body: ItemBody
    terms: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    section: Section | None = None
    case: str | None = None
    formerly: tuple[str, ...] = ()  # ids this item had before: its review history moves here

    @property
    def type(self) -> QuizType:
        return self.body.kind


@dataclass(frozen=True, slots=True)
class DeckInfo:
    """A deck's identity from its `deck:` header (or its folder): `id` names it for good —
    it namespaces the deck's ids and Anki's notes — `title` names it to people. `namespaced`
    says whether the deck's ids are written `<id>/<entry id>` in this Deck (trainer decks
    loaded with --deck) or bare (a deck loaded on its own, and the shipped content)."""

    id: str
    title: str
    namespaced: bool = False


@dataclass(frozen=True)
class Deck:
    """All content loaded together; `version` is a hash of the files it came from;
    `decks` the identities of the decks it holds (none when no file declares one)."""

    sources: tuple[Source, ...] = ()
    categories: tuple[Category, ...] = ()
    terms: tuple[Term, ...] = ()
    cases: tuple[Case, ...] = ()
    items: tuple[QuizItem, ...] = ()
    version: str = ""
    decks: tuple[DeckInfo, ...] = ()
    source_by_id: dict[str, Source] = field(init=False, repr=False, compare=False)
    category_by_id: dict[str, Category] = field(init=False, repr=False, compare=False)
    term_by_id: dict[str, Term] = field(init=False, repr=False, compare=False)
    case_by_id: dict[str, Case] = field(init=False, repr=False, compare=False)
    item_by_id: dict[str, QuizItem] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "source_by_id", {s.id: s for s in self.sources})
        setattr_(self, "category_by_id", {c.id: c for c in self.categories})
        setattr_(self, "term_by_id", {t.id: t for t in self.terms})
        setattr_(self, "case_by_id", {c.id: c for c in self.cases})
        setattr_(self, "item_by_id", {i.id: i for i in self.items})
