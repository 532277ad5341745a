"""Questions generated from glossary terms, one SRS card per term and direction.

Directions (card id `term:<id>:<direction>`):
- `ja>en`  headword → English term        (choice, else typed)
- `en>ja`  English term → headword         (choice, else typed; the reading is accepted)
- `def>term` definition, with the term's names hidden as ＿＿＿ → the term (choice, else typed)
- `reading` headword → its reading in kana (typed, romaji accepted, no typo tolerance)

Multiple choice needs three distractors from the term's own category that share no
spelling with the answer (its ja/en text, aliases, abbreviations, reading); they are
picked with an RNG seeded by the card id, so a card always offers the same ones. Only
their order is shuffled per presentation.
"""

from __future__ import annotations

import random
import re
from typing import Literal

from exoterm.core.content.models import Deck, Term
from exoterm.core.japanese import to_hiragana, to_katakana
from exoterm.core.quiz.checking import compare_key
from exoterm.core.quiz.explain import term_feedback
from exoterm.core.quiz.questions import AnswerKey, Lang, Option, Question
from exoterm.core.srs.cards import has_direction, has_reading_card, term_card_id
from exoterm.core.srs.fuzz import card_hash
from exoterm.core.texts import tr

TermStyle = Literal["auto", "typed", "flashcard"]
TERM_STYLES: tuple[TermStyle, ...] = ("auto", "typed", "flashcard")
DISTRACTORS = 3
MASK = "＿＿＿"


def spellings(term: Term) -> tuple[str, ...]:
    """Every way the term is written: headword, English, reading, aliases, abbreviations."""
    out = [term.ja, term.en, term.reading, *term.aliases.ja, *term.aliases.en, *term.abbr]
    return tuple(dict.fromkeys(out))


def accepted_spellings(term: Term, direction: str, lang: Lang) -> tuple[str, ...]:
    """Accepted typed answers, the canonical one first."""
    if direction == "ja>en":
        out = [term.en, *term.aliases.en, *term.abbr]
    elif direction == "en>ja":
        out = [term.ja, term.reading, *term.aliases.ja, *term.abbr]
    elif direction == "reading":
        out = [term.reading]
    else:
        first = [term.ja, term.reading] if lang == "ja" or not term.en else [term.en]
        out = [*first, *spellings(term)]
    return tuple(dict.fromkeys(out))


def option_text(term: Term, direction: str, lang: Lang) -> str:
    if direction == "ja>en":
        return term.en
    if direction == "en>ja":
        return term.ja
    return term.name(lang)


def clashes(a: Term, b: Term) -> bool:
    """Whether two terms share any spelling (so one cannot be a distractor for the other)."""
    keys_a = {compare_key(s) for s in spellings(a)}
    return any(compare_key(s) in keys_a for s in spellings(b))


def distractors(deck: Deck, term: Term, direction: str, lang: Lang) -> tuple[Term, ...]:
    """Up to three same-category terms for a choice question, stable for the card."""
    pool = sorted((t for t in deck.terms if t.category == term.category and t.id != term.id),
                  key=lambda t: t.id)
    random.Random(card_hash(term_card_id(term.id, direction))).shuffle(pool)
    chosen: list[Term] = []
    texts = {compare_key(option_text(term, direction, lang))}
    for candidate in pool:
        shown = option_text(candidate, direction, lang)
        text = compare_key(shown)
        if not shown or text in texts or clashes(term, candidate):
            continue
        chosen.append(candidate)
        texts.add(text)
        if len(chosen) == DISTRACTORS:
            break
    return tuple(chosen)


def mask_definition(text: str, term: Term) -> str:
    """The definition with the term's own names replaced by ＿＿＿ (and English endings:
    exosomes, released, glial)."""
    names: set[str] = set()
    for name in spellings(term):
        if len(name) >= 2:
            names.update({name, to_hiragana(name), to_katakana(name)})
    parts = []
    for name in sorted(names, key=len, reverse=True):
        if name.isascii():
            if len(name) >= 4 and name[-1] == "e":  # release → releases, released, releasing
                body = re.escape(name[:-1]) + "(?:e[sd]?|ing)"
            else:  # glia → glial, marker → markers
                body = re.escape(name) + "(?:e?s|e?d|ing|a?l)?"
            parts.append(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])")
        else:
            parts.append(re.escape(name))
    if not parts:
        return text
    return re.sub("|".join(parts), MASK, text, flags=re.IGNORECASE)


def _prompt(term: Term, direction: str, lang: Lang) -> str:
    if direction == "def>term":
        return tr("term.def>term", lang, definition=mask_definition(term.definition.get(lang), term))
    word = term.en if direction == "en>ja" else term.ja
    return tr(f"term.{direction}", lang, word=word)


def _display(term: Term, direction: str, lang: Lang) -> str:
    abbr = f" ({', '.join(term.abbr)})" if term.abbr else ""
    ja = f"{term.ja}（{term.reading}）" if has_reading_card(term) else term.ja
    if direction == "ja>en":
        return term.en + abbr
    if direction == "en>ja":
        return ja
    if direction == "reading":
        return term.reading
    if not term.en:
        return f"{ja}{abbr}"
    return f"{ja} / {term.en}{abbr}" if lang == "ja" else f"{term.en}{abbr} / {ja}"


def _rejects(deck: Deck, term: Term, accepted: tuple[str, ...]) -> tuple[str, ...]:
    keys = {compare_key(s) for s in accepted}
    out = [s for t in deck.terms if t.id != term.id for s in spellings(t)
           if compare_key(s) not in keys]
    return tuple(dict.fromkeys(out))


def directions_for(term: Term, directions: tuple[str, ...]) -> tuple[str, ...]:
    """The enabled directions that apply to `term` (reading only for headwords with kanji)."""
    return tuple(d for d in directions if has_direction(term, d))


def term_question(
    deck: Deck, term: Term, direction: str, lang: Lang, seed: int, style: TermStyle = "auto"
) -> Question:
    """The question for card `term:<term.id>:<direction>`; `seed` shuffles the options."""
    card_id = term_card_id(term.id, direction)
    feedback = term_feedback(deck, term, lang)
    prompt = _prompt(term, direction, lang)
    display = _display(term, direction, lang)
    if style == "flashcard":
        key = AnswerKey(display=display)
        back = display if direction == "def>term" else f"{display}\n{term.definition.get(lang)}"
        return Question(card_id, "flashcard", lang, prompt, key, feedback, back=back,
                        direction=direction)
    others = distractors(deck, term, direction, lang) if direction != "reading" else ()
    if style == "auto" and len(others) == DISTRACTORS:
        terms = [term, *others]
        random.Random(seed).shuffle(terms)
        options = tuple(Option(str(n), t.id, option_text(t, direction, lang))
                        for n, t in enumerate(terms, 1))
        key = AnswerKey(display=display, choice_ids=frozenset({term.id}))
        return Question(card_id, "single", lang, prompt, key, feedback, options=options,
                        direction=direction)
    accepted = accepted_spellings(term, direction, lang)
    key = AnswerKey(display=display, texts=(accepted,), rejects=(_rejects(deck, term, accepted),),
                    typo_tolerance=direction != "reading")
    answer_lang: Lang = "en" if direction == "ja>en" else "ja" if direction != "def>term" else (
        lang if term.en else "ja")
    return Question(card_id, "typed", lang, prompt, key, feedback, answer_lang=answer_lang,
                    direction=direction)
