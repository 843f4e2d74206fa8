"""Schedules: each person's local wall-clock times and the due-prompt index the scheduler reads.

The due-prompt contract (also in docs/storage.md):

- `schedules.next_due_at` is the earliest UTC instant at which the scheduler must look at the
  person again; NULL means never (no time zone yet, blocked, paused until /resume, or every
  prompt turned off).
- Every change that can move a prompt (schedule, time zone, pause, resume, block, unblock) sets
  it to `DUE_NOW` (or to the pause's end, or NULL) and bumps `version`, so the person is looked
  at again at once with the new settings.
- `due_prompts(now, limit)` returns active, unpaused people with `next_due_at <= now`, oldest
  first. The scheduler computes their local slots in Python, claims and sends what is due,
  then calls `set_next_due(person_id, next_instant, expected_version=candidate.version)`. When
  the version moved meanwhile, that write is refused and the person stays due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from sqlalchemy import case, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PersonRow, ScheduleRow
from storage.records import (
    DEFAULT_CHECKIN_AT,
    DEFAULT_HYDRATION_END,
    DEFAULT_HYDRATION_EVERY_MINUTES,
    DEFAULT_HYDRATION_START,
    DEFAULT_QUIET_END,
    DEFAULT_QUIET_START,
    DEFAULT_STRETCH_AT,
    DEFAULT_WEEKLY_DAY,
    DUE_NOW,
    DueCandidate,
    Schedule,
    SchedulePattern,
)
from storage.repositories._sql import Repository, affected_rows
from storage.types import UTCDateTime


def default_schedule_row(person_id: int, *, due: dt.datetime | None) -> ScheduleRow:
    """The product's default schedule (hydration 09-21 every 3 h, stretch 08, check-in 20)."""
    return ScheduleRow(
        person_id=person_id,
        hydration_start=DEFAULT_HYDRATION_START,
        hydration_end=DEFAULT_HYDRATION_END,
        hydration_every_minutes=DEFAULT_HYDRATION_EVERY_MINUTES,
        stretch_at=DEFAULT_STRETCH_AT,
        checkin_at=DEFAULT_CHECKIN_AT,
        quiet_start=DEFAULT_QUIET_START,
        quiet_end=DEFAULT_QUIET_END,
        next_due_at=due,
        version=1,
        weekly_day=DEFAULT_WEEKLY_DAY,
    )


def to_schedule(row: ScheduleRow) -> Schedule:
    """Detach a row into a frozen record."""
    return Schedule(
        person_id=row.person_id,
        hydration_start=row.hydration_start,
        hydration_end=row.hydration_end,
        hydration_every_minutes=row.hydration_every_minutes,
        stretch_at=row.stretch_at,
        checkin_at=row.checkin_at,
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        next_due_at=row.next_due_at,
        version=row.version,
        weekly_day=row.weekly_day,
    )


# Schedule's fields in order, each a column of `schedules`.
_SCHEDULE_FIELDS = tuple(field.name for field in fields(Schedule))


def due_after_change(person: PersonRow) -> dt.datetime | None:
    """Where `next_due_at` goes after any change: now, the pause's end, or nowhere."""
    if not person.active or person.timezone is None:
        return None
    if person.paused:
        return person.paused_until
    return DUE_NOW


async def reschedule(session: AsyncSession, person_id: int) -> None:
    """Invalidate a person's due time after a change (bumps `version`)."""
    person = await session.get(PersonRow, person_id, populate_existing=True)
    if person is None:
        raise LookupError(f"no person {person_id}")
    await session.execute(
        update(ScheduleRow)
        .where(ScheduleRow.person_id == person_id)
        .values(next_due_at=due_after_change(person), version=ScheduleRow.version + 1)
        .execution_options(synchronize_session=False)
    )


class ScheduleRepository(Repository):
    """Reads and changes schedules; answers which people are due."""

    async def get(self, person_id: int) -> Schedule | None:
        """A person's schedule, or None."""
        row = await self._session.get(ScheduleRow, person_id, populate_existing=True)
        return None if row is None else to_schedule(row)

    async def set_hydration(
        self, person_id: int, start: dt.time, end: dt.time, every_minutes: int | None
    ) -> None:
        """Hydration window and interval in local time; `every_minutes` None turns them off."""
        if every_minutes is not None and every_minutes <= 0:
            raise ValueError(f"every_minutes must be positive, not {every_minutes}")
        await self._change(
            person_id,
            hydration_start=start,
            hydration_end=end,
            hydration_every_minutes=every_minutes,
        )

    async def set_stretch(self, person_id: int, at: dt.time | None) -> None:
        """The daily stretch prompt's local time; None turns it off."""
        await self._change(person_id, stretch_at=at)

    async def set_checkin(self, person_id: int, at: dt.time | None) -> None:
        """The daily check-in's local time; None turns it off."""
        await self._change(person_id, checkin_at=at)

    async def set_weekly(self, person_id: int, day: int | None) -> None:
        """The weekly summary's day (ISO: 1 Monday ... 7 Sunday); None turns it off."""
        if day is not None and not 1 <= day <= 7:
            raise ValueError(f"weekly day must be 1-7, not {day}")
        await self._change(person_id, weekly_day=day)

    async def set_quiet_hours(
        self, person_id: int, start: dt.time | None, end: dt.time | None
    ) -> None:
        """Quiet hours in local time (may cross midnight); both None means none."""
        if (start is None) != (end is None):
            raise ValueError("quiet hours need both a start and an end, or neither")
        await self._change(person_id, quiet_start=start, quiet_end=end)

    async def due_prompts(
        self, now: dt.datetime, limit: int = 1000, *, skip_locked: bool = False
    ) -> list[DueCandidate]:
        """People the scheduler must look at now (`next_due_at <= now`), oldest due first.

        `skip_locked` (PostgreSQL) locks the rows it returns and passes over rows another
        transaction holds, so concurrent callers get different people.
        """
        # Plain columns, not ORM objects: this runs every minute over up to `limit` rows.
        schedule_columns = [getattr(ScheduleRow, name) for name in _SCHEDULE_FIELDS]
        statement = (
            select(
                *schedule_columns,
                PersonRow.chat_id,
                PersonRow.language,
                PersonRow.timezone,
                PersonRow.water_goal_ml,
            )
            .join(PersonRow, PersonRow.id == ScheduleRow.person_id)
            .where(
                ScheduleRow.next_due_at <= now,
                PersonRow.active.is_(True),
                PersonRow.timezone.is_not(None),
                or_(PersonRow.paused.is_(False), PersonRow.paused_until <= now),
            )
            .order_by(ScheduleRow.next_due_at, ScheduleRow.person_id)
            .limit(limit)
        )
        if skip_locked:
            statement = statement.with_for_update(of=ScheduleRow, skip_locked=True)
        width = len(_SCHEDULE_FIELDS)
        candidates = []
        for row in (await self._session.execute(statement)).tuples():
            chat_id, language, timezone, goal = row[width:]
            candidates.append(
                DueCandidate(
                    person_id=row[0],
                    chat_id=chat_id,
                    language=language,
                    timezone=timezone,
                    water_goal_ml=goal,
                    schedule=Schedule(*row[:width]),
                )
            )
        return candidates

    async def shared_patterns(self, limit: int = 5000) -> list[SchedulePattern]:
        """The most common (zone, schedule) combinations of active people, with their counts:
        what the scheduler estimates each slot's size from (the default schedule dominates)."""
        columns = [
            PersonRow.timezone,
            ScheduleRow.hydration_start,
            ScheduleRow.hydration_end,
            ScheduleRow.hydration_every_minutes,
            ScheduleRow.stretch_at,
            ScheduleRow.checkin_at,
            ScheduleRow.quiet_start,
            ScheduleRow.quiet_end,
        ]
        people = func.count().label("people")
        statement = (
            select(*columns, people)
            .join(PersonRow, PersonRow.id == ScheduleRow.person_id)
            .where(PersonRow.active.is_(True), PersonRow.timezone.is_not(None))
            .group_by(*columns)
            .order_by(people.desc())
            .limit(limit)
        )
        found = []
        for row in (await self._session.execute(statement)).tuples():
            zone, start, end, every, stretch, checkin, quiet_start, quiet_end, count = row
            schedule = Schedule(
                0, start, end, every, stretch, checkin, quiet_start, quiet_end, None, 0
            )
            found.append(SchedulePattern(str(zone), schedule, int(count)))
        return found

    async def claim_due(
        self, now: dt.datetime, *, lease: dt.timedelta, limit: int = 1000, by: str | None = None
    ) -> list[DueCandidate]:
        """Like `due_prompts`, but each person goes to one caller: their next look moves to
        `now + lease` for everyone else, in the same statement that picks them. The winner
        then calls `set_next_due` (the version is left alone, so a settings change made
        meanwhile still wins); a caller that dies leaves them due again once the lease ends,
        or as soon as it is known dead when `by` names it (`instances.take_over`).
        """
        candidates = await self.due_prompts(now, limit, skip_locked=True)
        if not candidates:
            return []
        won = set(
            await self._session.scalars(
                update(ScheduleRow)
                .where(
                    ScheduleRow.person_id.in_([c.person_id for c in candidates]),
                    ScheduleRow.next_due_at <= now,
                )
                .values(next_due_at=literal(now + lease, UTCDateTime()), looked_by=by)
                .returning(ScheduleRow.person_id)
                .execution_options(synchronize_session=False)
            )
        )
        return [c for c in candidates if c.person_id in won]

    async def set_next_due(
        self, person_id: int, at: dt.datetime | None, *, expected_version: int
    ) -> bool:
        """Record when to look at the person next; False when a change came in meanwhile."""
        return (
            await affected_rows(
                self._session,
                update(ScheduleRow)
                .where(ScheduleRow.person_id == person_id, ScheduleRow.version == expected_version)
                .values(next_due_at=at, looked_by=None)
                .execution_options(synchronize_session=False),
            )
            == 1
        )

    async def wake_by(self, person_id: int, at: dt.datetime) -> None:
        """Make sure the scheduler looks at the person no later than `at` (e.g. a snooze)."""
        await self._session.execute(
            update(ScheduleRow)
            .where(ScheduleRow.person_id == person_id)
            .values(
                next_due_at=case(
                    (
                        or_(ScheduleRow.next_due_at.is_(None), ScheduleRow.next_due_at > at),
                        literal(at, UTCDateTime()),
                    ),
                    else_=ScheduleRow.next_due_at,
                ),
                version=ScheduleRow.version + 1,
            )
            .execution_options(synchronize_session=False)
        )

    async def _change(self, person_id: int, **values: object) -> None:
        count = await affected_rows(
            self._session,
            update(ScheduleRow)
            .where(ScheduleRow.person_id == person_id)
            .values(**values)
            .execution_options(synchronize_session=False),
        )
        if count != 1:
            raise LookupError(f"no schedule for person {person_id}")
        await reschedule(self._session, person_id)
