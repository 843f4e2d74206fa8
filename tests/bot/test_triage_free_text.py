"""Triage reached through a person's own words: a definite red flag is answered at once and
first, a possible one is confirmed with yes/no before anything else, and a negated one never
alarms."""

from __future__ import annotations

from tests.bot.journey import (
    T,
    assessments,
    day,
    fired_rules,
    followups,
    labels,
    onboard,
    plain,
    say,
    tap,
    texts,
)

ALARMS = (plain(T.get("answers.emergency_title")), plain(T.get("answers.urgent_title")))


async def test_cannot_pee_is_an_emergency_answered_first_in_its_own_message(harness):
    user = harness.server.user(4001, "Alex")
    await onboard(harness, user)
    before = len(user.messages)
    await say(user, "I can't pee at all")

    new = texts(user, before)
    assert len(new) == 1, user.transcript()
    assert new[0].startswith(plain(T.get("answers.emergency_title")))
    assert plain(T.html("answers.emergency_call", number="112")) in new[0]
    (run,) = await assessments(harness, user)
    assert run.triage_level == "emergency" and fired_rules(run) == ["urinary_retention"]
    assert (await day(harness, user)).red_flags == ("cannot_urinate",)
    assert [f.reason for f in await followups(harness, user)] == ["emergency"]


async def test_an_emergency_with_a_possible_flag_is_answered_before_the_yes_no_question(harness):
    user = harness.server.user(4002, "Bo")
    await onboard(harness, user)
    before = len(user.messages)
    await say(user, "I can't pee at all and my leg feels funny")
    new = texts(user, before)
    assert new[0].startswith(plain(T.get("answers.emergency_title"))), user.transcript()
    assert new[1].startswith("Just to be sure"), "the possible flag is still asked about"
    assert labels(user.last_message)[:2] == [T.get("common.button_yes"), T.get("common.button_no")]


async def test_blood_in_pee_is_soon(harness):
    user = harness.server.user(4003, "Cem")
    await onboard(harness, user)
    before = len(user.messages)
    await say(user, "there's blood in my pee")
    (answer,) = texts(user, before)
    assert answer.startswith(plain(T.get("answers.soon_title")))
    (run,) = await assessments(harness, user)
    assert run.triage_level == "soon" and fired_rules(run) == ["blood_in_urine"]
    assert await followups(harness, user) == []


async def test_a_possible_red_flag_is_confirmed_first_and_yes_is_answered_at_once(harness):
    user = harness.server.user(4004, "Devi")
    await onboard(harness, user)
    before = len(user.messages)
    question = await say(user, "my leg feels funny")
    assert texts(user, before) == [question.text], "the yes/no question comes before anything"
    assert question.text.startswith("Just to be sure, because it matters:")
    assert "weak" in question.text.lower()
    assert await assessments(harness, user) == [], "nothing assessed before the answer"

    await tap(user, T.get("common.button_yes"))
    new = texts(user, before + 1)
    # Engine contract v2: sudden leg weakness became an emergency (was urgent).
    assert len(new) == 1 and new[0].startswith(plain(T.get("answers.emergency_title"))), (
        user.transcript()
    )
    (run,) = await assessments(harness, user)
    assert run.triage_level == "emergency" and fired_rules(run) == ["leg_weakness"]
    assert (await day(harness, user)).red_flags == ("leg_weakness",)
    assert [f.reason for f in await followups(harness, user)] == ["emergency"]


async def test_a_possible_red_flag_answered_no_carries_on_with_the_questions(harness):
    user = harness.server.user(4005, "Eli")
    await onboard(harness, user)
    await say(user, "my leg feels funny")
    after_no = await tap(user, T.get("common.button_no"))
    assert after_no.text == plain(T.get("checkin.ask_spasms"))
    for label in ("No", "None", "None of these", "2 l or more"):
        await tap(user, label)
    (run,) = await assessments(harness, user)
    assert run.triage_level == "self_care"
    assert (await day(harness, user)).red_flags == ()


async def test_a_red_flag_typed_mid_questionnaire_is_answered_at_once(harness):
    user = harness.server.user(4006, "Fay")
    await onboard(harness, user)
    await say(user, "/assess")
    await tap(user, "Yes")
    before = len(user.messages)
    await say(user, "I wet myself and can't feel anything down there")
    new = texts(user, before)
    assert new and new[0].startswith(plain(T.get("answers.emergency_title"))), user.transcript()
    (run,) = await assessments(harness, user)
    assert run.triage_level == "emergency" and "cauda_equina" in fired_rules(run)


async def test_a_negated_red_flag_does_not_alarm(harness):
    user = harness.server.user(4007, "Gus")
    await onboard(harness, user)
    before = len(user.messages)
    question = await say(user, "no fever and no blood in my pee, just a calf cramp")
    assert not any(text.startswith(ALARMS) for text in texts(user, before)), user.transcript()
    assert question.text == plain(T.get("checkin.ask_severity")), "the calf cramp is taken as said"
    assert await followups(harness, user) == []

    for label in ("3", "1", "None", "None of these", "1.5 to 2 l"):
        await tap(user, label)
    assert not any(text.startswith(ALARMS) for text in texts(user, before)), user.transcript()
    (run,) = await assessments(harness, user)
    assert run.triage_level == "self_care"
    stored = await day(harness, user)
    assert stored.red_flags == () and stored.spasms.locations == ("calf",)
    assert await followups(harness, user) == []
