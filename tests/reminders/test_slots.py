"""Which slots a day has and when each is sent, in several zones and across DST changes.

`send_once` models the dispatcher and its claim table: it looks every minute and sends each
due slot whose key was not sent yet, so "sent once, at the right minute" is checked end to end
over whole days of pure computation.
"""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest

from reminders.slots import hydration_times, slots_on
from tests.reminders.schedules import (
    ADELAIDE,
    BERLIN,
    KATHMANDU,
    KOLKATA,
    LORD_HOWE,
    NEW_YORK,
    UTC,
    local,
    night_hydration,
    schedule,
    send_once,
)

T = dt.time
HOUR = dt.timedelta(hours=1)


def whole_local_day(zone: ZoneInfo, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From an hour before the local midnight starting `day` to an hour after its end, in UTC
    (every slot of the day and its grace)."""
    start = dt.datetime.combine(day, T(0), tzinfo=zone).astimezone(UTC) - HOUR
    return start, start + dt.timedelta(hours=27)


def sends_on(zone: ZoneInfo, day: dt.date, sched: object) -> dict[str, dt.datetime]:
    """Slot name -> send instant, for the slots of local date `day` only."""
    start, end = whole_local_day(zone, day)
    # Every slot here is on a 5-minute mark (so is every DST jump), so looking every 5 minutes
    # finds each slot's first due minute exactly.
    sent = send_once(sched, zone, start, end, every=dt.timedelta(minutes=5))  # type: ignore[arg-type]
    return {name: at for (_, date, name), at in sent.items() if date == day}


def test_default_hydration_times() -> None:
    assert hydration_times(schedule()) == [T(9), T(12), T(15), T(18), T(21)]


@pytest.mark.parametrize(
    ("start", "end", "every", "times"),
    [
        (T(8), T(20), 150, [T(8), T(10, 30), T(13), T(15, 30), T(18)]),
        (T(10), T(12), 60, [T(10), T(11), T(12)]),  # the end is included when it falls on a slot
        (T(10), T(10), 60, [T(10)]),
        (T(9), T(21), None, []),  # hydration off
    ],
)
def test_hydration_times(start: dt.time, end: dt.time, every: int | None, times: list[T]) -> None:
    sched = schedule(hydration_start=start, hydration_end=end, hydration_every_minutes=every)
    assert hydration_times(sched) == times


@pytest.mark.parametrize(
    ("zone", "utc_sends"),
    [
        # Default schedule on an ordinary day: stretch 08, hydration 09-21 every 3 h, check-in 20.
        (BERLIN, ["07:00", "08:00", "11:00", "14:00", "17:00", "19:00", "20:00"]),
        (NEW_YORK, ["13:00", "14:00", "17:00", "20:00", "23:00", "01:00", "02:00"]),
        (KOLKATA, ["02:30", "03:30", "06:30", "09:30", "12:30", "14:30", "15:30"]),
        (KATHMANDU, ["02:15", "03:15", "06:15", "09:15", "12:15", "14:15", "15:15"]),
        (ADELAIDE, ["21:30", "22:30", "01:30", "04:30", "07:30", "09:30", "10:30"]),  # +10:30
        (LORD_HOWE, ["21:00", "22:00", "01:00", "04:00", "07:00", "09:00", "10:00"]),  # +11
    ],
)
def test_every_default_slot_is_sent_once_at_its_local_time(
    zone: ZoneInfo, utc_sends: list[str]
) -> None:
    day = dt.date(2026, 11, 18)
    sent = sends_on(zone, day, schedule())
    order = ["s0800", "h0900", "h1200", "h1500", "h1800", "c2000", "h2100"]
    assert sorted(sent, key=lambda name: sent[name]) == order
    assert [f"{sent[name]:%H:%M}" for name in order] == utc_sends
    for name in order:  # each at the wall time its name says
        assert f"{sent[name].astimezone(zone):%H%M}" == name[1:]


@pytest.mark.parametrize(
    ("zone", "day"),
    [(BERLIN, dt.date(2026, 3, 29)), (NEW_YORK, dt.date(2026, 3, 8))],
)
def test_spring_forward_a_0230_slot_is_sent_once_at_0300(zone: ZoneInfo, day: dt.date) -> None:
    sent = sends_on(zone, day, night_hydration())
    assert list(sent) == ["h0030", "h0130", "h0230", "h0330", "h0430"]
    at_0230 = sent["h0230"].astimezone(zone)
    assert (at_0230.date(), at_0230.time()) == (day, T(3, 0))
    assert sent["h0330"] - sent["h0230"] == dt.timedelta(minutes=30)  # 03:00 -> 03:30
    assert sent["h0230"] - sent["h0130"] == dt.timedelta(minutes=30)  # 01:30 -> 03:00 (gap)


@pytest.mark.parametrize(
    ("zone", "day", "repeated"),
    [
        (BERLIN, dt.date(2026, 10, 25), "h0230"),  # 02:00-03:00 happens twice
        (NEW_YORK, dt.date(2026, 11, 1), "h0130"),  # 01:00-02:00 happens twice
    ],
)
def test_fall_back_a_repeated_slot_is_sent_once_at_its_first_occurrence(
    zone: ZoneInfo, day: dt.date, repeated: str
) -> None:
    sent = sends_on(zone, day, night_hydration())
    assert list(sent) == ["h0030", "h0130", "h0230", "h0330", "h0430"]
    first = dt.datetime.combine(day, T(int(repeated[1:3]), 30), tzinfo=zone)
    assert sent[repeated] == first.astimezone(UTC)
    second = first.replace(fold=1).astimezone(UTC)
    assert second - sent[repeated] == HOUR  # the second reading comes and goes unsent
    # The hour after the repeated one is two real hours later.
    after = sorted(sent.values())
    gaps = {b - a for a, b in itertools.pairwise(after)}
    assert gaps == {HOUR, 2 * HOUR}


@pytest.mark.parametrize(
    ("zone", "day", "changed"),
    [
        (ADELAIDE, dt.date(2026, 10, 4), "h0230"),  # +09:30 -> +10:30 at 02:00
        (ADELAIDE, dt.date(2026, 4, 5), "h0230"),  # +10:30 -> +09:30 at 03:00
        (LORD_HOWE, dt.date(2026, 10, 4), "h0215"),  # +10:30 -> +11:00 at 02:00
        (LORD_HOWE, dt.date(2026, 4, 5), "h0145"),  # +11:00 -> +10:30 at 02:00
    ],
)
def test_half_hour_zones_across_their_dst_change(
    zone: ZoneInfo, day: dt.date, changed: str
) -> None:
    sched = schedule(
        hydration_start=T(0, int(changed[3:])),
        hydration_end=T(4, 45),
        hydration_every_minutes=60,
        stretch_at=None,
        checkin_at=None,
        quiet_start=None,
        quiet_end=None,
    )
    sent = sends_on(zone, day, sched)
    assert changed in sent
    assert len(sent) == len(hydration_times(sched))  # every slot once, none twice
    wall = sent[changed].astimezone(zone)
    # Either the wall time itself (its first occurrence) or the end of the gap.
    assert wall.date() == day
    assert wall.time() >= T(int(changed[1:3]), int(changed[3:]))
    assert wall.time() <= T(int(changed[1:3]) + 1, 0)


def test_lord_howe_a_slot_in_its_half_hour_gap_goes_out_at_0230() -> None:
    sent = sends_on(LORD_HOWE, dt.date(2026, 10, 4), night_hydration())
    sched = schedule(
        hydration_start=T(2, 15),
        hydration_end=T(2, 15),
        hydration_every_minutes=60,
        stretch_at=None,
        checkin_at=None,
        quiet_start=None,
        quiet_end=None,
    )
    gap = sends_on(LORD_HOWE, dt.date(2026, 10, 4), sched)
    assert gap["h0215"] == local(LORD_HOWE, 2026, 10, 4, 2, 30).astimezone(UTC)
    assert sent["h0230"] == gap["h0215"]  # 02:15 (skipped) and 02:30 go out together
    assert f"{sent['h0130'].astimezone(LORD_HOWE):%H:%M%z}" == "01:30+1030"


def test_a_slot_inside_quiet_hours_is_dropped() -> None:
    sched = schedule(hydration_start=T(6), hydration_end=T(22), hydration_every_minutes=120)
    day = dt.date(2026, 11, 18)
    names = [slot.name for slot in slots_on(sched, BERLIN, day) if slot.kind == "hydration"]
    # 06:00 (quiet until 07:00) and 22:00 (quiet from 22:00) are dropped.
    assert names == ["h0800", "h1000", "h1200", "h1400", "h1600", "h1800", "h2000"]
    sent = sends_on(BERLIN, day, sched)
    assert "h0600" not in sent and "h2200" not in sent


def test_quiet_hours_within_the_day_drop_their_slots() -> None:
    sched = schedule(quiet_start=T(12), quiet_end=T(14, 30))  # a nap after lunch
    sent = sends_on(BERLIN, dt.date(2026, 11, 18), sched)
    assert "h1200" not in sent
    assert {"s0800", "h0900", "h1500", "h1800", "c2000", "h2100"} <= set(sent)


def test_quiet_hours_across_midnight_drop_late_and_early_slots() -> None:
    sched = schedule(
        hydration_start=T(0),
        hydration_end=T(23),
        hydration_every_minutes=60,
        stretch_at=T(6, 30),
        checkin_at=T(23, 30),
        quiet_start=T(23, 15),
        quiet_end=T(6, 45),
    )
    sent = sends_on(KOLKATA, dt.date(2026, 11, 18), sched)
    assert sorted(int(name[1:3]) for name in sent if name.startswith("h")) == list(range(7, 24))
    assert "s0630" not in sent and "c2330" not in sent
    for at in sent.values():
        wall = at.astimezone(KOLKATA).time()
        assert T(6, 45) <= wall < T(23, 15)


def test_slot_keys_are_local_dates_and_wall_times_whatever_the_zone() -> None:
    # Same local date and wall time in two zones: the same key, so a person who moves does not
    # get the same slot twice on one local day.
    day = dt.date(2026, 11, 18)
    berlin = {(s.kind, s.local_date, s.name) for s in slots_on(schedule(), BERLIN, day)}
    kolkata = {(s.kind, s.local_date, s.name) for s in slots_on(schedule(), KOLKATA, day)}
    assert berlin == kolkata
