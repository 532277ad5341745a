"""The one text field of the app: an Input that never holds a character a terminal acts on.

Textual's Input inserts a paste as it comes, so an ESC, BEL or bidi override pasted (or
committed by an IME) would be drawn raw and could retitle or garble the terminal. Every
way text enters (keys, pastes, the clipboard, `value =`) passes `replace` or the value's
validator, where `typed_text` drops such characters. Every Input in exoterm/tui is one
of these (a test checks); the command palette's own Input gets the same rule from the
app, which cleans each paste before it is handed to the focused widget.
"""

from __future__ import annotations

from textual.widgets import Input

from exoterm.core.textsafety import typed_text


class SafeInput(Input):
    """An Input whose value holds no control or bidi characters, tabs or line breaks."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(typed_text(text), start, end)

    def validate_value(self, value: str) -> str:
        return typed_text(value)
