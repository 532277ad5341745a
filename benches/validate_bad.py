"""Wall time of `python -m exoterm validate FILE` on every file of the bad-file corpus.

A trainer who saves a broken file should see the error at once. Goal: every file < 1 s.
Baseline: `python -m exoterm --version` (interpreter and CLI start-up) in the same run;
ratios are against its median. Also runs the >20 MB file generated the way the tests do.
Run: python benches/validate_bad.py [--rounds R] [--no-readings]
     python benches/validate_bad.py --smoke   (one round over every SMOKE_STRIDE-th file and
     every folder case, plus the oversize file; a wrong exit code still fails, times do not)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad"
CONTEXT_FILES = {"sources.yaml", "glossary.yaml", "quiz.yaml"}
GOAL_SECONDS = 1.0
SMOKE_STRIDE = 10


def bad_cases() -> list[Path]:
    """Every row of EXPECTED.tsv that is on disk (files, and the dup-across folder)."""
    cases = []
    for line in (BAD / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("@"):
            cases.append(BAD / line.split("\t")[0])
    return cases


def smoke_cases(cases: list[Path]) -> list[Path]:
    """A spread of the corpus: every SMOKE_STRIDE-th file and every folder case."""
    return [p for i, p in enumerate(cases) if i % SMOKE_STRIDE == 0 or p.is_dir()]


def oversize(folder: Path) -> Path:
    path = folder / "oversize.yaml"
    with path.open("wb") as handle:
        handle.write(b"terms: []\n" + b"#" * (20 * 1024 * 1024 + 1) + b"\n")
    return path


def wall(args: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "exoterm", *args], capture_output=True, cwd=ROOT)
    return time.perf_counter() - start, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs per file; the best counts")
    parser.add_argument("--no-readings", action="store_true", help="pass --no-readings (skip pykakasi)")
    parser.add_argument("--smoke", action="store_true",
                        help="one round over a spread of the corpus; times are not judged")
    args = parser.parse_args()
    extra = ["--no-readings"] if args.no_readings else []
    if args.smoke:
        args.rounds = 1
    cases = smoke_cases(bad_cases()) if args.smoke else bad_cases()

    baseline = statistics.median(wall(["--version"])[0] for _ in range(max(3, args.rounds)))
    times: dict[str, float] = {}
    wrong_exit: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in [*cases, oversize(Path(tmp))]:
            runs = [wall(["validate", *extra, str(path)]) for _ in range(args.rounds)]
            name = path.relative_to(BAD).as_posix() if path.is_relative_to(BAD) else path.name
            times[name] = min(t for t, _ in runs)
            if any(code != 2 for _, code in runs):
                wrong_exit.append(name)

    ordered = sorted(times.items(), key=lambda kv: kv[1], reverse=True)
    median = statistics.median(times.values())
    print(f"validate{' --no-readings' if extra else ''} on {len(times)} bad files, best of {args.rounds}")
    print(f"baseline `exoterm --version`: {baseline:.3f} s")
    print(f"median:  {median:.3f} s  ({median / baseline:.2f}x baseline)")
    print(f"slowest: {ordered[0][1]:.3f} s  ({ordered[0][1] / baseline:.2f}x baseline)  {ordered[0][0]}")
    for name, seconds in ordered[1:5]:
        print(f"         {seconds:.3f} s  {name}")
    over = [name for name, seconds in ordered if seconds >= GOAL_SECONDS]
    if args.smoke:
        over = []  # a smoke run checks that the bench works, not how fast this machine is
        print(f"goal < {GOAL_SECONDS:.0f} s each: not judged (smoke run)")
    else:
        print(f"goal < {GOAL_SECONDS:.0f} s each: {'met' if not over else 'MISSED by ' + ', '.join(over)}")
    if wrong_exit:
        print(f"exit code was not 2 for: {', '.join(wrong_exit)}")
    return 1 if over or wrong_exit else 0


if __name__ == "__main__":
    raise SystemExit(main())
