"""Flow state survives in the database and recognises stale buttons."""

from __future__ import annotations

import datetime as dt

from storage.db import Database
from tests.storage.helpers import NOW, add_person

LATER = NOW + dt.timedelta(minutes=1)


async def test_a_flow_started_by_one_instance_is_continued_by_another(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        started = await uow.flows.start(
            person.id, "checkin", "spasms", {"water_ml": 250}, NOW, message_id=77
        )
    assert (started.version, started.step, started.message_id) == (1, "spasms", 77)
    async with db.unit_of_work() as uow:  # e.g. after a restart
        loaded = await uow.flows.load(person.id)
        assert loaded == started
        saved = await uow.flows.save(
            person.id,
            started.flow_id,
            started.version,
            step="urinary",
            answers={**loaded.answers, "spasms": {"count": 2, "locations": ["calf"]}},
            now=LATER,
        )
    assert saved is not None
    assert (saved.version, saved.step, saved.message_id) == (2, "urinary", 77)
    assert saved.answers == {"water_ml": 250, "spasms": {"count": 2, "locations": ["calf"]}}
    assert saved.updated_at == LATER and saved.started_at == NOW


async def test_a_stale_button_changes_nothing(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        first = await uow.flows.start(person.id, "assess", "spasms", {}, NOW)
        assert await uow.flows.save(
            person.id, first.flow_id, 1, step="urinary", answers={"a": 1}, now=LATER
        )
        # A double tap: the same version again.
        assert (
            await uow.flows.save(
                person.id, first.flow_id, 1, step="red_flags", answers={}, now=LATER
            )
            is None
        )
        # A new flow replaces the old one; the old flow's buttons are stale.
        second = await uow.flows.start(person.id, "checkin", "start", {}, LATER)
        assert second.flow_id != first.flow_id and second.version == 1
        assert (
            await uow.flows.save(person.id, first.flow_id, 2, step="x", answers={}, now=LATER)
            is None
        )
        current = await uow.flows.load(person.id)
    assert current == second


async def test_clear_ends_the_flow(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        flow = await uow.flows.start(person.id, "checkin", "start", {}, NOW)
        assert not await uow.flows.clear(person.id, "not-this-flow")
        assert await uow.flows.clear(person.id, flow.flow_id)
        assert not await uow.flows.clear(person.id)
        assert await uow.flows.load(person.id) is None
        assert (
            await uow.flows.save(person.id, flow.flow_id, 1, step="x", answers={}, now=NOW) is None
        )


async def test_idle_flows_are_cleared(db: Database) -> None:
    old = await add_person(db, 1)
    fresh = await add_person(db, 2)
    async with db.unit_of_work() as uow:
        await uow.flows.start(old.id, "checkin", "start", {}, NOW - dt.timedelta(days=2))
        await uow.flows.start(fresh.id, "checkin", "start", {}, NOW)
        assert await uow.flows.clear_idle(NOW - dt.timedelta(days=1)) == 1
        assert await uow.flows.load(old.id) is None
        assert await uow.flows.load(fresh.id) is not None
