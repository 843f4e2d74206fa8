"""First /start to a finished setup: consent, time zone (city, clock time, location), schedule,
water goal, optional health profile; declining stores nothing; /start again shows settings."""

from __future__ import annotations

import datetime as dt

from tests.bot.journey import BERLIN, T, labels, onboard, people_total, person, plain, say, tap


async def test_nothing_is_stored_before_consent_and_a_typed_city_finishes_setup(harness):
    user = harness.server.user(1001, "Alex")
    welcome = await say(user, "/start")
    assert welcome.text == plain(T.get("onboarding.welcome"))
    assert "not a doctor" in welcome.text
    assert labels(welcome) == [
        T.get("onboarding.button_consent"),
        T.get("onboarding.button_decline"),
    ]
    assert await people_total(harness) == 0, "something was stored before consent"

    step1 = await tap(user, T.get("onboarding.button_consent"))
    assert step1.text.startswith("Step 1 of 3")
    stored = await person(harness, user)
    assert stored is not None and stored.timezone is None
    assert stored.consented_at == harness.clock.now

    await say(user, "Berlin")
    schedule_step = user.last_message
    assert "Time zone set to Europe/Berlin (it's 10:00 there now)" in schedule_step.text
    assert "Step 2 of 3" in schedule_step.text
    assert (await person(harness, user)).timezone == "Europe/Berlin"

    goal_step = await tap(user, T.get("onboarding.button_keep_schedule"))
    assert "Step 3 of 3" in goal_step.text
    assert labels(goal_step) == ["1500 ml", "2000 ml ✓", "2500 ml", "3000 ml"]
    await tap(user, "2500 ml")
    done = await tap(user, T.get("onboarding.button_skip_profile"))
    assert done.text == plain(T.get("onboarding.setup_done"))
    assert done.buttons == []

    stored = await person(harness, user)
    assert (stored.timezone, stored.water_goal_ml) == ("Europe/Berlin", 2500)
    assert (stored.conditions, stored.medications) == ((), ())
    async with harness.store() as uow:
        schedule = await uow.schedules.get(stored.id)
        assert await uow.flows.load(stored.id) is None, "the setup flow was left open"
    assert (schedule.checkin_at, schedule.stretch_at) == (dt.time(20), dt.time(8))
    assert (schedule.quiet_start, schedule.quiet_end) == (dt.time(22), dt.time(7))
    assert schedule.hydration_every_minutes == 180


async def test_declining_consent_stores_nothing(harness):
    user = harness.server.user(1002, "Bo")
    await say(user, "/start")
    declined = await tap(user, T.get("onboarding.button_decline"))
    assert declined.text == plain(T.get("onboarding.declined"))
    assert declined.buttons == []
    assert await people_total(harness) == 0

    # Words and commands afterwards still store nothing; they point back to /start.
    # Spec v2 (bot-v2 item 2): health talk first gets the red-flag screen, whose "None of
    # these" points back to /start; words with no health content point back at once.
    screen = await say(user, "my back hurts, 7/10")
    assert screen.text == plain(T.get("safety.screen_ask"))
    cleared = await tap(user, T.get("safety.button_none_of_these"))
    assert plain(T.get("safety.needs_start_after")) in cleared.text
    assert (await say(user, "hello")).text == plain(T.get("common.needs_start"))
    assert (await say(user, "/water 300")).text == plain(T.get("common.needs_start"))
    assert await people_total(harness) == 0


async def test_a_typed_local_time_sets_the_zone_at_once_when_only_one_fits(harness):
    user = harness.server.user(1003, "Cem")
    await say(user, "/start")
    await tap(user, T.get("onboarding.button_consent"))
    # The harness clock is 09:00 UTC: 10:00 on a Berlin clock.
    answer = await say(user, "10:00")
    assert "Time zone set to Europe/Berlin" in answer.text
    assert (await person(harness, user)).timezone == "Europe/Berlin"


async def test_a_typed_local_time_that_fits_several_zones_offers_them(harness):
    user = harness.server.user(1004, "Devi")
    await say(user, "/start")
    await tap(user, T.get("onboarding.button_consent"))
    # 14:30 at 09:00 UTC is India; Nepal's clock (14:45) is within a quarter hour too.
    offered = await say(user, "14:30")
    assert plain(T.get("onboarding.pick_timezone")) in offered.text
    assert labels(offered) == ["Asia/Kolkata", "Asia/Kathmandu"]
    assert (await person(harness, user)).timezone is None
    picked = await tap(user, "Asia/Kolkata")
    assert "Time zone set to Asia/Kolkata (it's 14:30 there now)" in picked.text
    assert (await person(harness, user)).timezone == "Asia/Kolkata"


async def test_a_country_with_several_zones_offers_them_and_a_unknown_place_asks_again(harness):
    user = harness.server.user(1005, "Eli")
    await say(user, "/start")
    await tap(user, T.get("onboarding.button_consent"))
    unknown = await say(user, "Atlantis")
    assert unknown.text == plain(T.get("onboarding.timezone_not_found"))
    offered = await say(user, "Germany")
    assert "Europe/Berlin" in labels(offered)
    await tap(user, "Europe/Berlin")
    assert (await person(harness, user)).timezone == "Europe/Berlin"


async def test_a_shared_location_sets_the_zone(harness):
    user = harness.server.user(1006, "Fay")
    await say(user, "/start")
    await tap(user, T.get("onboarding.button_consent"))
    user.send_location(*BERLIN)
    await user.settle()
    assert "Time zone set to Europe/Berlin" in user.last_message.text
    assert "Step 2 of 3" in user.last_message.text
    assert (await person(harness, user)).timezone == "Europe/Berlin"


async def test_a_guessed_zone_is_one_tap(harness):
    user = harness.server.user(1007, "Gus")
    await say(user, "/start")
    step1 = await tap(user, T.get("onboarding.button_consent"))
    assert "Europe/London" in labels(step1)  # guessed from the English language code
    await tap(user, "Europe/London")
    assert (await person(harness, user)).timezone == "Europe/London"


async def test_a_typed_goal_in_ml_or_litres_is_stored_and_out_of_range_is_refused(harness):
    for user_id, typed in ((1008, "2500"), (1009, "2.5 l")):
        user = harness.server.user(user_id, "Hal")
        await say(user, "/start")
        await tap(user, T.get("onboarding.button_consent"))
        await say(user, "Berlin")
        await tap(user, T.get("onboarding.button_keep_schedule"))
        refused = await say(user, "9000")
        assert refused.text == plain(T.get("onboarding.goal_out_of_range"))
        profile_step = await say(user, typed)
        assert profile_step.text == plain(T.get("onboarding.ask_profile")), typed
        assert (await person(harness, user)).water_goal_ml == 2500, typed


async def test_a_health_profile_is_chosen_with_multi_select(harness):
    user = harness.server.user(1010, "Ida")
    await say(user, "/start")
    await tap(user, T.get("onboarding.button_consent"))
    await say(user, "Berlin")
    await tap(user, T.get("onboarding.button_keep_schedule"))
    await tap(user, "2000 ml ✓")
    conditions = await tap(user, T.get("onboarding.button_add_profile"))
    assert conditions.text == plain(T.get("onboarding.ask_conditions"))
    await tap(user, "Kidney stones before")
    ticked = await tap(user, "Diabetes")
    assert {"✓ Kidney stones before", "✓ Diabetes"} <= set(labels(ticked))
    untick = await tap(user, "✓ Diabetes")
    assert "Diabetes" in labels(untick) and "✓ Kidney stones before" in labels(untick)
    medications = await tap(user, T.get("common.button_done"))
    assert medications.text == plain(T.get("onboarding.ask_medications"))
    await tap(user, "Water pill (diuretic)")
    changed = await tap(user, T.get("common.button_done"))
    assert changed.text == plain(T.get("onboarding.ask_med_changed"))
    done = await tap(user, T.get("common.button_yes"))
    assert done.text == plain(T.get("onboarding.setup_done"))

    stored = await person(harness, user)
    assert stored.conditions == ("kidney_stones_history",)
    assert stored.medications == ("diuretic",)
    assert stored.medication_changed_recently is True


async def test_start_again_shows_the_settings_and_help(harness):
    user = harness.server.user(1011, "Jo")
    await onboard(harness, user, goal="3000 ml")
    before = len(user.messages)
    await say(user, "/start")
    shown = [m.text for m in user.messages[before:]]
    assert len(shown) == 2, shown
    assert shown[0].startswith("Your settings")
    assert "time zone: Europe/Berlin" in shown[0]
    assert "water goal: 3000 ml" in shown[0]
    assert "check-in: 20:00" in shown[0]
    assert shown[1] == plain(T.get("common.help"))
    assert await people_total(harness) == 1
