"""JSON Schemas (draft-07) for the content files, built from the loader's own field table.

Editors (yaml-language-server) use them for completion and checking. The committed files in
`schema/` are generated: `python -m exoterm.core.content.jsonschema schema/`; a test keeps
them equal to what this module builds, so schema and loader cannot drift apart.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from exoterm.core.content import fields as F
from exoterm.core.content.models import EVIDENCE_LEVELS, QUIZ_TYPES, SECTIONS, TRUST_LEVELS
from exoterm.core.fileio import write_file

Schema = dict[str, Any]
BASE = "https://exoterm.invalid/schema/"

TEXT: Schema = {"type": "string", "minLength": 1, "pattern": "\\S"}
ID: Schema = {"type": "string", "pattern": F.ID_RE.pattern}
TEXTS: Schema = {"anyOf": [TEXT, {"type": "array", "items": TEXT}]}
IDS: Schema = {"anyOf": [ID, {"type": "array", "items": ID}]}


def _obj(props: dict[str, Schema], table: dict[str, bool], description: str = "") -> Schema:
    out: Schema = {
        "type": "object",
        "properties": props,
        "required": [k for k, required in table.items() if required],
        "additionalProperties": False,
    }
    if description:
        out["description"] = description
    assert set(props) == set(table), f"schema and field table differ: {set(props) ^ set(table)}"
    return out


def _described(schema: Schema, description: str) -> Schema:
    return {**schema, "description": description}


BILINGUAL = _obj({"ja": TEXT, "en": TEXT}, F.BILINGUAL_FIELDS,
                 "The text in Japanese and (optionally) English")
TAGS: Schema = {"anyOf": [{"type": "string", "pattern": F.TAG_RE.pattern},
                          {"type": "array", "items": {"type": "string", "pattern": F.TAG_RE.pattern}}],
                "description": "Tags in any script (感染対策 too); no spaces"}
VARIANTS = _obj({"ja": TEXTS, "en": TEXTS}, F.VARIANT_FIELDS, "Extra spellings per language")
CITATION = _obj(
    {"id": _described(ID, "A source id from sources.yaml"),
     "section": _described(TEXT, "The section heading in that source")},
    F.CITATION_FIELDS,
)
CITATIONS: Schema = {"type": "array", "items": CITATION, "minItems": 1}
READING: Schema = {"type": "string", "pattern": "^[\u3041-\u3096\u30fc\u309d\u309e]+$",
                   "description": "Reading in hiragana (ー allowed)"}
EVIDENCE: Schema = {
    "enum": list(EVIDENCE_LEVELS),
    "description": "established fact | research-stage | promotional claim | regulatory fact",
}
FORMERLY = _described(
    IDS, "Ids this record had before a rename: learners' review history moves to the new id"
)


def sources_schema() -> Schema:
    source = _obj(
        {
            "id": ID,
            "title": _described(TEXT, "The source's own title"),
            "publisher": TEXT,
            "date": {"type": "string", "pattern": F.DATE_RE.pattern, "description": 'Quoted: "YYYY-MM-DD"'},
            "trust": {"enum": list(TRUST_LEVELS)},
            "description": BILINGUAL,
            "author": TEXT,
            "file": TEXT,
            "url": TEXT,
            "short_name": _described(BILINGUAL, "How questions name this source to learners: "
                                     "{source:ID} in a question is replaced by it"),
        },
        F.SOURCE_FIELDS,
    )
    deck = _obj(
        {"id": _described(ID, "The deck's own id (lowercase ASCII letters, digits, hyphens): it "
                          "namespaces the deck's ids, so renaming the folder keeps every learner's history"),
         "title": _described(TEXT, "The deck's name for people (the Anki deck name by default)")},
        F.DECK_FIELDS, "This deck's identity, written by `exoterm init`",
    )
    return _top("sources", {"deck": deck, "sources": {"type": "array", "items": source}},
                F.FILE_KEYS["sources"])


def glossary_schema() -> Schema:
    term = _obj(
        {
            "id": _described(ID, "Stable id: review history is keyed on it"),
            "ja": _described(TEXT, "Japanese headword"),
            "reading": READING,
            "en": _described(TEXT, "English term as used in the medical literature (optional: "
                             "a Japanese-only term gets no English cards)"),
            "category": _described(ID, "A category id from `categories`"),
            "definition": BILINGUAL,
            "sources": CITATIONS,
            "evidence": EVIDENCE,
            "abbr": TEXTS,
            "aliases": _described(VARIANTS, "Other names for the same thing (shown as 別名 / Also called)"),
            "search_keys": _described(VARIANTS, "Words that help find the entry but are not names of it "
                                      "(narrower, broader, phrases): searched, never shown as a name"),
            "related": _described(IDS, "Related term ids"),
            "note": _described(BILINGUAL, "Where the sources disagree: who says what"),
            "reading_checked": {"type": "boolean",
                                "description": "A person checked this reading (silences pykakasi)"},
            "formerly": FORMERLY,
        },
        F.TERM_FIELDS,
    )
    categories: Schema = {
        "type": "object",
        "propertyNames": {"pattern": F.ID_RE.pattern},
        "additionalProperties": BILINGUAL,
    }
    return _top(
        "glossary",
        {"categories": categories, "terms": {"type": "array", "items": term}},
        F.FILE_KEYS["glossary"],
    )


def _item_schema() -> Schema:
    choice = BILINGUAL
    choices: Schema = {
        "type": "object",
        "propertyNames": {"pattern": F.CHOICE_ID_RE.pattern},
        "additionalProperties": choice,
        "minProperties": F.MIN_CHOICES,
        "maxProperties": F.MAX_CHOICES,
    }
    pair = _obj({"left": BILINGUAL, "right": BILINGUAL}, F.PAIR_FIELDS)
    answer_by_type: dict[str, Schema] = {
        "single": {"type": "string", "pattern": F.CHOICE_ID_RE.pattern},
        "truefalse": {"type": "boolean"},
        "typed": BILINGUAL,
        "numeric": {"type": "number", "description": "The result of the calculation"},
    }
    type_props: dict[str, Schema] = {
        "choices": choices,
        "answer": {"anyOf": list(answer_by_type.values())},
        "answers": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "select": {"type": "integer", "minimum": 1},
        "accept": VARIANTS,
        "strict": {"type": "boolean",
                   "description": "true: only the answer and accepted spellings count (no near misses)"},
        "text": _described(BILINGUAL, "Sentences with blanks written [[answer|alternative]]"),
        "pairs": {"type": "array", "items": pair, "minItems": F.MIN_PAIRS},
        "readings": {
            "type": "object",
            "additionalProperties": READING,
            "description": "Readings of Japanese blank answers: {情報伝達: じょうほうでんたつ}",
        },
        "unit": {"anyOf": [TEXT, BILINGUAL],
                 "description": "The answer's unit: `mL`, or per language {ja: 滴/分, en: drops/min}"},
        "tolerance": {"type": "number", "minimum": 0,
                      "description": "Answers within ± this of the answer are right (default 0)"},
        "decimals": {"type": "integer", "minimum": 0, "maximum": F.MAX_DECIMALS,
                     "description": "Decimal places the answer is to be rounded to (四捨五入)"},
    }
    common: dict[str, Schema] = {
        "id": ID,
        "type": {"enum": list(QUIZ_TYPES)},
        "prompt": BILINGUAL,
        "explanation": _described(BILINGUAL, "Why the answer is right and the tempting ones wrong"),
        "sources": CITATIONS,
        "evidence": EVIDENCE,
        "terms": _described(IDS, "Glossary term ids this item is about"),
        "tags": TAGS,
        "section": {"enum": list(SECTIONS)},
        "case": _described(ID, "A case id from `cases` (a shared 状況設定 scenario)"),
        "formerly": FORMERLY,
    }
    all_type_fields = sorted({f for table in F.ITEM_TYPE_FIELDS.values() for f in table})
    branches: list[Schema] = []
    for qtype, table in F.ITEM_TYPE_FIELDS.items():
        then: Schema = {"required": [k for k, req in table.items() if req]}
        forbidden = [f for f in all_type_fields if f not in table]
        if forbidden:
            then["not"] = {"anyOf": [{"required": [f]} for f in forbidden]}
        if qtype in answer_by_type:
            then["properties"] = {"answer": answer_by_type[qtype]}
        branches.append({"if": {"properties": {"type": {"const": qtype}}}, "then": then})
    props = {**common, **{k: type_props[k] for k in all_type_fields}}
    return {
        "type": "object",
        "properties": props,
        "required": [k for k, req in F.ITEM_COMMON_FIELDS.items() if req],
        "additionalProperties": False,
        "allOf": branches,
    }


def quiz_schema() -> Schema:
    case = _obj(
        {"id": ID, "title": BILINGUAL, "scenario": BILINGUAL, "sources": CITATIONS}, F.CASE_FIELDS
    )
    return _top(
        "quiz",
        {"cases": {"type": "array", "items": case}, "items": {"type": "array", "items": _item_schema()}},
        F.FILE_KEYS["quiz"],
    )


def _top(kind: str, props: dict[str, Schema], table: dict[str, bool]) -> Schema:
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"{BASE}{kind}.schema.json",
        "title": f"exoterm {kind} file",
        **_obj(props, table),
    }


def build_schemas() -> dict[str, Schema]:
    """File name → schema, for every content file kind."""
    return {
        "sources.schema.json": sources_schema(),
        "glossary.schema.json": glossary_schema(),
        "quiz.schema.json": quiz_schema(),
    }


def render(schema: Schema) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "schema")
    for name, schema in build_schemas().items():
        write_file(target / name, render(schema))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
