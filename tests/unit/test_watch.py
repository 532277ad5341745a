"""Live reload's core: which files to watch, noticing changes, and keeping the last good deck."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from exoterm.core.config import Config
from exoterm.core.content import ContentError, content_paths, load_configured
from exoterm.core.content.watch import ContentWatcher

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"


@pytest.fixture()
def deck_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "deck"
    shutil.copytree(GOOD, folder)
    return folder


@pytest.fixture()
def config(deck_dir: Path, tmp_path: Path) -> Config:
    """Studying exactly the copied deck (as $EXOTERM_CONTENT does), caches in tmp."""
    return Config(data_dir=tmp_path / "home", cache_dir=tmp_path / "cache", content=deck_dir)


def touch_write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    st = path.stat()  # make sure the stamp differs even on coarse-mtime file systems
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_content_paths_follow_the_options(deck_dir: Path, config: Config) -> None:
    assert content_paths(config) == [deck_dir / n for n in ("sources.yaml", "glossary.yaml", "quiz.yaml")]
    with_deck = replace(config, content=None, decks=(deck_dir,))
    paths = content_paths(with_deck)
    assert paths[-3:] == [deck_dir / n for n in ("sources.yaml", "glossary.yaml", "quiz.yaml")]
    assert len(paths) == 6  # the shipped files come first
    assert len(content_paths(replace(with_deck, only_decks=True))) == 3


def test_watcher_reports_each_change_once(deck_dir: Path, config: Config) -> None:
    watcher = ContentWatcher(content_paths(config))
    assert not watcher.changed()
    glossary = deck_dir / "glossary.yaml"
    touch_write(glossary, glossary.read_text("utf-8") + "\n# edited\n")
    assert watcher.changed()
    assert not watcher.changed()
    (deck_dir / "quiz.yaml").unlink()
    assert watcher.changed()


def test_a_broken_save_keeps_the_last_good_deck_and_says_where(deck_dir: Path, config: Config) -> None:
    good = load_configured(config)
    glossary = deck_dir / "glossary.yaml"
    text = glossary.read_text("utf-8")
    touch_write(glossary, text.replace("reading: えくそそーむ", "reading: エクソソーム"))
    with pytest.raises(ContentError) as err:
        load_configured(config)
    assert f"{glossary}:" in str(err.value) and "must be hiragana" in str(err.value)
    assert good.term_by_id["exosome"].reading == "えくそそーむ"  # the last good deck is untouched
    touch_write(glossary, text.replace("en: exosome\n", "en: exosomes\n", 1))
    fixed = load_configured(config)
    assert fixed.term_by_id["exosome"].en == "exosomes" and fixed.version != good.version
    assert set(fixed.term_by_id) == set(good.term_by_id), "ids (and so review history) are stable"


def test_a_file_added_to_the_deck_folder_is_noticed_and_loaded(deck_dir: Path, config: Config) -> None:
    from exoterm.tui.loading import watched_files

    watcher = ContentWatcher(watched_files(config))
    week2 = deck_dir / "quiz-week2.yaml"
    week2.write_text(
        "items:\n  - id: week2-item\n    type: truefalse\n    prompt: {ja: 第2週の問題。}\n"
        "    answer: true\n    explanation: {ja: 正しい。}\n"
        "    sources:\n      - {id: medicalnote-2024, section: 概要}\n    evidence: established\n",
        "utf-8")
    st = deck_dir.stat()  # a folder's mtime moves when a file is added; make sure it differs
    os.utime(deck_dir, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert watcher.changed()
    watcher.watch(watched_files(config))
    assert week2 in watcher.paths
    assert "week2-item" in load_configured(config).item_by_id
