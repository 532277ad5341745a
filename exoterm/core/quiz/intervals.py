"""Intervals and due times in words: when a card comes back after an answer ("in 3 days"),
the rating keys with their intervals as Anki's buttons show them, and when the next
card can be studied."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo

from exoterm.core.texts import tr


def format_interval(interval: timedelta | None, lang: str) -> str:
    """When a card comes back, in words ("now", "in 10 minutes", "in 3 days")."""
    seconds = interval.total_seconds() if interval is not None else 0.0
    if seconds < 60:
        return tr("due.now", lang)
    if seconds < 3600:
        return tr("due.minutes", lang, n=round(seconds / 60))
    if seconds < 86400:
        return tr("due.hours", lang, n=round(seconds / 3600))
    return tr("due.days", lang, n=round(seconds / 86400))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def grade_keys(intervals: Mapping[int, timedelta], lang: str) -> str:
    """The rating keys with the interval each would give, as Anki's buttons show them:
    「1 もう一度 <1分 · 2 難しい 6分 · 3 普通 1日 · 4 簡単 4日」 (no intervals: labels only)."""
    keys = [tr("grade.key", lang, n=n, label=tr(f"rating.{n}", lang),
               interval=short_interval(intervals[n], lang)).rstrip() if n in intervals
            else f"{n} {tr(f'rating.{n}', lang)}" for n in range(1, 5)]
    return " · ".join(keys)


def short_interval(interval: timedelta, lang: str) -> str:
    """An interval as Anki's rating buttons show it: <1m, 6m, 1d, 4d, 1.5mo, 2y."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return tr("ivl.under_minute", lang)
    if seconds < 3600:
        return tr("ivl.minutes", lang, n=round(seconds / 60))
    if seconds < 86400:
        return tr("ivl.hours", lang, n=round(seconds / 3600))
    days = seconds / 86400
    if days < 30:
        return tr("ivl.days", lang, n=round(days))
    if days < 365:
        return tr("ivl.months", lang, n=f"{days / 30:.1f}".removesuffix(".0"))
    return tr("ivl.years", lang, n=f"{days / 365:.1f}".removesuffix(".0"))


def _left(delta: timedelta, lang: str) -> str:
    minutes = max(1, -(-int(delta.total_seconds()) // 60))  # rounded up: never "0 min"
    if minutes < 60:
        return tr("left.minutes", lang, n=minutes)
    if minutes < 24 * 60:
        return tr("left.hours", lang, n=round(minutes / 60))
    return tr("left.days", lang, n=round(minutes / (24 * 60)))


def next_due_text(when: datetime | None, now: datetime, tz: tzinfo, lang: str) -> str:
    """When the next card can be studied, e.g. 「次の復習は 14:32（あと12分）」."""
    if when is None:
        return tr("next.none", lang)
    if when <= now:
        return tr("next.now", lang)
    local, today = when.astimezone(tz), now.astimezone(tz)
    time = f"{local.hour:02d}:{local.minute:02d}"
    left = _left(when - now, lang)
    if local.date() == today.date():
        return tr("next.today", lang, time=time, left=left)
    date = f"{local.month}月{local.day}日" if lang == "ja" else f"{_MONTHS[local.month - 1]} {local.day}"
    return tr("next.day", lang, date=date, time=time, left=left)
