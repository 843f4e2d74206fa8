"""Day records (the engine's day shape per person per local date) and the water and stretch logs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, func, or_, select

from engine.types import Day, Spasms
from storage.day_merge import merge_days
from storage.models import DayRecordRow, StretchLogRow, WaterLogRow
from storage.records import (
    DAY_TOTAL_SOURCES,
    MAX_WATER_AT_ONCE_ML,
    MAX_WATER_DAY_TOTAL_ML,
    DayRecord,
    StretchLog,
    StretchOutcome,
    WaterChange,
    WaterLog,
)
from storage.repositories._sql import Repository, upsert
from storage.repositories.people import check_ids

STRETCH_OUTCOMES: frozenset[str] = frozenset({"done", "later", "skipped", "offered"})


def to_day(row: DayRecordRow) -> Day:
    """The engine's view of a stored day."""
    return Day(
        date=row.local_date,
        water_ml=row.water_ml,
        spasms=Spasms(
            count=row.spasm_count,
            max_severity=row.spasm_max_severity,
            locations=tuple(row.spasm_locations),
            longest_minutes=row.spasm_longest_minutes,
        ),
        urinary=tuple(row.urinary),
        red_flags=tuple(row.red_flags),
        triggers=tuple(row.triggers),
    )


def check_day(day: Day) -> None:
    """Refuse ids the engine would reject later, and impossible numbers."""
    check_ids("spasm_locations", day.spasms.locations)
    check_ids("urinary", day.urinary)
    check_ids("red_flags", day.red_flags)
    check_ids("triggers", day.triggers)
    if day.water_ml is not None and day.water_ml < 0:
        raise ValueError(f"water_ml {day.water_ml} is negative")
    severity = day.spasms.max_severity
    if severity is not None and not 0 <= severity <= 10:
        raise ValueError(f"severity {severity} is outside 0-10")
    if day.spasms.count < 0:
        raise ValueError(f"spasm count {day.spasms.count} is negative")


class DayRepository(Repository):
    """Keeps each day's union of answers and the water and stretch logs."""

    async def get(self, person_id: int, local_date: dt.date) -> Day | None:
        """The stored day, or None when nothing was recorded that date."""
        row = await self._session.get(DayRecordRow, (person_id, local_date), populate_existing=True)
        return None if row is None else to_day(row)

    async def merge_answers(self, person_id: int, answers: Day, at: dt.datetime) -> Day:
        """Merge one check-in's or /assess's answers into `answers.date`; return the union.

        Largest severity, summed spasm count, summed water, union of lists (spec item 5). The
        row is locked while merging, so answers from two instances both count.
        """
        check_day(answers)
        row = await self._locked_row(person_id, answers.date, at)
        merged = merge_days(to_day(row), answers)
        row.water_ml = merged.water_ml
        row.spasm_count = merged.spasms.count
        row.spasm_max_severity = merged.spasms.max_severity
        # Lists are kept in the vocabulary's canonical order, whatever order answers came in.
        row.spasm_locations = check_ids("spasm_locations", merged.spasms.locations)
        row.spasm_longest_minutes = merged.spasms.longest_minutes
        row.urinary = check_ids("urinary", merged.urinary)
        row.red_flags = check_ids("red_flags", merged.red_flags)
        row.triggers = check_ids("triggers", merged.triggers)
        row.checkins = row.checkins + 1
        row.updated_at = at
        await self._session.flush()
        return to_day(row)

    async def record_water(
        self,
        person_id: int,
        local_date: dt.date,
        ml: int,
        at: dt.datetime,
        *,
        source: str | None = None,
    ) -> int:
        """Log water drunk at `at` and return the day's new total, in one atomic upsert."""
        return (await self.add_drink(person_id, local_date, ml, at, source=source)).total_ml

    async def add_drink(
        self,
        person_id: int,
        local_date: dt.date,
        ml: int,
        at: dt.datetime,
        *,
        source: str | None = None,
    ) -> WaterChange:
        """Log one drink at `at`: the entry and the day's new total, in one atomic upsert."""
        if not 0 < ml <= MAX_WATER_AT_ONCE_ML:
            raise ValueError(f"water amount {ml} ml is outside 1-{MAX_WATER_AT_ONCE_ML}")
        entry = WaterLogRow(
            person_id=person_id, local_date=local_date, ml=ml, logged_at=at, source=source
        )
        self._session.add(entry)
        await self._session.flush()  # the entry's id, for an Undo button
        statement = upsert(self._dialect, DayRecordRow).values(
            person_id=person_id,
            local_date=local_date,
            water_ml=ml,
            spasm_locations=[],
            urinary=[],
            red_flags=[],
            triggers=[],
            updated_at=at,
        )
        statement = statement.on_conflict_do_update(
            index_elements=[DayRecordRow.person_id, DayRecordRow.local_date],
            set_={
                "water_ml": func.coalesce(DayRecordRow.water_ml, 0) + statement.excluded.water_ml,
                "updated_at": statement.excluded.updated_at,
            },
        )
        total = await self._session.scalar(statement.returning(DayRecordRow.water_ml))
        assert total is not None
        return WaterChange(entry.id, ml, total)

    async def raise_water_total(
        self, person_id: int, local_date: dt.date, total_ml: int, at: dt.datetime
    ) -> WaterChange:
        """The person says they drank `total_ml` in all today: when that is more than what is
        logged, log the difference (source "day_total") so the day's total becomes it; when it
        is not, change nothing (ml 0, no entry). The day row is locked meanwhile."""
        if not 0 < total_ml <= MAX_WATER_DAY_TOTAL_ML:
            raise ValueError(f"day total {total_ml} ml is outside 1-{MAX_WATER_DAY_TOTAL_ML}")
        row = await self._locked_row(person_id, local_date, at)
        logged = row.water_ml or 0
        if total_ml <= logged:
            return WaterChange(None, 0, logged)
        entry = WaterLogRow(
            person_id=person_id,
            local_date=local_date,
            ml=total_ml - logged,
            logged_at=at,
            source="day_total",
        )
        self._session.add(entry)
        row.water_ml = total_ml
        row.updated_at = at
        await self._session.flush()
        assert entry.id is not None
        return WaterChange(entry.id, entry.ml, total_ml)

    async def undo_water(
        self, person_id: int, local_date: dt.date, at: dt.datetime, entry_id: int | None = None
    ) -> WaterChange | None:
        """Remove one water entry of the day (the given one, else the last logged) and take it
        off the day's total; None when there is no such entry (any more). Of two undos of the
        same entry only one removes it: the delete itself decides."""
        if entry_id is None:
            entry_id = await self._session.scalar(
                select(WaterLogRow.id)
                .where(WaterLogRow.person_id == person_id, WaterLogRow.local_date == local_date)
                .order_by(WaterLogRow.logged_at.desc(), WaterLogRow.id.desc())
                .limit(1)
            )
            if entry_id is None:
                return None
        removed = await self._session.scalar(
            delete(WaterLogRow)
            .where(
                WaterLogRow.id == entry_id,
                WaterLogRow.person_id == person_id,
                WaterLogRow.local_date == local_date,
            )
            .returning(WaterLogRow.ml)
        )
        if removed is None:
            return None
        row = await self._locked_row(person_id, local_date, at)
        left = max((row.water_ml or 0) - removed, 0)
        remaining = await self._session.scalar(
            select(func.count())
            .select_from(WaterLogRow)
            .where(WaterLogRow.person_id == person_id, WaterLogRow.local_date == local_date)
        )
        # Nothing logged any more: the day's water is unknown again, not a day of no drinking.
        row.water_ml = None if left == 0 and not remaining else left
        row.updated_at = at
        await self._session.flush()
        return WaterChange(entry_id, removed, left)

    async def largest_drink(self, person_id: int, local_date: dt.date) -> int | None:
        """The largest single drink logged that day (a stated day's total is no drink)."""
        largest: int | None = await self._session.scalar(
            select(func.max(WaterLogRow.ml)).where(
                WaterLogRow.person_id == person_id,
                WaterLogRow.local_date == local_date,
                or_(WaterLogRow.source.is_(None), WaterLogRow.source.not_in(DAY_TOTAL_SOURCES)),
            )
        )
        return largest

    async def water_logs(self, person_id: int, local_date: dt.date) -> list[WaterLog]:
        """The day's water entries, in the order they were logged."""
        rows = await self._session.scalars(
            select(WaterLogRow)
            .where(WaterLogRow.person_id == person_id, WaterLogRow.local_date == local_date)
            .order_by(WaterLogRow.logged_at, WaterLogRow.id)
        )
        return [
            WaterLog(
                id=r.id, local_date=r.local_date, ml=r.ml, logged_at=r.logged_at, source=r.source
            )
            for r in rows
        ]

    async def record_stretch(
        self,
        person_id: int,
        local_date: dt.date,
        outcome: StretchOutcome,
        at: dt.datetime,
        *,
        stretches: Sequence[str] = (),
        area: str | None = None,
    ) -> None:
        """Log a stretch routine: offered, done, later (snoozed) or skipped."""
        if outcome not in STRETCH_OUTCOMES:
            raise ValueError(f"unknown stretch outcome {outcome!r}")
        self._session.add(
            StretchLogRow(
                person_id=person_id,
                local_date=local_date,
                outcome=outcome,
                stretches=list(stretches),
                area=area,
                logged_at=at,
            )
        )
        await self._session.flush()

    async def stretch_logs(
        self, person_id: int, since: dt.date, until: dt.date
    ) -> list[StretchLog]:
        """Stretch entries between two local dates, inclusive, oldest first."""
        rows = await self._session.scalars(
            select(StretchLogRow)
            .where(
                StretchLogRow.person_id == person_id,
                StretchLogRow.local_date >= since,
                StretchLogRow.local_date <= until,
            )
            .order_by(StretchLogRow.logged_at, StretchLogRow.id)
        )
        return [
            StretchLog(
                id=r.id,
                local_date=r.local_date,
                outcome=r.outcome,
                stretches=tuple(r.stretches),
                area=r.area,
                logged_at=r.logged_at,
            )
            for r in rows
        ]

    async def records(self, person_id: int, until: dt.date, n_days: int) -> list[DayRecord]:
        """Stored days among the `n_days` dates ending with `until` (inclusive), oldest first."""
        since = until - dt.timedelta(days=n_days - 1)
        rows = await self._session.scalars(
            select(DayRecordRow)
            .where(
                DayRecordRow.person_id == person_id,
                DayRecordRow.local_date >= since,
                DayRecordRow.local_date <= until,
            )
            .order_by(DayRecordRow.local_date)
            .execution_options(populate_existing=True)
        )
        return [
            DayRecord(
                person_id=r.person_id, day=to_day(r), checkins=r.checkins, updated_at=r.updated_at
            )
            for r in rows
        ]

    async def recent(self, person_id: int, until: dt.date, n_days: int) -> list[Day]:
        """Engine days among the `n_days` dates ending with `until` (inclusive), oldest first.

        For the engine's `history` pass `until = today - 1 day`: history must be strictly earlier
        than today. Dates with no record are left out (the engine treats them as unknown).
        """
        return [record.day for record in await self.records(person_id, until, n_days)]

    async def _locked_row(
        self, person_id: int, local_date: dt.date, at: dt.datetime
    ) -> DayRecordRow:
        """The day's row, created when missing, locked until the transaction ends."""
        await self._ensure_row(person_id, local_date, at)
        row = await self._session.scalar(
            select(DayRecordRow)
            .where(DayRecordRow.person_id == person_id, DayRecordRow.local_date == local_date)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        assert row is not None
        return row

    async def _ensure_row(self, person_id: int, local_date: dt.date, at: dt.datetime) -> None:
        await self._session.execute(
            upsert(self._dialect, DayRecordRow)
            .values(
                person_id=person_id,
                local_date=local_date,
                spasm_locations=[],
                urinary=[],
                red_flags=[],
                triggers=[],
                updated_at=at,
            )
            .on_conflict_do_nothing(
                index_elements=[DayRecordRow.person_id, DayRecordRow.local_date]
            )
        )
