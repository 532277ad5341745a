"""Explanations that name choices by id follow the shuffled numbering the learner sees."""

from __future__ import annotations

import re

import pytest

from exoterm.core.content import load_content, shipped_paths
from exoterm.core.content.models import MultiBody, SingleBody
from exoterm.core.quiz.present import item_question
from exoterm.core.quiz.relabel import relabel

KEYS = {"a": "3", "b": "1", "c": "5", "d": "2", "e": "4"}


def test_japanese_references() -> None:
    text = "正解はe。dは紛らわしいが、b・cは資料にない。ELISA法やmiRNA、e.g. はそのまま。"
    assert relabel(text, KEYS, "ja") == "正解は4。2は紛らわしいが、1・5は資料にない。ELISA法やmiRNA、e.g. はそのまま。"


def test_english_references_but_not_the_article() -> None:
    text = "Answer: a and c. Choice d is tempting; b, d and e are not listed. It is a bag, not (a)."
    assert relabel(text, KEYS, "en") == (
        "Answer: 3 and 5. Choice 2 is tempting; 1, 2 and 4 are not listed. It is a bag, not (3).")


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_no_shipped_explanation_keeps_a_stale_letter(seed: int) -> None:
    deck = load_content(shipped_paths())
    for item in deck.items:
        if not isinstance(item.body, SingleBody | MultiBody):
            continue
        ids = {c.id for c in item.body.choices}
        for lang in ("ja", "en"):
            question = item_question(deck, item, lang, seed)
            text = question.feedback.explanation
            stale = [m for m in re.findall(r"(?<![A-Za-z0-9_.'\-])([b-e])(?![A-Za-z0-9_'\-])", text) if m in ids]
            assert not stale, (item.id, lang, text)
            right = {o.key for o in question.options if o.id in question.key.choice_ids}
            if lang == "ja" and "正解は" in text:
                said = re.search(r"正解は([0-9])", text)
                assert said is None or said.group(1) in right, (item.id, text)
