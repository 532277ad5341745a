"""Turn a card id into a presented Question: quiz items from quiz.yaml and term cards.

Choices are shuffled per presentation with `random.Random(seed)`; the answer is tracked
by choice id, never by position. Matching shuffles both sides (left numbered, right
lettered). A 状況設定 item carries its case's scenario so it is shown before each question.
"""

from __future__ import annotations

import random
import string
from dataclasses import replace

from exoterm.core.content.cloze import Blank, parse_cloze
from exoterm.core.content.models import (
    ClozeBody,
    Deck,
    MatchingBody,
    MultiBody,
    NumericBody,
    QuizItem,
    SingleBody,
    TrueFalseBody,
    TypedBody,
)
from exoterm.core.numbers import as_decimal, format_number
from exoterm.core.quiz.checking import compare_key
from exoterm.core.quiz.explain import item_feedback
from exoterm.core.quiz.questions import (
    AnswerKey,
    Lang,
    NumericKey,
    Option,
    Question,
    QuestionKind,
    Scenario,
)
from exoterm.core.quiz.relabel import relabel
from exoterm.core.quiz.termcards import DISTRACTORS, TermStyle, distractors, spellings, term_question
from exoterm.core.srs.cards import item_card_id, parse_card_id
from exoterm.core.texts import tr

LETTERS = string.ascii_lowercase


def letter_key(n: int) -> str:
    """a, b, … z, then aa, ab, … (matching items rarely have more than a handful)."""
    return LETTERS[n] if n < 26 else LETTERS[n // 26 - 1] + LETTERS[n % 26]


def blank_marker(n: int, total: int) -> str:
    """How blank `n` (1-based) is shown: ＿＿＿ alone, ＿(1)＿ when there are several."""
    return "＿＿＿" if total == 1 else f"＿({n})＿"


def question_for(deck: Deck, card_id: str, lang: Lang, seed: int,
                 term_style: TermStyle = "auto") -> Question:
    """The question for any card id; KeyError when its content is not in the deck."""
    kind, content_id, direction = parse_card_id(card_id)
    if kind == "term":
        assert direction is not None
        return term_question(deck, deck.term_by_id[content_id], direction, lang, seed, term_style)
    return item_question(deck, deck.item_by_id[content_id], lang, seed)


def question_kind(deck: Deck, card_id: str, lang: Lang,
                  term_style: TermStyle = "auto") -> QuestionKind:
    """How `card_id` is asked (what `question_for(...).kind` would be), without building the
    question; KeyError when its content is not in the deck. Lets a session keep only some
    kinds (e.g. practise matching items) and tests start on the kind they need."""
    kind, content_id, direction = parse_card_id(card_id)
    if kind == "item":
        return deck.item_by_id[content_id].body.kind
    term = deck.term_by_id[content_id]
    assert direction is not None
    if term_style == "flashcard":
        return "flashcard"
    if term_style == "auto" and direction != "reading" \
            and len(distractors(deck, term, direction, lang)) == DISTRACTORS:
        return "single"
    return "typed"


def item_question(deck: Deck, item: QuizItem, lang: Lang, seed: int) -> Question:
    rng = random.Random(seed)
    body = item.body
    base = Question(item_card_id(item.id), body.kind, lang, item.prompt.get(lang),
                    AnswerKey(display=""), item_feedback(deck, item, lang),
                    scenario=_scenario(deck, item, lang), section=item.section, tags=item.tags)
    if isinstance(body, SingleBody | MultiBody):
        choices = list(body.choices)
        rng.shuffle(choices)
        options = tuple(Option(str(n), c.id, c.get(lang))
                        for n, c in enumerate(choices, 1))
        wanted = {body.answer} if isinstance(body, SingleBody) else set(body.answers)
        shown = [f"{o.key}. {o.text}" for o in options if o.id in wanted]
        select = body.select if isinstance(body, MultiBody) else 1
        keys = {o.id: o.key for o in options}
        feedback = replace(base.feedback, explanation=relabel(base.feedback.explanation, keys, lang))
        return _with(base, options=options, select=select, feedback=feedback,
                     key=AnswerKey(" / ".join(shown), choice_ids=frozenset(wanted)))
    if isinstance(body, TrueFalseBody):
        options = (Option("1", "true", tr("tf.true", lang)), Option("2", "false", tr("tf.false", lang)))
        right = options[0] if body.answer else options[1]
        return _with(base, options=options,
                     key=AnswerKey(right.text, choice_ids=frozenset({right.id})))
    if isinstance(body, TypedBody):
        answer_lang: Lang = lang if body.answer.en else "ja"  # no English answer: type Japanese
        extra = body.accept.ja if answer_lang == "ja" else body.accept.en
        accepted = answer_spellings(deck, item, (body.answer.get(lang), *extra), answer_lang)
        rejects = other_names(deck, accepted)
        return _with(base, answer_lang=answer_lang,
                     key=AnswerKey(accepted[0], texts=(accepted,), rejects=(rejects,),
                                   typo_tolerance=not body.strict))
    if isinstance(body, ClozeBody):
        return _cloze(deck, item, base, body, lang)
    if isinstance(body, NumericBody):
        return _numeric(base, body, lang)
    return _matching(base, body, lang, rng)


def _with(base: Question, **changes: object) -> Question:
    return replace(base, **changes)  # type: ignore[arg-type]


def _scenario(deck: Deck, item: QuizItem, lang: Lang) -> Scenario | None:
    case = deck.case_by_id.get(item.case) if item.case else None
    if case is None:
        return None
    return Scenario(case.id, case.title.get(lang), case.scenario.get(lang))


def answer_spellings(deck: Deck, item: QuizItem, answers: tuple[str, ...], lang: Lang,
                     readings: dict[str, str] | None = None) -> tuple[str, ...]:
    """What a typed answer or one cloze blank accepts (the same rule for both): its own
    spellings; a reading given on the item; for a glossary headword, its reading; for the
    name of one of the item's terms, that term's aliases and abbreviations too."""
    out = list(answers)
    keys = {compare_key(a) for a in answers}
    if lang == "ja":
        out += [readings[a] for a in answers if readings and a in readings]
        out += [t.reading for t in deck.terms if compare_key(t.ja) in keys]
    for term_id in item.terms:
        term = deck.term_by_id.get(term_id)
        if term is not None and keys & {compare_key(n) for n in spellings(term)}:
            local = term.aliases.ja if lang == "ja" else term.aliases.en
            out.extend([*local, *term.abbr])
    return tuple(dict.fromkeys(out))


def other_names(deck: Deck, accepted: tuple[str, ...], *extra: str) -> tuple[str, ...]:
    """Spellings that never count for `accepted`: every glossary term's names (and `extra`,
    e.g. other blanks' answers) that are not accepted spellings themselves."""
    keys = {compare_key(s) for s in accepted}
    names = [*extra, *(s for t in deck.terms for s in spellings(t))]
    return tuple(dict.fromkeys(s for s in names if compare_key(s) not in keys))


def _cloze(deck: Deck, item: QuizItem, base: Question, body: ClozeBody, lang: Lang) -> Question:
    lang = lang if body.text.en else "ja"  # no English text: the Japanese blanks are asked
    parts = parse_cloze(body.text.get(lang))
    blanks = [p for p in parts if isinstance(p, Blank)]
    shown: list[str] = []
    n = 0
    for part in parts:
        if isinstance(part, Blank):
            n += 1
            shown.append(blank_marker(n, len(blanks)))
        else:
            shown.append(part)
    readings = dict(body.readings)
    texts = tuple(answer_spellings(deck, item, b.answers, lang, readings) for b in blanks)
    rejects = tuple(other_names(deck, accepted,
                                *(a for j, o in enumerate(blanks) if j != i for a in o.answers))
                    for i, accepted in enumerate(texts))
    display = " / ".join(b.answers[0] for b in blanks)
    return _with(base, text="".join(shown), blanks=len(blanks),
                 key=AnswerKey(display, texts=texts, rejects=rejects))


def _numeric(base: Question, body: NumericBody, lang: Lang) -> Question:
    """A calculation: the unit is shown beside the box; the answer as the item asks for
    it (`83`, `41.7`, `2.50` for two places) with its unit and any ± tolerance."""
    value, tolerance = as_decimal(body.answer), as_decimal(body.tolerance)
    unit = body.unit.get(lang) if body.unit else ""
    units = tuple(dict.fromkeys((body.unit.ja, body.unit.en))) if body.unit else ()
    shown = format_number(value, body.decimals) + (f" {unit}" if unit else "")
    if tolerance:
        shown = tr("numeric.within", lang, answer=shown, tolerance=format_number(tolerance))
    key = AnswerKey(shown, number=NumericKey(value, tolerance, body.decimals, units))
    return _with(base, unit=unit, decimals=body.decimals, key=key)


def _matching(base: Question, body: MatchingBody, lang: Lang, rng: random.Random) -> Question:
    indices = list(range(len(body.pairs)))
    left_order = indices[:]
    right_order = indices[:]
    rng.shuffle(left_order)
    rng.shuffle(right_order)
    if len(indices) > 1 and right_order == left_order:
        right_order = right_order[1:] + right_order[:1]  # never the trivial "a b c" answer
    left = tuple(Option(str(n), str(i), body.pairs[i].left.get(lang))
                 for n, i in enumerate(left_order, 1))
    right = tuple(Option(letter_key(n), str(i), body.pairs[i].right.get(lang))
                  for n, i in enumerate(right_order))
    letter = {o.id: o.key for o in right}
    display = " ".join(f"{o.key}{letter[o.id]}" for o in left)
    pairs = frozenset((str(i), str(i)) for i in indices)
    return _with(base, options=left, targets=right, key=AnswerKey(display, pairs=pairs))
