"""/settings as buttons: a menu with every setting, steps answered by a button or by typing,
edits in place, Back, and stale or forged presses that change nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.preferences.table import SETTINGS
from tests.bot.journey import T, labels, onboard, person, plain, say, tap, tap_raw

CLOSED = T.get("common.flow_closed")
EVERY_SETTING = [
    "Time zone", "Check-in", "Stretch", "Water reminders", "Quiet hours", "Weekly summary",
    "Water goal",
    "Language", "Reminders", "Conditions", "Medicines", "Age", "Pregnancy",
]  # fmt: skip


@pytest.fixture
async def alex(harness):
    user = harness.server.user(12001, "Alex")
    await onboard(harness, user)
    return user


async def stored(harness, user):
    found = await person(harness, user)
    async with harness.store() as uow:
        return found, await uow.schedules.get(found.id), await uow.flows.load(found.id)


async def test_the_menu_has_a_button_for_every_setting_from_the_one_table(harness, alex):
    menu = await say(alex, "/settings")
    assert menu.text.startswith("Your settings")
    for line in ("age: not set", "pregnancy: no", "conditions: none given", "reminders: on"):
        assert line in menu.text, line
    assert labels(menu) == [*EVERY_SETTING, T.get("common.button_done")]
    # The menu is the table: every row shown in it has its button, nothing else.
    assert len([s for s in SETTINGS if s.in_menu]) == len(EVERY_SETTING)


async def test_a_button_step_edits_the_menu_in_place_and_saves(harness, alex):
    menu = await say(alex, "/settings")
    count = len(alex.messages)
    step = await tap(alex, "Water goal")
    assert step.message_id == menu.message_id and len(alex.messages) == count
    assert plain(T.get("settings.ask_goal")) in step.text
    assert labels(step) == [
        "1500 ml", "2000 ml", "2500 ml", "3000 ml", T.get("settings.button_back"),
    ]  # fmt: skip
    after = await tap(alex, "2500 ml")
    assert after.message_id == menu.message_id and len(alex.messages) == count
    assert after.text.startswith(
        plain(T.html("settings.saved", name="water goal", value="2500 ml"))
    )
    assert "water goal: 2500 ml" in after.text and "Water goal" in labels(after)
    found, _, _ = await stored(harness, alex)
    assert found.water_goal_ml == 2500

    done = await tap(alex, T.get("common.button_done"))
    assert done.message_id == menu.message_id and done.buttons == []
    assert (await stored(harness, alex))[2] is None, "Done ends the menu"


async def test_a_typed_answer_in_a_step_is_checked_then_saved(harness, alex):
    since = len(alex.messages)
    await say(alex, "/settings")
    await tap(alex, "Check-in")
    refused = await say(alex, "25:00")
    assert refused.text.startswith(T.get("settings.bad_time"))
    assert (await stored(harness, alex))[1].checkin_at == dt.time(20, 0)
    saved = await say(alex, "21:15")
    assert saved.text.startswith(plain(T.html("settings.saved", name="check-in", value="21:15")))
    assert "check-in: 21:15" in saved.text and "Check-in" in labels(saved)
    _, schedule, flow = await stored(harness, alex)
    assert schedule.checkin_at == dt.time(21, 15) and flow.step == "menu"
    older = [m for m in alex.messages[since:-1] if m.buttons]
    assert older == [], "the earlier menu message lost its buttons"

    await tap(alex, "Quiet hours")
    off = await tap(alex, T.get("settings.button_off"))
    assert "quiet hours: off" in off.text
    assert (await stored(harness, alex))[1].quiet_start is None


async def test_back_changes_nothing(harness, alex):
    await say(alex, "/settings")
    before = (await stored(harness, alex))[0]
    step = await tap(alex, "Age")
    assert plain(T.get("settings.ask_age")) in step.text
    menu = await tap(alex, T.get("settings.button_back"))
    assert menu.text.startswith("Your settings") and "Age" in labels(menu)
    assert (await stored(harness, alex))[0] == before


async def test_conditions_and_medicines_by_buttons(harness, alex):
    await say(alex, "/settings")
    step = await tap(alex, "Conditions")
    assert "Diabetes" in labels(step) and "Pregnancy" not in labels(step)
    assert "Gave birth in the last 6 weeks" not in labels(step), "pregnancy has its own step"
    await tap(alex, "Diabetes")
    await tap(alex, "Heart condition")
    await tap(alex, "✓ Heart condition")
    menu = await tap(alex, T.get("common.button_done"))
    assert "conditions: Diabetes" in menu.text
    await tap(alex, "Medicines")
    await tap(alex, "Statin")
    menu = await tap(alex, T.get("common.button_done"))
    assert "medicines: Statin" in menu.text
    found, _, _ = await stored(harness, alex)
    assert found.conditions == ("diabetes",) and found.medications == ("statin",)

    await tap(alex, "Medicines")
    menu = await tap(alex, T.get("checkin.button_none"))
    assert "medicines: none given" in menu.text
    assert (await stored(harness, alex))[0].medications == ()


async def test_pregnancy_with_a_due_date_by_buttons_and_typing(harness, alex):
    await say(alex, "/settings")
    step = await tap(alex, "Pregnancy")
    assert labels(step) == [
        T.get("settings.button_pregnant"),
        T.get("settings.button_gave_birth"),
        T.get("settings.button_not_pregnant"),
        T.get("settings.button_back"),
    ]
    due_step = await tap(alex, T.get("settings.button_pregnant"))
    assert plain(T.get("settings.ask_due_date")) in due_step.text
    assert (await stored(harness, alex))[0].conditions == ("pregnancy",)
    assert (await say(alex, "next spring")).text.startswith(T.get("settings.bad_due_date"))
    menu = await say(alex, "20 May")
    assert "pregnancy: pregnant, due 20 May 2027" in menu.text
    found, _, _ = await stored(harness, alex)
    assert found.pregnancy_due == dt.date(2027, 5, 20) and "pregnancy" in found.conditions

    # Conditions changed afterwards keep the pregnancy.
    await tap(alex, "Conditions")
    await tap(alex, "Diabetes")
    await tap(alex, T.get("common.button_done"))
    found, _, _ = await stored(harness, alex)
    assert set(found.conditions) == {"diabetes", "pregnancy"}

    await tap(alex, "Pregnancy")
    menu = await tap(alex, T.get("settings.button_not_pregnant"))
    assert "pregnancy: no" in menu.text
    found, _, _ = await stored(harness, alex)
    assert found.conditions == ("diabetes",) and found.pregnancy_due is None


async def test_a_recent_birth_counts_for_six_weeks(harness, alex):
    await say(alex, "/settings")
    await tap(alex, "Pregnancy")
    step = await tap(alex, T.get("settings.button_gave_birth"))
    assert plain(T.get("settings.ask_birth_date")) in step.text
    menu = await tap(alex, T.get("settings.button_today"))
    assert "pregnancy: gave birth recently (counted until 29 December 2026)" in menu.text
    found, _, _ = await stored(harness, alex)
    today = dt.date(2026, 11, 18)
    assert found.conditions_on(today) == ("recently_gave_birth",)
    assert found.conditions_on(today + dt.timedelta(weeks=6, days=1)) == ()


async def test_stale_and_forged_presses_change_nothing(harness, alex):
    first = await say(alex, "/settings")
    old_goal = first.find_button("Water goal").value
    await tap(alex, "Water goal")
    step = alex.last_message
    token = step.find_button("2500 ml").value.split(":")[1]
    before = await stored(harness, alex)

    assert await tap_raw(alex, f"set:{token}:set:9999", step.message_id) == CLOSED
    assert await tap_raw(alex, f"set:{token}:tog:pregnancy", step.message_id) == CLOSED
    assert await tap_raw(alex, f"set:{token}:open:due", step.message_id) == CLOSED
    assert await tap_raw(alex, "set:00000000m:open:goal", step.message_id) == CLOSED
    assert await stored(harness, alex) == before

    await say(alex, "/settings")  # a new menu: the first one's buttons are stale
    before = await stored(harness, alex)
    assert await tap_raw(alex, old_goal, first.message_id) == CLOSED
    assert await stored(harness, alex) == before


async def test_typed_keys_for_the_health_details(harness, alex):
    def saved(name, value):
        return plain(T.html("settings.saved", name=name, value=value))

    answer = await say(alex, "/settings conditions diabetes, kidney stones")
    assert answer.text == saved("conditions", "Kidney stones before, Diabetes")
    assert (await say(alex, "/settings medicines statin and water pill")).text == saved(
        "medicines", "Water pill (diuretic), Statin"
    )
    assert (await say(alex, "/settings age 54")).text == saved("age", "54")
    assert (await say(alex, "/settings age 200")).text == T.get("settings.bad_age")
    assert (await say(alex, "/settings conditions gout")).text == T.get("settings.bad_conditions")
    answer = await say(alex, "/settings pregnant 2027-05-20")
    assert answer.text == saved("pregnancy", "pregnant, due 20 May 2027")
    found = await person(harness, alex)
    assert found.conditions == ("kidney_stones_history", "diabetes", "pregnancy")
    assert found.medications == ("diuretic", "statin") and found.age == 54
    assert found.pregnancy_due == dt.date(2027, 5, 20)

    answer = await say(alex, "/settings pregnant yes")
    assert answer.text == saved("pregnancy", "pregnant") + "\n" + T.get("settings.example_due")
    assert (await say(alex, "/settings due 2020-01-01")).text == T.get("settings.bad_due_date")
    await say(alex, "/settings pregnant no")
    await say(alex, "/settings conditions none")
    found = await person(harness, alex)
    assert found.conditions == () and found.pregnancy_due is None
    assert "I don't know" not in (await say(alex, "/settings medicines none")).text
