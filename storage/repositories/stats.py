"""Aggregate counts for the operator's /stats: never one person's data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from storage.models import AssessmentRow, DayRecordRow
from storage.repositories._sql import Repository


class StatsRepository(Repository):
    """Counts over everyone, by local date."""

    async def checkins_per_day(self, since: dt.date) -> dict[dt.date, int]:
        """How many people checked in (or used /assess) on each local date since `since`."""
        rows = await self._session.execute(
            select(DayRecordRow.local_date, func.count())
            .where(DayRecordRow.local_date >= since, DayRecordRow.checkins > 0)
            .group_by(DayRecordRow.local_date)
        )
        return {day: count for day, count in rows.tuples()}

    async def triage_per_day(self, since: dt.date) -> dict[dt.date, dict[str, int]]:
        """How many answers of each triage level were given on each local date since `since`."""
        rows = await self._session.execute(
            select(AssessmentRow.local_date, AssessmentRow.triage_level, func.count())
            .where(AssessmentRow.local_date >= since)
            .group_by(AssessmentRow.local_date, AssessmentRow.triage_level)
        )
        result: dict[dt.date, dict[str, int]] = {}
        for day, level, count in rows.tuples():
            result.setdefault(day, {})[level] = count
        return result
