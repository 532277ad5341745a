"""Anki package export (genanki): glossary notes with furigana, both directions; quiz cards.

Model and deck ids are derived from fixed names, and note GUIDs from (deck id, entry id) —
the deck's own id and the entry's id inside it, the same whether the deck was exported on
its own or beside others — so re-importing a newer export updates the same notes in Anki
instead of duplicating them, and two decks that both have a `ppe` term make two notes.
(The pair is hashed as the qualified id earlier versions used, so notes imported from them
are updated too.)
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path
from typing import Any

from exoterm.core.content.cloze import Blank, parse_cloze
from exoterm.core.content.decks import NAMESPACE_SEP, SHIPPED_DECK_ID, owner
from exoterm.core.content.export import item_to_dict
from exoterm.core.content.models import (
    ClozeBody,
    Deck,
    DeckInfo,
    MatchingBody,
    MultiBody,
    NumericBody,
    QuizItem,
    SingleBody,
    Term,
    TrueFalseBody,
    TypedBody,
)
from exoterm.core.exports.common import cite, tag
from exoterm.core.numbers import as_decimal, format_number, plain_number, round_to
from exoterm.core.quiz.relabel import relabel

CSS = """.card { font-family: "Hiragino Sans", "Noto Sans CJK JP", sans-serif; font-size: 22px;
 text-align: center; } .en { color: #555; font-size: 18px; } .small { font-size: 15px; text-align: left; }
.badge { font-size: 13px; border: 1px solid #888; border-radius: 4px; padding: 0 4px; }"""


GLOSSARY, QUIZ = "用語集 Glossary", "問題 Quiz"


def stable_id(name: str) -> int:
    """A 31-bit id from a name, in genanki's valid range and the same every run."""
    return 1 << 30 | int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") >> 2


def esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def furigana(term: Term) -> str:
    """Anki's furigana syntax: ` 細胞外小胞[さいぼうがいしょうほう]` (ruby over the headword)."""
    if not any("\u4e00" <= ch <= "\u9fff" or ch == "\u3005" for ch in term.ja):
        return esc(term.ja)  # no kanji, nothing to read
    return f" {esc(term.ja)}[{esc(term.reading)}]"


def _models() -> tuple[object, object, object, object]:
    import genanki

    back = (
        '<div class=small>{{DefinitionJa}}<br><span class=en>{{DefinitionEn}}</span></div>'
        '<div class=small>{{#Note}}<br>{{Note}}{{/Note}}</div>'
        '<div class=small><span class=badge>{{Evidence}}</span> {{Sources}}</div>'
    )
    glossary = genanki.Model(
        stable_id("exoterm glossary model v1"), "exoterm glossary",
        fields=[{"name": n} for n in (
            "Id", "Headword", "Reading", "Furigana", "English", "Abbr", "DefinitionJa",
            "DefinitionEn", "Evidence", "Sources", "Note")],
        templates=[
            {"name": "ja→en", "qfmt": "<div>{{furigana:Furigana}}</div>",
             "afmt": "{{FrontSide}}<hr id=answer><div>{{English}} {{#Abbr}}({{Abbr}}){{/Abbr}}</div>" + back},
            {"name": "en→ja", "qfmt": "<div>{{English}} {{#Abbr}}({{Abbr}}){{/Abbr}}</div>",
             "afmt": "{{FrontSide}}<hr id=answer><div>{{furigana:Furigana}}</div>" + back},
        ],
        css=CSS, sort_field_index=2,
    )
    # genanki cannot see through the `furigana:` filter and would demand every field be
    # filled; say which fields make each card: ja→en needs Furigana, en→ja needs English.
    glossary.__dict__["_req"] = [[0, "any", [3]], [1, "any", [4]]]
    quiz = genanki.Model(
        stable_id("exoterm quiz model v1"), "exoterm quiz",
        fields=[{"name": n} for n in ("Id", "Type", "Prompt", "Choices", "Answer", "Explanation", "Sources")],
        templates=[{
            "name": "question",
            "qfmt": "<div>{{Prompt}}</div><div class=small>{{Choices}}</div>",
            "afmt": "{{FrontSide}}<hr id=answer><div>{{Answer}}</div>"
                    "<div class=small>{{Explanation}}<br>{{Sources}}</div>",
        }],
        css=CSS,
    )
    cloze = genanki.Model(
        stable_id("exoterm cloze model v1"), "exoterm cloze",
        fields=[{"name": n} for n in ("Text", "Id", "Explanation", "Sources")],
        templates=[{"name": "cloze", "qfmt": "{{cloze:Text}}",
                    "afmt": "{{cloze:Text}}<div class=small>{{Explanation}}<br>{{Sources}}</div>"}],
        css=CSS, model_type=genanki.Model.CLOZE,
    )
    # Calculations as Anki's typed cards ("Basic (type in the answer)"): the learner types
    # the number and Anki compares it with Answer character by character.
    numeric = genanki.Model(
        stable_id("exoterm numeric model v1"), "exoterm numeric",
        fields=[{"name": n} for n in ("Id", "Prompt", "Answer", "Unit", "Accepted", "Explanation",
                                      "Sources")],
        templates=[{
            "name": "calculation",
            "qfmt": "<div>{{Prompt}}</div>{{type:Answer}}<div class=small>{{Unit}}</div>",
            "afmt": "<div>{{Prompt}}</div><hr id=answer>{{type:Answer}}"
                    "<div>{{Unit}} {{Accepted}}</div>"
                    "<div class=small>{{Explanation}}<br>{{Sources}}</div>",
        }],
        css=CSS,
    )
    return glossary, quiz, cloze, numeric


def numeric_fields(body: NumericBody) -> tuple[str, str, str]:
    """(Answer, Unit, Accepted) of a calculation card: the answer as plain ASCII digits to
    type (to the places asked for), the unit in both languages, and the ± tolerance."""
    value = as_decimal(body.answer)
    answer = plain_number(value) if body.decimals is None else format(round_to(value, body.decimals), "f")
    unit = _bi(body.unit.ja, body.unit.en) if body.unit else ""
    tolerance = as_decimal(body.tolerance)
    return answer, unit, f"(±{format_number(tolerance)})" if tolerance else ""


def _bi(ja: str, en: str) -> str:
    return esc(ja) if not en or ja == en else f"{esc(ja)}<br><span class=en>{esc(en)}</span>"


def _choices_and_answer(item: QuizItem) -> tuple[str, str]:
    body = item.body
    if isinstance(body, SingleBody | MultiBody):
        right = {body.answer} if isinstance(body, SingleBody) else set(body.answers)
        rows = [f"{n}. {_bi(c.ja, c.en)}" for n, c in enumerate(body.choices, 1)]
        answer = [f"{n}. {_bi(c.ja, c.en)}" for n, c in enumerate(body.choices, 1) if c.id in right]
        return "<br>".join(rows), "<br>".join(answer)
    if isinstance(body, TrueFalseBody):
        return "○ / ×", "○ (true)" if body.answer else "× (false)"
    if isinstance(body, TypedBody):
        return "", _bi(body.answer.ja, body.answer.en)
    if isinstance(body, MatchingBody):
        lefts = "<br>".join(_bi(p.left.ja, p.left.en) for p in body.pairs)
        pairs = "<br>".join(
            f"{_bi(p.left.ja, p.left.en)} → {_bi(p.right.ja, p.right.en)}" for p in body.pairs
        )
        return lefts, pairs
    raise AssertionError(f"not a quiz-model item: {item_to_dict(item)['type']}")


def _explanations(item: QuizItem) -> tuple[str, str]:
    """The explanation in both languages, choice ids turned into the numbers shown on the card."""
    if not isinstance(item.body, SingleBody | MultiBody):
        return item.explanation.ja, item.explanation.en
    keys = {c.id: str(n) for n, c in enumerate(item.body.choices, 1)}
    return relabel(item.explanation.ja, keys, "ja"), relabel(item.explanation.en, keys, "en")


def cloze_field(body: ClozeBody) -> str:
    """Both languages, blank n of each marked {{cN::…}} so Anki makes one card per blank."""
    lines = []
    for text in (body.text.ja, body.text.en):
        n = 0
        out = []
        for part in parse_cloze(text):
            if isinstance(part, Blank):
                n += 1
                out.append(f"{{{{c{n}::{esc(part.answers[0])}}}}}")
            else:
                out.append(esc(part))
        lines.append("".join(out))
    return "<br>".join(lines)


def qualified_id(info: DeckInfo, local_id: str) -> str:
    """The entry's id as exoterm shows it beside the shipped content: bare for the shipped
    deck, `<deck id>/<id>` for a trainer's deck — however the deck was loaded."""
    return local_id if info.id == SHIPPED_DECK_ID else f"{info.id}{NAMESPACE_SEP}{local_id}"


def note_guid(kind: str, info: DeckInfo, local_id: str) -> str:
    """The note's GUID, from (deck id, entry id) through the qualified id — the ids earlier
    exports used for the shipped content and `--deck` decks, so their notes are updated."""
    import genanki

    return str(genanki.guid_for(kind, qualified_id(info, local_id)))


class _AnkiDecks:
    """One glossary and one quiz subdeck per deck title (or all under `name` when given)."""

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.decks: dict[tuple[str, str], object] = {}

    def get(self, info: DeckInfo, part: str) -> Any:
        import genanki

        title = self.name or info.title
        key = (title, part)
        if key not in self.decks:
            self.decks[key] = genanki.Deck(stable_id(f"exoterm {part} deck {title}"), f"{title}::{part}")
        return self.decks[key]


def write_apkg(deck: Deck, path: Path, anki_deck: str | None = None) -> tuple[int, int]:
    """Write the package; returns (glossary notes, quiz notes). Notes go to
    `<title>::用語集 Glossary` and `<title>::問題 Quiz`: `anki_deck`, else each deck's title."""
    import genanki

    glossary_model, quiz_model, cloze_model, numeric_model = _models()
    decks = _AnkiDecks(anki_deck)
    for t in deck.terms:
        info, local = owner(deck, t.id)
        fields = [
            qualified_id(info, local), esc(t.ja), esc(t.reading), furigana(t), esc(t.en),
            esc(", ".join(t.abbr)), esc(t.definition.ja), esc(t.definition.en), t.evidence,
            esc(cite(deck, t.sources)), _bi(t.note.ja, t.note.en) if t.note else "",
        ]
        category_deck, category = owner(deck, t.category)
        tags = [tag(f"{category_deck.id}::category::{category}"), tag(f"exoterm::evidence::{t.evidence}")]
        decks.get(info, GLOSSARY).add_note(
            genanki.Note(glossary_model, fields, tags=tags, guid=note_guid("term", info, local)))
    for item in deck.items:
        info, local = owner(deck, item.id)
        tags = [tag(f"exoterm::type::{item.type}"), tag(f"exoterm::evidence::{item.evidence}")]
        tags += [tag(f"exoterm::section::{item.section}")] if item.section else []
        tags += [tag(f"exoterm::tag::{t}") for t in item.tags]
        explanation = _bi(*_explanations(item))
        sources = esc(cite(deck, item.sources))
        guid = note_guid("item", info, local)
        quiz_deck = decks.get(info, QUIZ)
        if isinstance(item.body, ClozeBody):
            fields = [cloze_field(item.body), qualified_id(info, local), explanation, sources]
            quiz_deck.add_note(genanki.Note(cloze_model, fields, tags=tags, guid=guid))
            continue
        prompt = _bi(item.prompt.ja, item.prompt.en)
        if item.case and item.case in deck.case_by_id:
            scenario = deck.case_by_id[item.case].scenario
            prompt = f"<div class=small>{_bi(scenario.ja, scenario.en)}</div>{prompt}"
        if isinstance(item.body, NumericBody):
            fields = [qualified_id(info, local), prompt, *numeric_fields(item.body), explanation, sources]
            quiz_deck.add_note(genanki.Note(numeric_model, fields, tags=tags, guid=guid))
            continue
        choices, answer = _choices_and_answer(item)
        fields = [qualified_id(info, local), item.type, prompt, choices, answer, explanation, sources]
        quiz_deck.add_note(genanki.Note(quiz_model, fields, tags=tags, guid=guid))
    genanki.Package(list(decks.decks.values())).write_to_file(str(path))
    return len(deck.terms), len(deck.items)
