"""Finding interface text of the other language on a screen.

What is content and what is interface: content is every text of the deck (any language:
a Japanese headword in the English UI is right) and what is derived from it (romaji of
readings); interface text is the text table's values of the current language. A run of
the other script on screen (kana/kanji in English mode, a Latin word in Japanese mode)
is foreign when it is in neither: then a string was not translated, or a screen kept
the old language after a switch. Runs are cut at line ends and wide gaps, so a wrapped
or side-by-side text is checked piece by piece (each piece is still a substring).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from exoterm.core.content.models import Deck
from exoterm.core.japanese import kana_to_romaji
from exoterm.core.texts import STRINGS

# Kana, kanji and the CJK / full-width punctuation that only Japanese text uses
JAPANESE_RUN = re.compile("[\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                          "\uf900-\ufaff\uff01-\uff5e]+")
# Latin words joined by single spaces or hyphens (two spaces end a run: another widget)
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ \-][A-Za-z][A-Za-z'’]*)*")
MIN_LATIN = 3  # shorter Latin runs (q, OK, t/f keys) say nothing about the language
# Key names the footer and help show in both languages (Textual's key displays)
KEY_NAMES = ("esc", "space", "tab", "pgup", "pgdn", "home", "end", "backspace", "delete",
             "shift", "ctrl", "alt", "enter")
NEUTRAL = frozenset("＿")  # a cloze blank's marker
# Punctuation that joins content and interface text alike (細胞外小胞（さいぼう…）): a run
# is checked in the pieces between these
JAPANESE_MARKS = re.compile("[（）「」、。・：]+")


def content_texts(deck: Deck) -> Iterator[str]:
    """Every text in `deck` (any language), and the romaji of every reading."""
    seen: set[int] = set()

    def walk(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, (list, tuple, frozenset, set)):
            for item in value:
                yield from walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(key)
                yield from walk(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            if id(value) in seen:
                return
            seen.add(id(value))
            for f in dataclasses.fields(value):
                if f.init:
                    yield from walk(getattr(value, f.name))

    yield from walk(deck)
    for term in deck.terms:
        yield kana_to_romaji(term.reading)


class LanguageCheck:
    """Allowed text per UI language: its table values, the content, neutral names."""

    def __init__(self, content: Iterable[str], extra: Iterable[str] = ()) -> None:
        shared = [*content, *extra]
        self.allowed = {
            lang: "\n".join([*(pair[index] for pair in STRINGS.values()), *shared]).casefold()
            for index, lang in enumerate(("ja", "en"))
        }

    def foreign(self, screen: str, lang: str) -> list[str]:
        """The runs of the other language's script on `screen` that are neither content
        nor `lang`'s interface text."""
        allowed = self.allowed[lang]
        found: list[str] = []
        for line in screen.splitlines():
            if lang == "en":
                runs = [piece for run in JAPANESE_RUN.findall(line)
                        for piece in JAPANESE_MARKS.split(run)
                        if piece and not set(piece) <= NEUTRAL]
            else:
                runs = [r for r in LATIN_RUN.findall(line)
                        if sum(c.isalpha() for c in r) >= MIN_LATIN
                        and not set(r.casefold().split()) <= set(KEY_NAMES)]
            found += [r for r in runs if r.casefold() not in allowed and r not in found]
        return found
