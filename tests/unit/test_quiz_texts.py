"""Every quiz label exists in both languages with the same fields, and every key used exists."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import get_args

import pytest

from exoterm.core.content.models import EVIDENCE_LEVELS
from exoterm.core.quiz.questions import QuestionKind
from exoterm.core.quiz.texts import STRINGS, tr
from exoterm.core.srs.settings import DIRECTIONS

QUIZ_SOURCES = sorted((Path(__file__).parents[2] / "exoterm" / "core" / "quiz").glob("*.py"))


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_with_the_same_fields(key: str) -> None:
    ja, en = STRINGS[key]
    assert ja.strip() and en.strip()
    assert fields(ja) == fields(en), key


def test_every_key_the_code_uses_exists() -> None:
    used: set[str] = set()
    for path in QUIZ_SOURCES:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\btr\(\s*"([^"{}]+)"', text))
        used |= set(re.findall(r'InvalidAnswer\(\s*"([^"]+)"', text))
    used |= {f"kind.{k}" for k in get_args(QuestionKind)}
    used |= {f"dir.{d}" for d in DIRECTIONS} | {f"term.{d}" for d in DIRECTIONS}
    used |= {f"evidence.{e}" for e in EVIDENCE_LEVELS if e != "established"}
    used |= {f"rating.{n}" for n in range(1, 5)}
    used |= {f"verdict.{v}" for v in ("right", "almost", "wrong", "dontknow")}
    used |= {f"hint.{k}" for k in ("truefalse", "matching", "flashcard")}
    assert len(used) > 40
    assert sorted(used - set(STRINGS)) == []


def test_saved_acknowledgement_names_the_save() -> None:
    values = {"verdict": "v", "rating": "r", "due": "d"}
    assert "saved" in tr("saved", "en", **values)
    assert "保存" in tr("saved", "ja", **values)
    assert "saved" not in tr("cram", "en", verdict="v")
