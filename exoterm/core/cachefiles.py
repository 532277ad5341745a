"""Keeping cache folders small: each cache kind keeps its current file and the newest few
others (an edited deck writes a new file per save; a second configuration, e.g. with
`--deck`, reads its own), so a cache folder never grows without bound."""

from __future__ import annotations

from pathlib import Path


def prune_others(folder: Path, pattern: str, keep: Path, count: int) -> None:
    """Delete the files matching `pattern` in `folder` other than `keep`, except the
    `count` most recently written. Files another process removes first are no error."""
    others: list[tuple[float, Path]] = []
    for old in folder.glob(pattern):
        try:
            if old != keep:
                others.append((old.stat().st_mtime, old))
        except OSError:
            continue
    for _, old in sorted(others, reverse=True)[count:]:
        try:
            old.unlink()
        except OSError:
            pass
