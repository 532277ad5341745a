"""Help (`?`): every key of the screen below and of the whole app, in the UI language.

Built from the bindings themselves (with the user's keymap applied), so it can never
disagree with what the keys do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from exoterm.core.texts import STRINGS, tr
from exoterm.core.textsafety import visible
from exoterm.tui.bindings import KEYMAP_FILE, bind
from exoterm.tui.widgets.wrapped import Para, Wrapped

if TYPE_CHECKING:
    from exoterm.tui.app import ExotermApp


def declared_bindings(node: DOMNode) -> list[Binding]:
    """The bindings `node`'s class and its bases declare in `BINDINGS`, bases first."""
    found: list[Binding] = []
    for cls in reversed(type(node).__mro__):
        found += Binding.make_bindings(cls.__dict__.get("BINDINGS", []))
    return found


def binding_rows(node: DOMNode, app: ExotermApp) -> list[tuple[str, str]]:
    """(keys, description) for each binding of `node` that has an i18n id and does
    something now (`check_action`), then the keys `node` reads itself (`key_help`: the
    numbers that pick a review's options)."""
    rows: dict[str, list[str]] = {}
    order: list[str] = []
    for binding in declared_bindings(node):
        if not binding.id or binding.id not in STRINGS or binding.id == "nav.back":
            continue
        if not _enabled(node, binding.action):
            continue
        keys = app.user_keymap.get(binding.id, binding.key)
        if binding.id not in rows:
            rows[binding.id] = []
            order.append(binding.id)
        rows[binding.id] += [k for k in _shown(app, keys) if k not in rows[binding.id]]
    own = getattr(node, "key_help", None)
    extra = [(" ".join(_shown(app, keys)), tr(key, app.lang)) for keys, key in own()] \
        if callable(own) else []
    return extra + [(" ".join(rows[i]), tr(i, app.lang)) for i in order]


def _shown(app: ExotermApp, keys: str) -> list[str]:
    return [app.get_key_display(Binding(k.strip(), "")) for k in keys.split(",")]


def _enabled(node: DOMNode, action: str) -> bool:
    """Whether `node`'s `action` (like "grade(4)") is possible now; actions of another
    namespace (app.go) always are."""
    from textual.actions import ActionError, parse

    try:
        target, name, params = parse(action)
    except ActionError:
        return True
    if target:
        return True
    return node.check_action(name, params) is True


def key_table(title: str, rows: list[tuple[str, str]]) -> list[Para]:
    """A title, then each key with its description wrapped after the key column."""
    paras = [Para(Content.styled(title, "bold $accent"))]
    for keys, text in rows:
        paras.append(Para(Content(text), Content.styled(f"  {keys:<16} ", "bold")))
    return paras


class HelpScreen(ModalScreen[None]):
    """Keys of the screen underneath and of the app; Esc, q or ? closes it."""

    BINDINGS = [bind("escape,question_mark,q,f1", "close", "nav.back"),
                bind("ctrl+l", "toggle_language", "nav.language", show=False)]

    def __init__(self, below: Screen[Any]) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Wrapped(id="help-text")

    def on_mount(self) -> None:
        self._render_keys()

    def action_toggle_language(self) -> None:
        """The app's language switch (a modal screen stops app keys): help follows it."""
        app = cast("ExotermApp", self.app)
        app.action_toggle_language()
        self._render_keys()

    def _render_keys(self) -> None:
        app = cast("ExotermApp", self.app)
        lang = app.lang
        parts: list[Para] = []
        title_key = getattr(self.below, "TITLE_KEY", None)
        screen_rows: list[tuple[str, str]] = []
        for child in self.below.query("*"):  # the focused kind of answer's own keys first
            screen_rows += [r for r in binding_rows(child, app) if r not in screen_rows]
        screen_rows += [r for r in binding_rows(self.below, app) if r not in screen_rows]
        if screen_rows and title_key:
            parts += [*key_table(tr(title_key, lang), screen_rows), Para(Content(""))]
        everywhere = binding_rows(app, app)
        if app.use_command_palette:  # bound by Textual itself, not in any BINDINGS
            keys = app.COMMAND_PALETTE_BINDING
            shown = " ".join(app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
            everywhere.append((shown, tr("nav.palette", lang)))
        parts += key_table(tr("help.everywhere", lang), everywhere)
        path = visible(str(app.home_dir / KEYMAP_FILE))
        parts += [Para(Content("")), Para(Content(tr("help.keymap", lang, path=path)))]
        self.query_one("#help-text", Wrapped).update(parts)
        box = self.query_one("#help-box")
        box.border_title = tr("help.title", lang)
        box.border_subtitle = tr("help.close", lang)

    def action_close(self) -> None:
        self.dismiss(None)
