"""Which prompts are due for one person, and when to look at them next (pure functions).

Every slot has a local date and a name, which together with the person and kind form the
delivery's unique key: a slot is sent at most once, however often it is computed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal
from zoneinfo import ZoneInfo

from reminders.clock_times import in_window, resolve_local
from storage.records import DEFAULT_CHECKIN_AT, Schedule

SlotKind = Literal["hydration", "stretch", "checkin", "weekly"]

# Catch-up grace: how long after its time a missed prompt may still be sent.
HYDRATION_GRACE = dt.timedelta(hours=1)
STRETCH_GRACE = dt.timedelta(hours=2)
CHECKIN_UNTIL = dt.time(23, 0)  # a missed check-in is caught up until 23:00 local
CHECKIN_MIN_GRACE = dt.timedelta(hours=1)
SNOOZE = dt.timedelta(hours=1)
LOOKAHEAD_DAYS = 2
WEEKLY_SLOT = "weekly"  # the weekly summary's slot name: one a local date, whatever the time


@dataclass(frozen=True, slots=True)
class Slot:
    """One prompt: due from `at` until `until` (UTC), keyed by local date and name.

    `at` is the person's own time; a big slot is sent from `send_at`, the person's place in its
    spreading window (reminders/spread.py), never before `at`.
    """

    kind: SlotKind
    local_date: dt.date
    name: str
    at: dt.datetime
    until: dt.datetime
    wall: dt.time | None = None  # the local time the person set
    send_at: dt.datetime | None = None

    @property
    def due_at(self) -> dt.datetime:
        """When it is sent: its place in a spread slot, or its own time."""
        return self.send_at or self.at


# How long after its time a person's prompt of a slot is sent (spreading), by slot.
Spread = Callable[[Slot], dt.timedelta]


def hydration_times(schedule: Schedule) -> list[dt.time]:
    """The day's hydration wall-clock times, from start to end inclusive."""
    every = schedule.hydration_every_minutes
    if not every:
        return []
    start = schedule.hydration_start.hour * 60 + schedule.hydration_start.minute
    end = schedule.hydration_end.hour * 60 + schedule.hydration_end.minute
    return [dt.time(m // 60, m % 60) for m in range(start, end + 1, every)]


def slots_on(schedule: Schedule, zone: ZoneInfo, local_date: dt.date) -> list[Slot]:
    """Every slot of one local date, with its due window; slots in quiet hours are dropped."""
    found: list[Slot] = []
    for wall in hydration_times(schedule):
        found.append(_slot("hydration", "h", wall, local_date, zone, HYDRATION_GRACE))
    if schedule.stretch_at is not None:
        found.append(_slot("stretch", "s", schedule.stretch_at, local_date, zone, STRETCH_GRACE))
    if schedule.weekly_day is not None and local_date.isoweekday() == schedule.weekly_day:
        # Before the evening check-in, so the question with buttons comes last.
        found.append(_weekly(schedule.checkin_at or DEFAULT_CHECKIN_AT, local_date, zone))
    if schedule.checkin_at is not None:
        found.append(
            _evening(
                "checkin", f"c{schedule.checkin_at:%H%M}", schedule.checkin_at, local_date, zone
            )
        )
    return [s for s in found if not _quiet(schedule, s.at, zone)]


def snooze_slot(pressed_at: dt.datetime, zone: ZoneInfo) -> Slot:
    """The stretch prompt again an hour after "Later" (once a day)."""
    local_date = pressed_at.astimezone(zone).date()
    at = pressed_at + SNOOZE
    return Slot("stretch", local_date, "s-later", at, at + STRETCH_GRACE)


def due_now(
    schedule: Schedule,
    zone: ZoneInfo,
    now: dt.datetime,
    extra: Sequence[Slot] = (),
    spread: Spread | None = None,
) -> list[Slot]:
    """Slots whose window holds `now` (catch-up included), never while quiet hours hold; a
    spread slot from the person's place in it (`spread`)."""
    if _quiet(schedule, now, zone):
        return []
    return [s for s in _nearby(schedule, zone, now, extra, spread) if s.due_at <= now < s.until]


def next_look(
    schedule: Schedule,
    zone: ZoneInfo,
    now: dt.datetime,
    extra: Sequence[Slot] = (),
    spread: Spread | None = None,
) -> dt.datetime | None:
    """The earliest instant after `now` at which a slot becomes due; None if none ever will."""
    slots = _nearby(schedule, zone, now, extra, spread)
    return min((s.due_at for s in slots if s.due_at > now and s.due_at < s.until), default=None)


def _nearby(
    schedule: Schedule,
    zone: ZoneInfo,
    now: dt.datetime,
    extra: Iterable[Slot],
    spread: Spread | None = None,
) -> list[Slot]:
    today = now.astimezone(zone).date()
    days = [today + dt.timedelta(days=d) for d in range(-1, LOOKAHEAD_DAYS)]
    slots = [slot for day in days for slot in slots_on(schedule, zone, day)]
    slots += _weekly_beyond(schedule, zone, today)
    if spread is not None:
        slots = [replace(s, send_at=s.at + spread(s)) for s in slots]
    slots += [s for s in extra if not _quiet(schedule, s.at, zone)]
    return slots


def _weekly_beyond(schedule: Schedule, zone: ZoneInfo, today: dt.date) -> list[Slot]:
    """The next weekly summary when it is further ahead than the days looked at, so a person
    with every daily prompt off is still looked at on their weekly day."""
    if schedule.weekly_day is None:
        return []
    ahead = (schedule.weekly_day - today.isoweekday()) % 7
    if ahead < LOOKAHEAD_DAYS:
        return []  # among the days looked at already
    slot = _weekly(
        schedule.checkin_at or DEFAULT_CHECKIN_AT, today + dt.timedelta(days=ahead), zone
    )
    return [] if _quiet(schedule, slot.at, zone) else [slot]


def _slot(
    kind: SlotKind,
    prefix: str,
    wall: dt.time,
    local_date: dt.date,
    zone: ZoneInfo,
    grace: dt.timedelta,
) -> Slot:
    at = resolve_local(local_date, wall, zone)
    return Slot(kind, local_date, f"{prefix}{wall:%H%M}", at, at + grace, wall=wall)


def _evening(kind: SlotKind, name: str, wall: dt.time, local_date: dt.date, zone: ZoneInfo) -> Slot:
    """A slot at the check-in time, caught up until 23:00 local (at least an hour)."""
    at = resolve_local(local_date, wall, zone)
    until = max(resolve_local(local_date, CHECKIN_UNTIL, zone), at + CHECKIN_MIN_GRACE)
    return Slot(kind, local_date, name, at, until, wall=wall)


def _weekly(wall: dt.time, local_date: dt.date, zone: ZoneInfo) -> Slot:
    """The weekly summary: named by its date alone, so a check-in time changed after it was
    sent does not make a second one that day."""
    return _evening("weekly", WEEKLY_SLOT, wall, local_date, zone)


def _quiet(schedule: Schedule, instant: dt.datetime, zone: ZoneInfo) -> bool:
    wall = instant.astimezone(zone).time()
    return in_window(wall, schedule.quiet_start, schedule.quiet_end)
