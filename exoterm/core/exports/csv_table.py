"""CSV of glossary terms — the same columns `exoterm import csv` reads back.

List cells are separated by `;`; a citation is `source-id|section`. A cell a spreadsheet
would run as a formula is written with a leading `'` (see `core.csvcells`).
"""

from __future__ import annotations

import csv
import io

from exoterm.core.content.models import Deck, QuizItem, Term
from exoterm.core.csvcells import guard_row

TERM_COLUMNS = (
    "id", "ja", "reading", "en", "abbr", "aliases_ja", "aliases_en", "search_keys_ja", "search_keys_en",
    "category",
    "definition_ja", "definition_en", "related", "sources", "evidence", "note_ja", "note_en",
)
ITEM_COLUMNS = ("id", "type", "section", "case", "prompt_ja", "prompt_en", "answer", "explanation_ja",
                "explanation_en", "terms", "tags", "sources", "evidence")
LIST_SEP = ";"
CITE_SEP = "|"


def join(values: tuple[str, ...] | list[str]) -> str:
    return f"{LIST_SEP} ".join(values)


def term_row(t: Term) -> dict[str, str]:
    return {
        "id": t.id, "ja": t.ja, "reading": t.reading, "en": t.en, "abbr": join(t.abbr),
        "aliases_ja": join(t.aliases.ja), "aliases_en": join(t.aliases.en),
        "search_keys_ja": join(t.search_keys.ja), "search_keys_en": join(t.search_keys.en),
        "category": t.category,
        "definition_ja": t.definition.ja, "definition_en": t.definition.en, "related": join(t.related),
        "sources": join([f"{c.id}{CITE_SEP}{c.section}" for c in t.sources]), "evidence": t.evidence,
        "note_ja": t.note.ja if t.note else "", "note_en": t.note.en if t.note else "",
    }


def item_row(i: QuizItem) -> dict[str, str]:
    from exoterm.core.content.export import item_to_dict

    body = item_to_dict(i)
    answer = {k: body[k] for k in ("answer", "answers", "text", "pairs", "choices", "unit",
                                   "tolerance", "decimals") if k in body}
    import json

    return {
        "id": i.id, "type": i.type, "section": i.section or "", "case": i.case or "",
        "prompt_ja": i.prompt.ja, "prompt_en": i.prompt.en,
        "answer": json.dumps(answer, ensure_ascii=False),
        "explanation_ja": i.explanation.ja, "explanation_en": i.explanation.en,
        "terms": join(i.terms), "tags": join(i.tags),
        "sources": join([f"{c.id}{CITE_SEP}{c.section}" for c in i.sources]), "evidence": i.evidence,
    }


def deck_to_csv(deck: Deck, what: str = "terms") -> str:
    """Terms (default) or items as CSV with a header row; UTF-8 text."""
    out = io.StringIO()
    if what == "items":
        writer = csv.DictWriter(out, ITEM_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(guard_row(item_row(i)) for i in deck.items)
    else:
        writer = csv.DictWriter(out, TERM_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(guard_row(term_row(t)) for t in deck.terms)
    return out.getvalue()
