"""The store remembers each deck it was synced with (`store.deckheads`), and Home's
numbers can be read from the database alone (`progress.today_numbers`)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from srs_fixtures import T0, deck, open_store

from exoterm.core.config import Config
from exoterm.core.content import content_version, load_configured
from exoterm.core.progress import compute_stats, today_numbers
from exoterm.core.srs.cards import CATALOG_FORMAT, list_cards
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store.deckheads import KEEP, DeckHead, recall, remember
from exoterm.errors import ExotermError

DIRS = ("ja>en", "en>ja")
STARTER = Path(__file__).resolve().parents[2] / "exoterm" / "starter"


def test_a_remembered_deck_is_recalled_only_for_its_version_directions_and_format(
        tmp_path: Path) -> None:
    store = open_store(tmp_path)
    head = DeckHead("c" * 32, 182, 203)
    assert recall(store, "v1", DIRS, CATALOG_FORMAT) is None
    remember(store, "v1", DIRS, CATALOG_FORMAT, head)
    assert recall(store, "v1", DIRS, CATALOG_FORMAT) == head
    assert recall(store, "v1", tuple(reversed(DIRS)), CATALOG_FORMAT) == head  # a set
    assert recall(store, "v2", DIRS, CATALOG_FORMAT) is None
    assert recall(store, "v1", ("ja>en",), CATALOG_FORMAT) is None
    assert recall(store, "v1", DIRS, CATALOG_FORMAT + 1) is None
    store.close()


def test_only_the_latest_decks_are_remembered(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for n in range(KEEP + 3):
        remember(store, f"v{n}", DIRS, CATALOG_FORMAT, DeckHead(f"{n}", n, n))
    kept = [n for n in range(KEEP + 3) if recall(store, f"v{n}", DIRS, CATALOG_FORMAT)]
    assert kept == list(range(3, KEEP + 3))
    store.close()


def test_a_damaged_record_is_not_trusted(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    remember(store, "v1", DIRS, CATALOG_FORMAT, DeckHead("c", 1, 2))
    for bad in ("not json", "[]", '{"catalog": "c", "terms": "many", "items": 2}', "{}",
                # hand-edited or damaged: Infinity raised OverflowError and stopped every start
                '{"catalog": "c", "terms": Infinity, "items": 2}', '{"catalog": "c", "terms": 1, "items": -5}',
                '{"catalog": "c", "terms": 1e30, "items": 2}', '{"catalog": "c", "terms": true, "items": 2}',
                '{"catalog": "c", "terms": 1, "items": 99999999999999999999999}',
                '{"catalog": 7, "terms": 1, "items": 2}'):
        with store.write() as conn:
            conn.execute("UPDATE meta SET value = ? WHERE key LIKE 'deck:%'", (bad,))
        assert recall(store, "v1", DIRS, CATALOG_FORMAT) is None, bad
    store.close()


# Hand-edited or damaged heads that json.loads turns into OverflowError or RecursionError
# (the first load then crashed and the app said the content could not be loaded).
DAMAGED_HEADS = ('{"catalog": "c", "terms": Infinity, "items": 2}', "[" * 100_000,
                 '{"catalog": "c", "terms": 1e400, "items": 2}',
                 '{"catalog": "c", "terms": -7, "items": 2}',
                 '{"catalog": "c", "terms": ' + "9" * 5000 + ', "items": 2}')


@pytest.mark.parametrize("bad", DAMAGED_HEADS, ids=range(len(DAMAGED_HEADS)))
def test_a_damaged_head_is_neither_trusted_nor_fatal(tmp_path: Path, bad: str) -> None:
    store = open_store(tmp_path)
    remember(store, "v0", DIRS, CATALOG_FORMAT, DeckHead("c", 1, 2))
    with store.write() as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key LIKE 'deck:%'", (bad,))
    assert recall(store, "v0", DIRS, CATALOG_FORMAT) is None
    for n in range(1, KEEP + 1):  # past KEEP the oldest go, ordered by their "at"
        remember(store, f"v{n}", DIRS, CATALOG_FORMAT, DeckHead("c", n, n))
    assert recall(store, f"v{KEEP}", DIRS, CATALOG_FORMAT) == DeckHead("c", KEEP, KEEP)
    store.close()


def test_a_damaged_time_does_not_stop_remembering(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    remember(store, "v0", DIRS, CATALOG_FORMAT, DeckHead("c", 1, 2))
    with store.write() as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key LIKE 'deck:%'",
                     ('{"catalog": "c", "terms": 1, "items": 2, "at": Infinity}',))
    for n in range(1, KEEP + 1):
        remember(store, f"v{n}", DIRS, CATALOG_FORMAT, DeckHead("c", n, n))
    assert recall(store, "v0", DIRS, CATALOG_FORMAT) is None  # the damaged one went first
    assert recall(store, f"v{KEEP}", DIRS, CATALOG_FORMAT) == DeckHead("c", KEEP, KEEP)
    store.close()


@pytest.mark.parametrize("decks,only", [((), False), ((STARTER,), False), ((STARTER,), True)])
def test_the_content_version_is_the_loaded_decks_without_parsing(
        tmp_path: Path, decks: tuple[Path, ...], only: bool) -> None:
    config = Config.build({"EXOTERM_HOME": str(tmp_path)}, decks=[str(d) for d in decks],
                          only_decks=only)
    assert content_version(config) == load_configured(config, use_cache=False).version


def test_the_content_version_follows_the_files_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    folder.mkdir()
    for f in STARTER.glob("*.yaml"):
        (folder / f.name).write_bytes(f.read_bytes())
    config = Config.build({"EXOTERM_HOME": str(tmp_path)}, decks=[str(folder)])
    before = content_version(config)
    glossary = folder / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert content_version(config) != before
    with pytest.raises(ExotermError):
        content_version(replace(config, decks=(tmp_path / "missing",)))


def test_the_content_version_imports_no_models_and_no_yaml() -> None:
    code = ("import sys, os; from exoterm.core.config import Config; "
            "from exoterm.core.content import content_version; "
            "content_version(Config.build(os.environ)); "
            "print(sorted(m for m in sys.modules if m.startswith(('yaml', "
            "'exoterm.core.content.models', 'exoterm.core.content.loader'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_homes_numbers_are_those_of_the_full_statistics(tmp_path: Path) -> None:
    """`today_numbers` reads less than `compute_stats` but agrees with it, damaged,
    suspended and vanished cards included."""
    d = deck(n_terms=12, n_items=4)
    store = open_store(tmp_path, synced=d)
    cards = [c.id for c in list_cards(d, store.settings.directions)]
    for n, card_id in enumerate(cards[:10]):
        store.answer(card_id, Rating.Good if n % 3 else Rating.Again,
                     now=T0 - timedelta(days=n % 4))
    store.suspend(cards[1], True)
    with store.write() as conn:
        conn.execute("UPDATE cards SET present = 0 WHERE id = ?", (cards[2],))
        conn.execute("UPDATE cards SET stability = -5 WHERE id = ?", (cards[3],))  # damaged
    for now in (T0, T0 + timedelta(days=3), T0 + timedelta(days=40)):
        today, full = today_numbers(store, now), compute_stats(store, now=now)
        states = full.cards_by_state
        assert (today.due, today.new, today.streak, today.next_due) == \
            (full.due_today, full.new_today, full.streak_days, full.next_due)
        assert today.learned == sum(states.get(k, 0) for k in ("learning", "review", "relearning"))
        assert list(today.forecast) == [n for _, n in full.due_by_day]
    store.close()
