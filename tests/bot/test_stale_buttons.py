"""Stale and forged buttons: a press from an old keyboard or with made-up data answers briefly,
changes nothing stored, and never ends in "something went wrong"."""

from __future__ import annotations

import logging

import pytest

from handlers.prompts.render import checkin_prompt
from tests.bot.journey import (
    T,
    assessments,
    day,
    local_date,
    onboard,
    person,
    plain,
    say,
    tap,
    tap_raw,
)

CLOSED = T.get("common.flow_closed")


async def snapshot(harness, user):
    """What a press must not change: the flow, the day and the assessments."""
    found = await person(harness, user)
    async with harness.store() as uow:
        flow = await uow.flows.load(found.id)
    flow_key = None if flow is None else (flow.flow_id, flow.step, flow.version, dict(flow.answers))
    runs = [(r.id, r.triage_level) for r in await assessments(harness, user)]
    return flow_key, await day(harness, user), runs, found


def no_apology(user) -> None:
    assert not any(m.text == T.get("common.something_went_wrong") for m in user.messages), (
        user.transcript()
    )


async def test_a_press_on_the_keyboard_of_a_finished_questionnaire_is_closed(harness):
    user = harness.server.user(7001, "Alex")
    await onboard(harness, user)
    question = await say(user, "/assess")
    yes = question.find_button("Yes").value
    for label in ("Yes", "Lower back", "7", "2", "None", "None of these", "1 to 1.5 l"):
        await tap(user, label)
    before = await snapshot(harness, user)
    messages = len(user.messages)

    assert await tap_raw(user, yes, question.message_id) == CLOSED
    assert await snapshot(harness, user) == before
    assert len(user.messages) == messages
    no_apology(user)


async def test_a_double_tap_on_a_step_counts_once(harness):
    user = harness.server.user(7002, "Bo")
    await onboard(harness, user)
    await say(user, "/assess")
    user.press("Yes")
    user.press("Yes")  # the same old keyboard, before the bot has redrawn it
    await user.settle()
    found = await person(harness, user)
    async with harness.store() as uow:
        flow = await uow.flows.load(found.id)
    assert flow.step == "where", "the second tap must not move the flow on again"
    assert [a.text for a in user.callback_answers[-2:]] == [None, CLOSED]


async def test_forged_button_data_changes_nothing(harness, caplog):
    caplog.set_level(logging.WARNING)
    user = harness.server.user(7003, "Cem")
    await onboard(harness, user)
    await say(user, "/water 500")
    question = await say(user, "/assess")
    await tap(user, "Yes")
    before = await snapshot(harness, user)
    forged = [
        ("ci:xxxx0000:tog:lower_back", CLOSED),
        ("zz:1:2", CLOSED),
        ("", CLOSED),
        ("ci:" + "a" * 70, CLOSED),
        ("ci:abc:tog:" + "x" * 60, CLOSED),
        ("w:19990101:add:250", T.get("prompts.water_stale")),
        ("st:19990101:done", CLOSED),
        ("cp:19990101:good", CLOSED),
        ("fu:999999:help", CLOSED),
        ("fu:notanid:worse", CLOSED),
        ("ob:zzzz:tz:0", CLOSED),
    ]
    for data, expected in forged:
        assert await tap_raw(user, data, question.message_id) == expected, data
        assert await snapshot(harness, user) == before, data
    no_apology(user)
    assert (await day(harness, user)).water_ml == 500
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_a_water_tap_of_a_real_but_old_prompt_logs_nothing(harness):
    user = harness.server.user(7004, "Devi")
    await onboard(harness, user)
    shown = await say(user, "/water")
    harness.clock.advance(days=1)  # the prompt is now yesterday's
    answer = await tap_raw(user, shown.find_button("+250 ml").value, shown.message_id)
    assert answer == T.get("prompts.water_stale")
    assert user.callback_answers[-1].show_alert
    assert await day(harness, user) is None


async def test_an_old_consent_message_cannot_undo_or_restart_setup(harness):
    user = harness.server.user(7005, "Eli")
    first_welcome = await say(user, "/start")
    await say(user, "/start")  # a second welcome before answering the first
    await tap(user, T.get("onboarding.button_consent"))
    await say(user, "Berlin")
    await tap(user, T.get("onboarding.button_keep_schedule"))
    await tap(user, "2000 ml ✓")
    await tap(user, T.get("onboarding.button_skip_profile"))
    before = await snapshot(harness, user)

    for label in (T.get("onboarding.button_decline"), T.get("onboarding.button_consent")):
        data = first_welcome.find_button(label).value
        answer = await tap_raw(user, data, first_welcome.message_id)
        assert answer == CLOSED, f"{label!r} on an old welcome after setup answered {answer!r}"
        assert await snapshot(harness, user) == before, label
    welcome_now = next(m for m in user.messages if m.message_id == first_welcome.message_id)
    assert welcome_now.text != plain(T.get("onboarding.declined")), "told 'I haven't kept anything'"


@pytest.mark.parametrize("water_first", [True, False])
async def test_the_checkin_prompt_answered_twice_counts_once(harness, water_first):
    user = harness.server.user(7006, "Fay")
    await onboard(harness, user)
    if water_first:
        await say(user, "/water 1500")
    prompt = checkin_prompt(local_date(harness), T)
    sent = await harness.app.bot.send_message(
        user.chat_id, prompt.text, reply_markup=prompt.keyboard, parse_mode="HTML"
    )
    await user.settle()
    good = next(b.value for b in user.last_message.all_buttons if b.text == "All good")
    await tap_raw(user, good, sent.message_id)
    if not water_first:
        await tap(user, "2 l or more")
    messages = len(user.messages)
    before = await snapshot(harness, user)

    assert await tap_raw(user, good, sent.message_id) == CLOSED
    assert await snapshot(harness, user) == before
    assert len(user.messages) == messages, user.transcript()


async def test_a_double_tap_on_all_good_checks_in_once(harness):
    user = harness.server.user(7007, "Gus")
    await onboard(harness, user)
    await say(user, "/water 1500")
    prompt = checkin_prompt(local_date(harness), T)
    await harness.app.bot.send_message(
        user.chat_id, prompt.text, reply_markup=prompt.keyboard, parse_mode="HTML"
    )
    await user.settle()
    user.press("All good")
    user.press("All good")  # both taps leave before the bot has changed the message
    await user.settle()
    runs = await assessments(harness, user)
    assert len(runs) == 1, (
        f"a double tap on the evening prompt's 'All good' stored {len(runs)} check-ins:\n"
        f"{user.transcript()}"
    )
