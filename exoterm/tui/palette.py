"""Command palette providers: glossary terms, and study sessions (review, cram, filters).

Content text (term names, category labels) is shown as `Content`, never parsed as markup;
the palette parses help lines as markup, so content in them is escaped first.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from exoterm.core.japanese import needs_reading

if TYPE_CHECKING:
    from exoterm.tui.app import ExotermApp

MAX_TERMS = 12


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` as literal Content with the fuzzy-matched characters emphasised."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            content = content.stylize("bold underline", offset, offset + 1)
    return content


class TermProvider(Provider):
    """Jump to a glossary term: the same ranked search as the glossary box."""

    @property
    def exo(self) -> ExotermApp:
        return cast("ExotermApp", self.app)

    async def search(self, query: str) -> Hits:
        data = self.exo.data
        if data.search is None or data.deck is None or not query.strip():
            return
        lang = self.exo.lang
        for rank, term_id in enumerate(data.search.search(query)[:MAX_TERMS]):
            term = data.deck.term_by_id.get(term_id)
            if term is None:
                continue
            reading = f"（{term.reading}）" if needs_reading(term.ja, term.reading) else ""
            title = f"{term.ja}{reading}  {term.en}"
            category = data.deck.category_by_id.get(term.category)
            help_text = category.label.get(lang) if category else ""
            yield Hit(0.9 - rank * 0.01, Content(title), partial(self.exo.open_term, term_id),
                      text=title, help=escape(help_text))


AFTER_SYSTEM_COMMANDS = -1.0


class SessionProvider(Provider):
    """Start today's review, a filtered review, or cram (all, flashcards, by category,
    by section)."""

    @property
    def exo(self) -> ExotermApp:
        return cast("ExotermApp", self.app)

    def _plans(self) -> list[tuple[object, str, str]]:
        from exoterm.tui.review_parts import plans

        deck = self.exo.data.deck
        return [] if deck is None else list(plans(deck, self.exo.lang))

    async def discover(self) -> Hits:
        # Scored just below the system commands' discovery hits (0): Textual shows the
        # providers' hits in the order they arrive, which would vary from run to run.
        for plan, title, help_text in self._plans():
            yield Hit(AFTER_SYSTEM_COMMANDS, Content(title), partial(self.exo.start_session, plan),
                      text=title, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for plan, title, help_text in self._plans():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, highlighted(matcher, title), partial(self.exo.start_session, plan),
                          text=title, help=escape(help_text))
