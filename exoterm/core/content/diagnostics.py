"""Positions and diagnostics: every content problem is reported as `path:line:col: message`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
        return f"{self.pos}: {prefix}{self.message}"


def sort_key(diag: Diagnostic) -> tuple[str, int, int, str]:
    return (diag.pos.path, diag.pos.line, diag.pos.col, diag.message)
