"""Which study cards a deck yields, with stable ids derived from content ids.

`item:<item id>` for a quiz item, `term:<term id>:<direction>` for a generated term card.
Ids never depend on position, so editing the YAML keeps every learner's history attached.
Each card also gets a fingerprint of the content it asks about, so a card whose question
or answer changed can be offered for reset.
"""

from __future__ import annotations

import json
import marshal
import re
from collections.abc import Iterable
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from exoterm.core.cachefiles import prune_others
from exoterm.core.digest import blake2b
from exoterm.core.fileio import WriteError, write_file
from exoterm.core.srs.settings import DIRECTIONS

if TYPE_CHECKING:
    from exoterm.core.content.models import Deck, QuizItem, Term

CardKind = Literal["item", "term"]
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")


class CardInfo(NamedTuple):
    """One schedulable card: id, what it is, its category and content fingerprint. A named
    tuple: a deck of 10,000 terms has 40,000 cards, made ten times faster than dataclasses.

    Siblings (Anki's cards of one note) share `sibling_key`: a term's directions share
    the term id; every item is its own family. A case's items are not siblings: a 状況設定
    case is answered question after question, as in the exam, so none of them is buried.
    """

    id: str
    kind: CardKind
    content_id: str
    direction: str | None
    category: str | None
    fingerprint: str
    formerly: tuple[str, ...] = ()  # card ids this card had before its content was renamed

    @property
    def sibling_key(self) -> str:
        """The card's family: its term or item id."""
        return self.content_id


def item_card_id(item_id: str) -> str:
    return f"item:{item_id}"


def term_card_id(term_id: str, direction: str) -> str:
    return f"term:{term_id}:{direction}"


def parse_card_id(card_id: str) -> tuple[CardKind, str, str | None]:
    """(kind, content id, direction) of a card id; ValueError when it is not one."""
    if card_id.startswith("item:") and len(card_id) > 5:
        return "item", card_id[5:], None
    if card_id.startswith("term:"):
        content, _, direction = card_id[5:].rpartition(":")
        if content and direction in DIRECTIONS:
            return "term", content, direction
    raise ValueError(f"not a card id: {card_id!r}")


def has_reading_card(term: Term) -> bool:
    """A reading card only makes sense when the headword has kanji to read."""
    return bool(_KANJI.search(term.ja)) and term.reading != term.ja


def has_direction(term: Term, direction: str) -> bool:
    """Whether `term` gets a card in `direction`: reading cards need kanji to read, the
    English directions an English term (a Japanese-only term has none)."""
    if direction == "reading":
        return has_reading_card(term)
    return bool(term.en) or direction not in ("ja>en", "en>ja")


def _fingerprint(*parts: object) -> str:
    def plain(value: object) -> object:
        return asdict(value) if is_dataclass(value) and not isinstance(value, type) else value

    text = json.dumps([plain(p) for p in parts], ensure_ascii=False, sort_keys=True, default=str)
    return blake2b(text.encode(), digest_size=8).hexdigest()


def term_fingerprint(term: Term, direction: str) -> str:
    """Fingerprint of what a term card shows and expects, for one direction."""
    if direction == "reading":
        return _fingerprint(direction, term.ja, term.reading)
    if direction == "def>term":
        return _fingerprint(direction, term.definition, term.ja, term.en)
    return _fingerprint(direction, term.ja, term.en)


def item_fingerprint(item: QuizItem) -> str:
    """Fingerprint of a quiz item's prompt and answer (not its explanation or sources)."""
    return _fingerprint(item.prompt, item.body, type(item.body).__name__, item.case)


NEW_ORDER_SEED = "exoterm-new-order-1"  # changing it reorders every learner's new cards


def list_cards(deck: Deck, directions: Iterable[str]) -> tuple[CardInfo, ...]:
    """All cards of `deck` in study (introduction) order.

    New cards taken in this order mix question types and categories from the first day:
    each kind (term cards, and each quiz-item type) takes its share of the order, and
    within a kind the categories take turns, each category's terms or items in a seeded,
    stable order (a hash of the id: the same on every machine and run). A term's
    directions stay together, and so do a case's items (answered one after another).
    """
    wanted = [d for d in DIRECTIONS if d in set(directions)]
    units: list[tuple[str, str, list[CardInfo]]] = []  # (kind, category, cards)
    for term in deck.terms:
        cards = [CardInfo(term_card_id(term.id, d), "term", term.id, d, term.category,
                          term_fingerprint(term, d),
                          formerly=tuple(term_card_id(old, d) for old in term.formerly))
                 for d in wanted if has_direction(term, d)]
        if cards:
            units.append(("term", term.category, cards))
    cases: dict[str, list[CardInfo]] = {}
    for item in deck.items:
        category = next((deck.term_by_id[t].category for t in item.terms
                         if t in deck.term_by_id), None)
        info = CardInfo(item_card_id(item.id), "item", item.id, None, category,
                        item_fingerprint(item), formerly=tuple(map(item_card_id, item.formerly)))
        if item.case and item.case in cases:
            cases[item.case].append(info)
            continue
        unit = [info]
        if item.case:
            cases[item.case] = unit
        units.append((f"item:{item.body.kind}", category or "", unit))
    return tuple(c for unit in _new_order(units) for c in unit)


def _new_order(units: list[tuple[str, str, list[CardInfo]]]) -> list[list[CardInfo]]:
    """Term cards and quiz items mixed in proportion (as the deck has them); the item
    types take turns; within a kind, categories take turns, each shuffled stably."""
    def rank(cards: list[CardInfo]) -> bytes:
        return blake2b(f"{NEW_ORDER_SEED}\0{cards[0].id}".encode(), digest_size=8).digest()

    lanes: dict[str, dict[str, list[list[CardInfo]]]] = {}
    for kind, category, cards in units:
        lanes.setdefault(kind, {}).setdefault(category, []).append(cards)
    ordered = {kind: _turns([sorted(g, key=rank) for g in by_category.values()])
               for kind, by_category in lanes.items()}
    terms = ordered.pop("term", [])
    items = _turns(list(ordered.values()))
    keyed = [((i + 0.5) / len(terms), 0, unit) for i, unit in enumerate(terms)]
    keyed += [((i + 0.5) / len(items), 1, unit) for i, unit in enumerate(items)]
    return [unit for _, _, unit in sorted(keyed, key=lambda k: (k[0], k[1]))]


def _turns(groups: list[list[list[CardInfo]]]) -> list[list[CardInfo]]:
    """One from each group in turn (groups that run out drop out)."""
    out: list[list[CardInfo]] = []
    for i in range(max((len(g) for g in groups), default=0)):
        out += [g[i] for g in groups if i < len(g)]
    return out


def catalog_digest(cards: Iterable[CardInfo]) -> str:
    """A digest of everything syncing writes from a catalog: a store records the digest of
    the catalog it last synced with and skips syncing the same one again."""
    digest = blake2b(digest_size=16)
    for info in cards:
        digest.update(f"{info.id}\0{info.fingerprint}\0{info.sibling_key}\0"
                      f"{' '.join(info.formerly)}\n".encode())
    return digest.hexdigest()


CATALOG_FORMAT = 3  # 3: no digest before the payload (the store remembers it: deckheads)
KEEP_OTHER_CATALOGS = 3  # cached catalogs kept besides the current one
_last: tuple[tuple[str, tuple[str, ...]], tuple[CardInfo, ...]] | None = None


def catalog(deck: Deck, directions: Iterable[str], cache_dir: Path | None = None) -> tuple[CardInfo, ...]:
    """`list_cards(deck, directions)`, remembered for the last deck version and read from
    `cache_dir` when given: fingerprinting every card costs ~0.1 s per 1,000 terms, and a
    start with unchanged content should not pay it (nor opening a review after it)."""
    global _last
    if not deck.version:
        return list_cards(deck, directions)
    key = (deck.version, tuple(sorted(set(directions))))
    if _last is not None and _last[0] == key:
        return _last[1]
    cards = _read_catalog(cache_dir, key) if cache_dir is not None else None
    if cards is None:
        cards = list_cards(deck, directions)
        if cache_dir is not None:
            _write_catalog(cache_dir, key, cards)
    _last = (key, cards)
    return cards


def _catalog_file(cache_dir: Path, key: tuple[str, tuple[str, ...]]) -> Path:
    name = blake2b(repr(key).encode(), digest_size=16).hexdigest()
    return cache_dir / f"cards-v{CATALOG_FORMAT}-{name}.marshal"


def _read_catalog(cache_dir: Path, key: tuple[str, tuple[str, ...]]) -> tuple[CardInfo, ...] | None:
    try:
        blob = _catalog_file(cache_dir, key).read_bytes()
        digest, payload = blob[:16], blob[16:]
        if blake2b(payload, digest_size=16).digest() != digest:
            return None
        version, directions, rows = marshal.loads(payload)
        if (version, tuple(directions)) != key:
            return None
        return tuple(map(CardInfo._make, rows))
    except (OSError, ValueError, EOFError, TypeError):
        return None  # missing or unreadable: list the cards again


def _write_catalog(cache_dir: Path, key: tuple[str, tuple[str, ...]], cards: tuple[CardInfo, ...]) -> None:
    path = _catalog_file(cache_dir, key)
    rows = [tuple(c) for c in cards]
    payload = marshal.dumps((key[0], list(key[1]), rows))
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_file(path, blake2b(payload, digest_size=16).digest() + payload)
    except (OSError, ValueError, WriteError):
        return  # a read-only or full disk only costs the next start the listing
    prune_others(cache_dir, "cards-v*.marshal", path, KEEP_OTHER_CATALOGS)  # older formats too
