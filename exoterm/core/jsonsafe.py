"""JSON from files exoterm did not write itself, parsed within limits; JSON it writes
from such text, printable as is (`dumps`).

`loads` refuses what the standard parser accepts but the rest of exoterm cannot hold: a
line longer than a cap, nesting deeper than a cap (the parser would recurse until
RecursionError), NaN and Infinity, integers outside SQLite's 64-bit range and strings
with lone surrogates (they cannot be encoded as UTF-8). Each refusal is a `JsonError`
whose message says why in a few words; the caller adds `file:line:`.

`dumps` keeps Japanese readable (not `\\u` escaped) but escapes what `json.dumps` leaves
raw and a terminal acts on: C1 controls (U+009B is a one-byte CSI) and bidi controls, from
answers and card ids a progress file brought in. The JSON value is the same.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from exoterm.core.textsafety import visible

MAX_LINE = 1 << 20  # characters of one JSON line
MAX_DEPTH = 32
MAX_TOTAL = 256 << 20  # bytes of one JSON-lines input (a file or stdin), e.g. not /dev/zero
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonError(ValueError):
    """Why a text is not acceptable JSON (no position: the caller knows the line)."""


class InputTooLarge(ValueError):
    """A JSON-lines input is longer than its cap (`limit` bytes): it is refused as a whole."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than {limit >> 20} MB")
        self.limit = limit


def dumps(value: Any) -> str:
    """`value` as one line of JSON that shows as written on a terminal (see above)."""
    return visible(json.dumps(value, ensure_ascii=False))


def _constant(name: str) -> Any:
    raise JsonError(f"{name} is not a number exoterm accepts")


def _int(text: str) -> int:
    if len(text) > 20:
        raise JsonError("integer out of range")
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        raise JsonError("integer out of range")
    return value


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise JsonError("number out of range")
    return value


def depth(text: str) -> int:
    """How deeply `text` nests arrays and objects (brackets inside strings do not count)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return min(MAX_DEPTH, text.count("[") + text.count("{"))
    level = deepest = 0
    for token in _TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            level += 1
            deepest = max(deepest, level)
        elif char in "]}":
            level -= 1
    return deepest


def read_small(path: Path, limit: int) -> str:
    """The UTF-8 text of a small file of the user's (ui.json, keymap.json, credentials),
    reading at most `limit` bytes: one that is longer, or that is no regular file (a FIFO
    would block every start, /dev/zero never ends), is a JsonError. OSError (not found
    included) and UnicodeDecodeError come as reading raises them."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise JsonError("not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise JsonError(f"longer than {limit:,} bytes")
    return data.decode("utf-8")


def loads(text: str, *, max_len: int = MAX_LINE, max_depth: int = MAX_DEPTH) -> Any:
    """Parse `text` as JSON within the limits above; JsonError says what is wrong."""
    if len(text) > max_len:
        raise JsonError(f"line longer than {max_len:,} characters")
    if depth(text) > max_depth:
        raise JsonError(f"nested more than {max_depth} levels deep")
    try:
        value = json.loads(text, parse_constant=_constant, parse_int=_int, parse_float=_float)
    except JsonError:
        raise
    except (json.JSONDecodeError, RecursionError) as err:
        raise JsonError(f"not valid JSON ({getattr(err, 'msg', 'nested too deeply')})") from err
    if "\\u" in text.lower() and _has_surrogate(value):
        raise JsonError("text with an unpaired surrogate (\\ud800-\\udfff)")
    return value


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


def lines(stream: IO[bytes], *, max_len: int = MAX_LINE,
          max_total: int | None = None) -> Iterator[str | JsonError]:
    """The text of each line of a UTF-8 byte stream (one item per line), reading at most `max_len`
    bytes of any line; a line too long or not UTF-8 comes as a JsonError instead of text
    (a long line's rest is skipped without being held in memory). Past `max_total` bytes in
    all (default MAX_TOTAL), InputTooLarge is raised: a file and a pipe (stdin) get the same cap."""
    cap = MAX_TOTAL if max_total is None else max_total
    number = total = 0

    def read(size: int) -> bytes:
        nonlocal total
        raw = stream.readline(size)
        total += len(raw)
        if total > cap:
            raise InputTooLarge(cap)
        return raw

    while True:
        raw = read(max_len + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_len and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = read(1 << 16)
            yield JsonError(f"line longer than {max_len:,} bytes")
            continue
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            yield JsonError("not UTF-8 text")
            continue
        yield text.rstrip("\r\n")
