"""Time for the scheduler: an injectable clock, UTC checks and the learner's study day.

A study day runs from the rollover hour (default 4:00, like Anki) in the learner's time
zone to the same hour the next day, so a session past midnight still counts as "today".
Nothing below calls `datetime.now()` except `SystemClock`, so tests can move time freely.
"""

from __future__ import annotations

import time as _time
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY = timedelta(days=1)


class Clock(Protocol):
    """Anything that tells the current time as an aware datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock, always in UTC."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


@dataclass
class FixedClock:
    """A clock that stands still until moved; for tests and benchmarks."""

    current: datetime

    def __post_init__(self) -> None:
        self.current = ensure_utc(self.current)

    def now(self) -> datetime:
        return self.current

    def set(self, when: datetime) -> None:
        self.current = ensure_utc(when)

    def advance(self, delta: timedelta) -> None:
        self.current = self.current + delta


def ensure_utc(when: datetime) -> datetime:
    """Return `when` in UTC (`timezone.utc`, as fsrs requires); reject naive datetimes."""
    if when.tzinfo is None or when.tzinfo.utcoffset(when) is None:
        raise ValueError(f"naive datetime {when!r}: pass a timezone-aware datetime")
    if when.tzinfo is timezone.utc:
        return when
    return when.astimezone(timezone.utc)


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MS = timedelta(milliseconds=1)


def to_ms(when: datetime) -> int:
    """Epoch milliseconds of an aware datetime (exact integer arithmetic, no float)."""
    return (ensure_utc(when) - EPOCH) // _MS


def from_ms(ms: int) -> datetime:
    """The UTC datetime of epoch milliseconds."""
    return EPOCH + ms * _MS


def truncate_ms(when: datetime) -> datetime:
    """`when` in UTC without sub-millisecond digits, as stored."""
    return from_ms(to_ms(when))


class SystemZone(tzinfo):
    """The system's time zone (`$TZ`, else /etc/localtime) as the C library reports it,
    DST-correct like ZoneInfo. zoneinfo has no "local zone": it needs the zone's key, which
    would mean reading `$TZ` here (settings come from the Config, not the environment) and
    still missing POSIX rules such as `JST-9`; the C library already knows. Wall times
    follow PEP 495 as ZoneInfo does: in a repeated hour fold=0 is the first occurrence,
    and a skipped hour takes the offset from before the change (fold=1: after)."""

    def __repr__(self) -> str:
        return "SystemZone()"

    @staticmethod
    def _offset_at(stamp: int) -> int:
        return _time.localtime(stamp).tm_gmtoff

    def _offset(self, wall: datetime) -> int:
        """Seconds east of UTC for a local wall time (its tzinfo and fold aside)."""
        naive = (wall.replace(tzinfo=None, fold=0) - _NAIVE_EPOCH) // _SECOND
        before, after = self._offset_at(naive - 86400), self._offset_at(naive + 86400)
        if before == after:
            return before
        before_fits = self._offset_at(naive - before) == before
        after_fits = self._offset_at(naive - after) == after
        if before_fits != after_fits:
            return before if before_fits else after
        return after if wall.fold else before  # repeated (both fit) or skipped (neither)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(seconds=self._offset_at(int(_time.time())))
        return timedelta(seconds=self._offset(dt))

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None  # not needed: fromutc below does not rely on it

    def tzname(self, dt: datetime | None) -> str | None:
        if dt is None:
            return None
        stamp = (dt.replace(tzinfo=None) - _NAIVE_EPOCH) // _SECOND - self._offset(dt)
        return _time.localtime(stamp).tm_zone

    def fromutc(self, dt: datetime) -> datetime:
        stamp = (dt.replace(tzinfo=None) - _NAIVE_EPOCH) // _SECOND
        offset = self._offset_at(stamp)
        local = dt + timedelta(seconds=offset)
        return local.replace(fold=int(self._offset(local) != offset))


_NAIVE_EPOCH = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)
SYSTEM_ZONE = SystemZone()


def local_zone() -> tzinfo:
    """The system's time zone, re-reading `$TZ` (the C library caches it)."""
    if hasattr(_time, "tzset"):
        _time.tzset()
    return SYSTEM_ZONE


def zone(name: str) -> tzinfo:
    """The zone named `name` ("" means the system's); raises ValueError when unknown."""
    if not name:
        return local_zone()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(f"unknown time zone {name!r}") from err


def study_day(instant: datetime, tz: tzinfo, rollover_hour: int) -> date:
    """The study day `instant` falls on: local wall time shifted back by the rollover."""
    local = ensure_utc(instant).astimezone(tz).replace(tzinfo=None)
    return (local - timedelta(hours=rollover_hour)).date()


def day_start(day: date, tz: tzinfo, rollover_hour: int) -> datetime:
    """The UTC instant study day `day` begins (first occurrence of the hour across DST)."""
    local = datetime.combine(day, time(rollover_hour), tzinfo=tz)
    return local.astimezone(timezone.utc)


def day_bounds(instant: datetime, tz: tzinfo, rollover_hour: int) -> tuple[datetime, datetime]:
    """Start and end (UTC) of the study day containing `instant`."""
    today = study_day(instant, tz, rollover_hour)
    return day_start(today, tz, rollover_hour), day_start(today + DAY, tz, rollover_hour)
