"""The shipped content keeps its size and shape: counts cannot silently shrink."""

from __future__ import annotations

from collections import Counter

import pytest

from exoterm.cli import main
from exoterm.core.content import Deck, load_content, shipped_paths
from exoterm.core.content.models import MultiBody, SingleBody

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
