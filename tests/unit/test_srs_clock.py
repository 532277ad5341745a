"""Study days: rollover hour, time zones, DST changes and clocks that move backwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exoterm.core.srs.clock import (
    FixedClock,
    day_bounds,
    day_start,
    from_ms,
    study_day,
    to_ms,
    truncate_ms,
    zone,
)

NY, BERLIN, TOKYO = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tokyo")
UTC = timezone.utc


def test_rollover_hour_keeps_late_night_on_the_same_day() -> None:
    # 02:30 in Tokyo on 2 March belongs to the study day of 1 March (rollover 4).
    late = datetime(2025, 3, 2, 2, 30, tzinfo=TOKYO)
    assert study_day(late, TOKYO, 4) == date(2025, 3, 1)
    assert study_day(late, TOKYO, 0) == date(2025, 3, 2)
    assert study_day(datetime(2025, 3, 2, 4, 0, tzinfo=TOKYO), TOKYO, 4) == date(2025, 3, 2)


def test_time_zone_change_moves_the_day_not_the_instant() -> None:
    instant = datetime(2025, 3, 1, 20, 0, tzinfo=UTC)  # 05:00 next day in Tokyo
    assert study_day(instant, TOKYO, 4) == date(2025, 3, 2)
    assert study_day(instant, NY, 4) == date(2025, 3, 1)
    start, end = day_bounds(instant, NY, 4)
    assert start <= instant < end


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        # The clocks change at 02:00/03:00, before the 04:00 rollover: the short or long
        # study day is the one that began the evening before.
        (NY, date(2025, 3, 8), 23),  # spring forward on 9 March
        (NY, date(2025, 11, 1), 25),  # fall back on 2 November
        (BERLIN, date(2025, 3, 29), 23),
        (BERLIN, date(2025, 10, 25), 25),
    ],
)
def test_dst_days_are_23_or_25_hours(tz: ZoneInfo, day: date, hours: int) -> None:
    length = day_start(day + timedelta(days=1), tz, 4) - day_start(day, tz, 4)
    assert length == timedelta(hours=hours)


@given(
    st.sampled_from([NY, BERLIN, TOKYO, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("UTC")]),
    st.integers(0, 23),
    st.integers(0, 3 * 365 * 24 * 60),
)
def test_every_instant_lies_within_its_study_day(tz: ZoneInfo, hour: int, minutes: int) -> None:
    instant = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    start, end = day_bounds(instant, tz, hour)
    assert start <= instant < end
    assert study_day(start, tz, hour) == study_day(instant, tz, hour)
    assert study_day(end, tz, hour) == study_day(instant, tz, hour) + timedelta(days=1)


def test_day_boundaries_across_dst_at_rollover_hour_2() -> None:
    # 02:00 does not exist in New York on 9 March 2025; the day still starts once.
    start = day_start(date(2025, 3, 9), NY, 2)
    assert study_day(start, NY, 2) == date(2025, 3, 9)
    assert study_day(start - timedelta(seconds=1), NY, 2) == date(2025, 3, 8)


def test_fixed_clock_and_ms_round_trip() -> None:
    clock = FixedClock(datetime(2025, 1, 1, 12, tzinfo=TOKYO))
    assert clock.now().tzinfo is UTC
    clock.advance(timedelta(hours=-5))  # clocks may move backwards
    assert clock.now() == datetime(2025, 1, 1, 22, tzinfo=UTC) - timedelta(days=1)
    odd = datetime(2025, 1, 1, 0, 0, 0, 19999, tzinfo=UTC)
    assert to_ms(odd) == to_ms(datetime(2025, 1, 1, tzinfo=UTC)) + 19
    assert from_ms(to_ms(odd)) == truncate_ms(odd)
    with pytest.raises(ValueError):
        FixedClock(datetime(2025, 1, 1))


def test_unknown_zone() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        zone("Mars/Olympus")
    assert zone("") is not None


# The system zone (read through the C library) must agree with ZoneInfo for the same name.
SetTz = Callable[[str], None]
SYSTEM_CASES = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Lord_Howe",
                "America/Sao_Paulo", "UTC"]


@pytest.fixture
def system_tz() -> Iterator[SetTz]:
    """Set $TZ for the C library and put it back afterwards (tzset on both ends)."""
    import os
    import time

    if not hasattr(time, "tzset"):
        pytest.skip("no time.tzset on this platform")
    old = os.environ.get("TZ")

    def use(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield use
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # it sets TZ per example
@given(name=st.sampled_from(SYSTEM_CASES),
       seconds=st.integers(to_ms(datetime(2000, 1, 1, tzinfo=UTC)) // 1000,
                           to_ms(datetime(2037, 12, 31, tzinfo=UTC)) // 1000),
       hour=st.integers(0, 23))
def test_system_zone_agrees_with_zoneinfo(system_tz: SetTz, name: str, seconds: int, hour: int) -> None:
    system_tz(name)
    local, named = zone(""), ZoneInfo(name)
    instant = datetime.fromtimestamp(seconds, UTC)
    assert instant.astimezone(local).replace(tzinfo=None) == instant.astimezone(named).replace(tzinfo=None)
    assert instant.astimezone(local).fold == instant.astimezone(named).fold
    assert study_day(instant, local, hour) == study_day(instant, named, hour)
    assert day_bounds(instant, local, hour) == day_bounds(instant, named, hour)


@pytest.mark.parametrize("wall", [
    datetime(2025, 3, 9, 2, 30),  # New York: skipped hour
    datetime(2025, 11, 2, 1, 30),  # New York: repeated hour
    datetime(2025, 6, 1, 12, 0),
])
@pytest.mark.parametrize("fold", [0, 1])
def test_system_zone_reads_wall_times_like_zoneinfo(system_tz: SetTz, wall: datetime, fold: int) -> None:
    system_tz("America/New_York")
    local, named = zone(""), NY
    mine, theirs = wall.replace(tzinfo=local, fold=fold), wall.replace(tzinfo=named, fold=fold)
    assert mine.utcoffset() == theirs.utcoffset()
    assert mine.astimezone(UTC) == theirs.astimezone(UTC)
    if wall.hour != 2:  # in the skipped hour ZoneInfo names the zone inconsistently
        assert mine.tzname() == theirs.tzname()


def test_system_zone_follows_tz_changes(system_tz: SetTz) -> None:
    instant = datetime(2025, 1, 1, 20, 0, tzinfo=UTC)
    system_tz("Asia/Tokyo")
    assert study_day(instant, zone(""), 4) == date(2025, 1, 2)
    system_tz("America/New_York")
    assert study_day(instant, zone(""), 4) == date(2025, 1, 1)
