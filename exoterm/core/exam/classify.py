"""Where a card counts in exam terms: its section (必修, 一般, 状況設定) and its category
(the glossary category of the item's first term, or of the term itself)."""

from __future__ import annotations

from exoterm.core.content.models import Deck, QuizItem, Section
from exoterm.core.srs.cards import parse_card_id
from exoterm.core.texts import tr

OTHER = ""  # the category of a card whose item names no term


def section_of(item: QuizItem) -> Section:
    """The exam section an item is asked in (一般 when the item names none)."""
    return item.section or "一般"


def card_section(deck: Deck, card_id: str) -> Section | None:
    """The section of an item card; None for term cards and cards no longer in the deck."""
    if not card_id.startswith("item:"):
        return None
    item = deck.item_by_id.get(card_id[5:])
    return section_of(item) if item is not None else None


def card_category(deck: Deck, card_id: str) -> str | None:
    """The category id a card counts under (OTHER when its item names no known term), or
    None when the card is not in the deck."""
    try:
        kind, content_id, _direction = parse_card_id(card_id)
    except ValueError:
        return None
    if kind == "term":
        term = deck.term_by_id.get(content_id)
        return term.category if term is not None else None
    item = deck.item_by_id.get(content_id)
    if item is None:
        return None
    return next((deck.term_by_id[t].category for t in item.terms if t in deck.term_by_id), OTHER)


def category_label(deck: Deck, category: str, lang: str) -> str:
    """The category's name in `lang` (OTHER and unknown ids: the table's "other")."""
    found = deck.category_by_id.get(category)
    if found is not None:
        return found.label.get(lang)
    return tr("category.other", lang)
