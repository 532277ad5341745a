"""Glossary: search box, ranked results, and the detail of the highlighted term.

Results update on every keystroke (↑/↓ move through them without leaving the box);
Enter jumps into the detail, where related terms are links (←/→, Enter) with
back/forward history (alt+←/alt+→, Backspace). Esc from anywhere on the screen first
clears a non-empty query, else goes home; ctrl+r cycles the furigana layout (auto, ruby,
brackets, off), shown in the header.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from exoterm.tui.bindings import bind
from exoterm.tui.screens.base import ExoScreen
from exoterm.tui.widgets.furigana import Furigana, Layout
from exoterm.tui.widgets.related import LinkRow
from exoterm.tui.widgets.result_list import ResultList
from exoterm.tui.widgets.safe_input import SafeInput
from exoterm.tui.widgets.term_detail import TermDetail

DETAIL_DELAY = 0.08  # seconds of no typing before the detail pane follows the results
FIRST_RESULTS = 200  # results a keystroke shows at once (a screenful is ~20); the rest on a pause
FURIGANA_CYCLE: tuple[Layout, ...] = ("auto", "ruby", "inline", "off")


def next_furigana(mode: Layout, shown: Layout) -> Layout:
    """The mode after `mode` in the ctrl+r cycle; from auto it skips the layout auto is
    showing right now (auto at 120 columns is ruby: a press must change what is seen)."""
    after = FURIGANA_CYCLE[(FURIGANA_CYCLE.index(mode) + 1) % len(FURIGANA_CYCLE)]
    if mode == "auto" and after == shown:
        after = FURIGANA_CYCLE[(FURIGANA_CYCLE.index(after) + 1) % len(FURIGANA_CYCLE)]
    return after


class GlossaryScreen(ExoScreen):
    """Search and read the glossary."""

    TITLE_KEY = "nav.glossary"
    AUTO_FOCUS = "#search"
    BINDINGS = [
        bind("slash", "focus_search", "bind.search"),
        bind("escape", "escape", "bind.escape", show=False),
        bind("down", "move(1)", "bind.move", show=False),
        bind("up", "move(-1)", "bind.move", show=False),
        bind("pagedown", "move(10)", "bind.move", show=False),
        bind("pageup", "move(-10)", "bind.move", show=False),
        bind("ctrl+r", "toggle_furigana", "bind.furigana"),
        bind("a", "add", "bind.add"),
        bind("s", "suspend", "bind.suspend"),
        bind("b", "bookmark", "bind.bookmark", show=False),
        bind("alt+left,backspace", "history(-1)", "bind.history_back"),
        bind("alt+right", "history(1)", "bind.history_forward"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.history: list[str] = []
        self.history_pos = -1
        self._deck: object = None
        self._pending: str | None = None
        self._pending_timer: Timer | None = None
        self._completion_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield SafeInput(id="search", compact=True, select_on_focus=False)
        with Horizontal(id="glossary-body"):
            with Vertical(id="results-pane"):
                yield Static("", id="result-count", markup=False)
                yield ResultList(self._prompt, id="results")
            yield TermDetail(id="detail")
        yield Footer(compact=True)

    # language and data ----------------------------------------------------------------
    def refresh_language(self) -> None:
        self.query_one("#search", Input).placeholder = self.t("glossary.placeholder")
        self.query_one(TermDetail).set_furigana(self.exo.furigana)
        self._show_furigana_mode()
        self._run_search(keep=True)

    def _show_furigana_mode(self) -> str:
        """The furigana mode in the header, beside the screen's name; returns it."""
        mode = self.t("furigana.now", mode=self.t(f"furigana.mode.{self.exo.furigana}"))
        self.sub_title = f"{self.t(self.TITLE_KEY)} · {mode}"
        return mode

    def refresh_data(self) -> None:
        if self.data.deck is not self._deck:
            self._deck = self.data.deck
            self.query_one(ResultList).forget_lines()
        self._run_search(keep=True)

    # searching ------------------------------------------------------------------------
    @property
    def result_ids(self) -> list[str]:
        """The terms in the result list, best first."""
        return self.query_one(ResultList).ids

    @on(Input.Changed, "#search")
    def _query_changed(self) -> None:
        self._run_search()

    def _run_search(self, keep: bool = False) -> None:
        """Fill the result list for the current query (keeping the highlight if asked). A
        keystroke lists the best `FIRST_RESULTS` name matches at once; the rest, and the
        terms whose definition alone matches (they rank below every name), follow once
        typing pauses (`complete_results`): ranking all 10,000 hits of a one-letter
        or a common-word query took 20–40 ms, more than a frame."""
        deck, search = self.data.deck, self.data.search
        results = self.query_one(ResultList)
        count = self.query_one("#result-count", Static)
        self._cancel_completion()
        if deck is None or search is None:
            count.update(Content.styled(self.t("load.loading"), "$text-muted"))
            self.query_one(TermDetail).show_message(self.t("glossary.index_loading"))
            return
        current = self.current_term_id if keep else None
        query = self.query_one("#search", Input).value
        if keep:
            ids, cut, later = self._found(query), False, False
        else:
            ids = self._found(query, definitions=False, limit=FIRST_RESULTS)
            cut = len(ids) >= FIRST_RESULTS
            later = cut or search.reads_definitions(query)
        if later:
            self._completion_timer = self.set_timer(DETAIL_DELAY, self.complete_results)
        if ids != results.ids:
            results.set_ids(ids, ids.index(current) if current in ids else 0)
        self._show_count(len(ids), more=cut)
        if ids:
            shown = current if current in ids else ids[results.highlighted or 0]
            if keep or self.current_term_id is None:
                self._show(shown, push=False, force=keep)
            else:
                self._show_soon(shown)
        elif not later and (not keep or self.current_term_id is None):
            self._say_none()

    def _found(self, query: str, definitions: bool = True, limit: int | None = None) -> list[str]:
        """The deck's terms the search finds for `query`, best first (deck and index loaded)."""
        deck, search = self.data.deck, self.data.search
        assert deck is not None and search is not None
        known = deck.term_by_id
        return [i for i in search.search(query, definitions=definitions, limit=limit) if i in known]

    def _show_count(self, n: int, more: bool = False) -> None:
        key = "glossary.count_more" if more else "glossary.count_one" if n == 1 else "glossary.count"
        self.query_one("#result-count", Static).update(Content.styled(self.t(key, n=n), "$text-muted"))

    def complete_results(self) -> None:
        """Typing paused: complete the results (the rest of the name matches, then the
        terms whose definition alone matches); the first ones keep their order and the
        highlight stays where it is."""
        self._cancel_completion()
        if self.data.deck is None or self.data.search is None:
            return
        results = self.query_one(ResultList)
        ids = self._found(self.query_one("#search", Input).value)
        shown = results.ids[results.highlighted or 0] if results.ids else None
        if ids != results.ids:
            results.set_ids(ids, ids.index(shown) if shown in ids else 0)
        self._show_count(len(ids))  # "200+" becomes the number, even when it was 200
        if not ids:
            self._say_none()
        elif shown is None:  # the names matched nothing: show the first term found
            self._cancel_pending()
            self._show(ids[0], push=False)

    def _say_none(self) -> None:
        self._cancel_pending()
        self.query_one(TermDetail).show_message(self.t("glossary.none"))

    def _cancel_completion(self) -> None:
        if self._completion_timer is not None:
            self._completion_timer.stop()
        self._completion_timer = None

    def _show_soon(self, term_id: str) -> None:
        """Show `term_id` once typing pauses: the result list updates on every keystroke,
        the (slower to lay out) detail pane only when it will be read."""
        self._cancel_pending()
        self._pending = term_id
        self._pending_timer = self.set_timer(DETAIL_DELAY, self.flush_detail)

    def _cancel_pending(self) -> None:
        if self._pending_timer is not None:
            self._pending_timer.stop()
        self._pending, self._pending_timer = None, None

    @property
    def updates_pending(self) -> bool:
        """Whether the detail pane or the rest of the results still wait for a pause in typing."""
        return self._pending is not None or self._completion_timer is not None

    def flush_detail(self) -> None:
        """Show the term waiting for a pause in typing, now."""
        term_id = self._pending
        self._cancel_pending()
        if term_id is not None:
            self._show(term_id, push=False)

    def _prompt(self, term_id: str) -> Content:
        """A result line: headword, first abbreviation and English, each shown once."""
        deck = self.data.deck
        if deck is None or term_id not in deck.term_by_id:
            return Content(term_id)
        term = deck.term_by_id[term_id]
        seen = {term.ja.casefold()}
        abbr = next((a for a in term.abbr if a.casefold() not in seen), "")
        seen.add(abbr.casefold())
        en = term.en if term.en.casefold() not in seen else ""
        return Content.assemble((term.ja, "bold"), (f"  {abbr}" if abbr else "", "$accent"),
                                (f"  {en}" if en else "", "$text-muted"))

    @on(ResultList.Highlighted, "#results")
    def _highlighted(self, event: ResultList.Highlighted) -> None:
        self._cancel_pending()
        self._show(event.term_id, push=False)

    @on(ResultList.Selected, "#results")
    @on(Input.Submitted, "#search")
    def _open(self) -> None:
        self.flush_detail()
        if self.current_term_id is None:
            return
        links = self.query_one(LinkRow)
        if links.links:
            links.focus()
        else:
            self.query_one(TermDetail).focus()

    # showing and history --------------------------------------------------------------
    @property
    def current_term_id(self) -> str | None:
        detail = self.query_one(TermDetail)
        return getattr(detail, "term_id", None)

    def _show(self, term_id: str, push: bool, force: bool = False) -> None:
        deck = self.data.deck
        if deck is None or term_id not in deck.term_by_id:
            return
        if not push and not force and term_id == self.current_term_id:
            return
        if push or self.history_pos < 0:
            del self.history[self.history_pos + 1:]
            self.history.append(term_id)
            self.history_pos = len(self.history) - 1
        else:
            self.history[self.history_pos] = term_id
        self._render_term(term_id)

    def _render_term(self, term_id: str) -> None:
        deck = self.data.deck
        assert deck is not None
        progress = self.data.progress
        status = None
        if progress is not None:
            status = self.t("glossary." + progress.term_status(term_id))
        self.query_one(TermDetail).show(deck.term_by_id[term_id], deck, self.lang, status)

    def _sync_highlight(self, term_id: str) -> None:
        if term_id in self.result_ids:
            self.query_one(ResultList).highlight(self.result_ids.index(term_id), announce=False)

    @on(LinkRow.Followed)
    def _follow(self, event: LinkRow.Followed) -> None:
        self.follow(event.target)

    def open_term(self, term_id: str) -> None:
        """Show `term_id` (e.g. chosen in the command palette) and focus its links."""
        self.follow(term_id)
        links = self.query_one(LinkRow)
        (links if links.links else self.query_one(TermDetail)).focus()

    def follow(self, term_id: str) -> None:
        """Open `term_id` as a new step in the history (like following a link)."""
        self._cancel_pending()
        self._show(term_id, push=True)
        self._sync_highlight(term_id)
        self._refocus_links()

    def _refocus_links(self) -> None:
        links = self.query_one(LinkRow)
        if self.focused is links and not links.links:
            self.query_one(TermDetail).focus()

    def action_history(self, step: int) -> None:
        target = self.history_pos + step
        self._cancel_pending()
        if 0 <= target < len(self.history):
            self.history_pos = target
            term_id = self.history[target]
            self._render_term(term_id)
            self._sync_highlight(term_id)
            self._refocus_links()

    # keys -----------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        results = self.query_one(ResultList)
        if self.result_ids:
            results.highlight((results.highlighted or 0) + step)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_escape(self) -> None:
        """One press from anywhere: clear a non-empty query (back in the box), else home."""
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
            search.focus()
        else:
            self.exo.action_go("home")

    def action_toggle_furigana(self) -> None:
        shown = self.query_one(Furigana).effective_layout()
        self.exo.set_furigana(next_furigana(self.exo.furigana, shown))
        self.query_one(TermDetail).set_furigana(self.exo.furigana)
        self.notify(self._show_furigana_mode(), timeout=2)

    def action_add(self) -> None:
        self._change_term("add")

    def action_suspend(self) -> None:
        self._change_term("suspend")

    def action_bookmark(self) -> None:
        """Bookmark the shown term's cards (practised with `review --bookmarked`)."""
        self._change_term("bookmark")

    def _change_term(self, what: str) -> None:
        self.flush_detail()
        term_id = self.current_term_id
        deck = self.data.deck
        if term_id is None or deck is None:
            return
        if self.data.progress is None:
            self.notify(self.t("glossary.no_store"), severity="warning")
            return
        self._write_term(term_id, deck.term_by_id[term_id].ja, what)

    @work(thread=True, group="glossary-write")
    def _write_term(self, term_id: str, label: str, what: str) -> None:
        progress = self.data.progress
        assert progress is not None
        if what == "bookmark":
            on = progress.toggle_bookmark(progress.term_cards(term_id))
            key = "bookmarks.added" if on else "bookmarks.removed"
        elif what == "add":
            key = "glossary.added" if progress.add_term(term_id) else "glossary.already"
        else:
            key = "glossary.suspended_now" if progress.toggle_suspend(term_id) else "glossary.resumed"
        self.app.call_from_thread(self._written, term_id, self.t(key, term=label))

    def _written(self, term_id: str, message: str) -> None:
        self.notify(message, markup=False)
        if self.current_term_id == term_id:
            self._render_term(term_id)
        self.exo.bump_data()
