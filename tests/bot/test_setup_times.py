"""Setup's "Change times": the stretch and check-in times typed at once or one by one, checked
(a time in quiet hours would never be sent), then on to the water goal."""

from __future__ import annotations

import datetime as dt

from tests.bot.journey import T, labels, person, plain, say, tap


async def start_to_schedule(user):
    await say(user, "/start")
    await tap(user, T.get("onboarding.button_consent"))
    step = await say(user, "Berlin")
    assert labels(step) == [
        T.get("onboarding.button_keep_schedule"),
        T.get("onboarding.button_change_times"),
    ]


async def schedule_of(harness, user):
    found = await person(harness, user)
    async with harness.store() as uow:
        return await uow.schedules.get(found.id)


async def test_both_times_typed_at_once(harness):
    user = harness.server.user(14001, "Alex")
    await start_to_schedule(user)
    ask = await tap(user, T.get("onboarding.button_change_times"))
    assert ask.text.startswith(plain(T.get("onboarding.ask_times")).split("\n")[0])
    assert labels(ask) == [T.get("onboarding.button_keep_other_times")]

    assert (await say(user, "early")).text == T.get("onboarding.bad_times")
    assert (await say(user, "8:30 23:15")).text == T.get(
        "onboarding.time_in_quiet_hours", quiet="22:00-07:00"
    )
    assert (await schedule_of(harness, user)).checkin_at == dt.time(20), "nothing half-saved"
    goal = await say(user, "8:30 21:00")
    assert goal.text.startswith(T.get("onboarding.times_set", stretch="08:30", checkin="21:00"))
    assert "Step 3 of 3" in goal.text
    schedule = await schedule_of(harness, user)
    assert (schedule.stretch_at, schedule.checkin_at) == (dt.time(8, 30), dt.time(21))

    await tap(user, "2000 ml ✓")
    done = await tap(user, T.get("onboarding.button_skip_profile"))
    assert done.text == plain(T.get("onboarding.setup_done"))


async def test_times_typed_one_by_one_and_keeping_the_rest(harness):
    user = harness.server.user(14002, "Bo")
    await start_to_schedule(user)
    await tap(user, T.get("onboarding.button_change_times"))
    next_ask = await say(user, "7.45")
    assert plain(T.get("onboarding.ask_checkin_time")) in next_ask.text
    assert (await schedule_of(harness, user)).stretch_at == dt.time(7, 45)
    assert (await say(user, "7:00 8:00")).text == T.get("onboarding.bad_times"), "one more only"
    goal = await say(user, "9:30 pm")
    assert goal.text.startswith(T.get("onboarding.times_set", stretch="07:45", checkin="21:30"))

    other = harness.server.user(14003, "Cem")
    await start_to_schedule(other)
    await tap(other, T.get("onboarding.button_change_times"))
    await say(other, "7:10")
    goal = await tap(other, T.get("onboarding.button_keep_other_times"))
    assert "Step 3 of 3" in goal.text
    schedule = await schedule_of(harness, other)
    assert (schedule.stretch_at, schedule.checkin_at) == (dt.time(7, 10), dt.time(20))
