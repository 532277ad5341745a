"""What a question explains after it is answered: its explanation, glossary entries and
citations (source title + section), gathered from the deck when the question is made."""

from __future__ import annotations

from collections.abc import Iterable

from exoterm.core.content.models import Citation, Deck, QuizItem, Term
from exoterm.core.quiz.questions import CitationText, Feedback, GlossaryEntry, Lang


def glossary_entry(term: Term, lang: Lang) -> GlossaryEntry:
    note = term.note.get(lang) if term.note is not None else None
    return GlossaryEntry(term.id, term.ja, term.reading, term.en, term.abbr,
                         term.definition.get(lang), note)


def citation_texts(deck: Deck, citations: Iterable[Citation]) -> tuple[CitationText, ...]:
    """Citations with the source's title; an unknown source id is shown as the id."""
    out: list[CitationText] = []
    for cit in citations:
        source = deck.source_by_id.get(cit.id)
        title = source.title if source is not None else cit.id
        trust = source.trust if source is not None else "reference"
        entry = CitationText(cit.id, title, cit.section, trust)
        if entry not in out:
            out.append(entry)
    return tuple(out)


def item_feedback(deck: Deck, item: QuizItem, lang: Lang) -> Feedback:
    entries = tuple(glossary_entry(deck.term_by_id[t], lang) for t in item.terms
                    if t in deck.term_by_id)
    cites = list(item.sources)
    case = deck.case_by_id.get(item.case) if item.case else None
    if case is not None:
        cites.extend(case.sources)
    return Feedback(item.explanation.get(lang), entries, citation_texts(deck, cites), item.evidence)


def term_feedback(deck: Deck, term: Term, lang: Lang) -> Feedback:
    """For a term card the glossary entry is the explanation (no separate text)."""
    return Feedback("", (glossary_entry(term, lang),), citation_texts(deck, term.sources),
                    term.evidence)
