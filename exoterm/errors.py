"""Errors that end a command with a clear one-line message instead of a traceback."""

from __future__ import annotations


class ExotermError(Exception):
    """A user-facing failure: `str(err)` is the whole message; `exit_code` the status."""

    exit_code: int = 2

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
