"""Trainers' own decks loaded beside (or instead of) the shipped content.

Every id a deck defines is namespaced as `<deck>/<id>`, so two decks never collide and
review history stays keyed on stable ids. References inside a deck resolve to the deck's
own ids first, then to the shipped ones (which keep their plain ids).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from exoterm.core.content.models import Case, Category, Citation, Deck, QuizItem, Source, Term
from exoterm.errors import ExotermError

NAMESPACE_SEP = "/"


def deck_name(folder: Path) -> str:
    """The namespace of a deck: its folder name, lowercased, other characters as hyphens."""
    name = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")
    if not name:
        raise ExotermError(f"{folder}: cannot make a deck name from this folder name; rename it")
    return name


class _Renamer:
    def __init__(self, deck: Deck, name: str) -> None:
        self.prefix = f"{name}{NAMESPACE_SEP}"
        self.own = {
            "term": set(deck.term_by_id), "item": set(deck.item_by_id), "case": set(deck.case_by_id),
            "source": set(deck.source_by_id), "category": set(deck.category_by_id),
        }

    def id(self, kind: str, value: str) -> str:
        return self.prefix + value if value in self.own[kind] else value

    def ids(self, kind: str, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.id(kind, v) for v in values)

    def former(self, values: tuple[str, ...]) -> tuple[str, ...]:
        """Old ids were this deck's own (no longer defined, so always prefixed)."""
        return tuple(self.prefix + v for v in values)

    def cites(self, values: tuple[Citation, ...]) -> tuple[Citation, ...]:
        return tuple(replace(c, id=self.id("source", c.id)) for c in values)

    def term(self, t: Term) -> Term:
        return replace(
            t, id=self.id("term", t.id), category=self.id("category", t.category),
            related=self.ids("term", t.related), sources=self.cites(t.sources),
            formerly=self.former(t.formerly),
        )

    def item(self, i: QuizItem) -> QuizItem:
        return replace(
            i, id=self.id("item", i.id), terms=self.ids("term", i.terms), sources=self.cites(i.sources),
            case=self.id("case", i.case) if i.case else None, formerly=self.former(i.formerly),
        )

    def case(self, c: Case) -> Case:
        return replace(c, id=self.id("case", c.id), sources=self.cites(c.sources))

    def source(self, s: Source) -> Source:
        return replace(s, id=self.id("source", s.id))

    def category(self, c: Category) -> Category:
        return replace(c, id=self.id("category", c.id))


def namespace(deck: Deck, name: str) -> Deck:
    """The deck with its own ids (and references to them) prefixed by `name/`."""
    r = _Renamer(deck, name)
    return Deck(
        sources=tuple(map(r.source, deck.sources)),
        categories=tuple(map(r.category, deck.categories)),
        terms=tuple(map(r.term, deck.terms)),
        cases=tuple(map(r.case, deck.cases)),
        items=tuple(map(r.item, deck.items)),
        version=deck.version,
    )


class DeckParts(Protocol):
    """Anything holding content records: a Deck, or what one file contributed."""

    @property
    def sources(self) -> Sequence[Source]: ...
    @property
    def categories(self) -> Sequence[Category]: ...
    @property
    def terms(self) -> Sequence[Term]: ...
    @property
    def cases(self) -> Sequence[Case]: ...
    @property
    def items(self) -> Sequence[QuizItem]: ...


def merge(parts: Sequence[DeckParts], version: str) -> Deck:
    """One deck holding the records of all `parts`, in order."""
    return Deck(
        sources=tuple(s for d in parts for s in d.sources),
        categories=tuple(c for d in parts for c in d.categories),
        terms=tuple(t for d in parts for t in d.terms),
        cases=tuple(c for d in parts for c in d.cases),
        items=tuple(i for d in parts for i in d.items),
        version=version,
    )
