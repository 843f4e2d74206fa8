"""The time-zone step forgives: a near-miss city is offered ("did you mean"), a UTC/GMT offset
is kept for now while the bot asks for the city, and a place it cannot find is asked again."""

from __future__ import annotations

from tests.bot.journey import T, labels, person, plain, say, tap


async def _at_zone_step(harness, user_id: int, name: str):
    user = harness.server.user(user_id, name)
    await say(user, "/start")
    await tap(user, T.get("onboarding.button_consent"))
    return user


async def test_a_misspelt_city_is_offered_and_one_tap_sets_it(harness):
    user = await _at_zone_step(harness, 1101, "Ana")
    offered = await say(user, "Lisbn")
    assert offered.text == plain(T.html("onboarding.did_you_mean", place="Lisbon"))
    assert labels(offered) == ["Europe/Lisbon"]
    assert (await person(harness, user)).timezone is None
    chosen = await tap(user, "Europe/Lisbon")
    assert "Time zone set to Europe/Lisbon" in chosen.text
    assert "Step 2 of 3" in chosen.text
    assert (await person(harness, user)).timezone == "Europe/Lisbon"


async def test_a_misspelt_country_offers_its_zones_and_nonsense_is_still_refused(harness):
    user = await _at_zone_step(harness, 1102, "Ben")
    offered = await say(user, "Germny")
    assert offered.text == plain(T.html("onboarding.did_you_mean", place="Germany"))
    assert "Europe/Berlin" in labels(offered)
    assert (await say(user, "Qwzxv")).text == plain(T.get("onboarding.timezone_not_found"))


async def test_an_offset_is_kept_for_now_and_the_city_is_asked_for(harness):
    for user_id, typed in ((1103, "GMT+3"), (1104, "UTC+3")):
        user = await _at_zone_step(harness, user_id, "Cai")
        asked = await say(user, typed)
        # 09:00 UTC is 12:00 at UTC+3.
        expected = T.html("onboarding.offset_for_now", offset="UTC+3", local_time="12:00")
        assert asked.text == plain(expected)
        assert labels(asked) == [T.get("onboarding.button_keep_offset", offset="UTC+3")]
        assert (await person(harness, user)).timezone == "Etc/GMT-3"
        # The city, typed next, replaces the offset and setup goes on.
        done = await say(user, "Nairobi")
        assert "Time zone set to Africa/Nairobi" in done.text
        assert "Step 2 of 3" in done.text
        assert (await person(harness, user)).timezone == "Africa/Nairobi"


async def test_an_offset_can_be_kept_with_one_tap(harness):
    user = await _at_zone_step(harness, 1105, "Dee")
    await say(user, "UTC-5")
    kept = await tap(user, T.get("onboarding.button_keep_offset", offset="UTC-5"))
    assert "Time zone set to UTC-5 (it's 04:00 there now)" in kept.text
    assert "Step 2 of 3" in kept.text
    assert (await person(harness, user)).timezone == "Etc/GMT+5"


async def test_a_half_hour_offset_offers_the_places_that_keep_it_or_says_none_does(harness):
    user = await _at_zone_step(harness, 1106, "Eve")
    offered = await say(user, "UTC+05:30")
    assert offered.text == T.get("onboarding.confirm_country")
    assert labels(offered) == ["India (Asia/Kolkata)"]
    refused = await say(user, "UTC-05:30")
    assert refused.text == plain(T.html("onboarding.offset_unused", offset="UTC-05:30"))
    assert (await person(harness, user)).timezone is None
