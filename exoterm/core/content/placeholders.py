"""`{source:ID}` in question texts: learners read a source's short name, never its id.

Writers cite sources by id everywhere; where a prompt, choice or case names a source to
learners they write `{source:dlri-2021}`, and the loader replaces it with the source's
`short_name` in the text's language (its publisher when it has none). An unknown id is a
reference error like any other (path:line:col, did-you-mean). Expansion happens once, at
load, so the TUI, plain mode, exports and the JSON dump all show the same text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from exoterm.core.content.diagnostics import Pos
from exoterm.core.content.models import Bilingual, Choice, Source, Variants

PLACEHOLDER = re.compile(r"\{source:([^{}\s]*)\}")

T = TypeVar("T")


def placeholder_refs(text: str, pos: Pos, plain: bool) -> list[tuple[str, Pos]]:
    """(source id, position) of each placeholder in a scalar's text; the column is exact
    for a one-line scalar, otherwise the scalar's own position."""
    out = []
    for match in PLACEHOLDER.finditer(text):
        if "\n" in text:
            at = pos
        else:
            at = Pos(pos.path, pos.line, pos.col + match.start() + (0 if plain else 1))
        out.append((match.group(1), at))
    return out


def expand(record: T, sources: Mapping[str, Source]) -> T:
    """The record with every placeholder in its texts replaced, per language."""

    def name(lang: str) -> Callable[[re.Match[str]], str]:
        def sub(match: re.Match[str]) -> str:
            source = sources.get(match.group(1))
            return source.display_name(lang) if source else match.group(0)
        return sub

    def text(value: str, lang: str) -> str:
        return PLACEHOLDER.sub(name(lang), value) if "{source:" in value else value

    def walk(value: Any) -> Any:
        if isinstance(value, Bilingual | Choice):
            return replace(value, ja=text(value.ja, "ja"), en=text(value.en, "en"))
        if isinstance(value, Variants):
            return Variants(tuple(text(v, "ja") for v in value.ja), tuple(text(v, "en") for v in value.en))
        if isinstance(value, tuple):
            return tuple(walk(v) for v in value)
        if is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: walk(getattr(value, f.name)) for f in fields(value)}
            return replace(value, **changes)
        return value

    return walk(record)  # type: ignore[no-any-return]
