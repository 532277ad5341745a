"""Search: the right term on top for every way a student types it, never an exception."""

from __future__ import annotations

import json
import marshal
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_fixtures import BY_ID, LITERAL_QUERIES, TERMS, make_term
from test_japanese import half_width

from exoterm.core.content.models import Deck, Term
from exoterm.core.japanese import kana_to_romaji, romaji_key, to_katakana
from exoterm.core.search import (
    Hit,
    SearchIndex,
    fuzz_allowance,
    load_or_build,
    within,
)

INDEX = SearchIndex.build(TERMS)
terms = st.sampled_from(TERMS)


def top(query: str, index: SearchIndex = INDEX) -> str | None:
    hits = index.search(query, limit=5)
    return hits[0].term_id if hits else None


@pytest.mark.parametrize(("query", "expected"), LITERAL_QUERIES)
def test_literal_queries(query: str, expected: str) -> None:
    assert top(query) == expected


def test_fixture_names_do_not_collide() -> None:
    keys = [romaji_key(t.reading) for t in TERMS]
    assert len(set(keys)) == len(keys)


@given(terms, st.sampled_from(["ja", "reading", "katakana", "half-width", "en", "upper-en"]))
def test_each_name_ranks_its_term_first(term: Term, how: str) -> None:
    query = {
        "ja": term.ja, "reading": term.reading, "katakana": to_katakana(term.reading),
        "half-width": half_width(to_katakana(term.reading)), "en": term.en,
        "upper-en": term.en.upper(),
    }[how]
    assert top(query) == term.id


@given(st.sampled_from([(t, a) for t in TERMS for a in t.abbr]), st.booleans())
def test_each_abbreviation_ranks_its_term_first(pair: tuple[Term, str], lower: bool) -> None:
    term, abbr = pair
    assert top(abbr.lower() if lower else abbr) == term.id


def romaji_spelling(reading: str, system: str, long_mark: str, n_style: str, case: str) -> str:
    """A way of typing `reading` in romaji that the normalizer claims to accept."""
    text = kana_to_romaji(reading.replace("ん", "\x01").replace("ー", "\x02"),
                          "kunrei" if system == "kunrei" else "hepburn")
    text = re.sub("\x01(?=[bp])", "m" if n_style == "m" else "n", text)
    text = text.replace("\x01", {"m": "n", "apostrophe": "n'", "nn": "nn"}.get(n_style, "n"))
    text = re.sub("([aeiou])\x02", r"\1\1", text) if long_mark == "keep" else text  # aa
    text = text.replace("\x02", "-" if long_mark == "hyphen" else "")
    if long_mark == "macron":
        for pair, macron in (("ou", "ō"), ("oo", "ō"), ("uu", "ū"), ("aa", "ā"), ("ii", "ī")):
            text = text.replace(pair, macron)
    elif long_mark == "drop":
        text = re.sub(r"ou|oo|uu|aa|ii|ee", lambda m: m.group()[0], text)
    return {"upper": text.upper(), "title": text.title()}.get(case, text)


@given(terms, st.sampled_from(["hepburn", "kunrei"]),
       st.sampled_from(["hyphen", "macron", "drop", "keep"]),
       st.sampled_from(["n", "apostrophe", "nn", "m"]), st.sampled_from(["lower", "upper", "title"]))
def test_any_romaji_spelling_ranks_its_term_first(
    term: Term, system: str, long_mark: str, n_style: str, case: str
) -> None:
    spelling = romaji_spelling(term.reading, system, long_mark, n_style, case)
    assert romaji_key(spelling) == romaji_key(term.reading), spelling
    assert top(spelling) == term.id, spelling


@given(terms, st.sampled_from(["ja", "reading", "en"]))
def test_every_keystroke_keeps_the_term_in_the_results(term: Term, field: str) -> None:
    text = {"ja": term.ja, "reading": term.reading, "en": term.en}[field]
    index = SearchIndex.build(TERMS)
    for end in range(1, len(text) + 1):
        ids = [h.term_id for h in index.search(text[:end], limit=None)]
        assert term.id in ids, text[:end]
    assert index.search(text)[0].term_id == term.id


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60, deadline=None)
@given(st.one_of(terms.map(lambda t: t.en), terms.map(lambda t: t.reading),
                 terms.map(lambda t: kana_to_romaji(t.reading)), st.text(max_size=14)),
       st.integers(0, 3), st.sampled_from([5, 50, None]))
def test_incremental_equals_fresh_search(text: str, typo_at: int, limit: int | None) -> None:
    if typo_at and len(text) > typo_at:
        text = text[:typo_at] + "x" + text[typo_at + 1:]
    incremental = SearchIndex.build(TERMS)
    for end in range(len(text) + 1):
        fresh = SearchIndex.build(TERMS)
        assert incremental.search(text[:end], limit) == fresh.search(text[:end], limit)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150, deadline=None)
@given(st.one_of(terms.map(lambda t: t.definition.ja), terms.map(lambda t: t.definition.en),
                 terms.map(lambda t: t.en), terms.map(lambda t: t.ja), st.text(max_size=8)),
       st.integers(0, 30), st.integers(1, 8), st.booleans(), st.sampled_from([1, 2, 5]))
def test_names_first_then_the_definition_matches(text: str, start: int, length: int,
                                                 typed: bool, first: int) -> None:
    """`definitions=False` (a keystroke in the glossary) finds the name matches, in the
    order the full search ranks them first; the full search only adds the terms found by
    their definition alone, after them. With a limit: the first ones of those."""
    query = text[start:start + length]
    index = SearchIndex.build(TERMS)
    if typed:  # as in the glossary: each keystroke names-only, then the full search
        for end in range(len(query)):
            index.search(query[:end + 1], limit=first, definitions=False)
    top = index.search(query, limit=first, definitions=False)
    names = index.search(query, limit=None, definitions=False)
    assert top == names[:first]
    full = index.search(query, limit=None)
    assert full[:len(names)] == names
    assert all(h.field.startswith("definition") for h in full[len(names):]), query
    if not index.reads_definitions(query):
        assert names == full
    assert full == SearchIndex.build(TERMS).search(query, limit=None)


@settings(max_examples=300)
@given(st.text())
def test_search_never_raises(text: str) -> None:
    hits = INDEX.search(text, limit=10)
    assert len(hits) <= 10
    assert [rank(h) for h in hits] == sorted(rank(h) for h in hits)


HEADWORDS = {"ja", "reading", "romaji", "en", "abbr"}


def rank(hit: Hit) -> tuple[int, int]:
    """The documented order: exact matches (headword, then alias), then headword matches,
    then alias, search-key and definition matches; score descending within each."""
    headword = hit.field in HEADWORDS
    kind = (0 if headword else 1) if hit.match == "exact" else (2 if headword else 3)
    return kind, -hit.score


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TERMS), min_size=2, max_size=12, unique_by=lambda t: t.id),
       st.data())
def test_a_headword_match_ranks_above_an_alias_match(chosen: list[Term], data: st.DataObject) -> None:
    """Any glossary, any query: no alias (or search key) match comes before a term whose
    headword matches, except an exact alias match, which only an exact headword passes."""
    from dataclasses import replace

    from exoterm.core.content.models import Variants

    # Give the first term an alias that starts with another term's name, as 点滴's
    # 「エクソソーム点滴」 starts with エクソソーム.
    named = data.draw(st.sampled_from(chosen[1:]))
    word = data.draw(st.sampled_from([named.ja, named.en, named.reading]))
    alias = word + data.draw(st.sampled_from(["点滴", " therapy", "りょうほう"]))
    first = replace(chosen[0], aliases=Variants(ja=(alias,), en=(alias,)))
    index = SearchIndex.build([first, *chosen[1:]])
    query = data.draw(st.one_of(st.just(word), st.just(word[: max(1, len(word) - 1)]),
                                st.just(alias)))
    hits = index.search(query, limit=None)
    assert [rank(h) for h in hits] == sorted(rank(h) for h in hits)
    by_id = {h.term_id: h for h in hits}
    if query == word:  # the headword's own term first, the alias-only term after it
        assert hits[0].term_id == named.id
        alias_hit = by_id.get(first.id)
        if alias_hit is not None and alias_hit.field not in HEADWORDS:
            assert all(rank(h) < rank(alias_hit) for h in hits if h.field in HEADWORDS)


def test_searching_a_headword_ranks_an_alias_match_below_headword_matches() -> None:
    """The issue's case: エクソソーム must not bring 点滴 (alias エクソソーム点滴) second."""
    from dataclasses import replace

    from exoterm.core.content.models import Variants

    drip = replace(BY_ID["cancer"], id="drip", ja="点滴", reading="てんてき", en="drip",
                   aliases=Variants(ja=("エクソソーム点滴",)))
    cosmetics = replace(BY_ID["biomarker"], id="cosmetics", ja="エクソソーム化粧品",
                        reading="えくそそーむけしょうひん", en="exosome cosmetics")
    index = SearchIndex.build([*TERMS, drip, cosmetics])
    ids = [h.term_id for h in index.search("エクソソーム", limit=None)]
    assert ids[0] == "exosome"
    headword_hits = [h.term_id for h in index.search("エクソソーム", limit=None)
                     if h.field in HEADWORDS]
    assert "cosmetics" in headword_hits  # a longer headword: the old tie-break put 点滴 first
    assert ids.index("drip") > max(ids.index(t) for t in headword_hits)


@pytest.mark.parametrize(
    "junk",
    ["", "   ", "\x00\x01\x7f", "a" * 10_000, "細" * 10_000, "🧬🦠💉", "e\u0301\u0301\u0301",
     "saibou細胞エクソ🧬", "\u200b\ufeff", "\ud800", "%s{}[bold]\\", "ｰｰｰ", "'''"],
)
def test_bad_input_returns_quickly(junk: str) -> None:
    assert isinstance(INDEX.search(junk), list)
    assert isinstance(INDEX.suggest(junk), list)


def test_empty_query_lists_all_terms_in_reading_order() -> None:
    hits = INDEX.search("", limit=None)
    assert len(hits) == len(TERMS)
    assert [h.term_id for h in hits][:3] == ["exosome", "endosome", "cancer"]  # え, え, が
    assert {h.match for h in hits} == {"all"}
    assert len(INDEX.search("  ", limit=5)) == 5


def test_ranking_tiers() -> None:
    hits = {h.term_id: h for h in INDEX.search("さいぼう", limit=None)}
    assert hits["extracellular-vesicle"].match == "prefix"
    assert hits["stem-cell"].match == "substring"
    assert hits["extracellular-vesicle"].score > hits["stem-cell"].score
    first = INDEX.search("DDS")[0]
    assert (first.match, first.field) == ("exact", "abbr")
    word = INDEX.search("stem cell", limit=None)
    assert [h.match for h in word[:3]] == ["exact", "word", "word"]
    assert INDEX.search("exosme")[0].match == "fuzzy"
    assert INDEX.search("zzzzz") == []  # collapses to the romaji key "z": not romaji
    collagen = INDEX.search("collagen")[0]
    assert (collagen.term_id, collagen.match, collagen.field) == (
        "fibroblast", "definition", "definition_en")
    assert INDEX.search("コラーゲン")[0].field == "definition_ja"


def test_ties_go_to_the_shorter_headword() -> None:
    # 細胞外小胞 (5) and 細胞外マトリックス (9) are both prefix matches
    assert [h.term_id for h in INDEX.search("細胞外", limit=2)] == [
        "extracellular-vesicle", "extracellular-matrix"]


def test_limit() -> None:
    assert len(INDEX.search("s", limit=3)) == 3
    assert len(INDEX.search("s", limit=None)) > 3


def test_within() -> None:
    assert within("extracelular", "extracellular vesicle", 1)
    assert not within("extracelular", "extracellular vesicle", 1, whole=True)
    assert within("exosme", "exosome", 1, whole=True)
    assert not within("abcd", "xyzw", 1)
    assert within("saib", "saibogai", 0)
    assert [fuzz_allowance(n) for n in (1, 3, 4, 7, 8, 40)] == [0, 0, 1, 1, 2, 2]


def levenshtein_row(query: str, text: str) -> list[int]:
    """Distances from `query` to each prefix of `text` (textbook dynamic programming)."""
    row = list(range(len(text) + 1))
    for i, char in enumerate(query, 1):
        prev, row = row, [i] + [0] * len(text)
        for j, other in enumerate(text, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (char != other))
    return row


@given(st.text("abcs", max_size=8), st.text("abcs", max_size=10), st.integers(0, 2))
def test_within_matches_dynamic_programming(query: str, text: str, k: int) -> None:
    row = levenshtein_row(query, text)
    assert within(query, text, k) == (min(row) <= k)
    assert within(query, text, k, whole=True) == (row[-1] <= k)


def test_a_typo_in_a_whole_name_beats_a_typo_in_a_longer_one() -> None:
    terms = [make_term(("cosmetics", "化粧品", "けしょうひん", "cosmetics", (), (),
                        ("exosome cosmetics",), "化粧品。", "Cosmetics.")), BY_ID["exosome"]]
    index = SearchIndex.build(terms)
    assert [h.term_id for h in index.search("exozome")] == ["exosome", "cosmetics"]


def test_suggest_names_near_terms() -> None:
    assert "exosome" in INDEX.suggest("exozomu")
    assert INDEX.suggest("qqqqqqqq") == []


def test_state_round_trips_through_marshal() -> None:
    state = marshal.loads(marshal.dumps(INDEX.to_state()))
    copy = SearchIndex.from_state(state)
    for query, _ in LITERAL_QUERIES:
        assert copy.search(query) == INDEX.search(query)
    with pytest.raises(ValueError):
        SearchIndex.from_state({"format": -1})
    with pytest.raises(ValueError):
        SearchIndex.from_state({**state, "ids": 3})


def deck(version: str = "v1") -> Deck:
    return Deck(terms=TERMS, version=version)


def test_load_or_build_uses_the_cache(tmp_path: Path) -> None:
    first = load_or_build(deck(), tmp_path)
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and "v1" in files[0].name
    second = load_or_build(deck(), tmp_path)
    assert second.search("dds") == first.search("dds")
    load_or_build(deck("v2"), tmp_path)
    assert len(list(tmp_path.iterdir())) == 2


def test_writing_an_index_prunes_the_oldest_others(tmp_path: Path) -> None:
    import os

    from exoterm.core.search.cache import KEEP_OTHER_INDEXES

    for n in range(KEEP_OTHER_INDEXES + 3):
        load_or_build(deck(f"v{n}"), tmp_path)
        for age, path in enumerate(sorted(tmp_path.iterdir(), key=lambda p: p.stat().st_mtime)):
            os.utime(path, (1_000_000 + age, 1_000_000 + age))  # distinct ages, oldest first
    (tmp_path / "content-other.marshal").write_bytes(b"not an index")
    load_or_build(deck("latest"), tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "content-other.marshal" in names, "only index files are pruned"
    kept = [n for n in names if n.startswith("search-")]
    assert len(kept) == KEEP_OTHER_INDEXES + 1
    assert any("latest" in n for n in kept) and any(f"v{KEEP_OTHER_INDEXES + 2}" in n for n in kept)
    assert not any(n.endswith("-v0.marshal") for n in kept), "the oldest went first"


@pytest.mark.parametrize(
    "damage",
    [b"", b"garbage", b"\x00" * 64, "truncate", "flip", "wrong-state", "other-terms"],
)
def test_corrupt_cache_is_rebuilt(tmp_path: Path, damage: object) -> None:
    load_or_build(deck(), tmp_path)
    (path,) = tmp_path.iterdir()
    blob = path.read_bytes()
    if damage == "truncate":
        blob = blob[: len(blob) // 2]
    elif damage == "flip":
        blob = blob[:100] + bytes([blob[100] ^ 0xFF]) + blob[101:]
    elif damage in ("wrong-state", "other-terms"):
        import hashlib

        state: dict[str, Any] = INDEX.to_state() if damage == "other-terms" else {"format": 1, "ids": 1}
        if damage == "other-terms":
            state = {**state, "version": "v1", "ids": [f"x{i}" for i in state["ids"]]}
        payload = marshal.dumps(state)
        blob = hashlib.blake2b(payload, digest_size=32).digest() + payload
    else:
        assert isinstance(damage, bytes)
        blob = damage
    path.write_bytes(blob)
    index = load_or_build(deck(), tmp_path)
    assert top("DDS", index) == "drug-delivery-system"


def test_unwritable_cache_dir_still_builds(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert top("DDS", load_or_build(deck(), blocker / "cache")) == "drug-delivery-system"


def test_version_less_deck_is_not_cached(tmp_path: Path) -> None:
    load_or_build(deck(""), tmp_path)
    assert list(tmp_path.iterdir()) == []


# --- the shipped glossary ----------------------------------------------------------------

SHIPPED_TOP = [*((q, t) for q, t in LITERAL_QUERIES if q not in ("さいぼう", "サイボウ")),
               ("さいぼうがい", "extracellular-vesicle"), ("EV", "extracellular-vesicle"),
               ("MSC", "mesenchymal-stem-cell"), ("エキソソーム", "exosome"),
               ("kansaibou", "stem-cell"), ("exozome", "exosome")]


@pytest.fixture(scope="module")
def shipped() -> tuple[Deck, SearchIndex]:
    from exoterm.core.content import load_content
    from exoterm.core.paths import shipped_data_dir

    data = shipped_data_dir()
    if not (data / "glossary.yaml").is_file():
        pytest.skip("no shipped glossary yet")
    deck = load_content([data / "sources.yaml", data / "glossary.yaml"])
    return deck, SearchIndex.build(deck.terms)


@pytest.mark.parametrize(("query", "expected"), SHIPPED_TOP)
def test_shipped_glossary_literal_queries(
    shipped: tuple[Deck, SearchIndex], query: str, expected: str
) -> None:
    assert top(query, shipped[1]) == expected


@pytest.mark.parametrize("query", ["さいぼう", "サイボウ"])
def test_shipped_glossary_saibou(shipped: tuple[Deck, SearchIndex], query: str) -> None:
    # Four shipped terms start with さいぼう; ties go to the shortest headword (細胞移植,
    # 細胞培養 before 細胞外小胞), so only ask for 細胞外小胞 among the first few.
    deck, index = shipped
    hits = index.search(query, limit=5)
    assert deck.term_by_id[hits[0].term_id].reading.startswith("さいぼう")
    assert "extracellular-vesicle" in [h.term_id for h in hits]


def test_shipped_glossary_every_name_finds_its_term(shipped: tuple[Deck, SearchIndex]) -> None:
    deck, index = shipped
    misses = []
    for term in deck.terms:
        names = [term.ja, term.reading, to_katakana(term.reading), kana_to_romaji(term.reading),
                 kana_to_romaji(term.reading, "kunrei"), term.en, *term.abbr]
        misses += [(term.id, name) for name in names if top(name, index) != term.id]
    assert misses == []


# --- the `exoterm search` command ---------------------------------------------------------

Cli = Callable[[list[str]], int]


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    import exoterm.commands.search as command
    from exoterm.cli import main

    monkeypatch.setenv("EXOTERM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(command, "load_content", lambda *a, **k: deck("cli"))
    return main


def test_cli_plain(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["search", "baiomaka"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "biomarker\tバイオマーカー\tばいおまーかー\tbiomarker"


def test_cli_json_and_limit(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["search", "さいぼう", "--json", "--limit", "2"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["extracellular-vesicle", "extracellular-matrix"]
    assert set(rows[0]) == {"id", "ja", "reading", "en", "score"}
    assert rows[0]["ja"] == BY_ID["extracellular-vesicle"].ja


def test_cli_no_match_suggests(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["search", "zzexozomu"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "exosome" in captured.err or "エクソソーム" in captured.err
    assert cli(["search", "🧬"]) == 1
    assert cli(["search", "--json", "qqqqqqqq"]) == 1
    assert json.loads(capsys.readouterr().out) == []


def test_search_keys_find_their_term_but_are_not_names() -> None:
    from dataclasses import replace

    from exoterm.core.content.models import Variants

    term = replace(BY_ID["antigen"], search_keys=Variants(ja=("めじるしぶっしつ",), en=("immune marker",)))
    index = SearchIndex.build([term, *(t for t in TERMS if t.id != "antigen")])
    for query in ("めじるしぶっしつ", "immune marker", "mejirushi"):
        hit = index.search(query)[0]
        assert (hit.term_id, hit.field) == ("antigen", "search_key"), query


def test_a_name_outranks_an_equal_search_key_match() -> None:
    from dataclasses import replace

    from exoterm.core.content.models import Variants

    # antigen's headword is shorter, so without the rule it would win the tie
    antigen = replace(BY_ID["antigen"], search_keys=Variants(en=("immune response",)))
    index = SearchIndex.build([antigen, BY_ID["immune-response"]])
    hits = index.search("immune response")
    assert [h.term_id for h in hits[:2]] == ["immune-response", "antigen"]
    assert (hits[0].match, hits[1].match) == ("exact", "exact")
