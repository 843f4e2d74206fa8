"""Test data for the pure scheduling functions: schedules, zones and a send-once ledger."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from reminders.slots import Slot, due_now
from storage.records import Schedule

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")  # +05:30, no DST
KATHMANDU = ZoneInfo("Asia/Kathmandu")  # +05:45, no DST
ADELAIDE = ZoneInfo("Australia/Adelaide")  # +09:30, +10:30 in the southern summer
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # +10:30, +11:00: a 30-minute DST shift
LONDON = ZoneInfo("Europe/London")

NO_QUIET: dict[str, dt.time | None] = {"quiet_start": None, "quiet_end": None}


def schedule(**changes: object) -> Schedule:
    """The product's default schedule (hydration 09-21 every 3 h, stretch 08, check-in 20,
    quiet 22-07), with `changes`."""
    values: dict[str, object] = {
        "person_id": 1,
        "hydration_start": dt.time(9),
        "hydration_end": dt.time(21),
        "hydration_every_minutes": 180,
        "stretch_at": dt.time(8),
        "checkin_at": dt.time(20),
        "quiet_start": dt.time(22),
        "quiet_end": dt.time(7),
        "next_due_at": None,
        "version": 1,
    }
    values.update(changes)
    return Schedule(**values)  # type: ignore[arg-type]


def night_hydration(every_minutes: int = 60) -> Schedule:
    """Hydration through the night (00:30-04:30), no quiet hours: the slots DST moves."""
    return schedule(
        hydration_start=dt.time(0, 30),
        hydration_end=dt.time(4, 30),
        hydration_every_minutes=every_minutes,
        stretch_at=None,
        checkin_at=None,
        **NO_QUIET,
    )


def local(zone: ZoneInfo, *args: int, fold: int = 0) -> dt.datetime:
    """An aware local time in `zone` (fold=1: the second of a repeated wall time)."""
    return dt.datetime(*args, tzinfo=zone, fold=fold)  # type: ignore[arg-type,misc]


SlotKey = tuple[str, dt.date, str]


def send_once(
    sched: Schedule,
    zone: ZoneInfo,
    start: dt.datetime,
    end: dt.datetime,
    every: dt.timedelta = dt.timedelta(minutes=1),
    extra: tuple[Slot, ...] = (),
) -> dict[SlotKey, dt.datetime]:
    """A model of the dispatcher and its claim table: look every `every` from `start` to
    `end` (UTC), send each due slot whose key was not sent yet. Returns key -> send instant."""
    sent: dict[SlotKey, dt.datetime] = {}
    moment = start.astimezone(UTC)
    while moment < end:
        for slot in due_now(sched, zone, moment, extra):
            sent.setdefault((slot.kind, slot.local_date, slot.name), moment)
        moment += every
    return sent
