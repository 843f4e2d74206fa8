"""The daily check-in and /assess: one-tap "All good", a full questionnaire ending in self-care
advice, and two answers in one day merged into one day record."""

from __future__ import annotations

import re

from engine import stretch_library
from handlers.prompts.render import checkin_prompt
from tests.bot.journey import (
    T,
    assess_with,
    assessments,
    day,
    followups,
    labels,
    local_date,
    onboard,
    person,
    plain,
    say,
    tap,
    texts,
)

FULL_SELF_CARE = ("Yes", "Lower back", "7", "2", "None", "None of these", "1 to 1.5 l")
# "Not so good" on the evening prompt goes straight to where, and never waits for water.
BAD_DAY_SELF_CARE = ("Lower back", "7", "2", "None", "None of these")


async def send_checkin_prompt(harness, user):
    """What the scheduler sends at check-in time, for the person's local date."""
    prompt = checkin_prompt(local_date(harness), T)
    return await harness.app.bot.send_message(
        user.chat_id, prompt.text, reply_markup=prompt.keyboard, parse_mode="HTML"
    )


async def test_all_good_is_one_tap_when_water_was_logged(harness):
    user = harness.server.user(2001, "Alex")
    await onboard(harness, user)
    await say(user, "/water 1500")
    sent = await send_checkin_prompt(harness, user)
    await user.settle()
    assert labels(user.last_message) == [
        T.get("checkin.button_all_good"),
        T.get("checkin.button_not_great"),
    ]
    before = len(user.messages)

    await tap(user, T.get("checkin.button_all_good"))

    new = texts(user, before)
    assert len(new) == 1, f"one answer expected after one tap:\n{user.transcript()}"
    answer = new[0]
    assert answer.startswith(plain(T.get("answers.self_care_title")))
    assert answer.endswith(plain(T.get("common.not_a_clinician")))
    prompt_now = next(m for m in user.messages if m.message_id == sent.message_id)
    assert prompt_now.text == T.get("checkin.saved_checkin") and prompt_now.buttons == []

    stored_day = await day(harness, user)
    assert stored_day.water_ml == 1500
    assert stored_day.spasms.count == 0 and stored_day.red_flags == ()
    (run,) = await assessments(harness, user)
    assert run.engine_version == "2.0.0"
    assert run.triage_level == "self_care"
    assert run.local_date == local_date(harness)
    assert run.input["today"]["water_ml"] == 1500
    level = T.lookup(f"answers.risk_level.{run.answer['risk']['level']}")
    assert f"the chance of more spasms or bladder trouble looks {level}" in answer, answer
    assert "/100" not in answer, "the score means nothing without its scale: never shown"
    assert await followups(harness, user) == []
    # No spasm today, yet a self-care answer still suggests a stretch (the general routine's).
    names = [s.name for s in stretch_library()]
    assert any(f"Suggested stretch: {name}" in answer for name in names), answer


async def test_all_good_never_waits_for_water(harness):
    user = harness.server.user(2002, "Bo")
    await onboard(harness, user)
    sent = await send_checkin_prompt(harness, user)
    await user.settle()
    answer = await tap(user, T.get("checkin.button_all_good"))
    assert answer.text.startswith(plain(T.get("answers.self_care_title")))
    (run,) = await assessments(harness, user)
    assert run.triage_level == "self_care" and run.input["today"]["water_ml"] is None
    # The water buttons ride along on the closed prompt, as an optional extra.
    closed = next(m for m in user.messages if m.message_id == sent.message_id)
    assert "1.5 to 2 l" in labels(closed)
    await tap(user, "1.5 to 2 l", message=sent.message_id)
    assert (await day(harness, user)).water_ml == 1750


async def test_a_full_checkin_ends_in_self_care_advice(harness):
    user = harness.server.user(2003, "Cem")
    await onboard(harness, user)
    await send_checkin_prompt(harness, user)
    await user.settle()
    where_question = await tap(user, T.get("checkin.button_not_great"))
    assert where_question.text.startswith(plain(T.get("checkin.ask_where")))
    before = len(user.messages)
    for label in BAD_DAY_SELF_CARE:
        await tap(user, label)

    new = texts(user, before)
    assert len(new) == 1, user.transcript()  # the questionnaire message itself was edited
    answer = new[0]
    (run,) = await assessments(harness, user)
    assert run.engine_version == "2.0.0" and run.triage_level == "self_care"
    risk = run.answer["risk"]
    level = T.lookup(f"answers.risk_level.{risk['level']}")
    assert re.search(rf"trouble looks {level}, mostly because of ", answer), answer
    assert "/100" not in answer
    assert "today's spasms" in answer  # the top factor, in plain words
    advice = [item["text"] for item in run.answer["advice"]]
    assert 1 <= len(advice) <= 4
    advice_lines = [line[2:] for line in answer.splitlines() if line.startswith("- ")]
    assert advice_lines == advice
    names = {s.id: s.name for s in stretch_library()}
    suggested = names[run.answer["stretches"][0]]
    assert f"Suggested stretch: {suggested} (see /stretch)." in answer
    assert answer.splitlines()[-1] == plain(T.get("common.not_a_clinician"))
    assert "Get help now" not in answer and "doctor today" not in answer

    today = run.input["today"]
    assert today["spasms"] == {"count": 2, "max_severity": 7, "locations": ["lower_back"]}
    assert (today["urinary"], today["red_flags"]) == ([], [])
    assert today["water_ml"] is None  # the evening check-in does not ask; it offers
    stored_day = await day(harness, user)
    assert (stored_day.spasms.count, stored_day.spasms.max_severity) == (2, 7)
    assert stored_day.spasms.locations == ("lower_back",)
    async with harness.store() as uow:
        assert await uow.flows.load((await person(harness, user)).id) is None


async def test_assess_twice_in_a_day_merges_into_one_day_record(harness):
    user = harness.server.user(2004, "Devi")
    await onboard(harness, user)
    await assess_with(user, *FULL_SELF_CARE)
    harness.clock.advance(hours=3)
    # Water is already known today, so the second round does not ask for it.
    await assess_with(user, "Yes", "Calf", "4", "3", "Sudden urge to pee", "Done", "None of these")

    stored_day = await day(harness, user)
    assert stored_day.spasms.count == 5  # 2 + 3
    assert stored_day.spasms.max_severity == 7  # the larger of 7 and 4
    assert stored_day.spasms.locations == ("lower_back", "calf")
    assert stored_day.urinary == ("urgency",)
    assert stored_day.water_ml == 1250  # logged once, not twice
    first, second = await assessments(harness, user)
    assert first.local_date == second.local_date == local_date(harness)
    assert second.input["today"]["spasms"]["count"] == 5
    assert second.input["today"]["spasms"]["locations"] == ["lower_back", "calf"]
    async with harness.store() as uow:
        (record,) = await uow.days.records((await person(harness, user)).id, local_date(harness), 1)
    assert record.checkins == 2


async def test_a_typed_answer_is_accepted_wherever_a_button_is(harness):
    user = harness.server.user(2005, "Eli")
    await onboard(harness, user)
    await say(user, "/assess")
    await say(user, "yes")
    assert user.last_message.text.startswith(plain(T.get("checkin.ask_where")))
    await say(user, "my calf")
    assert user.last_message.text == plain(T.get("checkin.ask_severity"))
    not_understood = await say(user, "purple")
    assert not_understood.text.startswith(plain(T.get("checkin.not_understood")))
    await say(user, "6/10")
    assert user.last_message.text == plain(T.get("checkin.ask_count"))
    await say(user, "2")
    await say(user, "no")
    await say(user, "none")
    await say(user, "drank 2 l")
    (run,) = await assessments(harness, user)
    assert run.triage_level == "self_care"
    stored_day = await day(harness, user)
    assert (stored_day.spasms.count, stored_day.spasms.max_severity) == (2, 6)
    assert stored_day.spasms.locations == ("calf",)
    assert stored_day.water_ml == 2000
