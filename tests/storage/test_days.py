"""Day records, water and stretch logs."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.types import Day, Spasms
from storage.db import Database
from tests.storage.helpers import NOW, TODAY, add_person


async def test_record_water_returns_the_running_total_and_logs_each_amount(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        assert await uow.days.get(person.id, TODAY) is None
        assert await uow.days.record_water(person.id, TODAY, 250, NOW, source="button") == 250
    async with db.unit_of_work() as uow:
        later = NOW + dt.timedelta(hours=2)
        assert await uow.days.record_water(person.id, TODAY, 500, later) == 750
        logs = await uow.days.water_logs(person.id, TODAY)
        day = await uow.days.get(person.id, TODAY)
    assert [(log.ml, log.logged_at, log.source) for log in logs] == [
        (250, NOW, "button"),
        (500, later, None),
    ]
    assert day == Day(date=TODAY, water_ml=750)


async def test_water_must_be_positive(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        with pytest.raises(ValueError):
            await uow.days.record_water(person.id, TODAY, 0, NOW)


async def test_merge_answers_is_the_union_of_the_days_answers(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        await uow.days.record_water(person.id, TODAY, 400, NOW)
        first = await uow.days.merge_answers(
            person.id,
            Day(
                date=TODAY,
                spasms=Spasms(count=2, max_severity=7, locations=("calf",), longest_minutes=3),
                urinary=("urgency",),
                triggers=("stress",),
            ),
            NOW,
        )
    assert first.water_ml == 400 and first.spasms.count == 2
    async with db.unit_of_work() as uow:
        merged = await uow.days.merge_answers(
            person.id,
            Day(
                date=TODAY,
                water_ml=300,
                spasms=Spasms(count=1, max_severity=4, locations=("lower_back", "calf")),
                urinary=("dysuria", "urgency"),
                red_flags=("blood_in_urine",),
            ),
            NOW,
        )
        stored = await uow.days.get(person.id, TODAY)
        [record] = await uow.days.records(person.id, TODAY, 1)
    assert merged == stored
    assert merged == Day(
        date=TODAY,
        water_ml=700,  # summed water
        spasms=Spasms(
            count=3,  # summed count
            max_severity=7,  # largest severity
            locations=("lower_back", "calf"),  # union, canonical order
            longest_minutes=3,
        ),
        urinary=("urgency", "dysuria"),
        red_flags=("blood_in_urine",),
        triggers=("stress",),
    )
    assert record.checkins == 2


async def test_unknown_water_stays_unknown(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        merged = await uow.days.merge_answers(
            person.id, Day(date=TODAY, urinary=("nocturia",)), NOW
        )
    assert merged.water_ml is None


@pytest.mark.parametrize(
    "answers",
    [
        Day(date=TODAY, red_flags=("blod_in_urine",)),
        Day(date=TODAY, spasms=Spasms(count=1, locations=("elbow",))),
        Day(date=TODAY, spasms=Spasms(count=1, max_severity=11)),
        Day(date=TODAY, water_ml=-5),
    ],
)
async def test_answers_the_engine_would_reject_are_refused(db: Database, answers: Day) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        with pytest.raises(ValueError):
            await uow.days.merge_answers(person.id, answers, NOW)


async def test_recent_returns_engine_days_in_the_window_oldest_first(db: Database) -> None:
    person = await add_person(db)
    other = await add_person(db, 2)
    async with db.unit_of_work() as uow:
        for back in (0, 1, 3, 7, 8):
            date = TODAY - dt.timedelta(days=back)
            await uow.days.record_water(person.id, date, 100 + back, NOW)
        await uow.days.record_water(other.id, TODAY - dt.timedelta(days=1), 999, NOW)
        history = await uow.days.recent(person.id, TODAY - dt.timedelta(days=1), 7)
    # The 7 dates ending with yesterday: today and 8 days back fall outside.
    assert [(d.date, d.water_ml) for d in history] == [
        (TODAY - dt.timedelta(days=7), 107),
        (TODAY - dt.timedelta(days=3), 103),
        (TODAY - dt.timedelta(days=1), 101),
    ]


async def test_stretch_logs(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        await uow.days.record_stretch(
            person.id, TODAY, "done", NOW, stretches=["cat_cow", "figure_four"], area="back"
        )
        await uow.days.record_stretch(person.id, TODAY - dt.timedelta(days=5), "skipped", NOW)
        with pytest.raises(ValueError):
            await uow.days.record_stretch(person.id, TODAY, "maybe", NOW)  # type: ignore[arg-type]
        logs = await uow.days.stretch_logs(person.id, TODAY - dt.timedelta(days=1), TODAY)
    assert [(log.outcome, log.stretches, log.area) for log in logs] == [
        ("done", ("cat_cow", "figure_four"), "back")
    ]
