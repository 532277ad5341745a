"""Positions and diagnostics: every content problem is reported as `path:line:col: message`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from exoterm.core.textsafety import visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Pos:
    """A 1-based line and column in a file."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in content; warnings do not stop loading."""

    pos: Pos
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return visible(f"{self.pos}: {prefix}{self.message}")


def sort_key(diag: Diagnostic) -> tuple[str, int, int, str]:
    return (diag.pos.path, diag.pos.line, diag.pos.col, diag.message)


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option most like `word` (a likely typo of it), if any is close enough."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """" (did you mean 'x'?)" for the closest option, or "" when none is close."""
    close = closest(word, options)
    return f" (did you mean '{close}'?)" if close else ""
