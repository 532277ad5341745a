"""Issue 15 §4: output that cannot be written, input that never ends.

Real processes, real file descriptors: `> /dev/full`, a closed stdout (`>&-`), a reader
that goes away (`| head`) and `< /dev/zero`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUIZ_DECK = ROOT / "tests" / "data" / "quiz"
FULL = Path("/dev/full")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file descriptors")


def env(home: Path, *, shipped: bool = False) -> dict[str, str]:
    """The small quiz deck, or (`shipped`) the shipped content, which is far bigger."""
    out = {**os.environ, "EXOTERM_HOME": str(home), "EXOTERM_CONTENT": str(QUIZ_DECK),
           "PYTHONIOENCODING": "utf-8"}
    if shipped:
        del out["EXOTERM_CONTENT"]
    return out


def run(home: Path, *args: str, stdin: int | None = subprocess.DEVNULL, stdout: int | IO[Any] | None = subprocess.PIPE,
        close_stdout: bool = False, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    def preexec() -> None:
        if close_stdout:
            os.close(1)

    return subprocess.run([sys.executable, "-m", "exoterm", *args], env=env(home), stdin=stdin,
                          stdout=stdout, stderr=subprocess.PIPE, timeout=timeout,
                          preexec_fn=preexec if close_stdout else None)


COMMANDS = [
    ("search", "exosome"),
    ("export", "--format", "gift"),
    ("export", "--format", "moodle-xml"),
    ("export", "--format", "csv"),
    ("progress", "export"),
    ("results", "export"),
    ("stats",),
    ("srs", "show"),
    ("--help",),  # argparse ignores errors writing these: they ended with status 0
    ("--version",),
    ("search", "--help"),
]


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_device_is_one_line_and_status_1(tmp_path: Path, args: tuple[str, ...]) -> None:
    with FULL.open("wb") as full:
        result = run(tmp_path / "home", *args, stdout=full)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert err.splitlines()[-1] == "exoterm: cannot write output: No space left on device", err
    assert "Traceback" not in err and "Exception ignored" not in err


@pytest.mark.parametrize("args", [("search", "exosome"), ("review", "--plain", "--cram"), ("stats",),
                                  ("--help",), ("--version",)], ids=" ".join)
def test_a_closed_stdout_is_one_line_and_status_1(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run(tmp_path / "home", *args, stdout=None, close_stdout=True)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert err.splitlines() == ["exoterm: cannot write output: standard output is closed"], err


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path) -> None:
    """`exoterm export … | head -1`: more output than a pipe holds, the reader leaves."""
    proc = subprocess.Popen([sys.executable, "-m", "exoterm", "export", "--format", "json"],
                            env=env(tmp_path / "home", shipped=True), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert err == ""


def test_json_export_is_bigger_than_a_pipe(tmp_path: Path) -> None:
    """The test above only exercises a broken pipe when the output cannot fit in one."""
    result = subprocess.run([sys.executable, "-m", "exoterm", "export", "--format", "json"],
                            env=env(tmp_path / "home", shipped=True), capture_output=True, timeout=120)
    assert result.returncode == 0 and len(result.stdout) > 1 << 17


def test_an_endless_input_line_is_capped(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        result = run(tmp_path / "home", "--lang", "en", "review", "--plain", stdin=zero.fileno(), timeout=60)
    out = result.stdout.decode()
    assert result.returncode == 1, result.stderr.decode()
    assert "An input line is longer than 4096 characters; stopping." in out
    assert "Done: 0 answered" in out
    assert "\0" not in out


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")
def test_an_apkg_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    """Its summary (notes and cards) is said once the package is written: it came first,
    then the error."""
    pytest.importorskip("genanki")
    result = run(tmp_path / "home", "export", "--format", "apkg", "-o", str(FULL))
    err = result.stderr.decode()
    assert result.returncode != 0 and len(err.splitlines()) == 1, err
    assert "No space left on device" in err and "Traceback" not in err
    written = run(tmp_path / "home", "--lang", "en", "export", "--format", "apkg",
                  "-o", str(tmp_path / "out.apkg"))
    assert written.returncode == 0 and "glossary notes" in written.stderr.decode()
