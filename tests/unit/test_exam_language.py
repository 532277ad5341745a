"""A handed-in exam read in the other language (the UI language switched on the result):
the same scores, category names and wrong answers in the new language; an answer typed in
words keeps the question it answered, with the feedback in the new language."""

from __future__ import annotations

from pathlib import Path

from quiz_fixtures import open_store, quiz_deck, wrong_answer

from exoterm.core.exam.builder import ExamOptions, build_exam
from exoterm.core.exam.classify import OTHER, category_label
from exoterm.core.exam.sitting import LANGUAGE_FREE, ExamSitting
from exoterm.core.texts import tr


def test_a_result_read_in_english_after_a_japanese_exam(tmp_path: Path) -> None:
    deck = quiz_deck()
    store = open_store(tmp_path)
    exam = ExamSitting.start(deck, store, build_exam(deck, ExamOptions(questions=30, seed=3)),
                             "ja")
    for i in range(len(exam.slots)):
        if i % 3:  # every third question left unanswered
            exam.answer(wrong_answer(exam.current.question))
        exam.next()
    ja = exam.finish()
    en = exam.result_in("en")
    assert exam.result_in("ja") is ja and exam.result_in("en") is en
    assert (en.sections, en.required, en.general, en.passed) == \
        (ja.sections, ja.required, ja.general, ja.passed)
    assert [c.label for c in en.categories] == \
        [category_label(deck, c.id, "en") for c in ja.categories]
    kinds = set()
    for before, after in zip(ja.answers, en.answers, strict=True):
        q = after.judgement.question
        kinds.add((q.kind, before.answered))
        assert after.right == before.right and after.judgement.response == before.judgement.response
        if not before.answered or q.kind in LANGUAGE_FREE:
            assert q.lang == "en" and after.judgement.verdict == before.judgement.verdict
        else:  # typed in Japanese: judged against the Japanese question, explained in English
            assert q.lang == "ja" and q.prompt == before.judgement.question.prompt
            item = deck.item_by_id.get(q.card_id.removeprefix("item:"))
            if item is not None and item.explanation.en:
                assert q.feedback.explanation != before.judgement.question.feedback.explanation
    assert any(answered and kind not in LANGUAGE_FREE for kind, answered in kinds), kinds
    assert any(kind in LANGUAGE_FREE for kind, _ in kinds), kinds


def test_the_other_category_is_named_from_the_text_table() -> None:
    deck = quiz_deck()
    assert category_label(deck, OTHER, "ja") == tr("category.other", "ja") == "その他"
    assert category_label(deck, OTHER, "en") == tr("category.other", "en") == "Other"
