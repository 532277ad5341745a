"""The one text table (`exoterm.core.texts`): every string exists in both languages with
the same fields, and every key the code names (TUI, plain review, quiz engine, commands)
exists."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import get_args

import pytest

from exoterm.core.content.models import EVIDENCE_LEVELS
from exoterm.core.quiz.feedback import ASK_HINTS
from exoterm.core.quiz.questions import QuestionKind
from exoterm.core.srs.settings import DIRECTIONS
from exoterm.core.texts import STRINGS, tr

SOURCES = sorted((Path(__file__).parents[2] / "exoterm").rglob("*.py"))


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_with_the_same_fields(key: str) -> None:
    ja, en = STRINGS[key]
    assert ja.strip() and en.strip()
    assert fields(ja) == fields(en), key


def test_short_intervals_read_like_anki_buttons() -> None:
    from datetime import timedelta

    from exoterm.core.quiz.intervals import grade_keys, short_interval

    assert [short_interval(timedelta(seconds=s), "ja") for s in (30, 60, 360, 7200, 86400 * 4)] \
        == ["<1分", "1分", "6分", "2時間", "4日"]
    assert short_interval(timedelta(days=45), "en") == "1.5mo"
    assert short_interval(timedelta(days=730), "en") == "2y"
    keys = {1: timedelta(seconds=30), 2: timedelta(minutes=6), 3: timedelta(days=1),
            4: timedelta(days=4)}
    assert grade_keys(keys, "ja") == "1 もう一度 <1分 · 2 難しい 6分 · 3 普通 1日 · 4 簡単 4日"
    assert grade_keys({}, "en") == "1 Again · 2 Hard · 3 Good · 4 Easy"


def test_every_key_the_code_uses_exists() -> None:
    used: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?:\btr|\.t|\blabel)\(\s*"([^"{}]+)"(?!\s*\+)', text))
        used |= set(re.findall(r'InvalidAnswer\(\s*"([^"]+)"', text))
    used |= {f"kind.{k}" for k in get_args(QuestionKind)}
    used |= {f"dir.{d}" for d in DIRECTIONS} | {f"term.{d}" for d in DIRECTIONS}
    used |= {f"evidence.{e}" for e in EVIDENCE_LEVELS if e != "established"}
    used |= {f"rating.{n}" for n in range(1, 5)}
    used |= {f"verdict.{v}" for v in ("right", "almost", "wrong", "dontknow")}
    used |= {f"hint.{k}" for k in ("truefalse", "matching", "flashcard")}
    used |= {f"glossary.evidence.{e}" for e in EVIDENCE_LEVELS}
    used |= {f"settings.direction.{d}" for d in DIRECTIONS}
    used |= {f"stats.state.{s}" for s in ("new", "learning", "review", "relearning", "suspended")}
    used |= {f"settings.furigana.{m}" for m in ("auto", "ruby", "inline", "off")}
    used |= {f"furigana.mode.{m}" for m in ("auto", "ruby", "inline", "off")}
    used |= {f"section.{s}" for s in ("必修", "一般", "状況設定")}
    used |= {key for pair in ASK_HINTS.values() for key in pair}
    assert len(used) > 150
    assert sorted(used - set(STRINGS)) == []


def test_saved_acknowledgement_names_the_save() -> None:
    values = {"verdict": "v", "rating": "r", "due": "d"}
    assert "saved" in tr("saved", "en", **values)
    assert "保存" in tr("saved", "ja", **values)
    assert "saved" not in tr("cram", "en", verdict="v", rating="r")
