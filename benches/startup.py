"""Startup benchmark to what the user sees, and glossary latency, as ratios to a bare app.

Start-up runs each app in a real terminal (a pseudo-terminal of 80×24, as tmux or any
terminal emulator gives it) and times from just before the process is spawned to the
moment the screen shows:

- exoterm: the Home screen *with the deck's counts* — the deck line ("N terms · M
  questions") and the start line that needs the progress database, so content, search
  index and database are loaded, not just the first frame painted;
- the bare app (Header + OptionList of 100 + Footer): its footer.

Text is detected in the bytes the app writes to the terminal (escape sequences
stripped). exoterm and the bare app alternate, round by round; medians are reported.
Peak RSS is the child's high-water mark (VmHWM) once everything has loaded, read just
before it is told to quit (Ctrl+Q). Scenarios: the shipped content with a warm cache
(parsed content and search index cached) and a cold one (an empty cache folder each
round, as after the cache folder was cleared, with the learner's progress database), and
a generated 10,000-term / 1,000-item deck (benches/gen.py) with a warm cache. The cold
scenario's first round is the very first start (no database either: the YAML is parsed
before Home can count anything); it is printed on its own line and is one of the rounds.
Then, in this process, it times keystroke → updated glossary results (search handler
plus a full repaint) over typical queries.

exoterm's modules are byte-compiled first, as `pip install` does: with
PYTHONDONTWRITEBYTECODE set (as on some CI machines) every start would otherwise compile
them from source again while the bare app's Textual comes precompiled.

    .venv/bin/python benches/startup.py [--rounds 5] [--only warm,cold,big] [--no-keys] [--smoke]

Each line gives the median and, in brackets, the spread: the per-round ratios'
quartiles (exoterm over the bare app started next to it), which a noisy machine widens.

Goals: Home with counts ≤ 1.3× the bare app warm, ≤ 1.5× cold, ≤ 1.3× warm with the
10,000-term deck; peak RSS ≤ 1.5× the bare app (shipped content); keystroke p99 ≤ 16 ms with the
10,000-term deck (the shipped content is timed too).
`--smoke` runs a couple of quick rounds (a 1,000-term deck) and prints the same ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benches"))
from gen import write_deck  # noqa: E402

from exoterm.core.config import Config  # noqa: E402

ROWS, COLS = 24, 80
QUERIES = ["saibou", "エクソソーム", "exosome", "mirna", "かん", "細胞外", "biomarker",
           "ekusosoomu", "幹細胞", "dds"]
BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, OptionList

class Bare(App):
    def compose(self):
        yield Header()
        yield OptionList(*[f"option {i}" for i in range(100)])
        yield Footer()

Bare().run()
"""
# What each app shows once it is ready (English interface for exoterm).
EXOTERM_READY = (re.compile(r"\d+ terms · \d+ questions"),
                 re.compile(r"to start reviewing|Nothing due now"))
BARE_READY = (re.compile(r"option 0"), re.compile(r"palette"))
ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|.)")


@dataclass(frozen=True)
class Run:
    seconds: float  # spawn → ready text on screen
    peak_kib: int  # the child's peak resident memory
    cpu: float  # CPU seconds (all threads, user + system) the child had used when ready


def run_in_terminal(argv: Sequence[str], env: dict[str, str], ready: Sequence[re.Pattern[str]],
                    timeout: float = 120.0) -> Run:
    """Start `argv` on a fresh pseudo-terminal and time it until every `ready` pattern
    appears in what it has drawn; then quit it with Ctrl+Q and read its peak RSS."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                            start_new_session=True)
    os.close(slave)
    raw = b""
    shown = None
    try:
        while shown is None:
            left = start + timeout - time.perf_counter()
            if left <= 0 or not select.select([master], [], [], left)[0]:
                raise SystemExit(f"{argv}: not ready after {timeout:.0f} s:\n{_text(raw)[-800:]}")
            chunk = _read(master)
            if not chunk:
                raise SystemExit(f"{argv} exited before it was ready:\n{_text(raw)[-800:]}")
            raw += chunk
            text = _text(raw)
            if all(p.search(text) for p in ready):
                shown = time.perf_counter() - start
                cpu = _cpu_seconds(proc.pid)
        _drain(master, 0.3)  # let it settle (e.g. the first freeze, the watcher) before quitting
        peak = _peak_kib(proc.pid)
        os.write(master, b"\x11")  # Ctrl+Q
        deadline = time.perf_counter() + 10
        while not (done := os.wait4(proc.pid, os.WNOHANG))[0]:  # reaps it with its rusage
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGTERM)
                done = os.wait4(proc.pid, 0)
                break
            _drain(master, 0.05)
    finally:
        os.close(master)
    _, status, usage = done
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(shown, peak or usage.ru_maxrss, cpu)


def _cpu_seconds(pid: int) -> float:
    """CPU time used so far by the process, all its threads (Linux; 0 elsewhere). Less
    sensitive than wall time to other processes on a busy machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_kib(pid: int) -> int:
    """The process's peak RSS so far (Linux). Not `ru_maxrss` from wait4 where this works:
    Linux carries a process's peak across fork and exec, so a child would report at least
    this (bigger) process's size."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) if found else 0


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 1 << 16)
    except OSError:  # EIO: the other end closed
        return b""


def _drain(fd: int, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while (left := end - time.perf_counter()) > 0:
        if select.select([fd], [], [], left)[0] and not _read(fd):
            return


def _text(raw: bytes) -> str:
    return ESCAPES.sub("", raw.decode("utf-8", "ignore"))


@dataclass(frozen=True)
class Scenario:
    label: str
    args: tuple[str, ...]  # extra exoterm arguments
    warm: bool
    goal: float


def compare(scenario: Scenario, rounds: int, tmp: Path) -> tuple[list[Run], list[Run]]:
    """Alternate exoterm and the bare app `rounds` times each."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL")}
    env |= {"TERM": "xterm-256color", "COLUMNS": str(COLS), "LINES": str(ROWS),
            "EXOTERM_HOME": str(tmp / "home"), "EXOTERM_CACHE": str(tmp / "cache")}
    exoterm = [sys.executable, "-m", "exoterm", "--lang", "en", *scenario.args]
    bare = [sys.executable, "-c", BARE_APP]
    if scenario.warm:
        run_in_terminal(exoterm, env, EXOTERM_READY)  # fills the content and index caches
    runs: dict[str, list[Run]] = {"exoterm": [], "bare": []}
    for n in range(rounds):
        if not scenario.warm:
            env["EXOTERM_CACHE"] = str(tmp / f"cold-{n}")
        order = [("exoterm", exoterm, EXOTERM_READY), ("bare", bare, BARE_READY)]
        for name, argv, ready in order if n % 2 == 0 else order[::-1]:
            runs[name].append(run_in_terminal(argv, env, ready))
    return runs["exoterm"], runs["bare"]


def quartiles(values: Sequence[float]) -> str:
    """"q1–q3" of `values` (the middle half), or the one value."""
    if len(values) < 2:
        return f"{values[0]:.2f}"
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return f"{q1:.2f}–{q3:.2f}"


SCENARIOS = ("warm", "cold", "big")


def startup(rounds: int, big_terms: int, big_items: int, only: Sequence[str] = SCENARIOS) -> None:
    print(f"start → screen ready, in an {COLS}×{ROWS} terminal, {rounds} rounds alternating "
          "with the bare app (median [per-round ratios' quartiles]); exoterm: Home showing "
          "the deck's counts")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        big = write_deck(tmp / "big-deck", big_terms, big_items)
        scenarios = {
            "warm": Scenario("shipped content, warm cache", (), True, 1.3),
            "cold": Scenario("shipped content, cold cache", (), False, 1.5),
            "big": Scenario(f"{big_terms:,}-term / {big_items:,}-item deck, warm cache",
                            ("--only-decks", "--deck", str(big)), True, 1.3),
        }
        for key in only:
            scenario = scenarios[key]
            exo, bare = compare(scenario, rounds, tmp / key)
            if not scenario.warm:
                print(f"  {scenario.label}, first start ever (round 1: no database either): "
                      f"exoterm {exo[0].seconds * 1000:.0f} ms, bare app "
                      f"{bare[0].seconds * 1000:.0f} ms → ratio {exo[0].seconds / bare[0].seconds:.2f}"
                      " (no goal)")
            exo_s = statistics.median(r.seconds for r in exo)
            bare_s = statistics.median(r.seconds for r in bare)
            spread = quartiles([e.seconds / b.seconds for e, b in zip(exo, bare, strict=True)])
            print(f"  {scenario.label}: exoterm {exo_s * 1000:.0f} ms, bare app "
                  f"{bare_s * 1000:.0f} ms → ratio {exo_s / bare_s:.2f} [{spread}] "
                  f"(goal ≤ {scenario.goal:.2f})")
            exo_cpu = statistics.median(r.cpu for r in exo)
            bare_cpu = statistics.median(r.cpu for r in bare)
            if bare_cpu:
                print(f"  {scenario.label}: CPU time to ready exoterm {exo_cpu * 1000:.0f} ms, "
                      f"bare app {bare_cpu * 1000:.0f} ms → ratio {exo_cpu / bare_cpu:.2f}")
            exo_mb = statistics.median(r.peak_kib for r in exo) / 1024
            bare_mb = statistics.median(r.peak_kib for r in bare) / 1024
            goal = "goal ≤ 1.50" if key == "warm" else "no goal"
            print(f"  {scenario.label}: peak RSS exoterm {exo_mb:.1f} MB, bare app "
                  f"{bare_mb:.1f} MB → ratio {exo_mb / bare_mb:.2f} ({goal})")


Timings = tuple[list[float], list[float], list[float], list[float], list[float]]


async def keystrokes(config: Config, passes: int = 3) -> Timings:
    """Milliseconds per keystroke: the search handler; handler + the next frame (layout
    and drawing what changed, as Textual does); handler + a full-screen repaint. Also
    what follows once typing pauses (not part of the keystroke): the detail pane's update,
    and the terms found by their definition alone joining the results."""
    from exoterm.tui.app import ExotermApp
    from exoterm.tui.screens.glossary import GlossaryScreen

    handler: list[float] = []
    frame: list[float] = []
    total: list[float] = []
    detail: list[float] = []
    rest: list[float] = []
    app = ExotermApp(config)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(2000):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.data.complete:  # the search index too
                break
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        original = screen._run_search

        def timed(keep: bool = False) -> None:
            start = time.perf_counter()
            original(keep)
            middle = time.perf_counter()
            screen._refresh_layout(screen.size)  # layout + draws the dirty widgets
            drawn = time.perf_counter()
            screen._compositor.render_update(full=True)
            end = time.perf_counter()
            handler.append((middle - start) * 1000)
            frame.append((drawn - start) * 1000)
            total.append((end - start) * 1000)

        def after_pause(step: Callable[[], None], into: list[float]) -> Callable[[], None]:
            """`step` (run by a timer once typing pauses) timed with its layout into `into`."""
            def timed_step() -> None:
                start = time.perf_counter()
                step()
                screen._refresh_layout(screen.size)
                into.append((time.perf_counter() - start) * 1000)
            return timed_step

        screen._run_search = timed  # type: ignore[method-assign]
        screen.flush_detail = after_pause(screen.flush_detail, detail)  # type: ignore[method-assign]
        screen.complete_results = after_pause(  # type: ignore[method-assign]
            screen.complete_results, rest)
        for _ in range(passes):
            for query in QUERIES:
                await pilot.press(*query)
                await pilot.pause(0.15)
                await pilot.press("ctrl+u")
        await pilot.pause()
    return handler, frame, total, detail, rest


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default=",".join(SCENARIOS),
                        help="start-up scenarios to run, comma-separated (default: %(default)s)")
    parser.add_argument("--no-keys", action="store_true", help="skip the glossary keystrokes")
    parser.add_argument("--smoke", action="store_true",
                        help="two quick rounds and a 1,000-term deck; prints ratios only")
    args = parser.parse_args()
    only = [name for name in args.only.split(",") if name]
    if unknown := set(only) - set(SCENARIOS):
        parser.error(f"unknown scenario {', '.join(sorted(unknown))} (choose from {', '.join(SCENARIOS)})")
    compileall.compile_dir(ROOT / "exoterm", quiet=1)
    if args.smoke:
        startup(2, 1_000, 100, only)
    else:
        startup(args.rounds, 10_000, 1_000, only)
    if args.no_keys:
        return
    terms, items = (1_000, 100) if args.smoke else (10_000, 1_000)
    with tempfile.TemporaryDirectory() as tmp:
        environ = {"EXOTERM_HOME": str(Path(tmp) / "home"), "EXOTERM_CACHE": str(Path(tmp) / "cache")}
        big = write_deck(Path(tmp) / "big-deck", terms, items)
        for label, config in (
                ("shipped content", Config.build(environ)),
                (f"{terms:,}-term deck (goal p99 ≤ 16 ms)",
                 Config.build(environ, decks=[str(big)], only_decks=True))):
            handler, frame, total, detail, rest = asyncio.run(
                keystrokes(config, 1 if args.smoke else 3))
            print(f"glossary keystroke → updated results, {label} ({len(total)} keystrokes):")
            for name, values in (("search handler", handler), ("handler + next frame (layout, "
                                 "changed widgets drawn)", frame),
                                 ("handler + full-screen repaint", total),
                                 ("detail pane once typing pauses (not per keystroke)", detail),
                                 ("the rest of the results once typing pauses (not per keystroke)",
                                  rest)):
                print(f"  {name}: p99 {p99(values):.2f} ms, median {statistics.median(values):.2f} ms")


if __name__ == "__main__":
    main()
