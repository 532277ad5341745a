"""Glossary: per-keystroke search, detail with furigana, related links with history."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static
from tui_helpers import (
    GOOD,
    AppPilot,
    drive,
    exo,
    make_app,
    question_of,
    screen_of,
    screen_text,
    settle,
    wait_until,
)

from exoterm.core.content import load_content
from exoterm.core.search import SearchIndex
from exoterm.tui.screens.glossary import GlossaryScreen
from exoterm.tui.widgets.furigana import Furigana
from exoterm.tui.widgets.related import LinkRow
from exoterm.tui.widgets.result_list import ResultList
from exoterm.tui.widgets.term_detail import TermDetail


async def open_glossary(pilot: AppPilot) -> GlossaryScreen:
    if not isinstance(pilot.app.screen, GlossaryScreen):
        await pilot.press("g")
        await pilot.pause()
    return screen_of(pilot, GlossaryScreen)


async def search(pilot: AppPilot, text: str) -> list[str]:
    screen = await open_glossary(pilot)
    screen.query_one("#search", Input).value = ""
    await pilot.pause()
    await pilot.press(*text)
    # the detail pane follows once typing pauses
    await wait_until(pilot, lambda: not screen.updates_pending, "the pause in typing")
    return list(screen.result_ids)


def test_empty_query_lists_every_term() -> None:
    async def script(pilot: AppPilot) -> None:
        screen = await open_glossary(pilot)
        assert sorted(screen.result_ids) == ["exosome", "extracellular-vesicle", "microrna"]
        assert pilot.app.focused is screen.query_one("#search", Input)

    drive(make_app(), script)


def test_search_by_romaji_kana_kanji_english_abbreviation() -> None:
    cases = {"saibou": "extracellular-vesicle", "えくそ": "exosome", "細胞外": "extracellular-vesicle",
             "vesicle": "extracellular-vesicle", "mirna": "microrna", "EV": "extracellular-vesicle"}

    async def script(pilot: AppPilot) -> dict[str, list[str]]:
        return {query: await search(pilot, query) for query in cases}

    found = drive(make_app(), script)
    for query, expected in cases.items():
        ids = found[query]
        assert ids and ids[0] == expected, (query, ids)


def test_results_update_per_keystroke_and_detail_follows() -> None:
    async def script(pilot: AppPilot) -> None:
        screen = await open_glossary(pilot)
        await pilot.press("m")
        await pilot.pause()
        after_m = list(screen.result_ids)
        await pilot.press("i", "r")
        assert screen.result_ids[0] == "microrna"
        assert len(screen.result_ids) <= len(after_m)
        await wait_until(pilot, lambda: screen.current_term_id == "microrna", "the detail")
        await pilot.press("ctrl+u")  # clear the box: everything again
        await pilot.pause()
        assert len(screen.result_ids) == 3

    drive(make_app(), script)


def test_arrows_move_through_results_from_the_search_box() -> None:
    async def script(pilot: AppPilot) -> None:
        screen = await open_glossary(pilot)
        first = screen.current_term_id
        await pilot.press("down")
        await pilot.pause()
        assert screen.current_term_id == screen.result_ids[1] != first
        assert screen.query_one("#results", ResultList).highlighted == 1
        await pilot.press("up")
        await pilot.pause()
        assert screen.current_term_id == first
        assert isinstance(pilot.app.focused, Input)

    drive(make_app(), script)


def test_no_results_says_so() -> None:
    async def script(pilot: AppPilot) -> str:
        await search(pilot, "zzzzqqq")
        return screen_text(exo(pilot))

    text = drive(make_app(lang="en"), script)
    assert "No matching terms" in text


def test_detail_shows_everything_about_a_term() -> None:
    async def script(pilot: AppPilot) -> str:
        await search(pilot, "saibou")
        return screen_text(exo(pilot))

    text = drive(make_app(), script, size=(120, 40))
    for expected in ("さいぼうがいしょうほう", "細胞外小胞", "extracellular vesicle", "EV",
                     "saibougaishouhou", "確立", "小胞と構造", "細胞が外に放出する",
                     "Umbrella term", "• エクソソーム", "Medical Note (2024-10-17) § 概要", "関連語",
                     "マイクロRNA", "別名"):
        assert expected in text, expected
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if "さいぼうがいしょうほう" in line)
    assert "細胞外小胞" in lines[top + 1]  # the reading sits right above the headword


def test_enter_opens_detail_then_follow_related_link_back_and_forward() -> None:
    async def script(pilot: AppPilot) -> None:
        await search(pilot, "saibou")
        screen = screen_of(pilot, GlossaryScreen)
        await pilot.press("enter")
        await pilot.pause()
        links = screen.query_one(LinkRow)
        assert pilot.app.focused is links
        assert [t for t, _ in links.links] == ["exosome", "microrna"]
        await pilot.press("right", "enter")
        await pilot.pause()
        assert screen.current_term_id == "microrna"
        await pilot.press("enter")  # microRNA → exosome
        await pilot.pause()
        assert screen.current_term_id == "exosome"
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.current_term_id == "microrna"
        await pilot.press("alt+left")
        await pilot.pause()
        assert screen.current_term_id == "extracellular-vesicle"
        await pilot.press("alt+left")  # nothing further back
        await pilot.pause()
        assert screen.current_term_id == "extracellular-vesicle"
        await pilot.press("alt+right", "alt+right")
        await pilot.pause()
        assert screen.current_term_id == "exosome"

    drive(make_app(), script)


def test_clicking_a_related_link_follows_it() -> None:
    async def script(pilot: AppPilot) -> None:
        await search(pilot, "saibou")
        screen = screen_of(pilot, GlossaryScreen)
        links = screen.query_one(LinkRow)
        await pilot.click(LinkRow, offset=(2, 0))
        await pilot.pause()
        assert screen.current_term_id == links.links[0][0] or screen.current_term_id == "exosome"

    drive(make_app(), script)


def test_furigana_toggle_cycles_inline_off_auto_when_auto_shows_ruby() -> None:
    async def script(pilot: AppPilot) -> list[str]:
        await search(pilot, "saibou")
        furigana = screen_of(pilot, GlossaryScreen).query_one(Furigana)
        seen: list[str] = [furigana.effective_layout()]
        for _ in range(3):
            await pilot.press("ctrl+r")
            await pilot.pause()
            seen.append(f"{furigana.mode}:{furigana.effective_layout()}")
        text = screen_text(exo(pilot))
        assert "細胞外小胞（さいぼうがいしょうほう）" not in text  # back to auto = ruby
        return seen

    seen = drive(make_app(), script)
    # auto shows ruby here, so the first press goes on to brackets: every press changes the view
    assert seen == ["ruby", "inline:inline", "off:off", "auto:ruby"]


def test_inline_furigana_shows_kanji_with_kana_in_brackets() -> None:
    async def script(pilot: AppPilot) -> str:
        await search(pilot, "saibou")
        await pilot.press("ctrl+r")
        await pilot.pause()
        return screen_text(exo(pilot))

    assert "細胞外小胞（さいぼうがいしょうほう）" in drive(make_app(), script)


def test_escape_clears_then_goes_home() -> None:
    async def script(pilot: AppPilot) -> None:
        screen = await open_glossary(pilot)
        await pilot.press("x")
        await pilot.press("tab")  # into the results
        await pilot.press("escape")  # clears the query, back in the box
        await pilot.pause()
        assert screen.query_one("#search", Input).value == ""
        assert isinstance(pilot.app.focused, Input)
        await pilot.press("tab")
        await pilot.press("escape")  # nothing to clear: home, from the results too
        await pilot.pause()
        assert pilot.app.current_mode == "home"

    drive(make_app(), script)


def test_slash_focuses_search() -> None:
    async def script(pilot: AppPilot) -> None:
        screen = await open_glossary(pilot)
        screen.query_one(TermDetail).focus()
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert pilot.app.focused is screen.query_one("#search", Input)

    drive(make_app(), script)


def test_add_to_review_puts_the_term_first_in_the_next_review() -> None:
    async def script(pilot: AppPilot) -> tuple[str, str, str]:
        await search(pilot, "mirna")
        await pilot.press("enter")  # into the entry
        before = screen_text(exo(pilot))
        await pilot.press("a")
        await settle(pilot)
        after = screen_text(exo(pilot))
        await pilot.press("r")
        await settle(pilot)
        return before, after, question_of(pilot).card_id

    before, after, first_card = drive(make_app(lang="en"), script, size=(120, 40))
    assert "not studied yet" in before
    assert "comes up in your next review" in after
    assert first_card.startswith("term:microrna:")


def test_suspend_and_resume_a_term() -> None:
    async def script(pilot: AppPilot) -> tuple[str, str, list[str]]:
        await search(pilot, "mirna")
        await pilot.press("enter")
        await pilot.press("s")
        await settle(pilot)
        suspended = screen_text(exo(pilot))
        progress = exo(pilot).data.progress
        assert progress is not None
        store = progress.store
        queue = list(store.queue().cards)
        await pilot.press("s")
        await settle(pilot)
        resumed = screen_text(exo(pilot))
        return suspended, resumed, queue

    suspended, resumed, queue = drive(make_app(lang="en"), script, size=(120, 40))
    assert "· suspended" in suspended
    assert not any(card.startswith("term:microrna:") for card in queue)
    assert "· not studied yet" in resumed


def test_a_definition_match_joins_the_results_once_typing_pauses(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A keystroke lists the name matches at once; the terms found by their definition
    alone follow once typing pauses, after every name match, and the first is shown when
    no name matched."""
    from exoterm.tui.screens import glossary

    monkeypatch.setattr(glossary, "DETAIL_DELAY", 60.0)  # the pause comes when the test says

    async def script(pilot: AppPilot) -> tuple[list[str], bool, list[str], str | None,
                                               list[str]]:
        screen = await open_glossary(pilot)
        await pilot.press(*"regulates")
        typing, pending = list(screen.result_ids), screen.updates_pending
        screen.complete_results()  # what the pause does
        await pilot.pause()
        paused, shown = list(screen.result_ids), screen.current_term_id
        screen.query_one("#search", Input).value = ""
        await pilot.press(*"vesicle")
        screen.complete_results()
        await pilot.pause()
        return typing, pending, paused, shown, list(screen.result_ids)

    typing, pending, paused, shown, vesicle = drive(make_app("en"), script)
    assert typing == [] and pending
    assert paused == ["microrna"] and shown == "microrna"
    names = [h.term_id for h in SearchIndex.build(load_content([GOOD]).terms).search(
        "vesicle", limit=None, definitions=False)]
    assert names and vesicle[:len(names)] == names and set(vesicle) - set(names)


def test_a_keystroke_shows_the_first_results_and_the_rest_follow_on_a_pause(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A keystroke ranks only the first `FIRST_RESULTS` name matches (the count says there
    are more); the full list follows once typing pauses, in the same order."""
    from exoterm.tui.screens import glossary

    monkeypatch.setattr(glossary, "DETAIL_DELAY", 60.0)  # the pause comes when the test says
    monkeypatch.setattr(glossary, "FIRST_RESULTS", 1)

    async def script(pilot: AppPilot) -> tuple[list[str], str, list[str], str, str, str]:
        screen = await open_glossary(pilot)
        count = screen.query_one("#result-count", Static)
        await pilot.press(*"vesicle")
        typing, typing_count = list(screen.result_ids), str(count.render())
        screen.complete_results()
        await pilot.pause()
        paused, paused_count = list(screen.result_ids), str(count.render())
        screen.query_one("#search", Input).value = ""
        await pilot.press(*"microrna")  # one match only: "1+" while typing, then "1 term"
        one_typing = str(count.render())
        screen.complete_results()
        await pilot.pause()
        return typing, typing_count, paused, paused_count, one_typing, str(count.render())

    typing, typing_count, paused, paused_count, one_typing, one = drive(make_app("en"), script)
    assert typing == ["extracellular-vesicle"] and typing_count == "1+ terms"
    assert paused[:1] == typing and len(paused) == 2 and paused_count == "2 terms"
    assert (one_typing, one) == ("1+ terms", "1 term")
