"""The one way exoterm writes a file: whole or not at all.

A regular file (or a path that does not exist yet) is written to a temporary file in the
same folder, flushed, fsynced and renamed over the target, so a full disk, a crash or an
interrupt leaves the original untouched and no temporary file behind. Anything else — a
FIFO, a character device such as /dev/full or a terminal, `-` for stdout — is streamed to
directly and never replaced. Every writer in exoterm goes through `write_file` or
`open_output` (tests/unit/test_fileio.py lists them).
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Literal, overload

from exoterm.errors import ExotermError

STDOUT = "-"
_os_write = os.write  # the one low-level write (tests inject ENOSPC here)


class WriteError(ExotermError):
    """A file could not be written; the original (if any) is unchanged."""


class _File(io.FileIO):
    """A raw file whose writes all go through `_os_write`."""

    def write(self, data: object) -> int:
        return _os_write(self.fileno(), data)  # type: ignore[arg-type]


def _error(path: Path | str, err: OSError) -> WriteError:
    return WriteError(f"{path}: cannot write: {err.strerror or err}")


def _wrap(raw: _File, text: bool, encoding: str) -> IO[bytes] | IO[str]:
    buffered = io.BufferedWriter(raw)
    if not text:
        return buffered
    return io.TextIOWrapper(buffered, encoding=encoding, newline="\n", write_through=False)


def _target(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file really written (symlinks followed) and its stat, None when absent."""
    real = Path(os.path.realpath(path))
    try:
        return real, os.stat(real)
    except FileNotFoundError:
        return real, None


@overload
def open_output(path: Path | str, *, text: Literal[True] = ..., encoding: str = ...
                ) -> AbstractContextManager[IO[str]]: ...
@overload
def open_output(path: Path | str, *, text: Literal[False], encoding: str = ...
                ) -> AbstractContextManager[IO[bytes]]: ...
def open_output(path: Path | str, *, text: bool = True, encoding: str = "utf-8"
                ) -> AbstractContextManager[IO[str]] | AbstractContextManager[IO[bytes]]:
    """A handle to stream into `path` (see the module docstring); WriteError on failure."""
    return _open_output(path, text, encoding)  # type: ignore[return-value]


@contextmanager
def _open_output(path: Path | str, text: bool, encoding: str,
                 private: bool = False) -> Iterator[IO[str] | IO[bytes]]:
    if str(path) == STDOUT:
        out: IO[str] | IO[bytes] = sys.stdout if text else sys.stdout.buffer
        yield out
        try:
            out.flush()
        except OSError as err:
            raise _error("stdout", err) from err
        return
    path = Path(path)
    try:
        real, st = _target(path)
    except OSError as err:
        raise _error(path, err) from err
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteError(f"{path}: is a folder; name a file to write")
    if st is not None and not stat.S_ISREG(st.st_mode):
        yield from _stream(path, real, text, encoding)
    else:
        yield from _replace(path, real, st, text, encoding, private)


def _stream(path: Path, real: Path, text: bool, encoding: str) -> Iterator[IO[str] | IO[bytes]]:
    """Write straight into a FIFO or device; it is never replaced by a regular file."""
    try:
        handle = _wrap(_File(real, "w"), text, encoding)
    except OSError as err:
        raise _error(path, err) from err
    try:
        yield handle
        handle.flush()
    except OSError as err:
        raise _error(path, err) from err
    finally:
        try:
            handle.close()
        except OSError:
            pass  # the write error above (or the caller's) is the one to report


def _replace(path: Path, real: Path, st: os.stat_result | None, text: bool,
             encoding: str, private: bool = False) -> Iterator[IO[str] | IO[bytes]]:
    """Write a temporary file beside `real`, fsync it and rename it over `real`
    (readable by its owner only when `private`, e.g. a file holding a password)."""
    folder = real.parent
    tmp = folder / f".{real.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp"
    handle: IO[str] | IO[bytes] | None = None
    try:
        raw = _File(tmp, "x")
        handle = _wrap(raw, text, encoding)
        if private:
            os.chmod(tmp, 0o600)
        elif st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        yield handle
        handle.flush()
        os.fsync(raw.fileno())
        handle.close()
        os.replace(tmp, real)
    except OSError as err:
        _discard(handle, tmp)
        raise _error(path, err) from err
    except BaseException:
        _discard(handle, tmp)
        raise
    _sync_folder(folder)


def _discard(handle: IO[str] | IO[bytes] | None, tmp: Path) -> None:
    if handle is not None:
        try:
            handle.close()
        except OSError:
            pass  # e.g. the buffered rest cannot be written either: the file goes anyway
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_file(path: Path | str, data: bytes | str, *, encoding: str = "utf-8",
               private: bool = False) -> None:
    """Write `data` to `path` whole or not at all (text is written with `\\n` newlines);
    `private`: readable and writable by the owner only (mode 0600)."""
    if isinstance(data, str):
        with _open_output(path, True, encoding, private) as out:
            out.write(data)  # type: ignore[call-overload]
    else:
        with open_output(path, text=False) as bout:
            bout.write(data)
