"""Notice when content files change on disk, cheaply, for live reload while the app runs.

Polling (size and modification time of a handful of files) needs no extra dependency and
works on every file system; the app polls from a worker thread about once a second.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

Stamp = tuple[int, int] | None


def _stamp(path: Path) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


class ContentWatcher:
    """`changed()` is True once after any watched file was written, created or removed."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)
        self._stamps = [_stamp(p) for p in self.paths]

    def changed(self) -> bool:
        stamps = [_stamp(p) for p in self.paths]
        if stamps == self._stamps:
            return False
        self._stamps = stamps
        return True

    def watch(self, paths: Sequence[Path]) -> None:
        """Watch another set of files from now on (e.g. a deck folder was added)."""
        self.paths = list(paths)
        self._stamps = [_stamp(p) for p in self.paths]
