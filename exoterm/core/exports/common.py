"""Helpers shared by the exporters: language choice, citations, tags."""

from __future__ import annotations

import re
from typing import Literal

from exoterm.core.content.models import Bilingual, Citation, Deck
from exoterm.core.texts import tr

Lang = Literal["ja", "en", "both"]
LANGS: tuple[Lang, ...] = ("ja", "en", "both")


def pick(text: Bilingual, lang: Lang) -> str:
    """The text in `lang`; `both` gives Japanese then English on a second line. A text
    without English is given in Japanese."""
    if lang == "both":
        return text.ja if not text.en or text.ja == text.en else f"{text.ja}\n{text.en}"
    return text.get(lang)


def pick_pair(ja: str, en: str, lang: Lang) -> str:
    return pick(Bilingual(ja, en), lang)


def cite(deck: Deck, citations: tuple[Citation, ...]) -> str:
    """`title (id) — section; …` for the citations, with source titles from the deck."""
    parts = []
    for c in citations:
        source = deck.source_by_id.get(c.id)
        title = f"{source.title} ({c.id})" if source else c.id
        parts.append(f"{title} — {c.section}")
    return "; ".join(parts)


def unit_line(unit: Bilingual, lang: Lang) -> str:
    """"単位：mL" / "Unit: mL" under a calculation's question (both lines for `both`)."""
    langs = ("ja", "en") if lang == "both" else (lang,)
    return "\n".join(dict.fromkeys(tr("export.unit", code, unit=unit.get(code)) for code in langs))


DEFAULT_CATEGORY = "exoterm"


def moodle_category(top: str | None, section: str) -> str:
    """Moodle's category path for a section's questions: `$course$/TOP/section`."""
    parts = [p.strip() for p in (top or DEFAULT_CATEGORY).strip("/").split("/") if p.strip()]
    return "/".join(["$course$", *parts, section])


def tag(text: str) -> str:
    """A tag without spaces (Anki and Moodle both dislike them)."""
    return re.sub(r"\s+", "_", text.strip())
