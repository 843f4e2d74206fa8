"""What the dispatcher does when Telegram answers 429, 502, nothing (a timeout) or 403.

These run with Telegram's full limits in the rate limiter (30 a second, 1 a second per chat).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from delivery.ratelimit import PriorityRateLimiter
from fakegram.call_records import ApiCall
from tests.reminders.rig import TODAY, Rig

BERLIN = ZoneInfo("Europe/Berlin")
NOON = dt.datetime.combine(TODAY, dt.time(12), BERLIN).astimezone(dt.UTC)


@pytest.fixture
def limiter() -> PriorityRateLimiter:
    """Telegram's limits, as the bot runs with them."""
    return PriorityRateLimiter()


def sends_to(rig: Rig, chat_id: int) -> list[ApiCall]:
    """Every sendMessage call for this chat, failed ones included."""
    return [c for c in rig.server.calls_to("sendMessage") if c.params.get("chat_id") == chat_id]


async def test_retry_after_pauses_all_sending_and_the_prompt_arrives_once(rig: Rig) -> None:
    await rig.add_person(1001)
    # Someone else's stretch falls due at 12:01, while sending is paused.
    await rig.add_person(1002, hydration=(dt.time(9), dt.time(21), None), stretch=dt.time(12, 1))
    await rig.run(NOON - dt.timedelta(minutes=1))
    rig.server.fail_next("sendMessage", "retry_after", retry_after=1)
    running = asyncio.create_task(rig.run(NOON))
    while not rig.limiter.retry_after_count:  # noqa: ASYNC110  (the limiter has no event)
        await asyncio.sleep(0.005)
    rig.clock.set(NOON + dt.timedelta(minutes=1))
    await rig.dispatcher.tick()
    await running
    await rig.dispatcher.drain()

    assert (rig.kinds(1001), rig.kinds(1002)) == (["hydration"], ["stretch"])
    refused, retried = sends_to(rig, 1001)
    (other,) = sends_to(rig, 1002)
    assert (refused.status, retried.status, other.status) == (429, 200, 200)
    assert rig.limiter.retry_after_count == 1
    assert rig.dispatcher.outcomes == {"sent": 2}
    # Nothing at all went out during the second Telegram asked for, to anyone.
    assert retried.at - refused.at >= 0.95
    assert other.at - refused.at >= 0.95


async def test_a_502_is_retried_with_backoff_and_arrives_once(rig: Rig) -> None:
    await rig.add_person(1001)
    rig.server.fail_next("sendMessage", "server_error", times=2)
    await rig.run(NOON)
    assert rig.kinds(1001) == ["hydration"]
    calls = sends_to(rig, 1001)
    assert [c.status for c in calls] == [502, 502, 200]
    first_wait, second_wait = calls[1].at - calls[0].at, calls[2].at - calls[1].at
    assert first_wait >= 0.45
    assert second_wait >= 0.95  # the backoff doubles
    assert rig.dispatcher.outcomes == {"sent": 1}


async def test_a_timed_out_prompt_that_was_delivered_arrives_once(rig: Rig) -> None:
    # Issue 13: a timeout used to be retried, and a timed-out send Telegram had applied then
    # arrived twice. The outcome is unknown, so the slot is used up and never sent again.
    person = await rig.add_person(1001)
    rig.server.fail_next("sendMessage", "timeout", hold=5.0, applied=True)
    await rig.run(NOON)
    assert rig.kinds(1001) == ["hydration"]
    calls = sends_to(rig, 1001)
    assert [(c.status, c.fault) for c in calls] == [(0, "timeout")]
    assert rig.dispatcher.outcomes == {"uncertain": 1}
    await rig.run(NOON + dt.timedelta(minutes=10))
    assert rig.kinds(1001) == ["hydration"]  # still once
    async with rig.database.unit_of_work() as uow:
        (stored,) = await uow.deliveries.for_day(person.id, TODAY)
    assert stored.uncertain and stored.sent_at is not None


async def test_a_timed_out_prompt_is_not_resent_even_when_it_was_lost(rig: Rig) -> None:
    # The price of never sending twice: a timed-out send Telegram did not apply stays unsent.
    # It is counted (checkin_prompts_uncertain_total) and documented in docs/scheduling.md.
    await rig.add_person(1001)
    rig.server.fail_next("sendMessage", "timeout", hold=5.0)  # never answered, not applied
    await rig.run(NOON)
    assert [(c.status, c.fault) for c in sends_to(rig, 1001)] == [(0, "timeout")]
    await rig.run(NOON + dt.timedelta(minutes=10))
    assert rig.sends(1001) == 0


async def test_when_every_retry_fails_the_slot_is_tried_again_a_minute_later(rig: Rig) -> None:
    await rig.add_person(1001)
    rig.server.fail_next("sendMessage", "server_error", times=3)
    await rig.run(NOON)
    assert rig.sends(1001) == 0
    assert rig.dispatcher.outcomes == {"failed": 1}
    await rig.run(NOON + dt.timedelta(seconds=59))
    assert len(sends_to(rig, 1001)) == 3  # not before the minute is up
    await rig.run(NOON + dt.timedelta(minutes=1))
    assert rig.kinds(1001) == ["hydration"]  # still within its hour of grace
    await rig.run(NOON + dt.timedelta(minutes=5))
    assert rig.sends(1001) == 1


async def test_a_person_who_blocked_the_bot_is_marked_inactive_and_gets_nothing_more(
    rig: Rig,
) -> None:
    blocked = await rig.add_person(1001)
    await rig.add_person(1002)
    rig.server.block(1001)
    await rig.run(NOON)
    assert rig.kinds(1002) == ["hydration"]
    async with rig.database.unit_of_work() as uow:
        person = await uow.people.get(1001)
        followup = await uow.followups.schedule(
            blocked.id, NOON + dt.timedelta(minutes=30), "urgent", now=NOON
        )
    assert person is not None and person.active is False
    assert person.blocked_at == NOON
    three = dt.datetime.combine(TODAY, dt.time(15), BERLIN).astimezone(dt.UTC)
    for moment in (NOON + dt.timedelta(minutes=30), three, three + dt.timedelta(days=1)):
        await rig.run(moment)
    assert [c.status for c in sends_to(rig, 1001)] == [403]  # tried once, never again
    assert rig.sends(1002) == 3  # 12:00 and 15:00 today, 15:00 tomorrow
    async with rig.database.unit_of_work() as uow:
        assert [f.id for f in await uow.followups.pending(blocked.id)] == [followup.id]
        # They write again: prompts resume with the next slot.
        rig.server.unblock(1001)
        await uow.people.mark_active(blocked.id)
    await rig.run(three + dt.timedelta(days=1, hours=3))
    assert sorted(rig.kinds(1001)) == ["follow_up", "hydration"]  # sent side by side


async def test_a_follow_up_to_someone_who_blocked_the_bot_is_closed(rig: Rig) -> None:
    person = await rig.add_person(1001, hydration=(dt.time(9), dt.time(21), None))
    async with rig.database.unit_of_work() as uow:
        await uow.followups.schedule(person.id, NOON, "emergency", now=NOON)
    await rig.run(NOON - dt.timedelta(minutes=1))
    rig.server.fail_next("sendMessage", "forbidden")
    await rig.run(NOON)
    async with rig.database.unit_of_work() as uow:
        assert await uow.followups.pending(person.id) == []
        stored = await uow.people.get(1001)
    assert stored is not None and stored.active is False
    assert rig.sends(1001) == 0


async def test_a_slot_that_falls_due_while_a_send_is_held_back_is_not_lost(rig: Rig) -> None:
    # The 12:00 prompt is held back by flood control (or a long queue) until 12:10; the
    # person's stretch at 12:05 became due meanwhile and must still go out.
    await rig.add_person(1001, stretch=dt.time(12, 5))
    await rig.run(NOON - dt.timedelta(minutes=1))
    rig.server.fail_next("sendMessage", "retry_after", retry_after=1)
    running = asyncio.create_task(rig.run(NOON))
    # Nothing signals "the server answered 429"; look at its call log.
    while not [c for c in rig.server.calls_to("sendMessage") if c.status == 429]:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    rig.clock.set(NOON + dt.timedelta(minutes=10))  # the pause lasts into 12:10
    await running
    await rig.run(NOON + dt.timedelta(minutes=11))
    assert rig.kinds(1001) == ["hydration", "stretch"]
