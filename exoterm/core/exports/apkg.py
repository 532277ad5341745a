"""Anki package export (genanki): glossary notes with furigana (both directions, or definition and
reading cards for a term without English); quiz cards.

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
import itertools
import sqlite3
import time
import zipfile
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
from exoterm.core.quiz.termcards import mask_definition
from exoterm.core.srs.cards import has_direction
from exoterm.core.texts import tr

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


# Glossary notes. A term with English is an "exoterm glossary" note with two cards, ja→en
# and en→ja, as in every earlier export. A term without English gets the cards exoterm asks
# for instead (`has_direction`): definition → term, and reading when its headword has kanji.
# Those are an "exoterm glossary 日本語" note: adding templates or fields to the first
# notetype would change its schema, and Anki then imports into a new copy of it and leaves
# every note already imported from an earlier export as it was, instead of updating it.
# Each front is wrapped in a conditional on the field that makes its card, so Anki (which
# makes no card whose front renders empty) and genanki (`_req`, stated because genanki
# cannot see through the `furigana:` filter) agree on the cards a note has.
_DEFINITION = ("<div class=small>{{DefinitionJa}}{{#DefinitionEn}}<br>"
               "<span class=en>{{DefinitionEn}}</span>{{/DefinitionEn}}</div>")
_NOTE_AND_SOURCES = ("<div class=small>{{#Note}}<br>{{Note}}{{/Note}}</div>"
                     "<div class=small><span class=badge>{{Evidence}}</span> {{Sources}}</div>")
_ABBR = "{{#Abbr}} ({{Abbr}}){{/Abbr}}"
GLOSSARY_FIELDS = ("Id", "Headword", "Reading", "Furigana", "English", "Abbr", "DefinitionJa",
                   "DefinitionEn", "Evidence", "Sources", "Note")
GLOSSARY_TEMPLATES = (
    {"name": "ja→en", "qfmt": "{{#English}}<div>{{furigana:Furigana}}</div>{{/English}}",
     "afmt": "{{FrontSide}}<hr id=answer><div>{{English}}" + _ABBR + "</div>"
             + _DEFINITION + _NOTE_AND_SOURCES},
    {"name": "en→ja", "qfmt": "{{#English}}<div>{{English}}" + _ABBR + "</div>{{/English}}",
     "afmt": "{{FrontSide}}<hr id=answer><div>{{furigana:Furigana}}</div>"
             + _DEFINITION + _NOTE_AND_SOURCES},
)
GLOSSARY_REQ = [[0, "all", [3, 4]], [1, "any", [4]]]
JA_GLOSSARY_FIELDS = ("Id", "Headword", "Reading", "Furigana", "Abbr", "DefinitionJa", "Evidence",
                      "Sources", "Note", "DefinitionFront", "ReadingFront")
JA_GLOSSARY_TEMPLATES = (
    {"name": "定義→用語", "qfmt":
        "{{#DefinitionFront}}<div class=small>{{DefinitionFront}}</div>{{/DefinitionFront}}",
     "afmt": "{{FrontSide}}<hr id=answer><div>{{furigana:Furigana}}" + _ABBR + "</div>"
             + _NOTE_AND_SOURCES},
    {"name": "読み", "qfmt": "{{#ReadingFront}}<div>{{ReadingFront}}</div>{{/ReadingFront}}",
     "afmt": "{{FrontSide}}<hr id=answer><div>{{Reading}}</div>"
             "<div class=small>{{DefinitionJa}}</div>" + _NOTE_AND_SOURCES},
)
JA_GLOSSARY_REQ = [[0, "any", [9]], [1, "any", [10]]]


def glossary_fields(deck: Deck, term: Term, entry_id: str) -> list[str]:
    """The fields of a term's note: GLOSSARY_FIELDS for a term with English, else
    JA_GLOSSARY_FIELDS, whose Evidence is the Japanese label, DefinitionFront the definition
    with the term's own names hidden, and ReadingFront the headword when it has kanji to
    read (else empty: no reading card)."""
    sources = esc(cite(deck, term.sources))
    note = _bi(term.note.ja, term.note.en) if term.note else ""
    abbr = esc(", ".join(term.abbr))
    if term.en:
        return [entry_id, esc(term.ja), esc(term.reading), furigana(term), esc(term.en), abbr,
                esc(term.definition.ja), esc(term.definition.en), term.evidence, sources, note]
    reading_front = esc(term.ja) if has_direction(term, "reading") else ""
    evidence = esc(tr(f"glossary.evidence.{term.evidence}", "ja"))  # the badge in Japanese too
    return [entry_id, esc(term.ja), esc(term.reading), furigana(term), abbr,
            esc(term.definition.ja), evidence, sources, note,
            esc(mask_definition(term.definition.ja, term)), reading_front]


def glossary_cards(term: Term) -> int:
    """How many cards the term's note makes in Anki (see the templates above)."""
    if term.en:
        return 2
    return 1 + has_direction(term, "reading")


def _glossary_models() -> tuple[Any, Any]:
    """(the notetype of terms with English, the notetype of Japanese-only terms)."""
    import genanki

    glossary = genanki.Model(
        stable_id("exoterm glossary model v1"), "exoterm glossary",
        fields=[{"name": n} for n in GLOSSARY_FIELDS], templates=list(GLOSSARY_TEMPLATES),
        css=CSS, sort_field_index=2,
    )
    glossary.__dict__["_req"] = GLOSSARY_REQ
    japanese = genanki.Model(
        stable_id("exoterm glossary ja model v1"), "exoterm glossary 日本語",
        fields=[{"name": n} for n in JA_GLOSSARY_FIELDS], templates=list(JA_GLOSSARY_TEMPLATES),
        css=CSS, sort_field_index=2,
    )
    japanese.__dict__["_req"] = JA_GLOSSARY_REQ
    return glossary, japanese


def _models() -> tuple[object, object, object]:
    import genanki

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
    return quiz, cloze, numeric


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
        if not item.prompt.en:  # a Japanese-only question: no English word on the answer
            return "○ / ×", "○" if body.answer else "×"
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
    """Both languages (Japanese alone when there is no English), blank n of each marked
    {{cN::…}} so Anki makes one card per blank."""
    lines = []
    for text in (body.text.ja, body.text.en) if body.text.en else (body.text.ja,):
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

    glossary_model, ja_glossary_model = _glossary_models()
    quiz_model, cloze_model, numeric_model = _models()
    decks = _AnkiDecks(anki_deck)
    for t in deck.terms:
        info, local = owner(deck, t.id)
        fields = glossary_fields(deck, t, qualified_id(info, local))
        category_deck, category = owner(deck, t.category)
        tags = [tag(f"{category_deck.id}::category::{category}"), tag(f"exoterm::evidence::{t.evidence}")]
        model = glossary_model if t.en else ja_glossary_model
        decks.get(info, GLOSSARY).add_note(
            genanki.Note(model, fields, tags=tags, guid=note_guid("term", info, local)))
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
    _write_package(genanki.Package(list(decks.decks.values())), path)
    return len(deck.terms), len(deck.items)


def _write_package(package: Any, path: Path) -> None:
    """What genanki's `write_to_file` does, with its collection database beside `path`
    (the caller's private folder) and removed after: `write_to_file` puts it in the
    system's temporary folder and never removes it (~1 MB left behind per export)."""
    database = path.with_name(path.name + ".anki2")
    now = time.time()
    conn = sqlite3.connect(database)
    try:
        package.write_to_db(conn.cursor(), now, itertools.count(int(now * 1000)))
        conn.commit()
    finally:
        conn.close()
    try:
        with zipfile.ZipFile(path, "w") as out:
            out.write(database, "collection.anki2")
            out.writestr("media", "{}")  # no media files
    finally:
        database.unlink()
