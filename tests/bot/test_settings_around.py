"""Issue 16: a time whose prompts are spread out (many people share it) reads "around 09:00" in
/settings; a time nobody shares, or any time when slots are small, reads as set."""

from __future__ import annotations

from tests.bot.journey import T, onboard, say

CROWD = 120  # others in Berlin on the default schedule: a 100-person slot after rounding


async def crowd_in_berlin(harness) -> None:
    async with harness.store() as uow:
        for n in range(CROWD):
            await uow.people.create_with_consent(
                900_000 + n, 900_000 + n, consented_at=harness.clock.now, timezone="Europe/Berlin"
            )


async def test_shared_times_read_around_and_a_time_of_ones_own_does_not(harness):
    # A budget of 2 a second (1 for prompts): 100 people take 80 s, so their slot is spread.
    harness.settings = {"send_rate": 2}
    await harness.restart()
    user = harness.server.user(15001, "Alex")
    await onboard(harness, user)
    await say(user, "/settings checkin 20:30")
    await crowd_in_berlin(harness)
    await harness.data.dispatcher.count_slot_sizes(harness.clock.now, force=True)

    listing = (await say(user, "/settings")).text
    around = T.get("settings.around_time", time="08:00")
    assert f"stretch: {around}" in listing, listing
    assert "check-in: 20:30" in listing, "nobody else's check-in is at 20:30: not spread"
    water = T.get("settings.hydration_around", times="09:00, 12:00, 15:00, 18:00, 21:00")
    assert f"water reminders: 09:00-21:00 every 3h {water}" in listing, listing


async def test_nothing_reads_around_when_slots_are_small(harness):
    user = harness.server.user(15002, "Bo")
    await onboard(harness, user)
    await crowd_in_berlin(harness)  # 121 people at 29 a second: sent within a minute anyway
    await harness.data.dispatcher.count_slot_sizes(harness.clock.now, force=True)
    listing = (await say(user, "/settings")).text
    assert "stretch: 08:00" in listing and "check-in: 20:00" in listing
    assert "water reminders: 09:00-21:00 every 3h\n" in listing
    assert "around" not in listing
