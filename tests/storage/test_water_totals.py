"""Water beyond single drinks: a stated day's total that raises the day and never lowers it,
undoing an entry (once, whoever asks twice), and the largest single drink of a day."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from storage.db import Database
from storage.records import WaterChange
from tests.storage.helpers import NOW, TODAY, Target, add_person

LATER = NOW + dt.timedelta(hours=1)


async def logs_of(db: Database, person_id: int) -> list[tuple[int, str | None]]:
    async with db.unit_of_work() as uow:
        return [(log.ml, log.source) for log in await uow.days.water_logs(person_id, TODAY)]


async def water_of(db: Database, person_id: int) -> int | None:
    async with db.unit_of_work() as uow:
        day = await uow.days.get(person_id, TODAY)
    return None if day is None else day.water_ml


async def test_a_stated_total_raises_the_day_to_it_and_never_lowers_it(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        first = await uow.days.raise_water_total(person.id, TODAY, 1500, NOW)
    assert first.ml == 1500 and first.total_ml == 1500 and first.entry_id is not None
    async with db.unit_of_work() as uow:
        await uow.days.add_drink(person.id, TODAY, 250, NOW, source="button")
        kept = await uow.days.raise_water_total(person.id, TODAY, 1500, LATER)
        raised = await uow.days.raise_water_total(person.id, TODAY, 2000, LATER)
    assert kept == WaterChange(None, 0, 1750)
    assert raised.ml == 250 and raised.total_ml == 2000
    assert await water_of(db, person.id) == 2000
    assert await logs_of(db, person.id) == [
        (1500, "day_total"),
        (250, "button"),
        (250, "day_total"),
    ]


async def test_a_stated_total_has_limits(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        for bad in (0, 10_001):
            with pytest.raises(ValueError):
                await uow.days.raise_water_total(person.id, TODAY, bad, NOW)


async def test_undo_removes_the_last_entry_or_the_one_named(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        first = await uow.days.add_drink(person.id, TODAY, 300, NOW, source="command")
        await uow.days.add_drink(person.id, TODAY, 500, LATER, source="button")
    async with db.unit_of_work() as uow:
        last = await uow.days.undo_water(person.id, TODAY, LATER)
    assert last is not None and (last.ml, last.total_ml) == (500, 300)
    assert await logs_of(db, person.id) == [(300, "command")]
    async with db.unit_of_work() as uow:
        named = await uow.days.undo_water(person.id, TODAY, LATER, first.entry_id)
        again = await uow.days.undo_water(person.id, TODAY, LATER, first.entry_id)
        nothing = await uow.days.undo_water(person.id, TODAY, LATER)
    assert named == WaterChange(first.entry_id, 300, 0)
    assert again is None and nothing is None
    # Nothing logged any more: the day's water is unknown again, not "0 ml drunk".
    assert await water_of(db, person.id) is None


async def test_undo_of_a_raised_total_goes_back_to_what_was_logged(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        await uow.days.add_drink(person.id, TODAY, 300, NOW, source="command")
        await uow.days.raise_water_total(person.id, TODAY, 1500, LATER)
        undone = await uow.days.undo_water(person.id, TODAY, LATER)
    assert undone is not None and (undone.ml, undone.total_ml) == (1200, 300)
    assert await water_of(db, person.id) == 300


async def test_undo_touches_only_the_persons_own_entry_of_that_day(db: Database) -> None:
    owner = await add_person(db, 1001)
    other = await add_person(db, 1002)
    async with db.unit_of_work() as uow:
        entry = await uow.days.add_drink(owner.id, TODAY, 300, NOW, source="command")
        by_other = await uow.days.undo_water(other.id, TODAY, NOW, entry.entry_id)
        tomorrow = TODAY + dt.timedelta(days=1)
        other_day = await uow.days.undo_water(owner.id, tomorrow, NOW, entry.entry_id)
    assert by_other is None and other_day is None
    assert await water_of(db, owner.id) == 300


async def test_two_undos_of_one_entry_at_once_remove_it_once(target: Target, db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        await uow.days.add_drink(person.id, TODAY, 300, NOW, source="command")
        entry = await uow.days.add_drink(person.id, TODAY, 300, NOW, source="command")
    second = target.open_another()

    async def undo(on: Database) -> WaterChange | None:
        async with on.unit_of_work() as uow:
            return await uow.days.undo_water(person.id, TODAY, LATER, entry.entry_id)

    try:
        results = await asyncio.gather(undo(db), undo(second))
    finally:
        await second.close()
    assert sorted(result is None for result in results) == [False, True]
    assert await water_of(db, person.id) == 300
    assert await logs_of(db, person.id) == [(300, "command")]


async def test_the_largest_drink_leaves_out_stated_totals(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        assert await uow.days.largest_drink(person.id, TODAY) is None
        await uow.days.add_drink(person.id, TODAY, 400, NOW, source="text")
        await uow.days.add_drink(person.id, TODAY, 250, NOW)
        await uow.days.raise_water_total(person.id, TODAY, 3000, NOW)
        await uow.days.add_drink(person.id, TODAY, 750, NOW, source="checkin")  # an old estimate
        assert await uow.days.largest_drink(person.id, TODAY) == 400
