"""Characters a terminal acts on instead of showing: refused in content, made visible elsewhere.

C0 and C1 control characters (ESC starts terminal commands, `\\x9b` is a one-byte CSI, BEL,
NUL, CR, backspace) and the bidi controls (U+202A–U+202E, U+2066–U+2069, LRM, RLM, ALM),
which reorder what a reader sees. Content may hold none of them, except a tab or line
break in a field that allows multi-line text (`content.reader`). Text from anywhere else
(a learner's typed answer, progress and results files, a keymap) is passed through
`visible()` before it is printed, so such a character shows as `\\u001b` and does nothing.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Never allowed in content: C0 except tab and line feed, DEL, C1, bidi controls, and the
# noncharacters U+FFFE/U+FFFF (YAML only lets them in as escapes; XML 1.0 has no way to
# write them, so a Moodle XML export holding one did not parse).
_NEVER = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}\ufffe\uffff]")
# Also line breaks and tabs, and the Unicode line/paragraph separators: one-line output.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029]")
_UNSAFE_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029]")


def never_allowed(text: str) -> int | None:
    """Index of the first character no content text may hold (tab/newline aside), or None."""
    found = _NEVER.search(text)
    return found.start() if found else None


def disallowed(text: str, *, multiline: bool) -> str | None:
    """The first character `text` may not hold as content, or None when it is clean.

    A tab or line feed is allowed only when `multiline`."""
    found = _NEVER.search(text)
    if found is None and not multiline:
        found = re.search("[\t\n]", text)
    return found.group() if found else None


def escape_char(ch: str) -> str:
    """`\\u001b`-style spelling of one character."""
    return f"\\u{ord(ch):04x}"


def visible(text: str, *, multiline: bool = False) -> str:
    """`text` safe to print: every control, bidi control and (unless `multiline`) tab or
    line break is replaced by its visible `\\u001b`-style escape."""
    pattern = _UNSAFE_MULTILINE if multiline else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda m: escape_char(m.group()), text)


def describe(ch: str) -> str:
    """How a refused character is named in a message: `U+001B`."""
    return f"U+{ord(ch):04X}"


_DROPPED_FROM_INPUT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_INPUT_BREAKS = re.compile("\r\n|[\t\n\r\u2028\u2029]")


def typed_text(text: str, *, multiline: bool = False) -> str:
    """Text a user typed or pasted into a field, with nothing a terminal would act on: control
    and bidi characters are dropped (an answer should not gain `\\u001b` text), a tab or
    line break becomes a space, unless `multiline` keeps line breaks (`\\n`, `\\r`) for the
    field to split."""
    text = _DROPPED_FROM_INPUT.sub("", text)
    if multiline:
        return text.replace("\t", " ").replace("\u2028", "\n").replace("\u2029", "\n")
    return _INPUT_BREAKS.sub(" ", text)
