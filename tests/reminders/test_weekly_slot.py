"""The weekly summary's slot: on the person's day, at their check-in time, once a week."""

from __future__ import annotations

import datetime as dt

from reminders.slots import due_now, next_look, slots_on
from storage.records import DEFAULT_WEEKLY_DAY
from tests.reminders.schedules import BERLIN, NEW_YORK, NO_QUIET, UTC, local, schedule, send_once

MONDAY = dt.date(2026, 11, 23)
OFF: dict[str, object] = {"hydration_every_minutes": None, "stretch_at": None, "checkin_at": None}


def kinds(day: dt.date, **changes: object) -> list[tuple[str, str]]:
    return [(s.kind, s.name) for s in slots_on(schedule(**changes), BERLIN, day)]


def test_the_default_day_is_monday() -> None:
    assert DEFAULT_WEEKLY_DAY == MONDAY.isoweekday() == 1


def test_on_its_day_it_comes_at_the_check_in_time_just_before_the_check_in() -> None:
    found = kinds(MONDAY, weekly_day=1, checkin_at=dt.time(19, 30))
    assert found[-2:] == [("weekly", "weekly"), ("checkin", "c1930")]
    (weekly,) = [s for s in slots_on(schedule(weekly_day=1), BERLIN, MONDAY) if s.kind == "weekly"]
    assert weekly.at == local(BERLIN, 2026, 11, 23, 20, 0).astimezone(UTC)
    assert weekly.until == local(BERLIN, 2026, 11, 23, 23, 0).astimezone(UTC)


def test_not_on_other_days_and_not_when_turned_off() -> None:
    for offset in range(1, 7):
        assert "weekly" not in [
            k for k, _ in kinds(MONDAY + dt.timedelta(days=offset), weekly_day=1)
        ]
    assert "weekly" not in [k for k, _ in kinds(MONDAY, weekly_day=None)]
    sunday = MONDAY + dt.timedelta(days=6)
    assert ("weekly", "weekly") in kinds(sunday, weekly_day=7)


def test_with_the_check_in_turned_off_it_still_comes_at_the_default_check_in_time() -> None:
    assert kinds(MONDAY, weekly_day=1, checkin_at=None)[-1] == ("weekly", "weekly")


def test_sent_once_a_week_in_the_persons_own_zone() -> None:
    start = dt.datetime(2026, 11, 16, tzinfo=UTC)
    sent = send_once(schedule(weekly_day=1), NEW_YORK, start, start + dt.timedelta(days=16))
    weekly = {key: at for key, at in sent.items() if key[0] == "weekly"}
    assert weekly == {
        ("weekly", dt.date(2026, 11, 16), "weekly"): local(NEW_YORK, 2026, 11, 16, 20).astimezone(
            UTC
        ),
        ("weekly", dt.date(2026, 11, 23), "weekly"): local(NEW_YORK, 2026, 11, 23, 20).astimezone(
            UTC
        ),
        ("weekly", dt.date(2026, 11, 30), "weekly"): local(NEW_YORK, 2026, 11, 30, 20).astimezone(
            UTC
        ),
    }


def test_a_missed_summary_is_caught_up_until_23_00_but_not_later() -> None:
    sched = schedule(weekly_day=1, **NO_QUIET)
    late = local(BERLIN, 2026, 11, 23, 21, 30)
    assert "weekly" in [s.kind for s in due_now(sched, BERLIN, late)]
    too_late = local(BERLIN, 2026, 11, 23, 23, 5)
    assert "weekly" not in [s.kind for s in due_now(sched, BERLIN, too_late)]


def test_with_every_daily_prompt_off_the_next_look_is_the_weekly_day() -> None:
    quiet_week = schedule(weekly_day=1, **OFF)
    wednesday = local(BERLIN, 2026, 11, 18, 10, 0)
    assert next_look(quiet_week, BERLIN, wednesday) == local(BERLIN, 2026, 11, 23, 20).astimezone(
        UTC
    )
    assert next_look(schedule(**{**OFF, "weekly_day": None}), BERLIN, wednesday) is None
    sent = send_once(
        quiet_week, BERLIN, wednesday.astimezone(UTC), wednesday + dt.timedelta(days=8)
    )
    assert list(sent) == [("weekly", MONDAY, "weekly")]
