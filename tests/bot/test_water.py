"""Logging water: /water with amounts in several forms, a bare number, the hydration prompt's
buttons and "Other amount"; each checked against the stored total; absurd amounts refused."""

from __future__ import annotations

from handlers.prompts.render import hydration_prompt
from handlers.water.intake import water_logged
from tests.bot.journey import T, day, local_date, onboard, person, plain, say, tap, texts


async def water_logs(harness, user):
    found = await person(harness, user)
    async with harness.store() as uow:
        return await uow.days.water_logs(found.id, local_date(harness))


async def send_hydration_prompt(harness, user, total_ml: int):
    prompt = hydration_prompt(local_date(harness), total_ml, 2000, behind=False, texts=T)
    sent = await harness.app.bot.send_message(
        user.chat_id, prompt.text, reply_markup=prompt.keyboard, parse_mode="HTML"
    )
    await user.settle()
    return sent


async def test_amounts_in_many_forms_add_up_in_the_store(harness):
    user = harness.server.user(6001, "Alex")
    await onboard(harness, user)
    steps = [
        ("/water 300", 300, 300),
        ("/water 0.5 l", 500, 800),
        ("/water 2 glasses", 500, 1300),
        ("300", 300, 1600),  # a bare number typed outside any flow
        ("drank 0.2 l", 200, 1800),
    ]
    for typed, added, total in steps:
        answer = await say(user, typed)
        assert answer.text == water_logged(added, total, 2000, T), typed
        assert (await day(harness, user)).water_ml == total, typed
    logs = await water_logs(harness, user)
    assert [log.ml for log in logs] == [300, 500, 500, 300, 200]
    assert [log.source for log in logs] == ["command"] * 3 + ["text"] * 2


async def test_the_hydration_prompt_logs_a_tap_and_another_amount(harness):
    user = harness.server.user(6002, "Bo")
    await onboard(harness, user)
    await say(user, "/water 1000")
    sent = await send_hydration_prompt(harness, user, 1000)
    assert "Today so far: 1000 of 2000 ml." in user.last_message.text

    await tap(user, "+250 ml")
    prompt_now = next(m for m in user.messages if m.message_id == sent.message_id)
    assert prompt_now.text == water_logged(250, 1250, 2000, T)
    assert [b.text for b in prompt_now.all_buttons] == [T.get("prompts.button_undo")]
    assert user.callback_answers[-1].text == "+250 ml"
    assert (await day(harness, user)).water_ml == 1250

    await send_hydration_prompt(harness, user, 1250)
    asked = await tap(user, T.get("prompts.button_water_other"))
    assert asked.text == T.get("prompts.ask_water_amount")
    unclear = await say(user, "quite a bit")
    assert unclear.text == T.get("prompts.ask_water_amount")
    logged = await say(user, "400")
    assert logged.text == water_logged(400, 1650, 2000, T)
    assert (await day(harness, user)).water_ml == 1650
    async with harness.store() as uow:
        assert await uow.flows.load((await person(harness, user)).id) is None

    await send_hydration_prompt(harness, user, 1650)
    reached = await tap(user, "+500 ml")
    assert reached.text.endswith("Goal reached, well done! No more water reminders today.")
    assert (await day(harness, user)).water_ml == 2150


async def test_water_without_an_amount_shows_the_buttons_and_skip_logs_nothing(harness):
    user = harness.server.user(6003, "Cem")
    await onboard(harness, user)
    shown = await say(user, "/water")
    assert shown.text == plain(T.get("prompts.water_ask"))
    assert [b.text for b in shown.all_buttons] == ["+250 ml", "+500 ml", "Other amount", "Skip"]
    skipped = await tap(user, "Skip")
    assert skipped.text == T.get("prompts.water_skipped")
    assert await day(harness, user) is None or (await day(harness, user)).water_ml is None


async def test_absurd_amounts_are_refused_and_nothing_is_logged(harness):
    user = harness.server.user(6004, "Devi")
    await onboard(harness, user)
    before = len(user.messages)
    for typed in ("/water 6 l", "/water 10000 ml", "/water 99999", "/water lots"):
        answer = await say(user, typed)
        assert answer.text in (
            T.get("prompts.water_too_much"),
            T.get("prompts.ask_water_amount"),
        ), typed
    assert len(texts(user, before)) == 4
    assert await water_logs(harness, user) == []


async def test_zero_is_not_called_too_much(harness):
    user = harness.server.user(6005, "Eli")
    await onboard(harness, user)
    answer = await say(user, "/water 0 ml")
    assert answer.text != T.get("prompts.water_too_much"), (
        "0 ml is told it is 'more than I can log'"
    )
    assert answer.text == T.get("prompts.ask_water_amount")
    assert await water_logs(harness, user) == []
