"""Startup and glossary-latency benchmark for the Textual app, as ratios to a bare app.

Each round starts a fresh Python process for exoterm and for a bare Textual app (Header +
OptionList of 100 + Footer), alternating, and times from just before the process starts
to the home screen being shown: `run_test` has mounted the first screen and waited for
it to settle (the same point for both apps; exoterm's data then keeps loading behind). Run with a warm
cache (parsed content and search index cached) and a cold one (empty cache folder).
Each child also reports its peak RSS after everything has loaded (exoterm: content,
index and database). With a cold cache exoterm parses the YAML in a short-lived helper
process (exoterm.core.prepare); its peak is printed too, so nothing is hidden. Then, in
this process, it times keystroke → updated glossary results (search handler plus a full
repaint of the screen) over typical queries.

exoterm's modules are byte-compiled first, as `pip install` does: with
PYTHONDONTWRITEBYTECODE set (as on some CI machines) every start would otherwise compile
them from source again while the bare app's Textual comes precompiled.

    .venv/bin/python benches/startup.py [--rounds 10]

Goals: start ≤ 1.3× the bare app (warm and cold), peak RSS ≤ 1.2×, keystroke p99 ≤ 16 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

CHILD_EXOTERM = """
import asyncio, resource, sys
from exoterm.tui.app import ExotermApp

async def main():
    app = ExotermApp()
    async with app.run_test(size=(80, 24)) as pilot:
        assert type(app.screen).__name__ == "HomeScreen", app.screen
        print("READY", flush=True)
        for _ in range(400):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.data.store_done:
                break
        assert app.data.search is not None and app.data.progress is not None, app.data
    print("RSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    print("HELPER", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)

asyncio.run(main())
"""

CHILD_BARE = """
import asyncio, resource
from textual.app import App
from textual.widgets import Footer, Header, OptionList

class Bare(App):
    def compose(self):
        yield Header()
        yield OptionList(*[f"option {i}" for i in range(100)])
        yield Footer()

async def main():
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        print("READY", flush=True)
        await pilot.pause()
    print("RSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)

asyncio.run(main())
"""

QUERIES = ["saibou", "エクソソーム", "exosome", "mirna", "かん", "細胞外", "biomarker",
           "ekusosoomu", "幹細胞", "dds"]


def run_child(code: str, env: dict[str, str]) -> tuple[float, int, int]:
    """(seconds from spawn to READY, peak RSS in KiB, peak RSS of its own helper
    processes in KiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    ready = None
    rss = helper = 0
    for line in proc.stdout:
        if line.startswith("READY") and ready is None:
            ready = time.perf_counter() - start
        elif line.startswith("RSS"):
            rss = int(line.split()[1])
        elif line.startswith("HELPER"):
            helper = int(line.split()[1])
    err = proc.stderr.read() if proc.stderr else ""
    if proc.wait() != 0 or ready is None:
        raise SystemExit(f"child failed:\n{err}")
    return ready, rss, helper


def startup(rounds: int, warm: bool) -> dict[str, Any]:
    base = dict(os.environ)
    base.pop("NO_COLOR", None)
    times: dict[str, list[float]] = {"exoterm": [], "bare": []}
    rss: dict[str, list[int]] = {"exoterm": [], "bare": []}
    helpers: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = base | {"EXOTERM_HOME": str(Path(tmp) / "home"),
                      "EXOTERM_CACHE": str(Path(tmp) / "cache")}
        if warm:
            run_child(CHILD_EXOTERM, env)  # fills the content and search caches
        for n in range(rounds):
            if not warm:
                env["EXOTERM_CACHE"] = str(Path(tmp) / f"cold-{n}")
            order = (("exoterm", CHILD_EXOTERM), ("bare", CHILD_BARE))
            for name, code in order if n % 2 == 0 else order[::-1]:
                seconds, peak, helper = run_child(code, env)
                times[name].append(seconds)
                rss[name].append(peak)
                if name == "exoterm":
                    helpers.append(helper)
    exo, bare = statistics.median(times["exoterm"]), statistics.median(times["bare"])
    exo_rss, bare_rss = max(rss["exoterm"]), max(rss["bare"])
    return {"exoterm_s": exo, "bare_s": bare, "ratio": exo / bare,
            "exoterm_rss_mb": exo_rss / 1024, "bare_rss_mb": bare_rss / 1024,
            "rss_ratio": exo_rss / bare_rss, "helper_rss_mb": max(helpers) / 1024,
            "helpers_started": sum(1 for h in helpers if h)}


async def keystrokes() -> tuple[list[float], list[float], list[float], list[float]]:
    """Milliseconds per keystroke: the search handler; handler + the next frame (layout
    and drawing what changed, as Textual does); handler + a full-screen repaint. Also the
    detail pane's update once typing pauses (not part of the keystroke)."""
    from exoterm.tui.app import ExotermApp
    from exoterm.tui.screens.glossary import GlossaryScreen

    handler: list[float] = []
    frame: list[float] = []
    total: list[float] = []
    detail: list[float] = []
    app = ExotermApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(400):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.data.store_done:
                break
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        original = screen._run_search

        flush = screen.flush_detail

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

        def timed_flush() -> None:
            start = time.perf_counter()
            flush()
            screen._refresh_layout(screen.size)
            detail.append((time.perf_counter() - start) * 1000)

        screen._run_search = timed  # type: ignore[method-assign]
        screen.flush_detail = timed_flush  # type: ignore[method-assign]
        for _ in range(3):
            for query in QUERIES:
                await pilot.press(*query)
                await pilot.pause(0.15)
                await pilot.press("ctrl+u")
        await pilot.pause()
    return handler, frame, total, detail


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "exoterm", quiet=1)
    print(f"startup to home screen, {args.rounds} rounds each, alternating (median):")
    for warm in (True, False):
        r = startup(args.rounds, warm)
        label = "warm cache" if warm else "cold cache"
        print(f"  {label}: exoterm {r['exoterm_s'] * 1000:.0f} ms, bare app "
              f"{r['bare_s'] * 1000:.0f} ms → ratio {r['ratio']:.2f} (goal ≤ 1.30)")
        print(f"  {label}: peak RSS exoterm {r['exoterm_rss_mb']:.1f} MB, bare app "
              f"{r['bare_rss_mb']:.1f} MB → ratio {r['rss_ratio']:.2f} (goal ≤ 1.20)")
        if r["helpers_started"]:
            print(f"  {label}: the parse helper ran in {r['helpers_started']} of {args.rounds} "
                  f"starts, peak RSS {r['helper_rss_mb']:.1f} MB, and exited once the caches "
                  "were written")
        else:
            print(f"  {label}: no parse helper started (content and index came from the cache)")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["EXOTERM_HOME"] = str(Path(tmp) / "home")
        handler, frame, total, detail = asyncio.run(keystrokes())
    print(f"glossary keystroke → updated results ({len(total)} keystrokes, goal p99 ≤ 16 ms):")
    for name, values in (("search handler", handler), ("handler + next frame (layout, "
                         "changed widgets drawn)", frame),
                         ("handler + full-screen repaint", total),
                         ("detail pane once typing pauses (not per keystroke)", detail)):
        print(f"  {name}: p99 {p99(values):.2f} ms, median {statistics.median(values):.2f} ms")


if __name__ == "__main__":
    main()
