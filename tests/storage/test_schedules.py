"""Schedules and the due-prompt contract the scheduler builds on."""

from __future__ import annotations

import datetime as dt

import pytest

from storage.db import Database
from storage.records import DUE_NOW
from tests.storage.helpers import NOW, add_person

MINUTE = dt.timedelta(minutes=1)


async def due_ids(db: Database, now: dt.datetime = NOW, limit: int = 1000) -> list[int]:
    async with db.unit_of_work() as uow:
        return [c.person_id for c in await uow.schedules.due_prompts(now, limit)]


async def test_a_new_person_with_a_zone_is_due_at_once(db: Database) -> None:
    person = await add_person(db, timezone="Asia/Kolkata")
    async with db.unit_of_work() as uow:
        [candidate] = await uow.schedules.due_prompts(NOW)
    assert candidate.person_id == person.id
    assert (candidate.chat_id, candidate.timezone, candidate.language) == (
        person.chat_id,
        "Asia/Kolkata",
        "en",
    )
    assert candidate.water_goal_ml == 2000
    assert candidate.next_due_at == DUE_NOW
    assert candidate.schedule.checkin_at == dt.time(20)


async def test_no_zone_means_nothing_due_until_one_is_set(db: Database) -> None:
    person = await add_person(db, timezone=None)
    assert await due_ids(db) == []
    async with db.unit_of_work() as uow:
        await uow.people.set_timezone(person.id, "Europe/London")
    assert await due_ids(db) == [person.id]


async def test_set_next_due_moves_the_person_out_until_that_instant(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        [candidate] = await uow.schedules.due_prompts(NOW)
        assert await uow.schedules.set_next_due(
            person.id, NOW + dt.timedelta(hours=3), expected_version=candidate.version
        )
    assert await due_ids(db, NOW + dt.timedelta(hours=3) - MINUTE) == []
    assert await due_ids(db, NOW + dt.timedelta(hours=3)) == [person.id]


async def test_a_change_meanwhile_wins_over_a_stale_set_next_due(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        [candidate] = await uow.schedules.due_prompts(NOW)
    async with db.unit_of_work() as uow:  # a handler changes the check-in time meanwhile
        await uow.schedules.set_checkin(person.id, dt.time(21, 30))
    async with db.unit_of_work() as uow:
        written = await uow.schedules.set_next_due(
            person.id, NOW + dt.timedelta(hours=8), expected_version=candidate.version
        )
        schedule = await uow.schedules.get(person.id)
    assert not written
    assert schedule is not None
    assert schedule.next_due_at == DUE_NOW and schedule.checkin_at == dt.time(21, 30)
    assert schedule.version == candidate.version + 1


async def test_every_schedule_change_makes_the_person_due_now(db: Database) -> None:
    person = await add_person(db)
    later = NOW + dt.timedelta(hours=5)
    changes = [
        lambda s: s.set_hydration(person.id, dt.time(8), dt.time(20), 120),
        lambda s: s.set_stretch(person.id, dt.time(7, 15)),
        lambda s: s.set_checkin(person.id, None),
        lambda s: s.set_quiet_hours(person.id, dt.time(23), dt.time(6, 30)),
    ]
    for change in changes:
        async with db.unit_of_work() as uow:
            schedule = await uow.schedules.get(person.id)
            assert schedule is not None
            await uow.schedules.set_next_due(person.id, later, expected_version=schedule.version)
        assert await due_ids(db) == []
        async with db.unit_of_work() as uow:
            await change(uow.schedules)
        assert await due_ids(db) == [person.id]
    async with db.unit_of_work() as uow:
        schedule = await uow.schedules.get(person.id)
    assert schedule is not None
    assert (schedule.hydration_start, schedule.hydration_every_minutes) == (dt.time(8), 120)
    assert (schedule.stretch_at, schedule.checkin_at) == (dt.time(7, 15), None)
    assert (schedule.quiet_start, schedule.quiet_end) == (dt.time(23), dt.time(6, 30))


async def test_bad_schedules_are_refused(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        with pytest.raises(ValueError):
            await uow.schedules.set_hydration(person.id, dt.time(9), dt.time(21), 0)
        with pytest.raises(ValueError):
            await uow.schedules.set_quiet_hours(person.id, dt.time(22), None)


async def test_paused_and_blocked_people_are_not_due(db: Database) -> None:
    paused = await add_person(db, 1)
    blocked = await add_person(db, 2)
    forever = await add_person(db, 3)
    active = await add_person(db, 4)
    until = NOW + dt.timedelta(days=1)
    async with db.unit_of_work() as uow:
        await uow.people.pause_until(paused.id, until)
        await uow.people.mark_blocked(blocked.id, NOW)
        await uow.people.pause_until(forever.id, None)
    assert await due_ids(db) == [active.id]
    # The pause ends by itself: the person is due from its end without any write.
    assert sorted(await due_ids(db, until)) == sorted([active.id, paused.id])
    async with db.unit_of_work() as uow:
        await uow.people.resume(forever.id)
        await uow.people.mark_active(blocked.id)
    assert sorted(await due_ids(db, until)) == sorted(
        [active.id, paused.id, forever.id, blocked.id]
    )


async def test_due_prompts_are_oldest_first_and_limited(db: Database) -> None:
    people = [await add_person(db, n) for n in range(1, 6)]
    async with db.unit_of_work() as uow:
        for offset, person in zip([4, 2, 5, 1, 3], people, strict=True):
            await uow.schedules.set_next_due(
                person.id, NOW - dt.timedelta(minutes=offset), expected_version=1
            )
    ordered = [people[i].id for i in (2, 0, 4, 1, 3)]
    assert await due_ids(db) == ordered
    assert await due_ids(db, limit=2) == ordered[:2]
    assert await due_ids(db, NOW - dt.timedelta(minutes=3)) == ordered[:3]


async def test_wake_by_only_brings_the_next_look_forward(db: Database) -> None:
    person = await add_person(db)
    in_one_hour = NOW + dt.timedelta(hours=1)
    async with db.unit_of_work() as uow:
        await uow.schedules.set_next_due(person.id, NOW + dt.timedelta(hours=4), expected_version=1)
        await uow.schedules.wake_by(person.id, in_one_hour)
        await uow.schedules.wake_by(person.id, NOW + dt.timedelta(hours=2))
        schedule = await uow.schedules.get(person.id)
    assert schedule is not None and schedule.next_due_at == in_one_hour
    assert schedule.version == 3


async def test_the_weekly_summary_is_on_for_mondays_and_can_move_or_be_turned_off(
    db: Database,
) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        [candidate] = await uow.schedules.due_prompts(NOW)
    assert candidate.schedule.weekly_day == 1
    async with db.unit_of_work() as uow:
        await uow.schedules.set_weekly(person.id, 7)
        with pytest.raises(ValueError, match="1-7"):
            await uow.schedules.set_weekly(person.id, 8)
    async with db.unit_of_work() as uow:
        sunday = await uow.schedules.get(person.id)
        assert sunday is not None and sunday.weekly_day == 7
        # A change moves the next look to now, like every schedule change.
        assert sunday.next_due_at == DUE_NOW and sunday.version > candidate.version
        await uow.schedules.set_weekly(person.id, None)
    async with db.unit_of_work() as uow:
        off = await uow.schedules.get(person.id)
    assert off is not None and off.weekly_day is None
