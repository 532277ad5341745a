"""Content for a long-running app: parse and index in a short-lived child process.

Parsing and validating YAML imports the YAML machinery, and the parse trees and index
build leave the interpreter's heap fragmented (~4 MB a Python process never hands back).
The TUI stays open for a whole study session, so when the caches miss it asks a child
interpreter to load the content and build the search index, both into their caches, and
then reads them back as a warm start would: the app's memory is the same as after a warm
start (without a usable cache the child sends the deck through the pipe instead). With
warm caches no child is started at all.

Protocol: the request goes to the child's stdin and one reply comes back on stdout, both
`marshal` (plain data). Content problems come back as diagnostics and are raised as
`ContentError`, exactly as an in-process load raises them. Anything else — no interpreter
to start (a frozen app), a crash, a garbled reply — falls back to loading in-process.
"""

from __future__ import annotations

import marshal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from exoterm.core.content import ContentError, NotCached, load_content
from exoterm.core.content.diagnostics import Diagnostic, Pos
from exoterm.core.content.models import Deck

PROTOCOL = 1
CACHED = object()  # load_in_child: the child left the deck in the content cache
CHILD_TIMEOUT = 300.0  # seconds; 10,000 terms parse in ~4 s, so only a stuck child hits it


def load_prepared(paths: Sequence[str | Path] | None = None, *, use_cache: bool = True) -> Deck:
    """`load_content(paths, use_cache=use_cache)`, parsing in a child process when the
    content cache misses (and building the search index cache there too)."""
    if use_cache:
        try:
            return load_content(paths, use_cache=True, cached_only=True)
        except NotCached:
            pass
    deck = load_in_child(paths, use_cache)
    if deck is CACHED:  # read it back exactly as a warm start does
        try:
            return load_content(paths, use_cache=True, cached_only=True)
        except NotCached:
            pass  # a file changed meanwhile: load it here
    elif isinstance(deck, Deck):
        return deck
    return load_content(paths, use_cache=use_cache)


def _child_command() -> list[str] | None:
    if getattr(sys, "frozen", False) or not sys.executable:
        return None
    root = str(Path(__file__).resolve().parents[2])  # the folder holding the exoterm package
    code = (f"import sys\nif {root!r} not in sys.path: sys.path.insert(0, {root!r})\n"
            "from exoterm.core.prepare import main\nsys.exit(main())")
    return [sys.executable, "-c", code]


def load_in_child(paths: Sequence[str | Path] | None, use_cache: bool) -> Deck | object | None:
    """The deck a child process loaded, or CACHED when it is in the content cache (the
    child also fills the search index cache); ContentError for content problems; None
    when no child could load it."""
    from exoterm.core.content.export import deck_from_dict

    command = _child_command()
    if command is None:
        return None
    request = marshal.dumps((PROTOCOL, [str(p) for p in paths or ()], use_cache))
    try:  # the child inherits the environment: EXOTERM_CONTENT, decks, cache folder
        done = subprocess.run(command, input=request, capture_output=True, check=False,
                              timeout=CHILD_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    try:
        tag, body = marshal.loads(done.stdout)
        if tag == "cached":
            return CACHED
        if tag == "deck":
            deck: Deck = deck_from_dict(body)
            return deck
        if tag != "diagnostics":
            return None
        problems = [Diagnostic(Pos(path, line, col), message, severity)
                    for path, line, col, message, severity in body]
    except (ValueError, TypeError, EOFError, KeyError, IndexError, AttributeError):
        return None
    raise ContentError(problems)


def main() -> int:
    """The child: read one request from stdin, answer on stdout (see the module doc).
    Errors other than content problems exit non-zero; the parent then loads in-process
    and reports them itself."""
    from exoterm.core.content.cache import share_strings
    from exoterm.core.content.export import deck_to_dict
    from exoterm.core.search import load_or_build

    protocol, paths, use_cache = marshal.loads(sys.stdin.buffer.read())
    if protocol != PROTOCOL:
        return 3
    reply: tuple[str, Any]
    try:
        deck = load_content(paths or None, use_cache=use_cache)
    except ContentError as err:
        reply = ("diagnostics", [(d.pos.path, d.pos.line, d.pos.col, d.message, d.severity)
                                 for d in err.diagnostics])
    else:
        if use_cache:
            load_or_build(deck)  # leaves the search index in its cache for the app
        if use_cache and _in_cache(paths):  # the parent reads it there, not through the pipe
            reply = ("cached", None)
        else:
            reply = ("deck", share_strings(deck_to_dict(deck)))
    sys.stdout.buffer.write(marshal.dumps(reply))
    sys.stdout.flush()
    return 0


def _in_cache(paths: Sequence[str]) -> bool:
    """Whether the content now loads from the cache alone (False when the cache folder is
    not writable or a file changed while it was parsed)."""
    try:
        load_content(paths or None, use_cache=True, cached_only=True)
    except NotCached:
        return False
    return True
