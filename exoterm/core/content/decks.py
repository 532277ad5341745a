"""Trainers' own decks loaded beside (or instead of) the shipped content.

Every id a deck defines is namespaced as `<deck id>/<id>`, so two decks never collide and
review history stays keyed on stable ids. The deck id comes from the deck's `deck:` header
(sources.yaml), so renaming or copying the folder changes no id; a deck without one is
named after its folder. References inside a deck resolve to the deck's
own ids first, then to the shipped ones (which keep their plain ids).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from exoterm.core.content.models import Case, Category, Citation, Deck, DeckInfo, QuizItem, Source, Term
from exoterm.core.digest import hexdigest

NAMESPACE_SEP = "/"


SHIPPED_DECK_ID = "exoterm"  # the shipped content's deck id (its sources.yaml says so too)


def folder_deck_id(folder: Path) -> str:
    """The id of a deck without a `deck:` header, from its folder name: lowercased, other
    characters as hyphens; a name with no ASCII letters or digits (`感染管理`) gets
    `deck-` and a digest of the name, so any folder name works."""
    raw = folder.resolve().name
    name = re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")
    return name or "deck-" + hexdigest(raw.encode(), 4)


def deck_info(folder: Path, declared: Sequence[DeckInfo]) -> DeckInfo:
    """The deck's declared identity, else one made from its folder name."""
    if declared:
        return declared[0]
    fallback = folder_deck_id(folder)
    return DeckInfo(fallback, folder.resolve().name or fallback)


def owner(deck: Deck, entry_id: str) -> tuple[DeckInfo, str]:
    """Which of `deck.decks` an entry belongs to, and its id inside that deck: the same
    pair however the deck was loaded (on its own, or namespaced beside others)."""
    head, sep, rest = entry_id.partition(NAMESPACE_SEP)
    bare = None
    for info in deck.decks:
        if info.namespaced and sep and info.id == head:
            return info, rest
        if not info.namespaced:
            bare = info
    return bare or DeckInfo(SHIPPED_DECK_ID, SHIPPED_DECK_ID), entry_id


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


def namespace(deck: Deck, info: DeckInfo) -> Deck:
    """The deck with its own ids (and references to them) prefixed by `<info.id>/`."""
    r = _Renamer(deck, info.id)
    return Deck(
        sources=tuple(map(r.source, deck.sources)),
        categories=tuple(map(r.category, deck.categories)),
        terms=tuple(map(r.term, deck.terms)),
        cases=tuple(map(r.case, deck.cases)),
        items=tuple(map(r.item, deck.items)),
        version=deck.version,
        decks=(replace(info, namespaced=True),),
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


def merge(parts: Sequence[DeckParts], version: str, decks: tuple[DeckInfo, ...] = ()) -> Deck:
    """One deck holding the records of all `parts`, in order; `decks` are their identities."""
    return Deck(
        sources=tuple(s for d in parts for s in d.sources),
        categories=tuple(c for d in parts for c in d.categories),
        terms=tuple(t for d in parts for t in d.terms),
        cases=tuple(c for d in parts for c in d.cases),
        items=tuple(i for d in parts for i in d.items),
        version=version,
        decks=decks,
    )
