"""The interface preferences in `<data_dir>/ui.json`: language, theme and furigana layout.

The one reader and writer of that file, for the app (which saves a choice as it is made)
and for commands (`review --plain` starts in the saved language). Values are checked
when read: one that is missing, of the wrong type or unknown counts as not set, so a
hand-edited or damaged file never stops exoterm. Keys this version does not know are
kept and written back unchanged (a newer exoterm's settings survive an older one).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

Lang = Literal["ja", "en"]
FuriganaMode = Literal["auto", "ruby", "inline", "off"]
LANGS: tuple[Lang, ...] = ("ja", "en")
FURIGANA_MODES: tuple[FuriganaMode, ...] = ("auto", "ruby", "inline", "off")
PREFS_FILE = "ui.json"
MAX_PREFS = 64 * 1024  # characters: a preferences file is a few lines


@dataclass(frozen=True)
class Prefs:
    """Saved interface choices; None: not chosen (the caller's default applies). `theme`
    is any name: only the app knows which themes exist."""

    lang: Lang | None = None
    theme: str | None = None
    furigana: FuriganaMode = "auto"
    other: Mapping[str, object] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, object]:
        known: dict[str, object] = {"lang": self.lang, "theme": self.theme,
                                    "furigana": self.furigana}
        return {**self.other, **{k: v for k, v in known.items() if v is not None}}

    @classmethod
    def from_json(cls, data: object) -> Prefs:
        """Prefs from a parsed ui.json; anything unusable counts as not set."""
        if not isinstance(data, dict):
            return cls()
        lang, theme, furigana = data.get("lang"), data.get("theme"), data.get("furigana")
        return cls(
            lang=cast("Lang", lang) if lang in LANGS else None,
            theme=theme if isinstance(theme, str) and theme else None,
            furigana=cast("FuriganaMode", furigana) if furigana in FURIGANA_MODES else "auto",
            other={str(k): v for k, v in data.items() if k not in ("lang", "theme", "furigana")},
        )


def read_prefs(folder: Path) -> Prefs:
    """The preferences saved in `folder`; all unset when the file is absent or unreadable."""
    from exoterm.core import jsonsafe

    try:
        text = jsonsafe.read_small(folder / PREFS_FILE, MAX_PREFS)
        return Prefs.from_json(jsonsafe.loads(text, max_len=MAX_PREFS, max_depth=8))
    except (OSError, ValueError):  # UnicodeDecodeError and jsonsafe.JsonError are ValueErrors
        return Prefs()


def interface_language(chosen: str | None, prefs: Prefs) -> Lang:
    """The interface language: the one chosen for this run (`--lang`), else the saved
    preference, else Japanese."""
    for lang in LANGS:
        if chosen == lang:
            return lang
    return prefs.lang or "ja"


def write_prefs(folder: Path, prefs: Prefs) -> bool:
    """Save `prefs` in `folder` (whole or not at all); False when that failed. Callers may
    ignore it: preferences are conveniences, never worth an error in the middle of study."""
    from exoterm.core.fileio import WriteError, write_file

    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_file(folder / PREFS_FILE, json.dumps(prefs.to_json(), ensure_ascii=False, indent=1))
    except (OSError, WriteError):
        return False
    return True
