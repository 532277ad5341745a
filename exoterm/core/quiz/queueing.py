"""Which cards a session asks, in what order: filters, due queue, interleaving, cram.

Order: (re)learning cards due now, then reviews due today, then new cards up to the
daily limit (the store's queue and limits). Within reviews and within new cards the
kinds (question types and term directions) take turns, and two cards of the same term
or case are kept apart where possible, so a session is never a run of one type.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from exoterm.core.content.models import Deck
from exoterm.core.digest import blake2b
from exoterm.core.srs.cards import CardInfo
from exoterm.core.store import Queue, Store


@dataclass(frozen=True, slots=True)
class SessionFilter:
    """Cards to keep; each non-empty field must match (any of its values)."""

    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.categories or self.tags or self.sections or self.sources)

    def matches(self, deck: Deck, info: CardInfo) -> bool:
        if info.kind == "term":
            term = deck.term_by_id[info.content_id]
            categories: set[str] = {term.category}
            tags: set[str] = set()
            section = None
            sources = {c.id for c in term.sources}
        else:
            item = deck.item_by_id[info.content_id]
            categories = {deck.term_by_id[t].category for t in item.terms if t in deck.term_by_id}
            tags = set(item.tags)
            section = item.section
            sources = {c.id for c in item.sources}
            case = deck.case_by_id.get(item.case) if item.case else None
            if case is not None:
                sources |= {c.id for c in case.sources}
        return (
            (not self.categories or bool(categories & set(self.categories)))
            and (not self.tags or bool(tags & set(self.tags)))
            and (not self.sections or section in self.sections)
            and (not self.sources or bool(sources & set(self.sources)))
        )


def kind_of(deck: Deck, card_id: str) -> str:
    """What takes turns when interleaving: the item's type or the term's direction."""
    if card_id.startswith("item:"):
        item = deck.item_by_id.get(card_id[5:])
        return f"item:{item.type if item else '?'}"
    return "term:" + card_id.rpartition(":")[2]


def family_of(deck: Deck, card_id: str) -> str:
    """Cards that should not follow each other: a term's directions, a case's items."""
    if card_id.startswith("item:"):
        item = deck.item_by_id.get(card_id[5:])
        return f"case:{item.case}" if item and item.case else card_id
    return "term:" + card_id[5:].rpartition(":")[0]


def interleave(cards: Sequence[str], kind: Callable[[str], str],
               family: Callable[[str], str]) -> list[str]:
    """Mix kinds in proportion (each kind keeps its order, never twice in a row while
    another kind is left), then move cards so two of one family do not follow each other.

    Card i of a kind with n cards ideally sits at (i + phase) / n of the session; the
    phase differs per kind so single cards of different kinds spread out. A limit cut
    from the front therefore keeps the same mix.
    """
    groups: dict[str, list[str]] = {}
    for card in cards:
        groups.setdefault(kind(card), []).append(card)
    lanes = list(groups.values())
    phases = [(g + 1) / (len(lanes) + 1) for g in range(len(lanes))]
    taken = [0] * len(lanes)
    order: list[str] = []
    previous = -1
    while len(order) < len(cards):
        best: tuple[tuple[bool, float, int], int] | None = None
        for g, lane in enumerate(lanes):
            if taken[g] < len(lane):
                key = (g == previous, (taken[g] + phases[g]) / len(lane), g)
                if best is None or key < best[0]:
                    best = (key, g)
        assert best is not None
        previous = best[1]
        order.append(lanes[previous][taken[previous]])
        taken[previous] += 1
    for i in range(1, len(order)):
        if family(order[i]) != family(order[i - 1]):
            continue
        for j in range(i + 1, len(order)):
            if family(order[j]) != family(order[i - 1]):
                order.insert(i, order.pop(j))
                break
    return order


def seeded_shuffle(cards: Iterable[str], seed: int) -> list[str]:
    out = sorted(cards)
    random.Random(seed).shuffle(out)
    return out


def presentation_seed(session_seed: int, card_id: str, shown: int) -> int:
    """A seed for shuffling one presentation's options (reproducible from the session's)."""
    data = f"{session_seed}\0{card_id}\0{shown}".encode()
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "big")


def due_queue(store: Store, allowed: set[str] | None) -> Queue:
    """Today's queue from the store — due (re)learning cards, reviews, then new cards in
    the catalog's mixed order, within the daily limits — restricted to `allowed` (None
    meaning everything)."""
    return store.queue(allowed=allowed)


def session_order(deck: Deck, queue: Queue, limit: int | None) -> list[str]:
    """Learning first, then reviews, then new cards, each interleaved; at most `limit`."""
    def kind(card: str) -> str:
        return kind_of(deck, card)

    def family(card: str) -> str:
        return family_of(deck, card)

    order = [*queue.learning, *interleave(queue.review, kind, family),
             *interleave(queue.new, kind, family)]
    return order if limit is None else order[: max(0, limit)]


def cram_order(deck: Deck, cards: Iterable[str], seed: int, limit: int | None) -> list[str]:
    """Every matching card regardless of due dates, shuffled (seeded) and interleaved."""
    shuffled = seeded_shuffle(cards, seed)
    order = interleave(shuffled, lambda c: kind_of(deck, c), lambda c: family_of(deck, c))
    return order if limit is None else order[: max(0, limit)]
