"""Content shown literally (never as markup), bad content and a broken database at start."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input
from tui_helpers import (
    GOOD,
    AppPilot,
    drive,
    exo,
    make_app,
    screen_of,
    screen_text,
    settle,
    start_review,
    text_showing,
    wait_until,
)

from exoterm.core.textsafety import disallowed
from exoterm.tui.review_parts import SessionPlan
from exoterm.tui.screens.glossary import GlossaryScreen
from exoterm.tui.screens.problem import ProblemScreen

MARKUP_TERM = """
  - id: markup-term
    ja: "[bold]太字[/]"
    reading: ふとじ
    en: "[/] not markup [red]x[/red]"
    abbr: ["[i]"]
    category: vesicle
    definition:
      ja: "角括弧 [b]そのまま[/b] と [link=https://example.com]リンク[/link]"
      en: "Brackets [b]stay[/b] and a backslash \\\\[escaped]"
    sources:
      - {id: medicalnote-2024, section: "[概要]"}
    evidence: established
"""


def deck_with(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "deck"
    shutil.copytree(GOOD, folder)
    glossary = folder / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return folder


def test_a_term_with_rich_markup_is_shown_literally(tmp_path: Path) -> None:
    async def script(pilot: AppPilot) -> str:
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*"futoji")
        screen = screen_of(pilot, GlossaryScreen)
        await wait_until(pilot, lambda: screen.current_term_id == "markup-term", "the detail")
        await settle(pilot)
        return screen_text(exo(pilot))

    text = drive(make_app(content=deck_with(tmp_path, MARKUP_TERM)), script, size=(140, 40))
    for literal in ("[bold]太字[/]", "[/] not markup [red]x[/red]", "[i]",
                    "角括弧 [b]そのまま[/b] と [link=https://example.com]リンク[/link]",
                    "Brackets [b]stay[/b] and a backslash \\[escaped]", "§ [概要]"):
        assert literal in text, literal


def test_markup_term_in_review_prompt_and_feedback(tmp_path: Path) -> None:
    cards = ("term:markup-term:ja>en", "term:markup-term:en>ja")

    async def script(pilot: AppPilot) -> list[str]:
        screen = await start_review(pilot, SessionPlan(cram=True, term_style="flashcard",
                                                       cards=cards))
        texts = []
        while (q := screen.question) is not None:
            assert "markup-term" in q.card_id
            await pilot.press("space")
            await settle(pilot)
            texts.append(screen_text(exo(pilot)))  # the prompt and the revealed back
            await pilot.press("3")
            await settle(pilot)
            texts.append(screen_text(exo(pilot)))  # the feedback
            await pilot.press("enter")
            await settle(pilot)
        return texts

    texts = drive(make_app(content=deck_with(tmp_path, MARKUP_TERM), session_seed=1), script,
                  size=(140, 40))
    assert len(texts) == 4
    for ja_to_en, feedback in ((texts[0], texts[1]), (texts[2], texts[3])):
        assert "[bold]太字[/]" in ja_to_en + feedback
        assert "[/] not markup [red]x[/red]" in ja_to_en + feedback
    assert all("[bold]太字[/]" in t or "[/] not markup [red]x[/red]" in t for t in texts)


def test_bad_content_shows_path_line_col_not_a_traceback(tmp_path: Path) -> None:
    folder = deck_with(tmp_path, "  - id: broken\n    ja: 壊れた\n    reading: [1, 2]\n")

    async def script(pilot: AppPilot) -> str:
        await settle(pilot)
        assert isinstance(pilot.app.screen, ProblemScreen)
        return await text_showing(pilot, "glossary.yaml:")

    text = drive(make_app(content=folder, lang="en"), script, size=(120, 30))
    assert "The content could not be loaded" in text
    assert "glossary.yaml:" in text
    assert "Traceback" not in text
    line = next(ln for ln in text.splitlines() if "glossary.yaml:" in ln)
    location = line.split("glossary.yaml:")[1].split(":")
    assert location[0].isdigit() and location[1].isdigit()


def unwrapped(text: str) -> str:
    """Screen text with its lines joined, so a wrapped path reads whole again."""
    return "".join(line.strip() for line in text.splitlines())


def test_missing_content_folder_is_reported(tmp_path: Path) -> None:
    async def script(pilot: AppPilot) -> str:
        await settle(pilot)
        assert isinstance(pilot.app.screen, ProblemScreen)
        return screen_text(exo(pilot))

    text = drive(make_app(content=tmp_path / "nowhere", lang="en"), script)
    assert "nowhere: " in unwrapped(text)  # a long path may wrap anywhere


def test_unreadable_database_still_opens_the_glossary(exo_home: Path) -> None:
    exo_home.mkdir(parents=True, exist_ok=True)
    db = exo_home / "progress.sqlite3"
    db.write_bytes(b"this is not a database" * 100)

    async def script(pilot: AppPilot) -> tuple[str, str, str]:
        await settle(pilot)
        home = screen_text(exo(pilot))
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*"saibou")
        screen = screen_of(pilot, GlossaryScreen)
        await wait_until(pilot, lambda: not screen.updates_pending, "the pause in typing")
        await settle(pilot)
        glossary = screen_text(exo(pilot))
        assert screen.result_ids == ["extracellular-vesicle"]
        await pilot.press("f4")
        await settle(pilot)
        return home, glossary, screen_text(exo(pilot))

    home, glossary, review = drive(make_app(lang="en"), script, size=(100, 30))
    assert "Review is off: no progress database." in home
    assert "progress.sqlite3" in home
    assert "細胞外小胞" in glossary
    assert "Review is off" in review
    moved = [p.name for p in exo_home.iterdir() if p.name != "progress.sqlite3"]
    assert moved, "the unreadable file is kept (moved aside), not deleted"


def test_no_color_keeps_marks_readable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def script(pilot: AppPilot) -> str:
        await pilot.press("g")
        await settle(pilot)
        return screen_text(exo(pilot))

    text = drive(make_app(), script)
    assert "確立" in text


def test_markup_term_is_literal_in_the_command_palette(tmp_path: Path) -> None:
    async def script(pilot: AppPilot) -> str:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"futoji")
        await settle(pilot)  # the palette searches in a worker
        return screen_text(exo(pilot))

    text = drive(make_app(content=deck_with(tmp_path, MARKUP_TERM)), script, size=(120, 30))
    assert "[bold]太字[/]（ふとじ）" in text


def test_live_reload_picks_up_an_edit_and_survives_a_broken_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    freezes: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(1))
    folder = deck_with(tmp_path, "")
    glossary = folder / "glossary.yaml"
    good = glossary.read_text(encoding="utf-8")
    fixed = MARKUP_TERM.replace("markup-term", "fixed-term")

    async def script(pilot: AppPilot) -> tuple[list[str], list[str], list[str]]:
        app = exo(pilot)
        await pilot.press("g")
        await settle(pilot)
        screen = screen_of(pilot, GlossaryScreen)
        assert "markup-term" not in screen.result_ids
        glossary.write_text(good + MARKUP_TERM, encoding="utf-8")
        await wait_until(pilot, lambda: "markup-term" in screen.result_ids, "the edit to load")
        after_edit = list(screen.result_ids)
        deck = app.data.deck
        glossary.write_text(good + "  - id: [broken\n", encoding="utf-8")
        await wait_until(pilot, lambda: app.data.reload_error, "the broken save")
        problems = app.data.reload_error
        assert problems is not None and "glossary.yaml:" in problems[0]  # what, and where
        await settle(pilot)
        after_break = list(screen.result_ids)
        assert app.data.deck is deck  # the last good deck stays
        glossary.write_text(good + fixed, encoding="utf-8")  # watching goes on after a failure
        await wait_until(pilot, lambda: "fixed-term" in screen.result_ids, "the fix to load")
        assert app.data.reload_error is None
        return after_edit, after_break, list(screen.result_ids)

    after_edit, after_break, after_fix = drive(make_app(content=folder, watch_seconds=0.05),
                                               script)
    assert "markup-term" in after_edit
    assert after_break == after_edit  # the last good deck stays
    assert "fixed-term" in after_fix and "markup-term" not in after_fix
    assert len(freezes) == 1, "frozen once after the first load, never again on a reload"


def test_fixing_broken_content_leaves_the_problem_screen(tmp_path: Path) -> None:
    folder = deck_with(tmp_path, "  - id: broken\n    ja: 壊れた\n    reading: [1, 2]\n")
    glossary = folder / "glossary.yaml"

    async def script(pilot: AppPilot) -> str:
        app = exo(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ProblemScreen)
        glossary.write_text((GOOD / "glossary.yaml").read_text(encoding="utf-8"),
                            encoding="utf-8")
        await wait_until(pilot, lambda: not isinstance(app.screen, ProblemScreen)
                         and app.data.store_settled, "the fixed content to load")
        return type(app.screen).__name__

    assert drive(make_app(content=folder, watch_seconds=0.05), script) == "HomeScreen"


# Text pasted or typed into any field: nothing a terminal acts on --------------------------
EVIL_PASTE = "exo\x1b]0;PWNED\x07some\u202e\x9b2J\u2066\ttail\nsecond line"
SHOWN = "exo]0;PWNEDsome2J tail"  # controls dropped, tab a space, the first line only


def assert_clean(box: Input) -> None:
    assert box.value == SHOWN
    drawn = box.render_line(0).text
    assert disallowed(drawn, multiline=False) is None and SHOWN in drawn


def test_pasted_control_characters_never_reach_an_input() -> None:
    async def script(pilot: AppPilot) -> None:
        app = exo(pilot)
        screen = await start_review(pilot, SessionPlan(cram=True, cards=("item:ev-typed",),
                                                       kinds=("typed",)))
        box = screen.query_one("#typed", Input)
        assert app.focused is box
        app.post_message(events.Paste(EVIL_PASTE))  # as the terminal sends a paste
        await wait_until(pilot, lambda: box.value, "the paste")
        assert_clean(box)
        box.clear()
        box.post_message(events.Paste(EVIL_PASTE))  # straight to the widget
        await wait_until(pilot, lambda: box.value, "the paste")
        assert_clean(box)
        box.value = "x\x1b[2J"  # and a value set by code
        assert box.value == "x[2J"

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        search = screen_of(pilot, GlossaryScreen).query_one("#search", Input)
        await wait_until(pilot, lambda: app.focused is search, "the search box")
        app.post_message(events.Paste(EVIL_PASTE))
        await wait_until(pilot, lambda: search.value, "the paste")
        assert_clean(search)

        await pilot.press("ctrl+p")  # the command palette's own Input
        await wait_until(pilot, lambda: isinstance(app.focused, Input) and app.focused is not search,
                         "the palette")
        palette_box = app.focused
        assert isinstance(palette_box, Input)
        app.post_message(events.Paste(EVIL_PASTE))
        await wait_until(pilot, lambda: palette_box.value, "the paste")
        assert_clean(palette_box)

    drive(make_app(session_seed=1), script)


def test_every_input_in_the_tui_is_a_safe_input() -> None:
    tui = Path(__file__).resolve().parents[2] / "exoterm" / "tui"
    made = [(path.name, m.group()) for path in tui.rglob("*.py")
            for m in re.finditer(r"\b\w*Input\(", path.read_text(encoding="utf-8"))]
    assert made and {name for _, name in made} == {"SafeInput("}, made
