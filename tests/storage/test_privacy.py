"""Export returns all of a person's data; erase leaves no row of theirs in any table."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from sqlalchemy import func, select

from engine.types import Day, Spasms
from storage.db import Database
from storage.models import Base, PersonRow
from storage.records import Person
from tests.storage.helpers import NOW, TODAY, add_person


async def fill_every_table(db: Database, person: Person) -> None:
    """At least one row of the person in every table."""
    keeper = Database(db.engine, store_raw_text=True)
    async with keeper.unit_of_work() as uow:
        await uow.days.record_water(person.id, TODAY, 300, NOW)
        await uow.days.merge_answers(
            person.id,
            Day(date=TODAY, spasms=Spasms(count=1, max_severity=6, locations=("calf", "hip"))),
            NOW,
        )
        await uow.days.record_stretch(person.id, TODAY, "done", NOW, stretches=["cat_cow"])
        await uow.flows.start(person.id, "checkin", "spasms", {"water_ml": 300}, NOW)
        run = await uow.assessments.add(
            person.id,
            {"today": {"date": TODAY.isoformat()}},
            {"triage": {"level": "urgent"}, "risk": {"score": 20}},
            "1.0.0",
            NOW,
        )
        await uow.followups.schedule(person.id, NOW, "urgent", now=NOW, assessment_id=run.id)
        claim = await uow.deliveries.claim(person.id, "checkin", TODAY, "20:00", NOW)
        assert claim is not None
        await uow.deliveries.mark_sent(claim, 1234, NOW)
        assert await uow.raw_texts.keep(person.id, "calf cramp again", NOW, "checkin")
        await uow.outbox.add(
            person.id, person.chat_id, "answer", "Please call 112", NOW, deadline=NOW
        )


async def rows_of(db: Database, person_id: int) -> dict[str, int]:
    """Rows that belong to the person, table by table, for every table in the schema."""
    counts = {}
    async with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            column = table.c.id if table.name == PersonRow.__tablename__ else table.c.person_id
            counts[table.name] = (
                await connection.execute(
                    select(func.count()).select_from(table).where(column == person_id)
                )
            ).scalar_one()
    return counts


def test_every_table_is_the_person_or_names_the_person() -> None:
    for table in Base.metadata.sorted_tables:
        assert table.name == PersonRow.__tablename__ or "person_id" in table.c, table.name


async def test_erase_user_deletes_every_row_of_the_person_and_nothing_else(db: Database) -> None:
    person = await add_person(db, 1)
    neighbour = await add_person(db, 2)
    await fill_every_table(db, person)
    await fill_every_table(db, neighbour)
    before = await rows_of(db, person.id)
    assert all(before.values()), before  # the walk below proves something for every table

    async with db.unit_of_work() as uow:
        erased = await uow.privacy.erase_user(person.telegram_user_id)

    assert erased == before
    assert set((await rows_of(db, person.id)).values()) == {0}
    assert await rows_of(db, neighbour.id) == before
    async with db.unit_of_work() as uow:
        assert await uow.people.get(person.telegram_user_id) is None
        assert await uow.privacy.erase_user(person.telegram_user_id) == {}
        assert [c.person_id for c in await uow.schedules.due_prompts(NOW)] == [neighbour.id]


async def test_erase_is_one_transaction(db: Database) -> None:
    person = await add_person(db)
    await fill_every_table(db, person)
    before = await rows_of(db, person.id)
    try:
        async with db.unit_of_work() as uow:
            await uow.privacy.erase_user(person.telegram_user_id)
            raise RuntimeError("the reply failed")
    except RuntimeError:
        pass
    assert await rows_of(db, person.id) == before


async def test_export_user_returns_everything_json_ready_and_the_days_as_csv(
    db: Database,
) -> None:
    person = await add_person(db)
    await fill_every_table(db, person)
    async with db.unit_of_work() as uow:
        export = await uow.privacy.export_user(person.telegram_user_id)
        assert await uow.privacy.export_user(999_999) is None
    assert export is not None
    data = json.loads(json.dumps(export.data))
    tables = {table.name for table in Base.metadata.sorted_tables}
    assert tables <= set(data)
    assert all(data[name] for name in tables), "every table has the person's row in the export"
    assert data["people"][0]["telegram_user_id"] == person.telegram_user_id
    assert data["people"][0]["timezone"] == "Europe/Berlin"
    assert data["water_logs"][0]["ml"] == 300
    assert data["assessments"][0]["answer"]["triage"]["level"] == "urgent"
    assert data["raw_texts"][0]["text"] == "calf cramp again"
    assert "claim_token" not in data["deliveries"][0]
    assert dt.datetime.fromisoformat(data["people"][0]["consented_at"]) == NOW

    rows = list(csv.DictReader(io.StringIO(export.days_csv)))
    assert rows == [
        {
            "date": "2026-11-22",
            "water_ml": "300",
            "spasm_count": "1",
            "spasm_max_severity": "6",
            "spasm_locations": "hip;calf",
            "spasm_longest_minutes": "",
            "urinary": "",
            "red_flags": "",
            "triggers": "",
            "checkins": "1",
        }
    ]
