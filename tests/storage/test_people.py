"""People: consent, settings, profile, pause and block."""

from __future__ import annotations

import datetime as dt

import pytest

from storage.db import Database
from storage.records import DUE_NOW
from tests.storage.helpers import NOW, add_person


async def test_nothing_is_stored_before_consent(db: Database) -> None:
    async with db.unit_of_work() as uow:
        assert await uow.people.get(555) is None


async def test_consent_creates_the_person_with_defaults_and_schedule(db: Database) -> None:
    async with db.unit_of_work() as uow:
        person = await uow.people.create_with_consent(
            555, 777, consented_at=NOW, language="de", timezone="Europe/Berlin"
        )
        schedule = await uow.schedules.get(person.id)
    assert (person.telegram_user_id, person.chat_id, person.language) == (555, 777, "de")
    assert person.timezone == "Europe/Berlin"
    assert person.active and not person.paused and person.water_goal_ml == 2000
    assert person.consented_at == NOW
    assert schedule is not None
    assert (schedule.hydration_start, schedule.hydration_end) == (dt.time(9), dt.time(21))
    assert schedule.hydration_every_minutes == 180
    assert (schedule.stretch_at, schedule.checkin_at) == (dt.time(8), dt.time(20))
    assert (schedule.quiet_start, schedule.quiet_end) == (dt.time(22), dt.time(7))
    assert schedule.next_due_at == DUE_NOW


async def test_consenting_again_keeps_the_person(db: Database) -> None:
    first = await add_person(db, 555)
    later = NOW + dt.timedelta(days=3)
    async with db.unit_of_work() as uow:
        again = await uow.people.create_with_consent(555, 999, consented_at=later)
    assert again.id == first.id
    assert (again.chat_id, again.consented_at) == (999, later)
    assert again.timezone == "Europe/Berlin"


@pytest.mark.parametrize("zone", ["UTC+2", "+02:00", "Mars/Olympus", "", "../etc/passwd"])
async def test_only_iana_zone_names_are_stored(db: Database, zone: str) -> None:
    person = await add_person(db)
    with pytest.raises(ValueError, match="unknown time zone"):
        async with db.unit_of_work() as uow:
            await uow.people.set_timezone(person.id, zone)


async def test_settings_are_stored(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        await uow.people.set_timezone(person.id, "America/New_York")
        await uow.people.set_language(person.id, "fr")
        await uow.people.set_water_goal(person.id, 2500)
    async with db.unit_of_work() as uow:
        stored = await uow.people.get(person.telegram_user_id)
    assert stored is not None
    assert (stored.timezone, stored.language, stored.water_goal_ml) == (
        "America/New_York",
        "fr",
        2500,
    )


@pytest.mark.parametrize("goal", [499, 6001, -1])
async def test_water_goal_outside_the_engine_range_is_refused(db: Database, goal: int) -> None:
    person = await add_person(db)
    with pytest.raises(ValueError, match="water goal"):
        async with db.unit_of_work() as uow:
            await uow.people.set_water_goal(person.id, goal)


async def test_profile_is_stored_as_engine_ids_and_read_as_an_engine_profile(
    db: Database,
) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        await uow.people.set_profile(
            person.id,
            conditions=["recurrent_uti", "kidney_stones_history", "recurrent_uti"],
            medications=["diuretic"],
            medication_changed_recently=True,
            age=52,
        )
        stored = await uow.people.get_by_id(person.id)
    assert stored is not None
    profile = stored.profile(dt.date(2026, 11, 18))
    assert profile.conditions == ("kidney_stones_history", "recurrent_uti")  # canonical order
    assert profile.medications == ("diuretic",)
    assert profile.medication_changed_recently and profile.age == 52
    assert profile.water_goal_ml == 2000


async def test_unknown_profile_ids_are_refused(db: Database) -> None:
    person = await add_person(db)
    with pytest.raises(ValueError, match="unknown medication 'aspirin'"):
        async with db.unit_of_work() as uow:
            await uow.people.set_profile(
                person.id, conditions=[], medications=["aspirin"], medication_changed_recently=False
            )


async def test_changing_someone_who_does_not_exist_is_an_error(db: Database) -> None:
    with pytest.raises(LookupError):
        async with db.unit_of_work() as uow:
            await uow.people.set_water_goal(424242, 2000)


async def test_pause_resume_block_and_unblock(db: Database) -> None:
    person = await add_person(db)
    until = NOW + dt.timedelta(days=2)
    async with db.unit_of_work() as uow:
        await uow.people.pause_until(person.id, until)
        paused = await uow.people.get_by_id(person.id)
        assert paused is not None
        assert paused.is_paused(NOW) and not paused.is_paused(until)
        await uow.people.pause_until(person.id, None)
        forever = await uow.people.get_by_id(person.id)
        assert forever is not None and forever.is_paused(NOW + dt.timedelta(days=999))
        await uow.people.resume(person.id)
        resumed = await uow.people.get_by_id(person.id)
        assert resumed is not None and not resumed.is_paused(NOW)
        await uow.people.mark_blocked(person.id, NOW)
        blocked = await uow.people.get_by_id(person.id)
        assert blocked is not None and not blocked.active and blocked.blocked_at == NOW
        await uow.people.mark_active(person.id, chat_id=4242)
        back = await uow.people.get_by_id(person.id)
        assert back is not None and back.active and back.blocked_at is None
        assert back.chat_id == 4242


async def test_counts_are_aggregates(db: Database) -> None:
    a = await add_person(db, 1)
    b = await add_person(db, 2)
    await add_person(db, 3)
    async with db.unit_of_work() as uow:
        await uow.people.pause_until(a.id, NOW + dt.timedelta(hours=1))
        await uow.people.mark_blocked(b.id, NOW)
        counts = await uow.people.counts(NOW)
        later = await uow.people.counts(NOW + dt.timedelta(hours=2))
    assert (counts.total, counts.active, counts.paused, counts.blocked) == (3, 2, 1, 1)
    assert later.paused == 0


async def test_one_part_of_the_profile_changes_and_the_rest_stays(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        await uow.people.set_profile(
            person.id,
            conditions=["diabetes"],
            medications=["statin"],
            medication_changed_recently=True,
            age=61,
        )
        await uow.people.set_pregnancy(person.id, True, dt.date(2027, 5, 20))
        await uow.people.set_conditions(person.id, ["heart_condition", "pregnancy"])
        await uow.people.set_medications(person.id, ["ssri", "diuretic"])
        await uow.people.set_age(person.id, 62)
        stored = await uow.people.get_by_id(person.id)
    assert stored is not None
    assert stored.conditions == ("pregnancy", "heart_condition")
    assert stored.medications == ("diuretic", "ssri") and stored.medication_changed_recently
    assert stored.age == 62 and stored.pregnancy_due == dt.date(2027, 5, 20)
    async with db.unit_of_work() as uow:
        await uow.people.set_pregnancy(person.id, False, dt.date(2027, 5, 20))
        await uow.people.set_age(person.id, None)
        stored = await uow.people.get_by_id(person.id)
    assert stored is not None
    assert stored.conditions == ("heart_condition",) and stored.pregnancy_due is None
    assert stored.age is None
    with pytest.raises(ValueError, match="plausible"):
        async with db.unit_of_work() as uow:
            await uow.people.set_age(person.id, 0)


async def test_a_pregnancy_ends_after_its_due_date_and_the_weeks_after_birth_follow(
    db: Database,
) -> None:
    person = await add_person(db)
    due = dt.date(2027, 5, 20)
    async with db.unit_of_work() as uow:
        await uow.people.set_conditions(person.id, ["diabetes"])
        await uow.people.set_pregnancy(person.id, True, due)
        stored = await uow.people.get_by_id(person.id)
    assert stored is not None
    day = dt.timedelta(days=1)
    assert stored.conditions_on(due) == ("diabetes", "pregnancy")
    assert stored.profile(due).conditions == ("diabetes", "pregnancy")
    assert stored.conditions_on(due + day) == ("diabetes", "recently_gave_birth")
    assert stored.profile(due + 42 * day).conditions == ("diabetes", "recently_gave_birth")
    assert stored.conditions_on(due + 43 * day) == ("diabetes",)
    assert not stored.pregnancy_applies(due + 43 * day) and stored.pregnancy_applies(due)
    async with db.unit_of_work() as uow:
        await uow.people.set_pregnancy(person.id, True, None)  # pregnant, due date not known
        stored = await uow.people.get_by_id(person.id)
    assert stored is not None
    assert stored.conditions_on(due + 400 * day) == ("diabetes", "pregnancy")
