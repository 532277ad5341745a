"""Binding helpers: footer descriptions in the current language, the user's keymap.

Every binding has an `id`; its description is the i18n string of that id, so one table
serves the footer, the help screen and the keymap file. `localize` swaps descriptions
on a node's own copy of its bindings (Textual copies them per instance).

Textual has no public way to change a binding's description after the class is defined,
so `localize` replaces the node's private `_bindings` map: the only private Textual
attribute the app uses, and the reason pyproject.toml bounds textual below the next major.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from exoterm.core.texts import STRINGS, tr
from exoterm.core.textsafety import visible


def bind(key: str, action: str, id: str, *, show: bool = True, priority: bool = False,
         key_display: str | None = None) -> Binding:
    """A binding whose description comes from the i18n table entry `id`."""
    return Binding(key, action, STRINGS[id][1] if id in STRINGS else "", show=show, id=id,
                   priority=priority, key_display=key_display)


def localize(node: DOMNode, lang: str) -> None:
    """Set each binding's description on `node` to the `lang` text of its id."""
    if not node._bindings.key_to_bindings:
        return
    new = BindingsMap()
    for key, bindings in node._bindings.key_to_bindings.items():
        new.key_to_bindings[key] = [_localized(b, lang) for b in bindings]
    node._bindings = new


def localize_all(screen: DOMNode, lang: str) -> None:
    """`localize` the screen and every widget on it."""
    localize(screen, lang)
    for node in screen.query("*"):
        localize(node, lang)


def _localized(binding: Binding, lang: str) -> Binding:
    if binding.id and binding.id in STRINGS:
        return replace(binding, description=tr(binding.id, lang))
    if binding.action == "command_palette":
        return replace(binding, description=tr("nav.palette", lang), id="nav.palette")
    return binding


KEYMAP_FILE = "keymap.json"  # the user's keys, in the data folder (Config.data_dir)
MAX_KEYMAP = 64 * 1024  # characters


def load_keymap(path: Path) -> tuple[dict[str, str], str | None]:
    """Binding id → keys from a JSON file like {"nav.glossary": "ctrl+g"}, and why the file
    was not used (None when absent or good); a bad file means the default keys.

    The file is the user's, not content: its texts (and its path in a message) go through
    `visible()`, so a control character in it shows as `\\u001b` and does nothing."""
    from exoterm.core import jsonsafe

    try:
        text = jsonsafe.read_small(path, MAX_KEYMAP)
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError, jsonsafe.JsonError) as err:
        why = getattr(err, "strerror", None) or err
        return {}, visible(f"{path}: cannot be read ({why}); default keys used")
    try:
        data = jsonsafe.loads(text, max_len=MAX_KEYMAP, max_depth=2)
    except jsonsafe.JsonError as err:
        return {}, visible(f"{path}: {err}; default keys used")
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return {}, visible(f"{path}: must be one object of \"binding id\": \"keys\" texts; "
                           "default keys used")
    return {visible(str(k)): visible(v) for k, v in data.items() if v}, None
