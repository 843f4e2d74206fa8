"""When a slot may be sent: catch-up grace, quiet hours, the next look, pauses, snoozes and
time-zone changes (pure functions, no database)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from reminders.slots import Slot, due_now, next_look, snooze_slot
from tests.reminders.schedules import (
    BERLIN,
    KATHMANDU,
    KOLKATA,
    LONDON,
    NEW_YORK,
    NO_QUIET,
    UTC,
    local,
    schedule,
    send_once,
)

T = dt.time
DAY = (2026, 11, 18)  # an ordinary Wednesday, far from any DST change


def due_names(
    sched: object, zone: ZoneInfo, at: dt.datetime, extra: tuple[Slot, ...] = ()
) -> list[str]:
    """The names of the slots due at `at`, sorted."""
    return sorted(slot.name for slot in due_now(sched, zone, at, extra))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("hour", "minute", "second", "due"),
    [
        (11, 59, 59, []),  # never before its minute
        (12, 0, 0, ["h1200"]),
        (12, 30, 0, ["h1200"]),
        (12, 59, 0, ["h1200"]),  # caught up 0:59 after
        (12, 59, 59, ["h1200"]),
        (13, 0, 0, []),  # the hour of grace is over
        (13, 1, 0, []),  # 1:01 after: too late
    ],
)
def test_hydration_grace_is_one_hour(hour: int, minute: int, second: int, due: list[str]) -> None:
    at = local(BERLIN, *DAY, hour, minute, second)
    assert due_names(schedule(), BERLIN, at) == due


@pytest.mark.parametrize(
    ("hour", "minute", "due"),
    [(7, 59, []), (8, 0, ["s0800"]), (9, 59, ["h0900", "s0800"]), (10, 0, []), (10, 1, [])],
)
def test_stretch_grace_is_two_hours(hour: int, minute: int, due: list[str]) -> None:
    at = local(BERLIN, *DAY, hour, minute)
    assert due_names(schedule(), BERLIN, at) == due


@pytest.mark.parametrize(
    ("hour", "minute", "due"),
    [
        (19, 59, []),
        (20, 0, ["c2000"]),
        (21, 0, ["c2000", "h2100"]),
        (22, 30, ["c2000"]),  # no quiet hours here: caught up late in the evening
        (22, 59, ["c2000"]),
        (23, 0, []),  # until 23:00 local, not after
    ],
)
def test_a_missed_checkin_is_caught_up_until_2300(hour: int, minute: int, due: list[str]) -> None:
    at = local(NEW_YORK, *DAY, hour, minute)
    assert due_names(schedule(**NO_QUIET), NEW_YORK, at) == due


def test_a_late_checkin_still_gets_an_hour_of_grace() -> None:
    sched = schedule(checkin_at=T(22, 30), **NO_QUIET)
    assert due_names(sched, BERLIN, local(BERLIN, *DAY, 23, 15)) == ["c2230"]
    assert due_names(sched, BERLIN, local(BERLIN, *DAY, 23, 30)) == []


@pytest.mark.parametrize(
    ("hour", "minute"),
    [(22, 0), (22, 30), (22, 59), (23, 30), (3, 0), (6, 59)],
)
def test_nothing_is_due_in_quiet_hours_not_even_a_catch_up(hour: int, minute: int) -> None:
    # A check-in at 21:30 may be caught up until 23:00, but quiet hours start at 22:00.
    sched = schedule(checkin_at=T(21, 30))
    assert due_names(sched, BERLIN, local(BERLIN, *DAY, 21, 59)) == ["c2130", "h2100"]
    assert due_names(sched, BERLIN, local(BERLIN, *DAY, hour, minute)) == []


def test_a_day_of_catch_up_never_sends_in_quiet_hours() -> None:
    # Looking every 10 minutes for two days: whatever is sent, none of it in quiet hours.
    sched = schedule(hydration_start=T(6), hydration_end=T(23), hydration_every_minutes=60)
    start = local(KATHMANDU, *DAY, 0, 0)
    end = start + dt.timedelta(days=2)
    sent = send_once(sched, KATHMANDU, start, end, dt.timedelta(minutes=10))
    assert sent
    for at in sent.values():
        assert T(7) <= at.astimezone(KATHMANDU).time() < T(22)


def test_the_next_look_is_the_next_slot() -> None:
    sched = schedule()
    assert next_look(sched, BERLIN, local(BERLIN, *DAY, 10, 30)) == local(BERLIN, *DAY, 12, 0)
    assert next_look(sched, BERLIN, local(BERLIN, *DAY, 12, 0)) == local(BERLIN, *DAY, 15, 0)
    # After the last slot of the day: tomorrow's stretch at 08:00.
    tomorrow = local(BERLIN, 2026, 11, 19, 8, 0)
    assert next_look(sched, BERLIN, local(BERLIN, *DAY, 21, 30)) == tomorrow


def test_the_next_look_across_spring_forward_is_an_hour_sooner_in_utc() -> None:
    # Saturday 21:30 CET -> Sunday 08:00 CEST is 9.5 hours, not 10.5.
    before = local(BERLIN, 2026, 3, 28, 21, 30)
    after = next_look(schedule(), BERLIN, before)
    assert after == local(BERLIN, 2026, 3, 29, 8, 0)
    assert after - before == dt.timedelta(hours=9, minutes=30)


def test_the_next_look_never_lands_in_quiet_hours() -> None:
    sched = schedule(hydration_start=T(6), hydration_end=T(23), hydration_every_minutes=60)
    at = local(BERLIN, *DAY, 21, 10)
    assert next_look(sched, BERLIN, at) == local(BERLIN, 2026, 11, 19, 7, 0)


def test_with_every_prompt_off_there_is_no_next_look() -> None:
    sched = schedule(hydration_every_minutes=None, stretch_at=None, checkin_at=None)
    assert next_look(sched, BERLIN, local(BERLIN, *DAY, 10, 0)) is None
    assert due_now(sched, BERLIN, local(BERLIN, *DAY, 10, 0)) == []


@pytest.mark.parametrize(
    ("pause_end", "due", "then"),
    [
        # The pause ended after the 12:00 slot's grace: nothing old comes back; 15:00 is next.
        ((13, 30), [], (15, 0)),
        # Ended within it: the 12:00 prompt is caught up at once, like after downtime.
        ((12, 40), ["h1200"], (15, 0)),
        # Ended exactly at a slot: that slot is due now.
        ((15, 0), ["h1500"], (18, 0)),
    ],
)
def test_the_look_when_a_pause_ends(
    pause_end: tuple[int, int], due: list[str], then: tuple[int, int]
) -> None:
    # storage sets next_due_at to the pause's end; the dispatcher looks then.
    ended = local(BERLIN, *DAY, *pause_end)
    assert due_names(schedule(), BERLIN, ended) == due
    assert next_look(schedule(), BERLIN, ended) == local(BERLIN, *DAY, *then)


def test_a_time_zone_change_same_instant_different_local_slots() -> None:
    instant = dt.datetime(2026, 11, 18, 11, 0, tzinfo=UTC)
    sched = schedule()
    assert due_names(sched, BERLIN, instant) == ["h1200"]  # 12:00 in Berlin
    assert due_names(sched, LONDON, instant) == []  # 11:00 in London
    assert due_names(sched, NEW_YORK, instant) == []  # 06:00: quiet hours
    assert due_names(sched, KOLKATA, instant) == []  # 16:30: 15:00's grace is over
    assert next_look(sched, LONDON, instant) == local(LONDON, *DAY, 12, 0)
    assert next_look(sched, NEW_YORK, instant) == local(NEW_YORK, *DAY, 8, 0)
    assert next_look(sched, KOLKATA, instant) == local(KOLKATA, *DAY, 18, 0)
    assert next_look(sched, KATHMANDU, instant) == local(KATHMANDU, *DAY, 18, 0)


def test_moving_west_does_not_repeat_a_slot_already_sent_that_local_day() -> None:
    # Sent 12:00 in Berlin (11:00 UTC); the person moves to London and it is 12:00 there an hour
    # later. The slot key is the same local date and name, so the claim table holds it back.
    instant = local(BERLIN, *DAY, 12, 0)
    berlin = due_now(schedule(), BERLIN, instant)
    london = due_now(schedule(), LONDON, instant + dt.timedelta(hours=1))
    assert [(s.local_date, s.name) for s in berlin] == [(s.local_date, s.name) for s in london]
    assert london[0].at - berlin[0].at == dt.timedelta(hours=1)


def test_a_snoozed_stretch_is_due_an_hour_after_later_was_pressed() -> None:
    pressed = local(BERLIN, *DAY, 8, 5)
    snooze = snooze_slot(pressed, BERLIN)
    assert (snooze.kind, snooze.name, snooze.local_date) == ("stretch", "s-later", dt.date(*DAY))
    assert snooze.at == local(BERLIN, *DAY, 9, 5)
    sched = schedule()
    assert next_look(sched, BERLIN, local(BERLIN, *DAY, 9, 0), (snooze,)) == snooze.at
    assert due_names(sched, BERLIN, local(BERLIN, *DAY, 9, 4), (snooze,)) == ["h0900", "s0800"]
    assert "s-later" in due_names(sched, BERLIN, local(BERLIN, *DAY, 9, 5), (snooze,))
    assert "s-later" not in due_names(sched, BERLIN, local(BERLIN, *DAY, 11, 5), (snooze,))


def test_a_snooze_that_would_end_in_quiet_hours_is_dropped() -> None:
    snooze = snooze_slot(local(BERLIN, *DAY, 21, 30), BERLIN)  # due 22:30: quiet
    sched = schedule()
    assert next_look(sched, BERLIN, local(BERLIN, *DAY, 21, 31), (snooze,)) == local(
        BERLIN, 2026, 11, 19, 8, 0
    )
    assert due_names(sched, BERLIN, local(BERLIN, *DAY, 22, 30), (snooze,)) == []
