"""Smoke test in a real terminal (tmux): start, search "saibou", open the entry, quit."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tui_helpers import GOOD

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def test_start_search_open_and_quit_in_tmux(tmp_path: Path) -> None:
    socket = f"exoterm-smoke-{os.getpid()}"
    tmux = ["tmux", "-L", socket, "-f", os.devnull]
    env = {"EXOTERM_HOME": str(tmp_path / "home"), "EXOTERM_CONTENT": str(GOOD),
           "TZ": "Asia/Tokyo", "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    command = " ".join([
        "env", *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
        shlex.quote(sys.executable), "-m", "exoterm", "--lang", "ja",
        "; echo EXIT-STATUS=$?; sleep 30"])

    def screen() -> str:
        out = subprocess.run([*tmux, "capture-pane", "-p", "-t", "smoke"],
                             capture_output=True, text=True, check=False)
        return out.stdout

    def wait_for(check: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = screen()
            if check(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; screen:\n{text}")

    def keys(*names: str) -> None:
        subprocess.run([*tmux, "send-keys", "-t", "smoke", *names], check=True)

    subprocess.run([*tmux, "new-session", "-d", "-s", "smoke", "-x", "80", "-y", "24",
                    command], check=True)
    try:
        wait_for(lambda s: "Space / Enter で復習開始" in s, "the home screen")
        keys("g")
        wait_for(lambda s: "検索：漢字・かな・ローマ字・英語" in s, "the glossary")
        keys("s", "a", "i", "b", "o", "u")
        text = wait_for(lambda s: "1 件" in s and "さいぼうがいしょうほう" in s, "search results")
        assert "細胞外小胞" in text
        keys("Enter")
        text = wait_for(lambda s: "›エクソソーム‹" in s, "the entry opened on its links")
        assert "Umbrella term" in text or "細胞が外に放出する" in text
        keys("q")
        text = wait_for(lambda s: "EXIT-STATUS=" in s, "exoterm to quit")
        assert "EXIT-STATUS=0" in text
        assert "Traceback" not in text
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
