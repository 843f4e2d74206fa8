"""Assessments are stored with input, answer and engine version; follow-ups are due later."""

from __future__ import annotations

import datetime as dt

import pytest

from storage.db import Database
from tests.storage.helpers import NOW, add_person

INPUT = {"today": {"date": "2026-11-22", "red_flags": ["flank_pain"]}, "history": []}
ANSWER = {
    "engine_version": "1.0.0",
    "triage": {"level": "urgent", "rules": [{"id": "renal_colic", "level": "urgent"}]},
    "risk": {"score": 43, "level": "moderate", "factors": []},
}


async def test_an_assessment_keeps_input_answer_and_engine_version(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        added = await uow.assessments.add(person.id, INPUT, ANSWER, "1.0.0", NOW)
    async with db.unit_of_work() as uow:
        stored = await uow.assessments.get(added.id)
    assert stored is not None
    assert stored.input == INPUT and stored.answer == ANSWER
    assert (stored.engine_version, stored.triage_level, stored.risk_score) == (
        "1.0.0",
        "urgent",
        43,
    )
    assert stored.local_date == dt.date(2026, 11, 22) and stored.assessed_at == NOW


async def test_recent_is_newest_first(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        for hours in (0, 5, 2):
            await uow.assessments.add(
                person.id, INPUT, ANSWER, "1.0.0", NOW + dt.timedelta(hours=hours)
            )
        runs = await uow.assessments.recent(person.id)
        since = await uow.assessments.recent(person.id, since=NOW + dt.timedelta(hours=1))
        last = await uow.assessments.recent(person.id, limit=1)
    assert [r.assessed_at.hour for r in runs] == [17, 14, 12]
    assert [r.assessed_at.hour for r in since] == [17, 14]
    assert [r.assessed_at.hour for r in last] == [17]


async def test_an_assessment_without_the_engine_shape_is_refused(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        with pytest.raises(ValueError):
            await uow.assessments.add(person.id, {"today": {}}, ANSWER, "1.0.0", NOW)


async def test_followups_come_due_and_are_closed_once(db: Database) -> None:
    person = await add_person(db)
    blocked = await add_person(db, 2)
    in_three_hours = NOW + dt.timedelta(hours=3)
    async with db.unit_of_work() as uow:
        run = await uow.assessments.add(person.id, INPUT, ANSWER, "1.0.0", NOW)
        followup = await uow.followups.schedule(
            person.id, in_three_hours, "urgent", now=NOW, assessment_id=run.id
        )
        await uow.followups.schedule(blocked.id, NOW, "emergency", now=NOW)
        await uow.people.mark_blocked(blocked.id, NOW)
        assert await uow.followups.due(NOW) == []
        [due] = await uow.followups.due(in_three_hours)
        assert due.followup == followup and due.chat_id == person.chat_id
        assert [f.id for f in await uow.followups.pending(person.id)] == [followup.id]
        assert await uow.followups.done(followup.id, in_three_hours, "sent")
        assert not await uow.followups.done(followup.id, in_three_hours, "sent")
        assert await uow.followups.due(in_three_hours) == []
        assert await uow.followups.pending(person.id) == []
        # Booked today, however it ended: the evening check-in gives way to it.
        assert await uow.followups.booked_since(person.id, NOW)
        assert not await uow.followups.booked_since(person.id, NOW + dt.timedelta(seconds=1))


async def test_raw_text_is_not_stored_by_default(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        assert not await uow.raw_texts.keep(person.id, "my back hurts", NOW, "checkin")
        assert await uow.raw_texts.texts(person.id) == []
    allowed = type(db)(db.engine, store_raw_text=True)
    async with allowed.unit_of_work() as uow:
        assert await uow.raw_texts.keep(person.id, "my back hurts", NOW, "checkin")
        assert await uow.raw_texts.texts(person.id) == [(NOW, "checkin", "my back hurts")]
