"""The inbox, live instances and the outbox on both databases: stored once, handed out once,
taken over when an instance dies, erased with the person."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from storage.db import Database
from storage.handling import CURRENT_HANDLING, Handling
from storage.models import OutboxRow
from storage.repositories.inbox import InboxEntry
from tests.storage.helpers import NOW, TODAY, Target, add_person


def entry(update_id: int, chat_id: int = 1001, text: str = "drank 300 ml") -> InboxEntry:
    payload = {"update_id": update_id, "message": {"text": text, "chat": {"id": chat_id}}}
    return InboxEntry(update_id, "message", chat_id, payload)


async def test_a_redelivered_update_is_stored_once(db: Database) -> None:
    async with db.unit_of_work() as uow:
        assert await uow.inbox.store([entry(1), entry(2)], NOW, "a") == {1, 2}
    async with db.unit_of_work() as uow:
        assert await uow.inbox.store([entry(2), entry(3)], NOW, "b") == {3}
        state = await uow.inbox.get(2)
        # Its own unfinished update comes back to the instance that stored it (a commit whose
        # answer was lost looks like a failure, and the batch is fetched again).
        assert await uow.inbox.store([entry(2)], NOW, "a") == {2}
    assert state is not None and state.claimed_by == "a" and state.has_payload


async def test_finishing_drops_the_words_and_keeps_the_id(db: Database) -> None:
    async with db.unit_of_work() as uow:
        await uow.inbox.store([entry(7)], NOW, "a")
        assert await uow.inbox.finish(7, "handled", NOW)
        assert not await uow.inbox.finish(7, "handled", NOW)
        state = await uow.inbox.get(7)
        assert await uow.inbox.store([entry(7)], NOW, "b") == set()
    assert state is not None and state.outcome == "handled" and not state.has_payload


async def test_released_updates_go_to_one_claimant(target: Target, db: Database) -> None:
    async with db.unit_of_work() as uow:
        await uow.inbox.store([entry(1), entry(2)], NOW, "a")
        assert await uow.inbox.claim_ready("b", NOW) == []  # "a" holds them
        assert await uow.inbox.release("a") == 2
    other = target.open_another()
    try:
        async with db.unit_of_work() as uow:
            mine = await uow.inbox.claim_ready("b", NOW)
        async with other.unit_of_work() as uow:
            theirs = await uow.inbox.claim_ready("c", NOW)
    finally:
        await other.close()
    assert [i.update_id for i in mine] == [1, 2] and theirs == []
    assert mine[0].payload is not None and mine[0].attempts == 2


async def test_a_write_while_handling_is_counted_in_the_same_transaction(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        await uow.inbox.store([entry(5)], NOW, "a")
    handling = Handling(update_id=5)
    token = CURRENT_HANDLING.set(handling)
    try:
        async with db.unit_of_work() as uow:  # reads only: not counted
            await uow.people.get(person.telegram_user_id)
        async with db.unit_of_work() as uow:
            await uow.days.record_water(person.id, TODAY, 250, NOW)
        try:
            async with db.unit_of_work() as uow:  # rolled back: not counted either
                await uow.days.record_water(person.id, TODAY, 250, NOW)
                raise RuntimeError("the handler failed")
        except RuntimeError:
            pass
    finally:
        CURRENT_HANDLING.reset(token)
    async with db.unit_of_work() as uow:
        state = await uow.inbox.get(5)
        day = await uow.days.get(person.id, TODAY)
    assert handling.writes == 1 and state is not None and state.writes == 1
    assert day is not None and day.water_ml == 250


async def test_a_dead_instance_hands_everything_back(db: Database) -> None:
    person = await add_person(db)
    later = NOW + dt.timedelta(seconds=30)
    async with db.unit_of_work() as uow:
        await uow.instances.beat("dead", NOW)
        await uow.instances.beat("alive", later)
        await uow.inbox.store([entry(9)], NOW, "dead")
        await uow.outbox.add(
            person.id, 1001, "answer", "Call 112 now", NOW, deadline=later, by="dead"
        )
        claim = await uow.deliveries.claim(person.id, "hydration", TODAY, "12:00", NOW, by="dead")
        looked = await uow.schedules.claim_due(NOW, lease=dt.timedelta(minutes=2), by="dead")
    assert claim is not None and [c.person_id for c in looked] == [person.id]
    async with db.unit_of_work() as uow:
        assert await uow.instances.silent_since(later - dt.timedelta(seconds=15), but="alive") == [
            "dead"
        ]
        counts = await uow.instances.take_over("dead", later)
    assert counts == {"updates": 1, "outbox": 1, "deliveries": 1, "people": 1}
    async with db.unit_of_work() as uow:
        assert [i.update_id for i in await uow.inbox.claim_ready("alive", later)] == [9]
        assert [m.text for m in await uow.outbox.claim_due("alive", later)] == ["Call 112 now"]
        # due again now, not after the two-minute look lease
        assert [c.person_id for c in await uow.schedules.due_prompts(later)] == [person.id]
        again = await uow.deliveries.claim(
            person.id, "hydration", TODAY, "12:00", later, by="alive"
        )
        assert await uow.instances.silent_since(later, but="alive") == []
    assert again is not None and again.attempts == 2


async def test_an_uncertain_send_uses_the_slot_up(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        claim = await uow.deliveries.claim(person.id, "stretch", TODAY, "08:00", NOW)
        assert claim is not None
        assert await uow.deliveries.mark_uncertain(claim, NOW)
    later = NOW + dt.timedelta(hours=1)
    async with db.unit_of_work() as uow:
        assert await uow.deliveries.claim(person.id, "stretch", TODAY, "08:00", later) is None
        stored = await uow.deliveries.get(person.id, "stretch", TODAY, "08:00")
    assert stored is not None and stored.uncertain and stored.message_id is None


async def test_outbox_answers_retry_and_notes_wait_for_the_chat(db: Database) -> None:
    person = await add_person(db)
    soon = NOW + dt.timedelta(seconds=5)
    async with db.unit_of_work() as uow:
        answer = await uow.outbox.add(person.id, 1001, "answer", "urgent", NOW, deadline=soon)
        await uow.outbox.add(person.id, 1001, "note", "saved 300 ml", NOW, deadline=soon)
        assert [m.id for m in await uow.outbox.claim_due("a", NOW)] == [answer.id]
        assert await uow.outbox.retry_at(answer.id, soon)
        assert await uow.outbox.claim_due("a", NOW) == []
        notes = await uow.outbox.claim_notes(1001, "a")
        assert [n.text for n in notes] == ["saved 300 ml"]
        assert await uow.outbox.mark_sent(notes[0].id, NOW)
        again = await uow.outbox.claim_due("a", soon)
        assert [m.attempts for m in again] == [1]
        assert await uow.outbox.give_up(answer.id, soon)
        assert await uow.outbox.counts() == {"sent": 1, "gave_up": 1, "pending": 0}


async def test_an_outbox_message_keeps_its_buttons_until_it_is_sent(db: Database) -> None:
    person = await add_person(db)
    soon = NOW + dt.timedelta(minutes=30)
    buttons = '{"inline_keyboard":[[{"text":"Yes, I\'m safe","callback_data":"s:c:safe"}]]}'
    async with db.unit_of_work() as uow:
        crisis = await uow.outbox.add(
            person.id, 1001, "answer", "warm words", NOW, deadline=soon, reply_markup=buttons
        )
        plain = await uow.outbox.add(person.id, 1001, "answer", "call 112", NOW, deadline=soon)
    async with db.unit_of_work() as uow:
        due = await uow.outbox.claim_due("a", NOW)
        assert [(m.id, m.reply_markup) for m in due] == [(crisis.id, buttons), (plain.id, None)]
        assert await uow.outbox.mark_sent(crisis.id, NOW)
    async with db.engine.connect() as connection:
        rows = (await connection.execute(select(OutboxRow.text, OutboxRow.reply_markup))).all()
    assert sorted(rows, key=lambda r: r[0]) == [("", None), ("call 112", None)], (
        "the words and the buttons are forgotten once sent"
    )


async def test_erasing_a_person_empties_their_chat_in_the_inbox(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        await uow.inbox.store([entry(1, chat_id=person.chat_id), entry(2, chat_id=4242)], NOW, "a")
        await uow.privacy.erase_user(person.telegram_user_id)
    async with db.unit_of_work() as uow:
        assert await uow.inbox.get(1) is None
        assert await uow.inbox.get(2) is not None


async def test_pruning_keeps_telegrams_window(db: Database) -> None:
    async with db.unit_of_work() as uow:
        await uow.inbox.store([entry(1)], NOW - dt.timedelta(hours=25), "a")
        await uow.inbox.store([entry(2)], NOW - dt.timedelta(hours=23), "a")
        assert await uow.inbox.prune(NOW - dt.timedelta(hours=24)) == 1
        assert await uow.inbox.get(2) is not None
