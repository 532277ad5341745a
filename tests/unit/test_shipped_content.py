"""The shipped content keeps its size and shape: counts cannot silently shrink."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from exoterm.cli import main
from exoterm.core.content import Deck, load_content, shipped_paths
from exoterm.core.content.models import ClozeBody, MatchingBody, MultiBody, SingleBody, Term

SOURCE_IDS = ("medicalnote-2024", "nurse-blog-2021", "dlri-2021", "yufu-2025", "clinic-2023")
PROMOTIONAL = ("nurse-blog-2021", "clinic-2023")


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_content(shipped_paths())


def test_at_least_100_terms_and_150_items(deck: Deck) -> None:
    assert len(deck.terms) >= 100
    assert len(deck.items) >= 150


def test_every_type_has_at_least_10_items(deck: Deck) -> None:
    counts = Counter(i.type for i in deck.items)
    for qtype in ("single", "multi", "truefalse", "typed", "cloze", "matching"):
        assert counts[qtype] >= 10, f"{qtype}: {counts[qtype]}"


def test_single_choice_has_four_and_five_option_items(deck: Deck) -> None:
    sizes = Counter(len(i.body.choices) for i in deck.items if isinstance(i.body, SingleBody))
    assert sizes[4] >= 1 and sizes[5] >= 1, sizes


def test_multi_select_says_how_many(deck: Deck) -> None:
    for item in deck.items:
        if isinstance(item.body, MultiBody):
            assert str(item.body.select) in item.prompt.ja or "つ選べ" in item.prompt.ja, item.id


def test_every_source_cited_by_at_least_10_items(deck: Deck) -> None:
    cites = Counter(c.id for i in deck.items for c in {c.id: c for c in i.sources}.values())
    for sid in SOURCE_IDS:
        assert cites[sid] >= 10, f"{sid}: {cites[sid]} items"


def test_a_case_with_at_least_three_questions(deck: Deck) -> None:
    per_case = Counter(i.case for i in deck.items if i.case)
    assert per_case and max(per_case.values()) >= 3
    for item in deck.items:
        if item.case:
            assert item.section == "状況設定", item.id


def test_every_term_and_item_is_cited_and_graded(deck: Deck) -> None:
    assert all(t.sources and t.evidence for t in deck.terms)
    assert all(i.sources and i.evidence for i in deck.items)


def test_promotional_only_terms_are_claims_or_say_so(deck: Deck) -> None:
    """A term cited only from promotional sources is a claim, or its note sets it against others."""
    for term in deck.terms:
        ids = {c.id for c in term.sources}
        if ids and ids <= set(PROMOTIONAL) and term.evidence == "claim":
            assert term.note is not None, term.id


def test_size_disagreement_is_stated(deck: Deck) -> None:
    exosome = deck.term_by_id["exosome"]
    assert exosome.note is not None
    for figure in ("100", "50", "30", "150"):
        assert figure in exosome.note.ja and figure in exosome.note.en


def test_validate_strict_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict"]) == 0, capsys.readouterr().out


ABSOLUTE = re.compile(r"だけ|しか|どれも|すべて|必ず|一切|決して|\b(?:always|only|never|every|all)\b")


def _norm(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if not ch.isspace())


def _names(term: Term) -> set[str]:
    return {_norm(n) for n in (term.ja, term.en, *term.abbr)}


def test_aliases_are_not_other_terms_or_search_keys(deck: Deck) -> None:
    """An alias is another name for the same thing: never another term's headword, never
    also a search key, never listed twice."""
    owner: dict[str, str] = {}
    for term in deck.terms:
        for name in _names(term):
            owner.setdefault(name, term.id)
    seen: dict[str, str] = {}
    for term in deck.terms:
        keys = {_norm(k) for k in term.search_keys.all()}
        for alias in map(_norm, term.aliases.all()):
            assert owner.get(alias, term.id) == term.id, f"{term.id}: alias {alias!r} is a headword of {owner[alias]}"
            assert alias not in keys, f"{term.id}: {alias!r} is both an alias and a search key"
            assert seen.setdefault(alias, term.id) == term.id, f"{alias!r}: alias of {seen[alias]} and {term.id}"


def test_no_alias_is_taught_as_wrong(deck: Deck) -> None:
    """A wrong option of a choice item is never an alias of a term (保険適応 is a search key)."""
    aliases = {_norm(a): t.id for t in deck.terms for a in t.aliases.all()}
    for item in deck.items:
        body = item.body
        if isinstance(body, SingleBody | MultiBody):
            keys = {body.answer} if isinstance(body, SingleBody) else set(body.answers)
            for choice in body.choices:
                if choice.id not in keys:
                    for text in (choice.ja, choice.en):
                        assert _norm(text) not in aliases, f"{item.id} {choice.id}: wrong option is an alias"


def test_learners_never_read_source_ids(deck: Deck) -> None:
    """Prompts, choices, statements, pairs, cloze text and cases name sources readably."""
    ids = [s.id for s in deck.sources]
    for item in deck.items:
        texts = [item.prompt.ja, item.prompt.en]
        body = item.body
        if isinstance(body, SingleBody | MultiBody):
            texts += [t for c in body.choices for t in (c.ja, c.en)]
        elif isinstance(body, MatchingBody):
            texts += [t for p in body.pairs for t in (p.left.ja, p.left.en, p.right.ja, p.right.en)]
        elif isinstance(body, ClozeBody):
            texts += [body.text.ja, body.text.en]
        for text in texts:
            assert "{source:" not in text, item.id
            assert not [s for s in ids if s in text], f"{item.id}: {text}"
    for case in deck.cases:
        for text in (case.title.ja, case.title.en, case.scenario.ja, case.scenario.en):
            assert not [s for s in ids if s in text], case.id


def test_every_source_has_a_short_name(deck: Deck) -> None:
    for source in deck.sources:
        assert source.short_name is not None, source.id
        assert source.id not in source.short_name.ja + source.short_name.en


def test_multi_select_is_two_as_in_the_national_exam(deck: Deck) -> None:
    for item in deck.items:
        if isinstance(item.body, MultiBody):
            assert item.body.select <= 2, f"{item.id}: 「{item.body.select}つ選べ」"
            assert "3つ選べ" not in item.prompt.ja and "three" not in item.prompt.en.lower(), item.id


def test_single_choice_keys_cannot_be_guessed_by_length(deck: Deck) -> None:
    """The key is the longest (or the shortest) option at most 1.5 times as often as chance."""
    singles = [i.body for i in deck.items if isinstance(i.body, SingleBody)]
    chance = sum(1 / len(b.choices) for b in singles)
    for pick in (max, min):
        hits = 0
        for body in singles:
            length = {c.id: len(_norm(c.ja)) for c in body.choices}
            hits += length[body.answer] == pick(length.values())
        assert hits <= 1.5 * chance, f"key is the {pick.__name__} option in {hits} of {len(singles)}"


def test_absolute_wording_is_balanced_between_keys_and_distractors(deck: Deck) -> None:
    """だけ / しか / always / only … must not mark the wrong options."""
    counts = {True: [0, 0], False: [0, 0]}
    for item in deck.items:
        body = item.body
        if isinstance(body, SingleBody | MultiBody):
            keys = {body.answer} if isinstance(body, SingleBody) else set(body.answers)
            for choice in body.choices:
                tally = counts[choice.id in keys]
                tally[0] += bool(ABSOLUTE.search(choice.ja) or ABSOLUTE.search(choice.en))
                tally[1] += 1
    key_rate, wrong_rate = (counts[k][0] / counts[k][1] for k in (True, False))
    assert abs(key_rate - wrong_rate) <= 0.05, (key_rate, wrong_rate)


def test_search_keys_are_searchable_but_not_names(deck: Deck) -> None:
    from exoterm.core.quiz.termcards import spellings

    term = deck.term_by_id["insurance-coverage"]
    assert "保険適応" in term.search_keys.ja and "保険適応" not in term.aliases.ja
    assert "保険適応" not in spellings(term)


def test_issue_17_minimums(deck: Deck) -> None:
    """Questions a nurse needs: enough terms, items, 必修, cases and items of every type."""
    assert len(deck.terms) >= 180
    assert len(deck.items) >= 200
    sections = Counter(i.section for i in deck.items)
    assert sections["必修"] >= 25, sections
    per_case = Counter(i.case for i in deck.items if i.case)
    assert len([c for c in deck.cases if per_case[c.id] >= 3]) >= 5, per_case
    types = Counter(i.type for i in deck.items)
    for qtype in ("single", "multi", "truefalse", "typed", "cloze", "matching"):
        assert types[qtype] >= 15, f"{qtype}: {types[qtype]}"




def test_no_select_three(deck: Deck) -> None:
    """「3つ選べ」 is not a current national-exam format: 「2つ選べ」 or single choice instead."""
    for item in deck.items:
        if isinstance(item.body, MultiBody):
            assert item.body.select != 3 and "3つ選べ" not in item.prompt.ja, item.id


def test_new_cards_interleave_types_and_categories(deck: Deck) -> None:
    """Issue 13.9: new cards do not come in file order (the first ~45 items were all
    choice questions): early items cover every type, early terms several categories, and
    the order is the same on every run."""
    from exoterm.core.srs.cards import list_cards

    cards = list_cards(deck, ("ja>en",))
    assert cards == list_cards(deck, ("ja>en",))  # stable
    items = [deck.item_by_id[c.content_id] for c in cards if c.kind == "item"]
    types = {i.body.kind for i in deck.items}
    assert {i.body.kind for i in items[: 2 * len(types)]} == types
    kinds = [c.kind for c in cards[:20]]
    assert 5 <= kinds.count("item") <= 15  # terms and items mixed from the start
    terms = [c for c in cards if c.kind == "term"][:10]
    assert len({c.category for c in terms}) >= min(4, len(deck.categories))
