"""Standard streams that are closed, full or gone: one line and an exit status, no traceback.

`exoterm search x | head` stops quietly when `head` has read enough (a closed pipe is
not an error); `> /dev/full`, a closed stdout (`>&-`) or any other failure to write ends
the command with `exoterm: cannot write output: …` on stderr and exit status 1.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable
from typing import TextIO, TypeVar

from exoterm.core.textsafety import visible

OUTPUT_ERROR = 1
T = TypeVar("T")


class _ClosedOutput(io.TextIOBase):
    """Stands in for a standard stream whose descriptor was closed when exoterm started."""

    def __init__(self, name: str) -> None:
        self._name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"standard {self._name} is closed")


def _hold(fd: int, mode: int) -> None:
    """Keep a closed standard descriptor taken by /dev/null, so that no file exoterm opens
    (the progress database!) becomes fd 0, 1 or 2 and receives prints."""
    try:
        os.fstat(fd)
    except OSError:
        null = os.open(os.devnull, mode)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)


def prepare_streams() -> None:
    """Make closed standard streams safe: stdin reads as empty, stdout and stderr refuse
    writes with an OSError (reported as one line by `run_guarded`)."""
    _hold(0, os.O_RDONLY)
    _hold(1, os.O_WRONLY)
    _hold(2, os.O_WRONLY)
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stdout is None:
        sys.stdout = _ClosedOutput("output")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null, so the interpreter's final flush of what is still buffered
    neither fails again nor prints `Exception ignored …`."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass


class _Watched(io.TextIOBase):
    """Standard output while argparse prints --help or --version: argparse ignores errors
    writing them (`--help > /dev/full` ended with status 0), so the first one is kept."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner
        self.error: OSError | None = None

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        try:
            return self.inner.write(text)
        except OSError as err:
            self.error = self.error or err
            raise

    def flush(self) -> None:
        self.inner.flush()


def parse_guarded(parse: Callable[[], T]) -> T | int:
    """`parse()`'s result, or the exit status when argparse ended it (--help, --version or a
    usage error), with an error writing what it printed reported as `run_guarded` does."""
    watched = _Watched(sys.stdout)
    sys.stdout = watched
    try:
        return parse()
    except SystemExit as stop:
        sys.stdout = watched.inner
        status = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 2

        def printed() -> int:
            if watched.error is not None:
                raise watched.error
            return status

        return run_guarded(printed)
    finally:
        sys.stdout = watched.inner


def run_guarded(command: Callable[[], int]) -> int:
    """Run a command and flush its output; a closed pipe ends it quietly (status 0), any
    other error writing output with one line on stderr (status 1)."""
    try:
        code = command()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as err:
        _silence_stdout()
        reason = err.strerror or str(err) or type(err).__name__
        what = f"{err.filename}" if err.filename else "cannot write output"
        try:
            print(visible(f"exoterm: {what}: {reason}"), file=sys.stderr)
        except OSError:
            pass
        return OUTPUT_ERROR
