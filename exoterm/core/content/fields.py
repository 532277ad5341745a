"""Which fields each YAML record allows and requires — one table for the loader and the schemas."""

from __future__ import annotations

import re

from exoterm.core.content.models import QuizType

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CHOICE_ID_RE = re.compile(r"^[a-z0-9]+$")
TAG_RE = re.compile(r"^[^\s;]+$")  # any script (感染対策 too); no spaces, `;` separates CSV lists
DATE_RE = re.compile(r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$")

MAX_FILE_BYTES = 20 * 1024 * 1024

# name → required?
FILE_KEYS: dict[str, dict[str, bool]] = {
    "sources": {"deck": False, "sources": True},
    "glossary": {"categories": False, "terms": False},
    "quiz": {"cases": False, "items": False},
}
SOURCE_FIELDS = {
    "id": True,
    "title": True,
    "publisher": True,
    "date": True,
    "trust": True,
    "description": True,
    "author": False,
    "file": False,
    "url": False,
    "short_name": False,
}
TERM_FIELDS = {
    "id": True,
    "ja": True,
    "reading": True,
    "en": False,
    "category": True,
    "definition": True,
    "sources": True,
    "evidence": True,
    "abbr": False,
    "aliases": False,
    "search_keys": False,
    "related": False,
    "note": False,
    "reading_checked": False,
    "formerly": False,
}
DECK_FIELDS = {"id": True, "title": False}  # the `deck:` header of a deck's sources.yaml
CASE_FIELDS = {"id": True, "title": True, "scenario": True, "sources": True}
ITEM_COMMON_FIELDS = {
    "id": True,
    "type": True,
    "prompt": True,
    "explanation": True,
    "sources": True,
    "evidence": True,
    "terms": False,
    "tags": False,
    "section": False,
    "case": False,
    "formerly": False,
}
ITEM_TYPE_FIELDS: dict[QuizType, dict[str, bool]] = {
    "single": {"choices": True, "answer": True},
    "multi": {"choices": True, "answers": True, "select": True},
    "truefalse": {"answer": True},
    "typed": {"answer": True, "accept": False, "strict": False},
    "cloze": {"text": True, "readings": False},
    "matching": {"pairs": True},
    "numeric": {"answer": True, "unit": False, "tolerance": False, "decimals": False},
}
CITATION_FIELDS = {"id": True, "section": True}
BILINGUAL_FIELDS = {"ja": True, "en": False}  # English is optional: Japanese-only decks
VARIANT_FIELDS = {"ja": False, "en": False}
PAIR_FIELDS = {"left": True, "right": True}

# Bilingual fields whose texts may hold line breaks and tabs; every other text is one line.
MULTILINE_FIELDS = frozenset({"definition", "note", "explanation", "scenario", "description", "prompt",
                              "text"})

MIN_CHOICES, MAX_CHOICES = 2, 8
MIN_PAIRS = 3
MAX_DECIMALS = 6  # numeric items: decimal places an answer may be asked to
