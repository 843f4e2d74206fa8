"""/settings KEY VALUE for every key (and values it must refuse), /pause, /pause DAYS, /resume."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.water.intake import water_logged
from tests.bot.journey import T, onboard, person, plain, say


async def stored_schedule(harness, user):
    found = await person(harness, user)
    async with harness.store() as uow:
        return await uow.schedules.get(found.id)


@pytest.fixture
async def alex(harness):
    user = harness.server.user(10001, "Alex")
    await onboard(harness, user)
    return user


async def test_settings_without_a_key_lists_them(harness, alex):
    shown = await say(alex, "/settings")
    assert shown.text.startswith("Your settings")
    for line in (
        "time zone: Europe/Berlin",
        "water reminders: 09:00-21:00 every 3h",
        "stretch: 08:00",
        "check-in: 20:00",
        "quiet hours: 22:00-07:00",
        "water goal: 2000 ml",
        "language: en",
    ):
        assert line in shown.text, line


async def test_timezone(harness, alex):
    assert (await say(alex, "/settings timezone Europe/London")).text == T.html(
        "settings.saved", name="time zone", value="Europe/London"
    )
    assert (await person(harness, alex)).timezone == "Europe/London"
    await say(alex, "/settings tz new york")
    assert (await person(harness, alex)).timezone == "America/New_York"
    for bad in ("Atlantis", "UTC+2", "+02:00", ""):
        answer = await say(alex, f"/settings timezone {bad}".strip())
        assert answer.text.startswith(T.get("settings.ask_timezone")), bad
    several = await say(alex, "/settings timezone Germany")
    assert (
        several.text.startswith(T.get("settings.ask_timezone")) and "Europe/Berlin" in several.text
    )
    assert (await person(harness, alex)).timezone == "America/New_York", "an offset is never stored"


async def test_checkin_and_stretch_times(harness, alex):
    assert (await say(alex, "/settings checkin 20:30")).text == T.html(
        "settings.saved", name="checkin", value="20:30"
    )
    assert (await say(alex, "/settings stretch 7.45")).text == T.html(
        "settings.saved", name="stretch", value="7.45"
    )
    for bad in ("25:00", "8pm", "20:61", ""):
        assert (await say(alex, f"/settings checkin {bad}")).text == T.get("settings.bad_time"), bad
    schedule = await stored_schedule(harness, alex)
    assert (schedule.checkin_at, schedule.stretch_at) == (dt.time(20, 30), dt.time(7, 45))


async def test_hydration(harness, alex):
    answer = await say(alex, "/settings hydration 08:00-20:00 every 2h")
    assert answer.text == T.html(
        "settings.saved", name="water reminders", value="08:00-20:00 every 2h"
    )
    for bad in ("21:00-09:00 every 3h", "09:00-21:00 every 9h", "often", "09:00-21:00"):
        assert (await say(alex, f"/settings hydration {bad}")).text == T.get(
            "settings.bad_hydration"
        ), bad
    schedule = await stored_schedule(harness, alex)
    assert (schedule.hydration_start, schedule.hydration_end) == (dt.time(8), dt.time(20))
    assert schedule.hydration_every_minutes == 120


async def test_goal(harness, alex):
    assert (await say(alex, "/settings goal 2500")).text == T.html(
        "settings.saved", name="water goal", value="2500 ml"
    )
    assert (await person(harness, alex)).water_goal_ml == 2500
    await say(alex, "/settings goal 3.5 l")
    assert (await person(harness, alex)).water_goal_ml == 3500
    for bad in ("100", "9000", "lots", "-2000"):
        assert (await say(alex, f"/settings goal {bad}")).text == T.get("settings.bad_goal"), bad
    assert (await person(harness, alex)).water_goal_ml == 3500


async def test_quiet_hours(harness, alex):
    assert (await say(alex, "/settings quiet 23:00-06:30")).text == T.html(
        "settings.saved", name="quiet hours", value="23:00-06:30"
    )
    schedule = await stored_schedule(harness, alex)
    assert (schedule.quiet_start, schedule.quiet_end) == (dt.time(23), dt.time(6, 30))
    for bad in ("22:00", "22:00-22:00", "late"):
        assert (await say(alex, f"/settings quiet {bad}")).text == T.get("settings.bad_range"), bad
    assert (await say(alex, "/settings quiet off")).text == T.html(
        "settings.saved", name="quiet hours", value="off"
    )
    schedule = await stored_schedule(harness, alex)
    assert (schedule.quiet_start, schedule.quiet_end) == (None, None)


async def test_language_and_an_unknown_key(harness, alex):
    assert (await say(alex, "/settings language en")).text == T.html(
        "settings.saved", name="language", value="en"
    )
    assert (await say(alex, "/settings language de")).text == T.get("settings.bad_language")
    assert (await person(harness, alex)).language == "en"
    assert (await say(alex, "/settings colour blue")).text == T.get(
        "settings.unknown_key"
    ) + " " + T.get("settings.settings_help")


async def test_pause_resume_and_pause_for_days(harness, alex):
    assert (await say(alex, "/resume")).text == T.get("settings.not_paused")
    assert (await say(alex, "/pause")).text == plain(T.get("settings.paused"))
    stored = await person(harness, alex)
    assert stored.is_paused(harness.clock.now) and stored.paused_until is None
    logged = await say(alex, "/water 300")  # on-demand commands keep working
    assert logged.text == water_logged(300, 300, 2000, T)
    assert (await say(alex, "/resume")).text == T.get("settings.resumed")
    assert not (await person(harness, alex)).is_paused(harness.clock.now)

    answer = await say(alex, "/pause 3")
    assert answer.text == plain(T.html("settings.paused_until", until="2026-11-21 10:00")), (
        "the end in local time"
    )
    stored = await person(harness, alex)
    assert stored.paused_until == harness.clock.now + dt.timedelta(days=3)
    assert "reminders: paused" in (await say(alex, "/settings")).text
    harness.clock.advance(days=3, minutes=1)
    assert not (await person(harness, alex)).is_paused(harness.clock.now)

    for bad in ("0", "100", "soon"):
        assert (await say(alex, f"/pause {bad}")).text == T.get("settings.bad_pause"), bad
