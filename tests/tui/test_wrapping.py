"""Content on screen is wrapped by core's line breaker at the widget's width, and wrapped
again when the terminal is resized."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import AppPilot, drive, make_app, screen_of, settle, start_review

from exoterm.core.linebreak import NO_START, break_lines, cell_len
from exoterm.tui.review_parts import SessionPlan
from exoterm.tui.screens.review import ReviewScreen
from exoterm.tui.widgets.wrapped import Wrapped

SHIPPED = Path(__file__).resolve().parents[2] / "data"


def test_the_scenario_wraps_by_phrase_and_again_after_a_resize() -> None:
    async def script(pilot: AppPilot) -> list[tuple[int, list[str]]]:
        screen = await start_review(pilot, SessionPlan(cram=True,
                                                       cards=("item:dl-case-test-target",)))
        case = screen_of(pilot, ReviewScreen).query_one("#case", Wrapped)
        seen = []
        for width in (80, 60, 120):
            await pilot.resize_terminal(width, 30)
            await settle(pilot)
            text = str(case.render())
            seen.append((case.size.width, text.splitlines()))
        assert screen.question is not None
        return seen

    seen = drive(make_app(content=SHIPPED), script)
    widths = [width for width, _ in seen]
    assert len(set(widths)) == 3  # the box followed the terminal
    for width, lines in seen:
        paragraph = lines[1:]  # under the case's title
        expected = break_lines("".join(paragraph), width)
        assert len(paragraph) == len(expected), (width, paragraph)
        assert all(line and line[0] not in NO_START for line in paragraph)
        assert max(cell_len(line) for line in lines) <= width
