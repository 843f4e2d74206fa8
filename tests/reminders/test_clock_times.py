"""Local wall-clock times to UTC instants, across DST gaps and repeats, and time windows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from reminders.clock_times import in_window, resolve_local
from tests.reminders.schedules import (
    ADELAIDE,
    BERLIN,
    KATHMANDU,
    KOLKATA,
    LORD_HOWE,
    NEW_YORK,
    UTC,
)

T = dt.time


@pytest.mark.parametrize(
    ("zone", "day", "wall", "utc"),
    [
        # Ordinary days, whole, half- and three-quarter-hour offsets.
        (BERLIN, dt.date(2026, 11, 18), T(9), dt.datetime(2026, 11, 18, 8, 0)),
        (BERLIN, dt.date(2026, 7, 1), T(9), dt.datetime(2026, 7, 1, 7, 0)),
        (NEW_YORK, dt.date(2026, 1, 15), T(20), dt.datetime(2026, 1, 16, 1, 0)),
        (NEW_YORK, dt.date(2026, 7, 15), T(20), dt.datetime(2026, 7, 16, 0, 0)),
        (KOLKATA, dt.date(2026, 3, 29), T(9), dt.datetime(2026, 3, 29, 3, 30)),
        (KATHMANDU, dt.date(2026, 3, 29), T(9), dt.datetime(2026, 3, 29, 3, 15)),
        (KATHMANDU, dt.date(2026, 1, 1), T(0, 10), dt.datetime(2025, 12, 31, 18, 25)),
        (ADELAIDE, dt.date(2026, 7, 1), T(9), dt.datetime(2026, 6, 30, 23, 30)),  # +09:30
        (ADELAIDE, dt.date(2026, 1, 15), T(9), dt.datetime(2026, 1, 14, 22, 30)),  # +10:30
        (LORD_HOWE, dt.date(2026, 7, 1), T(9), dt.datetime(2026, 6, 30, 22, 30)),  # +10:30
        (LORD_HOWE, dt.date(2026, 1, 15), T(9), dt.datetime(2026, 1, 14, 22, 0)),  # +11:00
    ],
)
def test_a_wall_time_that_exists_once(
    zone: ZoneInfo, day: dt.date, wall: dt.time, utc: dt.datetime
) -> None:
    instant = resolve_local(day, wall, zone)
    assert instant == utc.replace(tzinfo=UTC)
    assert instant.tzinfo is UTC
    back = instant.astimezone(zone)
    assert (back.date(), back.time()) == (day, wall)


@pytest.mark.parametrize(
    ("zone", "day", "wall", "first_valid_local", "utc"),
    [
        # Spring forward: the clocks jump over the hour; a slot inside it goes out at the first
        # instant after the jump (03:00 local), not an hour late and not skipped.
        (BERLIN, dt.date(2026, 3, 29), T(2, 30), T(3, 0), dt.datetime(2026, 3, 29, 1, 0)),
        (BERLIN, dt.date(2026, 3, 29), T(2, 0), T(3, 0), dt.datetime(2026, 3, 29, 1, 0)),
        (BERLIN, dt.date(2026, 3, 29), T(2, 59), T(3, 0), dt.datetime(2026, 3, 29, 1, 0)),
        (NEW_YORK, dt.date(2026, 3, 8), T(2, 30), T(3, 0), dt.datetime(2026, 3, 8, 7, 0)),
        (ADELAIDE, dt.date(2026, 10, 4), T(2, 30), T(3, 0), dt.datetime(2026, 10, 3, 16, 30)),
        # Lord Howe moves its clocks by half an hour: 02:00 -> 02:30.
        (LORD_HOWE, dt.date(2026, 10, 4), T(2, 15), T(2, 30), dt.datetime(2026, 10, 3, 15, 30)),
    ],
)
def test_a_wall_time_skipped_by_spring_forward_resolves_to_the_first_valid_instant(
    zone: ZoneInfo, day: dt.date, wall: dt.time, first_valid_local: dt.time, utc: dt.datetime
) -> None:
    instant = resolve_local(day, wall, zone)
    assert instant == utc.replace(tzinfo=UTC)
    back = instant.astimezone(zone)
    assert (back.date(), back.time()) == (day, first_valid_local)
    # Nothing earlier reads as `wall` or later on that day: it is the first valid instant.
    before = (instant - dt.timedelta(seconds=1)).astimezone(zone)
    assert before.time() < wall


@pytest.mark.parametrize(
    ("zone", "day", "wall", "utc"),
    [
        # Fall back: the hour is repeated; the slot is the first of the two.
        (BERLIN, dt.date(2026, 10, 25), T(2, 30), dt.datetime(2026, 10, 25, 0, 30)),
        (BERLIN, dt.date(2026, 10, 25), T(2, 0), dt.datetime(2026, 10, 25, 0, 0)),
        (NEW_YORK, dt.date(2026, 11, 1), T(1, 30), dt.datetime(2026, 11, 1, 5, 30)),
        (ADELAIDE, dt.date(2026, 4, 5), T(2, 30), dt.datetime(2026, 4, 4, 16, 0)),
        (LORD_HOWE, dt.date(2026, 4, 5), T(1, 45), dt.datetime(2026, 4, 4, 14, 45)),
    ],
)
def test_a_repeated_wall_time_resolves_to_its_first_occurrence(
    zone: ZoneInfo, day: dt.date, wall: dt.time, utc: dt.datetime
) -> None:
    instant = resolve_local(day, wall, zone)
    assert instant == utc.replace(tzinfo=UTC)
    second = dt.datetime.combine(day, wall, tzinfo=zone).replace(fold=1).astimezone(UTC)
    assert second > instant  # the wall time really happens twice, and we took the first
    assert instant.astimezone(zone).time() == wall


def test_the_wall_times_just_around_a_gap_are_untouched() -> None:
    assert resolve_local(dt.date(2026, 3, 29), T(1, 59), BERLIN) == dt.datetime(
        2026, 3, 29, 0, 59, tzinfo=UTC
    )
    assert resolve_local(dt.date(2026, 3, 29), T(3, 0), BERLIN) == dt.datetime(
        2026, 3, 29, 1, 0, tzinfo=UTC
    )
    assert resolve_local(dt.date(2026, 3, 29), T(3, 1), BERLIN) == dt.datetime(
        2026, 3, 29, 1, 1, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("wall", "start", "end", "inside"),
    [
        # Quiet hours across midnight, 22:00-07:00.
        (T(22, 0), T(22), T(7), True),
        (T(23, 59), T(22), T(7), True),
        (T(0, 0), T(22), T(7), True),
        (T(6, 59), T(22), T(7), True),
        (T(7, 0), T(22), T(7), False),
        (T(21, 59), T(22), T(7), False),
        (T(12, 0), T(22), T(7), False),
        # A window within one day (an afternoon nap).
        (T(13, 0), T(13), T(15), True),
        (T(14, 59), T(13), T(15), True),
        (T(15, 0), T(13), T(15), False),
        (T(12, 59), T(13), T(15), False),
        # No quiet hours: none set, or an empty window.
        (T(3, 0), None, None, False),
        (T(3, 0), T(8), T(8), False),
    ],
)
def test_in_window(wall: dt.time, start: dt.time | None, end: dt.time | None, inside: bool) -> None:
    assert in_window(wall, start, end) is inside
