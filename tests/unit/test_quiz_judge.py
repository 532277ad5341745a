"""Judging every question type (right / wrong / almost), the line syntax, and the rating rule."""

from __future__ import annotations

from dataclasses import replace

import pytest
from quiz_fixtures import quiz_deck, right_answer, wrong_answer

from exoterm.core.content.models import Bilingual, ClozeBody, TypedBody
from exoterm.core.quiz.answers import parse_matching, parse_multi, split_blanks
from exoterm.core.quiz.judge import judge, parse_grade, self_grade
from exoterm.core.quiz.present import item_question, question_for
from exoterm.core.quiz.questions import InvalidAnswer, Lang, Option, Question
from exoterm.core.quiz.rating import can_upgrade, fast_limit, rating_for
from exoterm.core.srs.scheduler import Rating

ITEM_CARDS = ("item:size-single", "item:cargo-multi", "item:approved-tf", "item:ev-typed",
              "item:function-cloze", "item:fluid-matching")


def q(card_id: str, lang: Lang = "en", seed: int = 3) -> Question:
    return question_for(quiz_deck(), card_id, lang, seed)


@pytest.mark.parametrize("card_id", ITEM_CARDS)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_type_right_and_wrong(card_id: str, lang: Lang) -> None:
    question = q(card_id, lang)
    right = judge(question, right_answer(question))
    assert (right.verdict, right.rating) == ("right", Rating.Good)
    wrong = judge(question, wrong_answer(question))
    assert (wrong.verdict, wrong.rating) == ("wrong", Rating.Again)
    dont_know = judge(question, "?")
    assert dont_know.gave_up and dont_know.rating == Rating.Again


def test_typed_almost() -> None:
    j = judge(q("item:ev-typed"), "extracelular vesicle")
    assert (j.verdict, j.rating) == ("almost", Rating.Hard)
    assert j.diffs and j.diffs[0].runs[-1] == ("=", "lular vesicle")
    assert not j.can_upgrade
    assert judge(q("item:ev-typed"), "extracelular vesicle", typos=False).verdict == "wrong"


def test_cloze_almost_and_partial() -> None:
    question = q("item:function-cloze")
    assert judge(question, "cell communication / miRNA").verdict == "right"
    assert judge(question, "cell comunication | microRNA").verdict == "almost"
    half = judge(question, "cell communication / mRNA")
    assert half.verdict == "wrong"
    assert [p.verdict for p in half.parts] == ["right", "wrong"]
    swapped = judge(question, "miRNA / cell communication")
    assert swapped.verdict == "wrong"


def test_term_typed_almost_and_rejects() -> None:
    question = question_for(quiz_deck(), "term:tetraspanin:ja>en", "en", 0, "typed")
    assert judge(question, "tetraspanim").verdict == "almost"
    assert judge(question, "protein").verdict == "wrong"


def test_choice_types_have_no_almost() -> None:
    for card_id in ("item:size-single", "item:cargo-multi", "item:approved-tf",
                    "item:fluid-matching"):
        question = q(card_id)
        for reply in (right_answer(question), wrong_answer(question)):
            assert judge(question, reply).verdict in ("right", "wrong")


def test_multi_needs_exactly_the_right_set() -> None:
    question = q("item:cargo-multi")
    right = [o.key for o in question.options if o.id in question.key.choice_ids]
    wrong = next(o.key for o in question.options if o.id not in question.key.choice_ids)
    assert judge(question, f"{right[0]},{right[1]}").verdict == "right"
    assert judge(question, f"{right[1]}{right[0]}").verdict == "right"
    assert judge(question, f"{right[0]} {wrong}").verdict == "wrong"
    with pytest.raises(InvalidAnswer) as err:
        judge(question, right[0])
    assert err.value.key == "invalid.count"


def test_truefalse_words() -> None:
    question = q("item:approved-tf")  # the statement is false
    for reply in ("2", "f", "False", "×", "x", "いいえ", "誤り", "２"):
        assert judge(question, reply).verdict == "right", reply
    for reply in ("1", "t", "○", "はい"):
        assert judge(question, reply).verdict == "wrong", reply
    with pytest.raises(InvalidAnswer):
        judge(question, "maybe")


@pytest.mark.parametrize(("reply", "key"), [
    ("", "invalid.empty"), ("7", "invalid.choice"), ("b", "invalid.choice"),
])
def test_unreadable_single_replies(reply: str, key: str) -> None:
    with pytest.raises(InvalidAnswer) as err:
        judge(q("item:size-single"), reply)
    assert err.value.key == key


# syntax --------------------------------------------------------------------------------
OPTS = tuple(Option(str(n), f"c{n}", f"text {n}") for n in range(1, 6))
LEFT = tuple(Option(str(n), f"l{n}", f"left {n}") for n in range(1, 4))
RIGHT = tuple(Option(k, f"r{k}", f"right {k}") for k in "abc")


@pytest.mark.parametrize("reply", ["1 3", "1,3", "13", "3 1", "１，３", "1、3", " 1 / 3 "])
def test_multi_syntax(reply: str) -> None:
    assert parse_multi(reply, OPTS, 2) == {"c1", "c3"}


@pytest.mark.parametrize("reply", ["1 1", "1 9", "1", "1 2 3", "x y"])
def test_multi_syntax_errors(reply: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_multi(reply, OPTS, 2)


@pytest.mark.parametrize("reply", ["1a 2c 3b", "1-a, 2-c, 3-b", "2c 1a 3b", "a c b", "acb",
                                   "ＡＣＢ", "1:a 2:c 3:b"])
def test_matching_syntax(reply: str) -> None:
    assert parse_matching(reply, LEFT, RIGHT) == {"l1": "ra", "l2": "rc", "l3": "rb"}


@pytest.mark.parametrize("reply", ["1a 2c", "1a 1c 3b", "a c", "1a 2c 3z", "1a 2c 3b 4a", "hello"])
def test_matching_syntax_errors(reply: str) -> None:
    with pytest.raises(InvalidAnswer):
        parse_matching(reply, LEFT, RIGHT)


def test_blank_syntax() -> None:
    assert split_blanks("a / b", 2) == ["a", "b"]
    assert split_blanks("a｜b/c", 2) == ["a", "b/c"]  # "|" wins, so an answer may hold "/"
    assert split_blanks("mg/dL", 1) == ["mg/dL"]
    with pytest.raises(InvalidAnswer):
        split_blanks("a", 2)


# rating --------------------------------------------------------------------------------
def test_rating_rule() -> None:
    assert rating_for("wrong") == Rating.Again
    assert rating_for("almost") == Rating.Hard
    assert rating_for("right") == Rating.Good
    assert rating_for("right", easy=True, upgradable=True) == Rating.Easy
    assert rating_for("right", easy=True, upgradable=False) == Rating.Good
    assert rating_for("almost", easy=True, upgradable=True) == Rating.Hard
    assert rating_for("wrong", easy=True, upgradable=True) == Rating.Again


def test_fast_right_answers_may_be_upgraded() -> None:
    question = q("item:size-single")
    limit = fast_limit(question)
    assert judge(question, right_answer(question), limit - 0.5).can_upgrade
    assert not judge(question, right_answer(question), limit + 0.5).can_upgrade
    assert not judge(question, wrong_answer(question), 0.1).can_upgrade
    assert not can_upgrade(question, "almost", 0.1)


def test_fast_limit_grows_with_parts_and_typing() -> None:
    single, cloze, matching = q("item:size-single"), q("item:function-cloze"), q(
        "item:fluid-matching")
    assert fast_limit(cloze) > 12 and fast_limit(matching) > fast_limit(single) > 2


def test_self_graded_flashcards() -> None:
    card = question_for(quiz_deck(), "term:exosome:en>ja", "ja", 0, "flashcard")
    with pytest.raises(InvalidAnswer):
        judge(card, "エクソソーム")
    for grade, verdict in ((1, "wrong"), (2, "almost"), (3, "right"), (4, "right")):
        j = self_grade(card, grade)
        assert j.self_graded and j.rating == Rating(grade) and j.verdict == verdict
    assert parse_grade("４") == Rating.Easy
    with pytest.raises(InvalidAnswer):
        parse_grade("5")


def test_matching_with_many_pairs() -> None:
    from exoterm.core.content.models import Bilingual, MatchingBody, MatchPair

    deck = quiz_deck()
    item = deck.item_by_id["fluid-matching"]
    pairs = tuple(MatchPair(Bilingual(f"左{i}", f"left {i}"), Bilingual(f"右{i}", f"right {i}"))
                  for i in range(30))
    big = replace(item, body=MatchingBody(pairs))
    deck2 = replace(deck, items=(big,))
    question = question_for(deck2, "item:fluid-matching", "en", 1)
    assert [t.key for t in question.targets][25:28] == ["z", "aa", "ab"]
    assert judge(question, question.key.display).verdict == "right"


def test_cloze_blanks_take_kana_and_romaji_like_typed_answers() -> None:
    deck = quiz_deck()
    item = deck.item_by_id["function-cloze"]
    body = ClozeBody(Bilingual("細胞どうしの[[情報伝達|コミュニケーション]]、肌の[[若返り]]",
                               "[[signalling]] between cells, skin [[rejuvenation]]"),
                     (("情報伝達", "じょうほうでんたつ"), ("若返り", "わかがえり")))
    question = item_question(deck, replace(item, body=body), "ja", 0)
    for reply in ("じょうほうでんたつ / わかがえり", "ジョウホウデンタツ / ﾜｶｶﾞｴﾘ",
                  "jouhoudentatsu / wakagaeri", "情報伝達 / 若返り"):
        assert judge(question, reply).verdict == "right", reply
    slip = judge(question, "じょうほうでんた / わかがえり")
    assert slip.verdict == "almost" and [p.verdict for p in slip.parts] == ["almost", "right"]
    # the same answers typed into a typed item of the same content are judged alike
    typed = item_question(deck, replace(item, body=TypedBody(Bilingual("情報伝達", "signalling"))),
                          "ja", 0)
    blank = item_question(deck, replace(item, body=ClozeBody(Bilingual("[[情報伝達]]",
                                                                       "[[signalling]]"))), "ja", 0)
    for reply in ("情報伝達", "情報伝逹", "じょうほうでんたつ", "マイクロRNA", "maikuroRMA"):
        assert judge(typed, reply).verdict == judge(blank, reply).verdict, reply


def test_a_blank_naming_a_glossary_headword_takes_its_reading() -> None:
    question = q("item:function-cloze", "ja")
    assert judge(question, "細胞間の情報伝達 / まいくろあーるえぬえー").verdict == "right"
    assert judge(question, "情報伝達 / maikuroRNA").verdict == "right"
    assert judge(question, "情報伝達 / マイクロRMA").verdict == "almost"
