"""Delivery claims: one send per slot, leases that let a crashed claim be taken over."""

from __future__ import annotations

import datetime as dt

from storage.db import Database
from storage.records import DeliveryKey
from tests.storage.helpers import NOW, TODAY, add_person

LEASE = dt.timedelta(minutes=5)


async def test_a_slot_is_claimed_once_and_sent_once(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        claim = await uow.deliveries.claim(person.id, "hydration", TODAY, "12:00", NOW)
    assert claim is not None and claim.attempts == 1
    async with db.unit_of_work() as uow:
        assert await uow.deliveries.claim(person.id, "hydration", TODAY, "12:00", NOW) is None
        assert await uow.deliveries.mark_sent(claim, 9001, NOW)
    async with db.unit_of_work() as uow:
        # Sent: never again, however old the claim.
        assert (
            await uow.deliveries.claim(person.id, "hydration", TODAY, "12:00", NOW + LEASE * 10)
            is None
        )
        assert not await uow.deliveries.mark_sent(claim, 9002, NOW)
        delivery = await uow.deliveries.get(person.id, "hydration", TODAY, "12:00")
    assert delivery is not None
    assert (delivery.sent_at, delivery.message_id, delivery.skipped) == (NOW, 9001, False)


async def test_other_slots_kinds_and_dates_are_separate(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        assert await uow.deliveries.claim(person.id, "hydration", TODAY, "12:00", NOW)
        assert await uow.deliveries.claim(person.id, "hydration", TODAY, "15:00", NOW)
        assert await uow.deliveries.claim(person.id, "stretch", TODAY, "12:00", NOW)
        tomorrow = TODAY + dt.timedelta(days=1)
        assert await uow.deliveries.claim(person.id, "hydration", tomorrow, "12:00", NOW)
        assert len(await uow.deliveries.for_day(person.id, TODAY)) == 3


async def test_an_unsent_claim_is_taken_over_after_its_lease(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        crashed = await uow.deliveries.claim(person.id, "checkin", TODAY, "20:00", NOW)
    assert crashed is not None
    async with db.unit_of_work() as uow:
        early = NOW + LEASE - dt.timedelta(seconds=1)
        assert await uow.deliveries.claim(person.id, "checkin", TODAY, "20:00", early) is None
        taken = await uow.deliveries.claim(person.id, "checkin", TODAY, "20:00", NOW + LEASE * 2)
    assert taken is not None
    assert (taken.id, taken.attempts) == (crashed.id, 2)
    async with db.unit_of_work() as uow:
        # The crashed claimant cannot mark or release what was taken over.
        assert not await uow.deliveries.mark_sent(crashed, 1, NOW)
        assert not await uow.deliveries.release(crashed)
        assert await uow.deliveries.mark_sent(taken, 2, NOW + LEASE * 2)


async def test_release_gives_the_slot_back_at_once(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        claim = await uow.deliveries.claim(person.id, "stretch", TODAY, "08:00", NOW)
        assert claim is not None
        assert await uow.deliveries.release(claim)
        again = await uow.deliveries.claim(person.id, "stretch", TODAY, "08:00", NOW)
    assert again is not None and again.token != claim.token


async def test_a_skipped_slot_is_used_up_without_a_message(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        claim = await uow.deliveries.claim(person.id, "hydration", TODAY, "18:00", NOW)
        assert claim is not None
        assert await uow.deliveries.mark_skipped(claim, NOW)
        assert (
            await uow.deliveries.claim(person.id, "hydration", TODAY, "18:00", NOW + LEASE * 3)
            is None
        )
        delivery = await uow.deliveries.get(person.id, "hydration", TODAY, "18:00")
    assert delivery is not None and delivery.skipped and delivery.message_id is None


async def test_claim_many_wins_only_the_free_and_expired_slots(db: Database) -> None:
    people = [await add_person(db, n) for n in range(1, 5)]
    keys = [DeliveryKey(p.id, "hydration", TODAY, "12:00") for p in people]
    async with db.unit_of_work() as uow:
        sent = await uow.deliveries.claim(people[0].id, "hydration", TODAY, "12:00", NOW)
        assert sent is not None and await uow.deliveries.mark_sent(sent, 1, NOW)
        assert await uow.deliveries.claim(people[1].id, "hydration", TODAY, "12:00", NOW)  # live
        assert await uow.deliveries.claim(
            people[2].id, "hydration", TODAY, "12:00", NOW - LEASE * 2
        )
    async with db.unit_of_work() as uow:
        claims = await uow.deliveries.claim_many([*keys, keys[3]], NOW, lease=LEASE)
    assert [c.key for c in claims] == [keys[2], keys[3]]
    assert [c.attempts for c in claims] == [2, 1]
    assert len({c.token for c in claims}) == 1


async def test_prune_forgets_old_days(db: Database) -> None:
    person = await add_person(db)
    async with db.unit_of_work() as uow:
        for back in range(5):
            date = TODAY - dt.timedelta(days=back)
            await uow.deliveries.claim(person.id, "checkin", date, "20:00", NOW)
        assert await uow.deliveries.prune(TODAY - dt.timedelta(days=2)) == 2
        assert len(await uow.deliveries.for_day(person.id, TODAY - dt.timedelta(days=2))) == 1


async def test_between_lists_a_persons_slots_of_a_date_range(db: Database) -> None:
    person = await add_person(db)
    other = await add_person(db, 777)
    yesterday, tomorrow = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    async with db.unit_of_work() as uow:
        for date, slot in ((yesterday, "h2100"), (TODAY, "h0900"), (tomorrow, "h0900")):
            claim = await uow.deliveries.claim(person.id, "hydration", date, slot, NOW)
            assert claim is not None and await uow.deliveries.mark_sent(claim, 42, NOW)
        assert await uow.deliveries.claim(other.id, "hydration", TODAY, "h1200", NOW)
        found = await uow.deliveries.between(person.id, yesterday, TODAY)
    assert [(d.key.local_date, d.key.slot, d.message_id) for d in found] == [
        (yesterday, "h2100", 42),
        (TODAY, "h0900", 42),
    ]
