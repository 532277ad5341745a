"""One sync's report in words, for `exoterm sync`, the app's notices and `review --plain`."""

from __future__ import annotations

from exoterm.core.sync.folder import SyncReport
from exoterm.core.texts import tr


def summary(report: SyncReport, folder: str, lang: str) -> str:
    """The one line saying what a sync read and wrote."""
    merged, written = report.merged, report.written
    wrote = 0 if written is None else written.answers + written.undos + written.settings
    return tr("sync.done", lang, folder=folder, wrote=wrote, read=merged.segments,
              answers=merged.answers, undone=merged.undone, settings=merged.settings,
              cards=merged.rescheduled)


def warnings(report: SyncReport, lang: str) -> list[str]:
    """Counts of what was skipped or left out (empty when all went well)."""
    lines = []
    if report.waiting:
        lines.append(tr("sync.waiting", lang, n=len(report.waiting)))
    if report.refused:
        lines.append(tr("sync.refused", lang, n=len(report.refused)))
    if report.merged.problems:
        lines.append(tr("sync.bad", lang, n=len(report.merged.problems)))
    return lines
