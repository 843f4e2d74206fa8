"""The dispatcher against the local Bot API, a SQLite file and a settable clock.

Each test drives one Dispatcher by hand (`rig.run(at)`: tick, then drain) and reads what the
person received from the server and what was recorded from the database.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from storage.records import DUE_NOW
from tests.reminders.rig import TODAY, Rig

BERLIN = ZoneInfo("Europe/Berlin")
TOMORROW = TODAY + dt.timedelta(days=1)


def berlin(hour: int, minute: int = 0, second: int = 0, day: dt.date = TODAY) -> dt.datetime:
    """A Berlin wall time on `day` as an aware UTC instant."""
    return dt.datetime.combine(day, dt.time(hour, minute, second), BERLIN).astimezone(dt.UTC)


async def test_a_prompt_goes_out_at_its_minute_and_not_before(rig: Rig) -> None:
    person = await rig.add_person(1001)
    await rig.run()  # 11:30: the morning's slots are past their grace
    await rig.run(berlin(11, 59, 59))
    assert rig.sends(1001) == 0
    await rig.run(berlin(12, 0))
    assert rig.kinds(1001) == ["hydration"]
    await rig.run(berlin(12, 1))
    await rig.run(berlin(14, 59))
    assert rig.sends(1001) == 1
    await rig.run(berlin(15, 0))
    assert rig.kinds(1001) == ["hydration", "hydration"]
    first, second = rig.server.user(1001).messages
    assert "Today so far: 0 of 2000 ml" in (first.text or "")
    assert "+250 ml" in [button.text for button in second.all_buttons]
    assert first.all_buttons == [], "the water prompt let pass lost its buttons (bot-v2 item 7)"
    async with rig.database.unit_of_work() as uow:
        rows = await uow.deliveries.for_day(person.id, TODAY)
    deliveries = [d for d in rows if not d.skipped]
    assert [(d.key.slot, d.sent_at) for d in deliveries] == [
        ("h1200", berlin(12, 0)),
        ("h1500", berlin(15, 0)),
    ]
    assert all(d.message_id for d in deliveries)
    # The tidying is recorded once, as a marker row used up unsent.
    assert [d.key.slot for d in rows if d.skipped] == [f"x{first.message_id}"]


async def test_each_zone_gets_its_own_local_minute(rig: Rig) -> None:
    zones = {1: "Europe/Berlin", 2: "Asia/Kolkata", 3: "Asia/Kathmandu", 4: "America/New_York"}
    for user_id, zone in zones.items():
        await rig.add_person(user_id, zone)
    arrived: dict[int, list[str]] = {user_id: [] for user_id in zones}
    moment = dt.datetime(2026, 11, 18, 10, 45, tzinfo=dt.UTC)
    while moment <= dt.datetime(2026, 11, 18, 14, 0, tzinfo=dt.UTC):
        await rig.run(moment)
        for user_id in zones:
            new = rig.sends(user_id) - len(arrived[user_id])
            arrived[user_id] += [f"{moment:%H:%M}"] * new
        moment += dt.timedelta(minutes=15)
    assert arrived == {
        1: ["11:00", "14:00"],  # 12:00 and 15:00 in Berlin
        2: ["12:30"],  # 18:00 in Kolkata (+05:30)
        3: ["12:15"],  # 18:00 in Kathmandu (+05:45)
        4: ["13:00", "14:00"],  # 08:00 stretch and 09:00 water in New York
    }


async def test_no_more_water_prompts_once_the_goal_is_met(rig: Rig) -> None:
    person = await rig.add_person(1001)
    await rig.run(berlin(12, 0))
    assert rig.kinds(1001) == ["hydration"]
    async with rig.database.unit_of_work() as uow:  # the goal is met just after noon
        await uow.days.record_water(person.id, TODAY, 2000, berlin(12, 10), source="button")
    for hour in (15, 18, 20, 21):
        await rig.run(berlin(hour, 0))
    assert rig.kinds(1001) == ["hydration", "checkin"]  # the check-in still comes
    async with rig.database.unit_of_work() as uow:
        skipped = [d.key.slot for d in await uow.deliveries.for_day(person.id, TODAY) if d.skipped]
    assert skipped == ["h1500", "h1800", "h2100"]
    await rig.run(berlin(9, 0, day=TOMORROW))  # a new day, a new goal
    assert sorted(rig.kinds(1001)[2:]) == ["hydration", "stretch"]


async def test_a_pause_holds_prompts_and_its_end_lets_them_resume(rig: Rig) -> None:
    person = await rig.add_person(1001)
    await rig.run()
    async with rig.database.unit_of_work() as uow:
        await uow.people.pause_until(person.id, berlin(16, 30))
    for moment in (berlin(12, 0), berlin(15, 0), berlin(16, 29)):
        await rig.run(moment)
    assert rig.sends(1001) == 0
    await rig.run(berlin(16, 30))  # the pause is over; 15:00's hour of grace is not
    assert rig.sends(1001) == 0
    await rig.run(berlin(18, 0))
    assert rig.kinds(1001) == ["hydration"]


async def test_pause_until_resume(rig: Rig) -> None:
    person = await rig.add_person(1001)
    async with rig.database.unit_of_work() as uow:
        await uow.people.pause_until(person.id, None)  # /pause with no end
    for moment in (berlin(12, 0), berlin(15, 0), berlin(9, 0, day=TOMORROW)):
        await rig.run(moment)
    assert rig.sends(1001) == 0
    async with rig.database.unit_of_work() as uow:
        await uow.people.resume(person.id)
    await rig.run(berlin(9, 30, day=TOMORROW))  # /resume at 09:30: 09:00 is within grace
    assert sorted(rig.kinds(1001)) == ["hydration", "stretch"]


async def test_a_restart_catches_up_within_grace_once(rig: Rig) -> None:
    await rig.add_person(1001)
    await rig.add_person(1002, checkin=dt.time(21, 30))
    await rig.run()
    await rig.dispatcher.stop()  # down from 11:30 ...
    rig.clock.set(berlin(12, 40))  # ... to 12:40
    await rig.restart()
    await rig.run()
    assert rig.kinds(1001) == ["hydration"]  # 12:00, 40 minutes late: within its hour
    await rig.restart()
    await rig.run(berlin(12, 45))
    assert rig.sends(1001) == 1  # never twice


async def test_a_restart_after_the_grace_sends_nothing_old(rig: Rig) -> None:
    await rig.add_person(1001)
    await rig.run()
    await rig.dispatcher.stop()
    rig.clock.set(berlin(13, 1))  # 12:00's hour of grace ended a minute ago
    await rig.restart()
    await rig.run()
    assert rig.sends(1001) == 0
    await rig.run(berlin(15, 0))
    assert rig.kinds(1001) == ["hydration"]


async def test_no_catch_up_in_quiet_hours(rig: Rig) -> None:
    # A check-in at 21:30 may be caught up until 23:00, but quiet hours begin at 22:00.
    await rig.add_person(1001, checkin=dt.time(21, 30))
    await rig.run(berlin(20, 59))
    await rig.dispatcher.stop()
    rig.clock.set(berlin(22, 5))  # down from 20:59 to 22:05
    await rig.restart()
    for moment in (berlin(22, 5), berlin(22, 59), berlin(6, 59, day=TOMORROW)):
        await rig.run(moment)
    assert rig.sends(1001) == 0
    await rig.run(berlin(8, 0, day=TOMORROW))
    assert rig.kinds(1001) == ["stretch"]


async def test_a_crash_after_sending_does_not_send_again(rig: Rig) -> None:
    # Sent and recorded, but the process died before it moved the person's next look on:
    # the person is due again, and the delivery claim keeps the slot from going out twice.
    person = await rig.add_person(1001)
    await rig.run(berlin(12, 0))
    async with rig.database.unit_of_work() as uow:
        schedule = await uow.schedules.get(person.id)
        assert schedule is not None
        await uow.schedules.set_next_due(person.id, DUE_NOW, expected_version=schedule.version)
    await rig.restart()
    await rig.run(berlin(12, 5))
    assert rig.sends(1001) == 1


async def test_a_time_zone_change_moves_the_prompts(rig: Rig) -> None:
    person = await rig.add_person(1001)
    await rig.run()  # 11:30 in Berlin
    async with rig.database.unit_of_work() as uow:  # moves to New York (05:30 there)
        await uow.people.set_timezone(person.id, "America/New_York")
    await rig.run()
    await rig.run(berlin(12, 0))  # Berlin's noon is 06:00 in New York: quiet hours
    assert rig.sends(1001) == 0
    new_york = ZoneInfo("America/New_York")
    eight = dt.datetime.combine(TODAY, dt.time(8), new_york).astimezone(dt.UTC)
    await rig.run(eight - dt.timedelta(minutes=1))
    assert rig.sends(1001) == 0
    await rig.run(eight)
    assert rig.kinds(1001) == ["stretch"]
    await rig.run(eight + dt.timedelta(hours=1))
    assert rig.kinds(1001) == ["stretch", "hydration"]


async def test_moving_west_does_not_repeat_a_slot_sent_that_local_day(rig: Rig) -> None:
    person = await rig.add_person(1001)
    await rig.run(berlin(12, 0))
    async with rig.database.unit_of_work() as uow:
        await uow.people.set_timezone(person.id, "Europe/London")
    await rig.run(berlin(12, 10))
    await rig.run(berlin(13, 0))  # 12:00 in London: the same local slot, already sent
    assert rig.kinds(1001) == ["hydration"]
    await rig.run(berlin(16, 0))  # 15:00 in London
    assert rig.kinds(1001) == ["hydration", "hydration"]


async def test_a_snoozed_stretch_comes_back_an_hour_later_once(rig: Rig) -> None:
    rig.clock.now = berlin(7, 59)  # this test starts earlier in the morning
    person = await rig.add_person(1001)
    await rig.run()
    await rig.run(berlin(8, 0))
    assert rig.kinds(1001) == ["stretch"]
    pressed = berlin(8, 5)
    async with rig.database.unit_of_work() as uow:  # what the "Later" button does
        await uow.days.record_stretch(person.id, TODAY, "later", pressed)
        await uow.schedules.wake_by(person.id, pressed + dt.timedelta(hours=1))
    await rig.run(berlin(9, 0))
    assert rig.kinds(1001) == ["stretch", "hydration"]
    await rig.run(berlin(9, 4, 59))
    assert rig.sends(1001) == 2
    await rig.run(berlin(9, 5))
    assert rig.kinds(1001) == ["stretch", "hydration", "stretch"]
    await rig.run(berlin(9, 30))
    await rig.run(berlin(10, 30))
    assert rig.sends(1001) == 3


async def test_a_follow_up_goes_out_once_through_the_same_path(rig: Rig) -> None:
    person = await rig.add_person(1001)
    await rig.run()
    async with rig.database.unit_of_work() as uow:  # an urgent answer at 11:30
        followup = await uow.followups.schedule(
            person.id, berlin(14, 30), "urgent", now=rig.clock()
        )
    await rig.run(berlin(12, 0))
    await rig.run(berlin(14, 29))
    assert rig.kinds(1001) == ["hydration"]
    await rig.run(berlin(14, 30))
    assert rig.kinds(1001) == ["hydration", "follow_up"]
    await rig.restart()
    await rig.run(berlin(14, 35))
    await rig.run(berlin(15, 0))
    assert rig.kinds(1001) == ["hydration", "follow_up", "hydration"]
    async with rig.database.unit_of_work() as uow:
        assert await uow.followups.pending(person.id) == []
        delivery = await uow.deliveries.get(person.id, "follow_up", TODAY, str(followup.id))
    assert delivery is not None and delivery.sent_at == berlin(14, 30)


async def test_a_follow_up_due_in_quiet_hours_waits_for_the_morning(rig: Rig) -> None:
    person = await rig.add_person(1001, hydration=(dt.time(9), dt.time(21), None))
    async with rig.database.unit_of_work() as uow:
        await uow.people.set_water_goal(person.id, 2000)
        await uow.schedules.set_stretch(person.id, None)
        await uow.schedules.set_checkin(person.id, None)
        await uow.followups.schedule(person.id, berlin(23, 30), "emergency", now=rig.clock())
    for moment in (berlin(23, 30), berlin(3, 0, day=TOMORROW), berlin(6, 59, day=TOMORROW)):
        await rig.run(moment)
    assert rig.sends(1001) == 0
    await rig.run(berlin(7, 0, day=TOMORROW))
    assert rig.kinds(1001) == ["follow_up"]
    await rig.run(berlin(7, 5, day=TOMORROW))
    assert rig.sends(1001) == 1
