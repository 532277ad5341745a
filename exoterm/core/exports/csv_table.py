"""CSV of glossary terms or quiz items — the same columns `exoterm import` reads back.

List cells are separated by `;`; a citation is `source-id|section`. A cell a spreadsheet
would run as a formula is written with a leading `'` (see `core.csvcells`). Quiz items
take one column per kind of answer (see `ITEM_COLUMNS` and `choice_column`), so a
trainer can write new ones in a spreadsheet; README's trainer guide lists them.
"""

from __future__ import annotations

import csv
import io

from exoterm.core.content.models import (
    ClozeBody,
    Deck,
    MatchingBody,
    MultiBody,
    NumericBody,
    QuizItem,
    SingleBody,
    Term,
    TrueFalseBody,
    TypedBody,
)
from exoterm.core.csvcells import guard_row
from exoterm.core.numbers import as_decimal, plain_number

TERM_COLUMNS = (
    "id", "ja", "reading", "en", "abbr", "aliases_ja", "aliases_en", "search_keys_ja", "search_keys_en",
    "category", "category_ja", "category_en",
    "definition_ja", "definition_en", "related", "sources", "evidence", "note_ja", "note_en",
    "reading_checked",
)
# Columns of every item; choice columns (`choice_a`, `choice_a_en`, …) go after `prompt_en`.
ITEM_COLUMNS = (
    "id", "type", "section", "case", "prompt_ja", "prompt_en",
    "answer", "answer_en", "accept_ja", "accept_en", "strict", "unit_ja", "unit_en", "tolerance", "decimals",
    "text_ja", "text_en", "readings", "left_ja", "right_ja", "left_en", "right_en",
    "explanation_ja", "explanation_en", "terms", "tags", "sources", "evidence",
)
LIST_SEP = ";"
CITE_SEP = "|"
READING_SEP = "="
BOM = "\ufeff"  # Excel (Japanese Windows too) reads a CSV as UTF-8 only when it starts with one


def choice_column(choice_id: str, lang: str) -> str:
    """`choice_a` (Japanese text of choice a) or `choice_a_en`."""
    return f"choice_{choice_id}" + ("_en" if lang == "en" else "")


def join(values: tuple[str, ...] | list[str]) -> str:
    return f"{LIST_SEP} ".join(values)


def _cites(item: Term | QuizItem) -> str:
    return join([f"{c.id}{CITE_SEP}{c.section}" for c in item.sources])


def term_row(t: Term, deck: Deck | None = None) -> dict[str, str]:
    category = deck.category_by_id.get(t.category) if deck is not None else None
    return {
        "id": t.id, "ja": t.ja, "reading": t.reading, "en": t.en, "abbr": join(t.abbr),
        "aliases_ja": join(t.aliases.ja), "aliases_en": join(t.aliases.en),
        "search_keys_ja": join(t.search_keys.ja), "search_keys_en": join(t.search_keys.en),
        "category": t.category,
        "category_ja": category.label.ja if category else "",
        "category_en": category.label.en if category else "",
        "definition_ja": t.definition.ja, "definition_en": t.definition.en, "related": join(t.related),
        "sources": _cites(t), "evidence": t.evidence,
        "note_ja": t.note.ja if t.note else "", "note_en": t.note.en if t.note else "",
        "reading_checked": "true" if t.reading_checked else "",
    }


def item_row(i: QuizItem) -> dict[str, str]:
    row = {
        "id": i.id, "type": i.type, "section": i.section or "", "case": i.case or "",
        "prompt_ja": i.prompt.ja, "prompt_en": i.prompt.en,
        "explanation_ja": i.explanation.ja, "explanation_en": i.explanation.en,
        "terms": join(i.terms), "tags": join(i.tags), "sources": _cites(i), "evidence": i.evidence,
    }
    body = i.body
    if isinstance(body, SingleBody | MultiBody):
        for c in body.choices:
            row[choice_column(c.id, "ja")] = c.ja
            row[choice_column(c.id, "en")] = c.en
        row["answer"] = body.answer if isinstance(body, SingleBody) else join(body.answers)
    elif isinstance(body, TrueFalseBody):
        row["answer"] = "true" if body.answer else "false"
    elif isinstance(body, TypedBody):
        row.update(answer=body.answer.ja, answer_en=body.answer.en, accept_ja=join(body.accept.ja),
                   accept_en=join(body.accept.en), strict="true" if body.strict else "")
    elif isinstance(body, ClozeBody):
        row.update(text_ja=body.text.ja, text_en=body.text.en,
                   readings=join([f"{a}{READING_SEP}{r}" for a, r in body.readings]))
    elif isinstance(body, NumericBody):
        row.update(answer=plain_number(as_decimal(body.answer)),
                   unit_ja=body.unit.ja if body.unit else "", unit_en=body.unit.en if body.unit else "",
                   tolerance=plain_number(as_decimal(body.tolerance)) if body.tolerance else "",
                   decimals="" if body.decimals is None else str(body.decimals))
    elif isinstance(body, MatchingBody):
        for side in ("left", "right"):
            for lang in ("ja", "en"):
                row[f"{side}_{lang}"] = join([getattr(getattr(p, side), lang) for p in body.pairs])
    return row


def item_columns(items: tuple[QuizItem, ...]) -> tuple[str, ...]:
    """ITEM_COLUMNS with the choice columns the items need after `prompt_en`."""
    ids: list[str] = []
    for i in items:
        if isinstance(i.body, SingleBody | MultiBody):
            ids += [c.id for c in i.body.choices if c.id not in ids]
    ids = sorted(ids, key=lambda c: (len(c), c))
    choices = [choice_column(c, lang) for c in ids for lang in ("ja", "en")]
    at = ITEM_COLUMNS.index("prompt_en") + 1
    return (*ITEM_COLUMNS[:at], *choices, *ITEM_COLUMNS[at:])


def deck_to_csv(deck: Deck, what: str = "terms", *, bom: bool = True) -> str:
    """Terms (default) or items as CSV with a header row; with a BOM unless `bom` is False."""
    out = io.StringIO()
    if bom:
        out.write(BOM)
    if what == "items":
        writer = csv.DictWriter(out, item_columns(deck.items), lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(guard_row(item_row(i)) for i in deck.items)
    else:
        writer = csv.DictWriter(out, TERM_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(guard_row(term_row(t, deck)) for t in deck.terms)
    return out.getvalue()
