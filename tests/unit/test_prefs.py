"""Interface preferences (ui.json): one reader and writer for the app and `review --plain`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from exoterm.commands.review import ui_language
from exoterm.core.config import Config
from exoterm.core.prefs import PREFS_FILE, Prefs, read_prefs, write_prefs


def test_saved_prefs_read_back(tmp_path: Path) -> None:
    folder = tmp_path / "home"  # not there yet: written, folder and all
    prefs = Prefs(lang="en", theme="nord", furigana="ruby")
    assert write_prefs(folder, prefs)
    assert read_prefs(folder) == prefs
    assert json.loads((folder / PREFS_FILE).read_text(encoding="utf-8")) == {
        "lang": "en", "theme": "nord", "furigana": "ruby"}


def test_no_file_means_nothing_chosen(tmp_path: Path) -> None:
    prefs = read_prefs(tmp_path)
    assert (prefs.lang, prefs.theme, prefs.furigana) == (None, None, "auto")


@pytest.mark.parametrize("text", [
    '{"lang": "fr", "theme": 3, "furigana": "big"}',  # unknown or mistyped values
    '{"lang": ["en"], "theme": "", "furigana": null}',
    '["en"]',  # not an object
    "{lang: en}",  # not JSON
    "[" * 100 + "]" * 100,  # nested beyond reason
    '{"lang": "en", "theme": NaN}',  # a number exoterm does not accept
])
def test_unusable_values_count_as_not_set(tmp_path: Path, text: str) -> None:
    (tmp_path / PREFS_FILE).write_text(text, encoding="utf-8")
    assert read_prefs(tmp_path) == Prefs()


def test_a_file_that_is_not_utf8_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / PREFS_FILE).write_bytes('{"lang": "en", "theme": "日本"}'.encode("shift_jis"))
    assert read_prefs(tmp_path) == Prefs()


def test_one_bad_value_keeps_the_good_ones(tmp_path: Path) -> None:
    (tmp_path / PREFS_FILE).write_text('{"lang": "en", "furigana": "sideways"}', encoding="utf-8")
    assert read_prefs(tmp_path) == Prefs(lang="en", furigana="auto")


def test_unknown_keys_are_written_back_unchanged(tmp_path: Path) -> None:
    (tmp_path / PREFS_FILE).write_text('{"lang": "ja", "zoom": {"level": 2}}', encoding="utf-8")
    prefs = read_prefs(tmp_path)
    assert write_prefs(tmp_path, Prefs.from_json({**prefs.to_json(), "lang": "en"}))
    saved = json.loads((tmp_path / PREFS_FILE).read_text(encoding="utf-8"))
    assert saved == {"lang": "en", "zoom": {"level": 2}, "furigana": "auto"}


def test_a_failed_write_says_so_and_keeps_the_old_file(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    assert not write_prefs(blocker, Prefs(lang="en"))
    assert blocker.read_text(encoding="utf-8") == "a file where the folder should be"


@pytest.mark.parametrize(("option", "saved", "expected"), [
    ("en", '{"lang": "ja"}', "en"),  # --lang wins
    (None, '{"lang": "en"}', "en"),  # else the app's saved choice
    (None, '{"lang": "fr"}', "ja"),  # else Japanese
    (None, None, "ja"),
])
def test_plain_review_starts_in_the_saved_language(tmp_path: Path, option: str | None,
                                                   saved: str | None, expected: str) -> None:
    if saved is not None:
        (tmp_path / PREFS_FILE).write_text(saved, encoding="utf-8")
    args = argparse.Namespace(**({"lang": option} if option else {}))
    assert ui_language(args, Config(data_dir=tmp_path, cache_dir=tmp_path / "cache")) == expected


def _finishes(call: Callable[[], object], timeout: float = 20.0) -> list[object]:
    """`call()`'s result, run in a thread so a read that blocks fails the test instead of
    hanging it."""
    import threading

    got: list[object] = []
    worker = threading.Thread(target=lambda: got.append(call()), daemon=True)
    worker.start()
    worker.join(timeout)
    assert got, "the read did not finish"
    return got


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_user_file_that_never_ends_is_not_read(tmp_path: Path, kind: str) -> None:
    """ui.json or keymap.json as a FIFO (nobody writing) blocked every command and the
    app's start; as a link to /dev/zero it never ended."""
    import os

    from exoterm.tui.bindings import load_keymap

    for name in (PREFS_FILE, "keymap.json"):
        path = tmp_path / name
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
    assert _finishes(lambda: read_prefs(tmp_path)) == [Prefs()]
    [loaded] = _finishes(lambda: load_keymap(tmp_path / "keymap.json"))
    assert loaded[0] == {} and "default keys used" in str(loaded[1])  # type: ignore[index]
