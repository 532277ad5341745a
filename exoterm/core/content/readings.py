"""Warn where a written reading differs from pykakasi's guess (only for `exoterm validate`).

pykakasi takes ~0.6 s and ~130 MB to start, so it is imported lazily, here only.
Readings themselves always come from the YAML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from exoterm.core.content.diagnostics import Diagnostic
from exoterm.core.content.reader import Ref

_KANJI_KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff\u3005]+$")
_KATA = str.maketrans({chr(c): chr(c - 0x60) for c in range(0x30A1, 0x30F7)})


def _fold(text: str) -> str:
    return text.translate(_KATA).replace("ー", "")


def reading_warnings(terms: Iterable[tuple[str, str, bool, Ref]]) -> list[Diagnostic]:
    """(headword, reading, checked, position) → warnings for unchecked mismatches.

    Only headwords made of kanji and kana are compared (pykakasi cannot read Latin letters
    or digits the Japanese way).
    """
    todo = [t for t in terms if not t[2] and _KANJI_KANA.match(t[0])]
    if not todo:
        return []
    try:
        import pykakasi
    except ImportError:
        return []
    kks = pykakasi.kakasi()  # type: ignore[no-untyped-call]
    out: list[Diagnostic] = []
    for headword, reading, _, ref in todo:
        guess = "".join(part["hira"] for part in kks.convert(headword))
        if _fold(guess) != _fold(reading):
            out.append(Diagnostic(
                ref.pos,
                f"reading '{reading}' of {headword} differs from pykakasi's guess '{guess}'; "
                "check it (pykakasi is often wrong for medical words) and add "
                "`reading_checked: true` if yours is right",
                "warning",
            ))
    return out
