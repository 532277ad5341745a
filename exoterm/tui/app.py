"""The Textual application: modes, global keys, background loading, command palette.

Wiring only; each screen lives in `exoterm/tui/screens/`. Nothing blocking runs on the
UI thread: `on_mount` starts the loader worker, which posts `ContentReady`,
`IndexReady`, `StoreReady` (or the failures) as each part becomes available.
"""

from __future__ import annotations

import gc
import importlib
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import AwaitMount

from exoterm.core.config import Config
from exoterm.core.prefs import FuriganaMode, Prefs, interface_language, read_prefs, write_prefs
from exoterm.core.texts import tr
from exoterm.core.textsafety import typed_text
from exoterm.tui.bindings import KEYMAP_FILE, bind, load_keymap, localize
from exoterm.tui.loading import ContentProblem, FirstLoad, load_deck, watched_files
from exoterm.tui.messages import (
    ContentFailed,
    ContentReady,
    ContentReloaded,
    HomeKnown,
    IndexReady,
    ReloadFailed,
    StoreFailed,
    StoreReady,
)
from exoterm.tui.palette import SessionProvider, TermProvider
from exoterm.tui.screens.help import HelpScreen
from exoterm.tui.screens.home import HomeScreen
from exoterm.tui.screens.problem import ProblemScreen
from exoterm.tui.state import AppData, LoadState

if TYPE_CHECKING:
    from exoterm.core.content.watch import ContentWatcher
    from exoterm.core.exam.builder import ExamOptions
    from exoterm.core.srs.clock import Clock

NAV = ("home", "glossary", "review", "stats", "settings")
WATCH_SECONDS = 1.0  # live reload: how often the content files are checked
# Actions of the screen the palette was opened on: (action, name key, description key)
SCREEN_COMMANDS = (("toggle_furigana", "bind.furigana", "cmd.furigana"),
                   ("add", "bind.add", "cmd.add"), ("suspend", "bind.suspend", "cmd.suspend"),
                   ("undo", "bind.undo", "cmd.undo"))


def lazy_screen(name: str) -> Callable[[], Screen[Any]]:
    """A factory importing `exoterm.tui.screens.<name>` only when the screen is first
    opened, so starting the app loads just the home screen's code."""

    def make() -> Screen[Any]:
        module = importlib.import_module(f"exoterm.tui.screens.{name}")
        screen: Screen[Any] = getattr(module, f"{name.capitalize()}Screen")()
        return screen

    return make


class ExotermApp(App[int]):
    """exoterm's terminal interface."""

    CSS_PATH = "app.tcss"
    TITLE = "exoterm"
    # Home is the first screen (`get_default_screen`), not a MODES entry: Textual parses
    # and applies all CSS again when it first builds a MODES screen, which cost ~13 ms of
    # main-thread CPU before Home could paint. Once mounted it is also the "home" mode.
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "glossary": lazy_screen("glossary"),
        "review": lazy_screen("review"),
        "stats": lazy_screen("stats"),
        "settings": lazy_screen("settings"),
        "exam": lazy_screen("exam"),
    }
    DEFAULT_MODE = "home"
    COMMANDS = App.COMMANDS | {TermProvider, SessionProvider}
    BINDINGS = [
        bind("question_mark,f1", "help", "nav.help"),
        bind("h,f2", "go('home')", "nav.home", show=False),
        bind("g,f3", "go('glossary')", "nav.glossary", show=False),
        bind("r,f4", "go('review')", "nav.review", show=False),
        bind("t,f5", "go('stats')", "nav.stats", show=False),
        bind("comma,f6", "go('settings')", "nav.settings", show=False),
        bind("f7", "go('exam')", "exam.title", show=False),
        bind("ctrl+l", "toggle_language", "nav.language", show=False),
        bind("q", "quit", "nav.quit", show=False),
        # ctrl+c quits like q (every answer is saved when given), even from a text box
        bind("ctrl+c", "quit", "nav.quit", show=False, priority=True),
    ]

    lang: reactive[str] = reactive("ja", init=False)
    # Screens refresh when this changes (`bump_data`). A counter rather than a reactive
    # `data`: besides each load step, an answer, a suspended term or new settings change
    # what screens show without changing anything in `AppData` itself.
    data_version: reactive[int] = reactive(0, init=False)

    def __init__(
        self,
        config: Config | None = None,
        *,
        clock: Clock | None = None,
        lang: str | None = None,
        db_path: Path | None = None,
        use_cache: bool = True,
        session_seed: int | None = None,
        watch_seconds: float = WATCH_SECONDS,
        exam: ExamOptions | None = None,
        new_exam: bool = False,
        practice: str | None = None,
        first_load: FirstLoad | None = None,
    ) -> None:
        """`first_load`: the first load, already started (see `FirstLoad`)."""
        super().__init__()
        self.config = config or Config()
        self.clock = clock
        self.db_path = db_path  # None: the Config's (resolved by the loader, off the UI thread)
        self.use_cache = use_cache
        self.session_seed = session_seed  # fixed question order (tests, screenshots)
        self.watch_seconds = watch_seconds  # live reload polling (tests poll faster)
        # `exoterm exam` in a terminal: the exam to open once the database is ready
        self.exam_request: tuple[ExamOptions, bool] | None = (exam, new_exam) if exam else None
        self.practice_request = practice  # `review --weak` / `--bookmarked` in a terminal
        self.home_dir = self.config.data_dir
        self.cache_dir = self.config.cache_dir if use_cache else None
        self._frozen = False
        self._first_load = first_load
        # Home shows the counts: the deck, then the rest, load after that paint
        self._home_painted = first_load.home_shown if first_load else threading.Event()
        self.prefs = read_prefs(self.home_dir)
        self.data = AppData()
        self.watcher: ContentWatcher | None = None
        self.furigana: FuriganaMode = self.prefs.furigana
        self.user_keymap: dict[str, str] = {}  # binding id → keys, from keymap.json
        self.set_reactive(ExotermApp.lang, interface_language(lang or self.config.lang, self.prefs))
        localize(self, self.lang)
        if self.prefs.theme in self.available_themes:
            self.theme = self.prefs.theme

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded:
            # Widgets of ours are SafeInputs; this also covers the command palette's Input.
            event.text = typed_text(event.text, multiline=True)
        await super().on_event(event)

    # startup --------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[Any]:
        first = self._first_load
        if first is not None and first.home_ready.is_set() and first.early is not None:
            # Read already (it starts before Textual is imported): Home's first frame shows
            # the numbers, instead of a second frame once `HomeKnown` arrives (~30 ms later).
            self.data.home_known(first.early)
        return HomeScreen()

    def on_mount(self) -> None:
        self.add_mode("home", HomeScreen)  # its stack exists: switching back finds that screen
        self.user_keymap, problem = load_keymap(self.home_dir / KEYMAP_FILE)
        if problem:
            self.notify(problem, severity="warning", markup=False)
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        self.load_everything()  # a worker thread: loads while the first frame is drawn
        self.set_interval(self.watch_seconds, self._check_content, name="content-watch")

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_everything(self) -> None:
        """Home's numbers when the database remembers the deck → content → progress
        database and Home's numbers → the glossary's term statuses and search index, each
        announced by a message as `FirstLoad` gets it (started here unless preloaded)."""
        from exoterm.tui.search_adapter import build

        first, self._first_load = self._first_load, None
        if first is None:  # not preloaded (tests), or loading again after a content error
            first = self._new_first_load()
            first.start()
        first.home_ready.wait()
        if first.early is not None:
            self.post_message(HomeKnown(first.early))
        first.deck_ready.wait()
        self.watcher = first.watcher
        deck = first.deck
        if isinstance(deck, ContentProblem) or deck is None:
            if deck is None:
                reason = str(first.crash) if first.crash else "content did not load"
                deck = ContentProblem(reason, (reason,))
            first.join()  # the database it opened is closed again
            self.post_message(ContentFailed(deck.summary, deck.lines))
            return
        self.post_message(ContentReady(deck))
        first.join()
        progress = first.progress
        if isinstance(progress, str):
            self.post_message(StoreFailed(progress))
        elif progress is not None:
            self.post_message(StoreReady(progress, first.summary or progress.summary(self.lang)))
            self._home_painted.wait(timeout=2.0)  # not competing with Home's paint for the GIL
            progress.statuses()  # what Home does not need comes after: the glossary's statuses
        first.write_caches()  # the parsed content's cache (on a miss)
        self.post_message(IndexReady(build(deck, self.cache_dir)))  # and its index

    def _new_first_load(self) -> FirstLoad:
        return FirstLoad(self.config, self.use_cache, self.clock, self.db_path, self.lang,
                         home_shown=self._home_painted)

    def preload(self) -> None:
        """Start the first load now, in its own thread, so that reading the database and
        the deck overlaps Textual's own start (CSS, compose, first frame); call it just
        before `run()`. Without it (nor `first_load`) the loader worker starts it."""
        if self._first_load is None:
            self._first_load = self._new_first_load()
            self._first_load.start()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _check_content(self) -> None:
        """Live reload: when a content file changed, load it again (a trainer editing
        YAML sees the change; a broken save keeps the last good deck)."""
        from exoterm.tui.search_adapter import build

        watcher = self.watcher
        if watcher is None or not watcher.changed():
            return
        if self.data.deck is None:  # nothing loaded yet (e.g. the content was broken)
            if self.data.state is LoadState.CONTENT_ERROR:
                self.call_from_thread(self.load_everything)
            return
        deck = load_deck(self.config, self.use_cache)
        if isinstance(deck, ContentProblem):
            self.post_message(ReloadFailed(deck.lines))
            return
        watcher.watch(watched_files(self.config))  # a file added to a deck folder is now read
        search = build(deck, self.cache_dir)
        if self.data.progress is not None:
            self.data.progress.use_deck(deck)
        self.post_message(ContentReloaded(deck, search))

    @on(HomeKnown)
    def _home_known(self, message: HomeKnown) -> None:
        self.data.home_known(message.numbers)
        self.bump_data()
        self.call_after_refresh(self._home_painted.set)  # then the deck loads

    @on(ContentReady)
    def _content_ready(self, message: ContentReady) -> None:
        fixed = self.data.state is LoadState.CONTENT_ERROR  # while the problem screen showed
        self.data.content_loaded(message.deck)
        if fixed and isinstance(self.screen, ProblemScreen):
            self.pop_screen()
        self.bump_data()

    @on(ContentReloaded)
    def _content_reloaded(self, message: ContentReloaded) -> None:
        self.data.reloaded(message.deck, message.search)
        self.notify(tr("load.reloaded", self.lang, terms=len(message.deck.terms),
                       items=len(message.deck.items)), markup=False)
        self.bump_data()

    @on(ReloadFailed)
    def _reload_failed(self, message: ReloadFailed) -> None:
        self.data.reload_failed(message.lines)
        more = len(message.lines) - 1
        text = message.lines[0] + (("\n" + tr("load.more", self.lang, n=more)) if more else "")
        self.notify(text, title=tr("load.reload_failed", self.lang), severity="error",
                    timeout=15, markup=False)

    @on(ContentFailed)
    def _content_failed(self, message: ContentFailed) -> None:
        self.data.content_failed(message.lines)
        if isinstance(self.screen, ProblemScreen):
            self.pop_screen()
        self.push_screen(ProblemScreen("content", message.lines))
        self.bump_data()

    @on(IndexReady)
    def _index_ready(self, message: IndexReady) -> None:
        self.data.index_built(message.search)
        self.bump_data()
        self._freeze_once()

    @on(StoreReady)
    def _store_ready(self, message: StoreReady) -> None:
        self.data.store_opened(message.progress, message.summary)
        self.bump_data()
        self.call_after_refresh(self._home_painted.set)
        self._freeze_once()
        if self.exam_request is not None:
            options, new = self.exam_request
            self.exam_request = None
            self.call_later(self.start_exam, options, new)
        if self.practice_request in ("weak", "bookmarked"):
            from exoterm.tui.review_parts import SessionPlan

            plan = SessionPlan(practice="weak" if self.practice_request == "weak"
                               else "bookmarked")
            self.practice_request = None
            self.call_later(self.start_session, plan)

    def _freeze_once(self) -> None:
        """Once the first load is complete (deck, database and index), move it out of the
        collector's reach: full collections then scan only new objects, so typing does not
        stall on one. Only once: cycles frozen after a reload would never be collected."""
        if not self._frozen and self.data.complete:
            self._frozen = True
            self.call_after_refresh(settle_collector)

    @on(StoreFailed)
    def _store_failed(self, message: StoreFailed) -> None:
        self.data.store_failed(message.reason)
        self.notify(message.reason, title=tr("load.store_failed", self.lang),
                    severity="error", timeout=12, markup=False)
        self.bump_data()

    def bump_data(self) -> None:
        """Tell every screen that something it shows may have changed."""
        self.data_version += 1

    # language, theme, prefs -------------------------------------------------------------
    def watch_lang(self) -> None:
        localize(self, self.lang)
        if self.is_running:
            self.save_prefs()

    def watch_theme(self) -> None:
        if self.is_running:
            self.save_prefs()

    def set_furigana(self, mode: FuriganaMode) -> None:
        self.furigana = mode
        self.save_prefs()

    def save_prefs(self) -> None:
        self.prefs = Prefs.from_json({**self.prefs.to_json(), "lang": self.lang,
                                      "theme": self.theme, "furigana": self.furigana})
        self._write_prefs(self.prefs)

    @work(thread=True, group="prefs", exit_on_error=False)
    def _write_prefs(self, prefs: Prefs) -> None:
        write_prefs(self.home_dir, prefs)  # a failure is not worth interrupting study

    # actions --------------------------------------------------------------------------
    def action_go(self, mode: str) -> None:
        """Show one of the main screens (closing help or dialogs first). "Review" always
        starts or resumes today's recorded review, never a cram session left running."""
        if mode == "review":
            self.call_later(self.start_session, None)
        elif mode == "exam":
            self.call_later(self.start_exam, None)
        else:
            self._go(mode)

    def _go(self, mode: str) -> AwaitMount | None:
        """`action_go`, returning what to await for the screen to be mounted (None: no switch)."""
        if mode not in NAV and mode != "exam":
            return None
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ProblemScreen):
            self.pop_screen()
        if isinstance(self.screen, ProblemScreen):
            return None
        return self.switch_mode(mode)

    async def open_term(self, term_id: str) -> None:
        """Show a term in the glossary (from the command palette)."""
        await self._shown("glossary")
        follow = getattr(self.screen, "open_term", None)
        if callable(follow):
            follow(term_id)

    async def start_session(self, plan: object | None) -> None:
        """Start `plan` on the review screen (a review, filtered review or cram session
        picked in the palette); None starts or resumes today's recorded review."""
        await self._shown("review")
        opener = getattr(self.screen, "open_session", None)
        if callable(opener):
            opener(plan)

    async def start_exam(self, options: ExamOptions | None = None, new: bool = False) -> None:
        """Open the exam screen: the unfinished exam resumes, else one is drawn with
        `options` (None: the default exam, scaled from the national exam)."""
        await self._shown("exam")
        opener = getattr(self.screen, "open_exam", None)
        if callable(opener):
            opener(options, new)

    async def _shown(self, mode: str) -> None:
        """Switch to `mode` and wait until its screen has composed (a lazily created one may not have)."""
        mounting = self._go(mode)
        if mounting is not None:
            await mounting

    def action_command_palette(self) -> None:
        """The command palette, with its prompt in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder=tr("cmd.placeholder", self.lang),
                                            id="--command-palette"))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_language(self) -> None:
        self.lang = "en" if self.lang == "ja" else "ja"

    def action_set_language(self, lang: str) -> None:
        self.lang = lang

    def on_unmount(self) -> None:
        if self.data.progress is not None:
            self.data.progress.close()

    # command palette ------------------------------------------------------------------
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        lang = self.lang
        for mode in NAV:
            yield SystemCommand(tr("nav." + mode, lang), tr("cmd." + mode, lang),
                                lambda m=mode: self.action_go(m))
        yield SystemCommand(tr("exam.title", lang), tr("cmd.exam", lang),
                            lambda: self.action_go("exam"))
        yield SystemCommand(tr("nav.help", lang), tr("cmd.help", lang), self.action_help)
        yield SystemCommand(tr("nav.language", lang), tr("cmd.language", lang),
                            self.action_toggle_language)
        yield SystemCommand(tr("settings.theme", lang), tr("cmd.theme", lang),
                            self.action_change_theme)
        for action, name, description in SCREEN_COMMANDS:
            method = getattr(screen, f"action_{action}", None)
            if callable(method):
                yield SystemCommand(tr(name, lang), tr(description, lang), method)
        yield SystemCommand(tr("nav.quit", lang), tr("cmd.quit", lang), self.action_quit)


def settle_collector() -> None:
    """Freeze what the first load made (see `_freeze_once`) and collect less often: a
    glossary keystroke at 10,000 terms makes thousands of objects, so with the default
    threshold (700) every ~30th keystroke paid a 7–14 ms full collection (keystroke →
    next frame p99 9–21 ms → 9–13 ms, benches/startup.py). Garbage without cycles is
    freed at once either way; cycles a little later."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
