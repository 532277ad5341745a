"""Presenting questions: seeded shuffles, term cards, distractors, masking, scenarios."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st
from quiz_fixtures import ALL_DIRECTIONS, quiz_deck, right_answer

from exoterm.core.content.models import Bilingual, MatchingBody, MultiBody, SingleBody, Variants
from exoterm.core.quiz.judge import judge
from exoterm.core.quiz.present import question_for
from exoterm.core.quiz.questions import Lang
from exoterm.core.quiz.termcards import clashes, distractors, mask_definition, spellings
from exoterm.core.srs.cards import list_cards

seeds = st.integers(min_value=0, max_value=2**63)
CHOICE_ITEMS = ("item:size-single", "item:cargo-multi")
LANGS: tuple[Lang, ...] = ("ja", "en")


@given(seeds, st.sampled_from(CHOICE_ITEMS), st.sampled_from(LANGS))
def test_shuffling_never_loses_the_answer(seed: int, card_id: str, lang: Lang) -> None:
    deck = quiz_deck()
    q = question_for(deck, card_id, lang, seed)
    body = deck.item_by_id[card_id[5:]].body
    assert isinstance(body, SingleBody | MultiBody)
    assert sorted(o.id for o in q.options) == sorted(c.id for c in body.choices)
    assert [o.key for o in q.options] == [str(n) for n in range(1, len(q.options) + 1)]
    assert q.key.choice_ids <= {o.id for o in q.options}
    assert judge(q, right_answer(q)).verdict == "right"
    if q.kind == "single":
        for option in q.options:
            expected = "right" if option.id in q.key.choice_ids else "wrong"
            assert judge(q, option.key).verdict == expected


@given(seeds)
def test_matching_shuffle_keeps_the_pairs(seed: int) -> None:
    deck = quiz_deck()
    q = question_for(deck, "item:fluid-matching", "en", seed)
    body = deck.item_by_id["fluid-matching"].body
    assert isinstance(body, MatchingBody)
    pairs = body.pairs
    left = {o.id: o.text for o in q.options}
    right = {o.id: o.text for o in q.targets}
    for a, b in q.key.pairs:
        assert any(p.left.en == left[a] and p.right.en == right[b] for p in pairs)
    assert judge(q, q.key.display).verdict == "right"
    letters_only = "".join(ch for ch in q.key.display if ch.isalpha())
    assert judge(q, letters_only).verdict == "right"
    assert letters_only != "abcd"  # never the trivial order


def test_seeds_change_the_order_but_not_the_question() -> None:
    deck = quiz_deck()
    orders = {tuple(o.id for o in question_for(deck, "item:size-single", "en", s).options)
              for s in range(20)}
    assert len(orders) > 3
    assert question_for(deck, "item:size-single", "en", 5) == question_for(
        deck, "item:size-single", "en", 5)


def test_case_items_carry_their_scenario() -> None:
    deck = quiz_deck()
    q = question_for(deck, "item:approved-tf", "ja", 0)
    assert q.scenario is not None and q.scenario.title == "点滴の相談"
    assert "60歳" in q.scenario.text
    assert question_for(deck, "item:size-single", "ja", 0).scenario is None


def test_feedback_has_explanation_glossary_and_citations() -> None:
    deck = quiz_deck()
    q = question_for(deck, "item:claim-tf", "en", 0)
    fb = q.feedback
    assert fb.explanation == "A promotional claim, not established."
    assert fb.evidence == "claim"
    assert [(c.title, c.section, c.trust) for c in fb.citations] == [
        ("再生医療クリニックの案内", "治療", "promotional")]
    q = question_for(deck, "item:size-single", "ja", 0)
    assert [e.term_id for e in q.feedback.entries] == ["exosome"]
    assert q.feedback.citations[0].section == "概要"


def test_typed_item_accepts_yaml_alternatives_and_term_aliases() -> None:
    deck = quiz_deck()
    q = question_for(deck, "item:ev-typed", "en", 0)
    accepted = q.key.texts[0]
    assert accepted[0] == "extracellular vesicle"
    assert {"extracellular vesicles", "EV", "EVs"} <= set(accepted)
    q_ja = question_for(deck, "item:ev-typed", "ja", 0)
    assert {"細胞外小胞", "細胞外ベシクル", "さいぼうがいしょうほう", "EV"} <= set(q_ja.key.texts[0])
    assert judge(q_ja, "saibougaishouhou").verdict == "right"


def test_cloze_blanks_are_numbered() -> None:
    q = question_for(quiz_deck(), "item:function-cloze", "ja", 0)
    assert q.blanks == 2
    assert q.text == "エクソソームは＿(1)＿を担い、＿(2)＿を運ぶ。"
    # a blank that is a glossary headword also takes its reading (マイクロRNA → まいくろ…)
    assert q.key.texts == (("細胞間の情報伝達", "情報伝達"),
                           ("マイクロRNA", "miRNA", "まいくろあーるえぬえー"))


# term cards ----------------------------------------------------------------------------
def test_term_choice_distractors_follow_the_rules() -> None:
    deck = quiz_deck()
    for term in deck.terms:
        for direction in ("ja>en", "en>ja", "def>term"):
            others = distractors(deck, term, direction, "ja")
            assert all(o.category == term.category and o.id != term.id for o in others)
            assert not any(clashes(term, o) for o in others)
            q = question_for(deck, f"term:{term.id}:{direction}", "ja", 1)
            if len(others) == 3:
                assert q.kind == "single" and len(q.options) == 4
                assert q.key.choice_ids == {term.id}
            else:
                assert q.kind == "typed"


@given(seeds, seeds)
def test_term_distractors_are_stable_per_card(seed_a: int, seed_b: int) -> None:
    deck = quiz_deck()
    a = question_for(deck, "term:exosome:ja>en", "en", seed_a)
    b = question_for(deck, "term:exosome:ja>en", "en", seed_b)
    assert {o.id for o in a.options} == {o.id for o in b.options}
    assert judge(a, right_answer(a)).verdict == "right"


def test_distractors_never_share_a_spelling_with_the_answer() -> None:
    deck = quiz_deck()
    ev = deck.term_by_id["extracellular-vesicle"]
    # a term whose English name is the answer's abbreviation must not be offered
    twin = replace(deck.term_by_id["microvesicle"], id="ev-twin", en="EV")
    same_ja = replace(deck.term_by_id["apoptotic-body"], id="ev-same", ja="細胞外小胞")
    deck2 = replace(deck, terms=(*deck.terms, twin, same_ja))
    for _ in range(3):
        ids = {t.id for t in distractors(deck2, ev, "ja>en", "en")}
        assert "ev-twin" not in ids and "ev-same" not in ids


def test_definition_hides_the_term_and_its_names() -> None:
    deck = quiz_deck()
    ev = deck.term_by_id["extracellular-vesicle"]
    masked = mask_definition(ev.definition.en, ev)
    assert "EVs" not in masked and "＿＿＿" in masked
    exo = deck.term_by_id["exosome"]
    assert mask_definition(exo.definition.en, exo) == (
        "A kind of extracellular vesicle; ＿＿＿ carry messages between cells.")
    assert mask_definition(exo.definition.ja, exo) == (
        "細胞外小胞の一種で、＿＿＿は細胞どうしの情報のやり取りを担う。")
    custom = replace(exo, aliases=Variants(ja=("エキソソーム",)),
                     definition=Bilingual("えきそそーむ とも書く。", "Also exosomal."))
    assert mask_definition(custom.definition.ja, custom) == "＿＿＿ とも書く。"
    assert mask_definition(custom.definition.en, custom) == "Also exosomal."  # another word
    verb = replace(exo, en="release", definition=Bilingual("-", "Things released; releasing."))
    assert mask_definition(verb.definition.en, verb) == "Things ＿＿＿; ＿＿＿."


def test_def_prompt_is_masked_and_reading_card_is_typed_without_typos() -> None:
    deck = quiz_deck()
    q = question_for(deck, "term:exosome:def>term", "ja", 0, "typed")
    assert "エクソソーム" not in q.prompt and "＿＿＿" in q.prompt
    assert judge(q, "exosome").verdict == "right"
    r = question_for(deck, "term:extracellular-vesicle:reading", "ja", 0)
    assert r.kind == "typed" and not r.key.typo_tolerance
    assert judge(r, "さいぼうがいしょうほう").verdict == "right"
    assert judge(r, "サイボウガイショウホウ").verdict == "right"
    assert judge(r, "saibougaishouhou").verdict == "right"
    assert judge(r, "さいぼうないしょうほう").verdict == "wrong"


def test_reading_cards_only_for_kanji_headwords() -> None:
    deck = quiz_deck()
    cards = {c.id for c in list_cards(deck, ALL_DIRECTIONS)}
    assert "term:extracellular-vesicle:reading" in cards
    assert "term:exosome:reading" not in cards  # katakana: nothing to read
    assert "term:exosome:def>term" in cards


def test_term_card_styles() -> None:
    deck = quiz_deck()
    flash = question_for(deck, "term:exosome:ja>en", "en", 0, "flashcard")
    term = deck.term_by_id["exosome"]
    assert flash.kind == "flashcard" and flash.back == f"exosome\n{term.definition.en}"
    by_definition = question_for(deck, "term:exosome:def>term", "en", 0, "flashcard")
    assert term.definition.en not in by_definition.back  # the prompt already shows it
    typed = question_for(deck, "term:microrna:en>ja", "ja", 0, "typed")
    assert typed.kind == "typed" and typed.answer_lang == "ja"
    assert judge(typed, "miRNA").verdict == "right"
    assert judge(typed, "めっせんじゃーあーるえぬえー").verdict == "wrong"  # another term
    lone = question_for(deck, "term:biomarker:ja>en", "en", 0)  # category of one: typed
    assert lone.kind == "typed" and judge(lone, "biomarker").verdict == "right"


def test_spellings_cover_aliases_abbr_and_reading() -> None:
    ev = quiz_deck().term_by_id["extracellular-vesicle"]
    assert set(spellings(ev)) == {"細胞外小胞", "extracellular vesicle", "さいぼうがいしょうほう",
                                  "EVs", "EV"}
