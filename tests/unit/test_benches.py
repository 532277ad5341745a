"""What the CI's bench smoke loop cannot see: the CI installs `anki` (the test extra), so
it never runs the SRS bench the way a user without Anki does. Without it, the bench must
still measure exoterm's half and exit 0. Times are printed by the bench, never asserted.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRS_BENCH = Path(__file__).resolve().parents[2] / "benches" / "srs.py"

# `sys.modules[name] = None` makes `import name` raise ImportError, as if not installed.
WITHOUT_ANKI = """
import runpy, sys
sys.modules["anki"] = None
sys.argv = [sys.argv[1], "--smoke"]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def test_srs_bench_smoke_runs_exoterms_half_without_anki() -> None:
    done = subprocess.run([sys.executable, "-c", WITHOUT_ANKI, str(SRS_BENCH)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("exoterm  answer p50") for line in lines), done.stdout
    assert any("anki is not installed" in line for line in lines), done.stdout
    assert not any(line.startswith(("anki     answer", "ratio ")) for line in lines), done.stdout
