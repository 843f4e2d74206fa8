"""A person's rights over their data: export everything, erase everything."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, inspect, select

from storage.models import (
    PERSON_TABLES,
    Base,
    DayRecordRow,
    InboxRow,
    PersonRow,
    table_of,
)
from storage.records import UserExport
from storage.repositories._sql import Repository, affected_rows

EXPORT_FORMAT = 1
# Internal bookkeeping that says nothing about the person.
_NOT_EXPORTED = frozenset({"claim_token"})

DAY_CSV_COLUMNS = (
    "date",
    "water_ml",
    "spasm_count",
    "spasm_max_severity",
    "spasm_locations",
    "spasm_longest_minutes",
    "urinary",
    "red_flags",
    "triggers",
    "checkins",
)


def jsonable(value: Any) -> Any:
    """Dates and times as ISO 8601 text; everything else is already JSON."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def row_to_dict(row: Base) -> dict[str, Any]:
    """Every column of a row, JSON-ready."""
    return {
        column.key: jsonable(getattr(row, column.key))
        for column in inspect(type(row)).columns
        if column.key not in _NOT_EXPORTED
    }


def days_csv(rows: list[DayRecordRow]) -> str:
    """Day records as CSV, one line a date, lists joined with ';'."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DAY_CSV_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.local_date.isoformat(),
                "" if r.water_ml is None else r.water_ml,
                r.spasm_count,
                "" if r.spasm_max_severity is None else r.spasm_max_severity,
                ";".join(r.spasm_locations),
                "" if r.spasm_longest_minutes is None else r.spasm_longest_minutes,
                ";".join(r.urinary),
                ";".join(r.red_flags),
                ";".join(r.triggers),
                r.checkins,
            ]
        )
    return out.getvalue()


class PrivacyRepository(Repository):
    """Exports and erases one person's data."""

    async def export_user(self, telegram_user_id: int) -> UserExport | None:
        """All of a person's data as a JSON-ready dict (one key per table) and the day records
        as CSV; None when nothing is stored for this Telegram user."""
        person = await self._person(telegram_user_id)
        if person is None:
            return None
        data: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "people": [row_to_dict(person)],
        }
        day_rows: list[DayRecordRow] = []
        for model in reversed(PERSON_TABLES):
            primary = inspect(model).primary_key
            rows = list(
                await self._session.scalars(
                    select(model).where(table_of(model).c.person_id == person.id).order_by(*primary)
                )
            )
            data[model.__tablename__] = [row_to_dict(row) for row in rows]
            if model is DayRecordRow:
                day_rows = [row for row in rows if isinstance(row, DayRecordRow)]
        return UserExport(data=data, days_csv=days_csv(day_rows))

    async def erase_user(self, telegram_user_id: int) -> dict[str, int]:
        """Delete every row of the person, in the caller's one transaction; rows per table.

        Empty when nothing was stored. Prompts stop because the schedule row goes too.
        """
        person = await self._person(telegram_user_id)
        if person is None:
            return {}
        counts: dict[str, int] = {}
        for model in PERSON_TABLES:
            table = table_of(model)
            counts[table.name] = await affected_rows(
                self._session, delete(table).where(table.c.person_id == person.id)
            )
        counts[PersonRow.__tablename__] = await affected_rows(
            self._session, delete(table_of(PersonRow)).where(PersonRow.id == person.id)
        )
        # Their updates in the inbox (plumbing, kept by chat, not by person): gone too.
        await self._session.execute(delete(InboxRow).where(InboxRow.chat_id == person.chat_id))
        self._session.expunge_all()
        return counts

    async def _person(self, telegram_user_id: int) -> PersonRow | None:
        row: PersonRow | None = await self._session.scalar(
            select(PersonRow)
            .where(PersonRow.telegram_user_id == telegram_user_id)
            .execution_options(populate_existing=True)
        )
        return row
