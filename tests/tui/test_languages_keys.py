"""Issue 14's languages and keys: screens re-render on a language switch, ctrl+c quits,
one palette entry per action, the furigana toggle shows its mode, Esc leaves the glossary
in one press, help lists the keys that work now, stats fit the width."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input
from tui_helpers import (
    AppPilot,
    answer,
    drive,
    exo,
    make_app,
    screen_of,
    screen_text,
    settle,
    start_review,
    studied,
    text_showing,
    wait_until,
)

from exoterm.core.content import shipped_paths
from exoterm.core.texts import STRINGS
from exoterm.tui.review_parts import SessionPlan
from exoterm.tui.screens.glossary import GlossaryScreen, next_furigana
from exoterm.tui.screens.home import HomeScreen
from exoterm.tui.widgets.furigana import Furigana

TYPED = SessionPlan(cram=True, seed=11, cards=("term:extracellular-vesicle:en>ja",))
SINGLE = SessionPlan(cram=True, seed=11, cards=("item:size-single",))


# languages ----------------------------------------------------------------------------
def test_settings_show_the_furigana_value_and_saved_message_in_the_new_language() -> None:
    async def script(pilot: AppPilot) -> str:
        await pilot.press("comma")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await text_showing(pilot, "設定を保存しました")
        await pilot.press("ctrl+l")
        await settle(pilot)
        return screen_text(exo(pilot))

    text = drive(make_app(), script, size=(100, 40))
    assert "auto (brackets when narrow)" in text and "✓ Settings saved" in text
    assert "自動" not in text and "保存しました" not in text


def test_an_open_review_is_asked_again_in_the_new_language() -> None:
    async def script(pilot: AppPilot) -> tuple[str, str, str]:
        await start_review(pilot, TYPED)
        await pilot.press(*"さい")  # typed so far: kept through the switch
        before = screen_text(exo(pilot))
        await pilot.press("ctrl+l")
        await settle(pilot)
        after = screen_text(exo(pilot))
        box = exo(pilot).screen.query_one("#answer-area Input", Input)
        return before, after, box.value

    before, after, typed = drive(make_app(), script)
    assert "日本語で答えよ：extracellular vesicle" in before
    assert "Japanese for: extracellular vesicle" in after and "日本語で答えよ" not in after
    assert typed == "さい"


def test_feedback_follows_a_language_switch_and_the_next_card_too() -> None:
    plan = SessionPlan(cram=True, seed=11, cards=("item:size-single", "item:approved-tf"))

    async def script(pilot: AppPilot) -> tuple[str, str]:
        await start_review(pilot, plan)
        await answer(pilot, correct=False)
        await pilot.press("ctrl+l")
        await settle(pilot)
        feedback = screen_text(exo(pilot))
        await pilot.press("enter")
        await settle(pilot)
        return feedback, screen_text(exo(pilot))

    feedback, after = drive(make_app(), script, size=(100, 40))
    assert "✗ Wrong" in feedback and "Which is closest to the size of an exosome?" in feedback
    assert "不正解" not in feedback
    assert "True" in after and "正しい" not in after


def test_sections_read_in_english_with_the_japanese_in_brackets() -> None:
    async def script(pilot: AppPilot) -> str:
        await start_review(pilot, SINGLE)
        return screen_text(exo(pilot))

    assert "Essential (必修)" in drive(make_app(lang="en"), script)
    assert "· 必修 ·" in drive(make_app(lang="ja"), script)


# ctrl+c --------------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["home", "typed answer"])
def test_ctrl_c_quits_like_q_even_from_a_text_box(where: str) -> None:
    async def script(pilot: AppPilot) -> bool:
        if where == "typed answer":
            await start_review(pilot, TYPED)
            assert isinstance(pilot.app.focused, Input)
        assert pilot.app.return_code is None
        await pilot.press("ctrl+c")
        await pilot.pause()
        return pilot.app.return_code == 0

    assert drive(make_app(), script)


# the palette ---------------------------------------------------------------------------
async def palette_entries(pilot: AppPilot) -> list[tuple[str, str]]:
    """(name, description) of every entry the palette lists before anything is typed."""
    await pilot.press("ctrl+p")
    palette = screen_of(pilot, CommandPalette)
    commands = palette.query_one(CommandList)
    await wait_until(pilot, lambda: commands.option_count > 5, "the palette's list")
    await settle(pilot)
    entries = []
    for index in range(commands.option_count):
        hit = commands.get_option_at_index(index).hit  # type: ignore[attr-defined]
        entries.append((str(hit.text), str(hit.help or "")))
    return entries


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_palette_lists_each_action_once_name_then_description(lang: str) -> None:
    async def script(pilot: AppPilot) -> list[tuple[str, str]]:
        await start_review(pilot, SINGLE)
        await answer(pilot, correct=True)  # undo is possible now: its entry is listed
        return await palette_entries(pilot)

    entries = drive(make_app(lang=lang), script, size=(100, 40))
    names = [name for name, _ in entries]
    assert len(names) == len(set(names)), names
    pairs = set(entries)
    assert not [(a, b) for a, b in pairs if (b, a) in pairs]  # no swapped duplicates
    descriptions = {d for _, d in entries}
    assert not descriptions & set(names), descriptions & set(names)
    palette_word = STRINGS["nav.palette"][0 if lang == "ja" else 1]
    assert palette_word not in descriptions
    undo = STRINGS["bind.undo"][0 if lang == "ja" else 1]
    review = STRINGS["nav.review"][0 if lang == "ja" else 1]
    index = 0 if lang == "ja" else 1
    assert (undo, STRINGS["cmd.undo"][index]) in pairs
    assert (review, STRINGS["cmd.review"][index]) in pairs
    assert (STRINGS["cmd.review"][index], review) not in pairs


def test_kana_headwords_show_no_reading_in_the_palette() -> None:
    async def script(pilot: AppPilot) -> str:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"exosome")
        return await text_showing(pilot, "エクソソーム")

    text = drive(make_app(), script)
    assert "（えくそそーむ）" not in text
    assert "細胞外小胞（さいぼうがいしょうほう）" in drive(make_app(), _palette_search("saibougai"))


def _palette_search(query: str) -> Callable[[AppPilot], Awaitable[str]]:
    async def script(pilot: AppPilot) -> str:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*query)
        return await text_showing(pilot, "細胞外小胞")

    return script


# furigana ------------------------------------------------------------------------------
def test_furigana_cycle_skips_what_auto_already_shows() -> None:
    assert next_furigana("auto", "ruby") == "inline"
    assert next_furigana("auto", "inline") == "ruby"
    assert [next_furigana(m, "ruby") for m in ("ruby", "inline", "off")] == ["inline", "off", "auto"]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_ctrl_r_changes_what_is_seen_shows_the_mode_and_is_saved(
        size: tuple[int, int], exo_home: Path) -> None:
    async def script(pilot: AppPilot) -> list[tuple[str, str, str]]:
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*"saibougai")
        screen = screen_of(pilot, GlossaryScreen)
        await wait_until(pilot, lambda: not screen.updates_pending, "the pause in typing")
        await settle(pilot)
        headword = screen.query_one(Furigana)
        seen: list[tuple[str, str, str]] = [(exo(pilot).furigana, headword.effective_layout(),
                                             screen_text(exo(pilot)))]
        for _ in range(4):
            await pilot.press("ctrl+r")
            await settle(pilot)
            seen.append((exo(pilot).furigana, headword.effective_layout(),
                         screen_text(exo(pilot))))
        return seen

    seen = drive(make_app(), script, size=size)
    assert seen[0][0] == "auto" and seen[1][1] != seen[0][1]  # the first press changes the view
    assert {mode for mode, _, _ in seen} >= {"auto", "inline", "off"}
    modes = [mode for mode, _, _ in seen]
    assert all(a != b for a, b in zip(modes, modes[1:], strict=False))  # every press moves on
    for mode, _layout, text in seen:
        assert "ふりがな：" + STRINGS[f"furigana.mode.{mode}"][0] in text
    off = next(text for mode, _, text in seen if mode == "off")
    assert "さいぼうがいしょうほう" not in off.split("\n", 4)[3]  # no reading by the headword
    assert json.loads((exo_home / "ui.json").read_text())["furigana"] == seen[-1][0]


# the glossary's Esc --------------------------------------------------------------------
@pytest.mark.parametrize("focus", ["search", "results", "detail"])
def test_esc_clears_a_query_then_goes_home_from_anywhere(focus: str) -> None:
    async def script(pilot: AppPilot) -> tuple[str, bool]:
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*"saibou")
        await settle(pilot)
        screen = screen_of(pilot, GlossaryScreen)
        if focus != "search":
            screen.query_one("#results" if focus == "results" else "#detail").focus()
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        cleared = screen.query_one("#search", Input).value
        still_here = isinstance(pilot.app.screen, GlossaryScreen)
        if focus != "search":
            screen.query_one("#detail").focus()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        return cleared, still_here

    assert drive(make_app(), script) == ("", True)


def test_help_names_esc_in_the_glossary() -> None:
    async def script(pilot: AppPilot) -> str:
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("f1")
        return await text_showing(pilot, "Clear the search / go home")

    assert "esc" in drive(make_app(lang="en"), script, size=(100, 40))


# help from the screen's bindings ---------------------------------------------------------
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_help_in_review_says_numbers_pick_options(lang: str) -> None:
    async def script(pilot: AppPilot) -> tuple[str, str]:
        await start_review(pilot, SINGLE)
        await pilot.press("f1")
        asking = await text_showing(pilot, "1–4")
        await pilot.press("escape")
        await settle(pilot)
        await answer(pilot, correct=True)
        await pilot.press("f1")
        await settle(pilot)
        return asking, screen_text(exo(pilot))

    asking, after = drive(make_app(lang=lang), script, size=(100, 40))
    index = 0 if lang == "ja" else 1
    assert STRINGS["help.pick"][index] in asking
    assert STRINGS["review.again"][index] not in asking  # rating keys do nothing yet
    assert STRINGS["help.pick"][index] not in after  # answered: numbers pick nothing
    assert STRINGS["review.next"][index] in after and STRINGS["bind.undo"][index] in after


# stats at 80 columns ---------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "size"), [("ja", (80, 24)), ("en", (80, 24)),
                                            ("en", (120, 40))])
def test_stats_rows_fit_with_whole_labels(lang: str, size: tuple[int, int]) -> None:
    from exoterm.core.content import load_content

    deck = load_content(shipped_paths())
    labels = [c.label.get(lang) for c in deck.categories]

    async def script(pilot: AppPilot) -> str:
        await pilot.press("f5")
        await settle(pilot)
        body = exo(pilot).screen.query_one("#stats-body")
        body.scroll_end(animate=False)
        await settle(pilot)
        return screen_text(exo(pilot))

    app = make_app(lang=lang, content=shipped_paths()[0].parent)
    text = drive(app, script, size=size)
    shown = [line for line in text.splitlines() if any(label in line for label in labels)]
    assert len(shown) >= 5, text
    mature = "定着" if lang == "ja" else "mature"
    for line in shown:
        assert mature in line, line  # the counts stay on the label's line
    assert "…" not in "\n".join(shown)


def test_studied_stats_keep_totals_on_the_label_line() -> None:
    studied([True, False, True], seed=11)

    async def script(pilot: AppPilot) -> str:
        await pilot.press("f5")
        return await text_showing(pilot, "定着")

    text = drive(make_app(), script)
    assert not [line for line in text.splitlines() if line.strip().isdigit()]


def test_mastery_columns_keep_labels_whole_and_shrink_the_meter_first() -> None:
    from exoterm.tui.screens.stats import METER, PCT, mastery_columns

    assert mastery_columns(116, 32, 21) == (32, METER[0])  # room for everything
    label, bar = mastery_columns(76, 32, 21)
    assert label == 32 and METER[1] <= bar < METER[0] and label + bar + PCT + 21 <= 76
    label, bar = mastery_columns(50, 32, 21)  # too narrow: the label is cut, the meter minimal
    assert bar == METER[1] and label + bar + PCT + 21 <= 50
