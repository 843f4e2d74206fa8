"""A restart in the middle of a flow: the flow lives in the database, so a brand-new application
on the same database carries on from the next button press on the existing keyboard."""

from __future__ import annotations

from tests.bot.journey import T, assessments, day, onboard, person, plain, say, tap, texts


async def test_a_questionnaire_carries_on_after_a_restart(harness):
    user = harness.server.user(8001, "Alex")
    await onboard(harness, user)
    await say(user, "/assess")
    await tap(user, "Yes")
    severity_question = await tap(user, "Lower back")
    assert severity_question.text == plain(T.get("checkin.ask_severity"))
    old_app = harness.app

    await harness.restart()
    assert harness.app is not old_app and not old_app.running
    assert harness.data.groups_told == set(), "nothing is carried over in memory"

    before = len(user.messages)
    await tap(user, "7", message=severity_question)  # the keyboard drawn before the restart
    assert user.last_message.text == plain(T.get("checkin.ask_count")), user.transcript()
    for label in ("2", "None", "None of these", "1 to 1.5 l"):
        await tap(user, label)

    new = texts(user, before)
    assert len(new) == 1 and new[0].startswith(plain(T.get("answers.self_care_title"))), new
    (run,) = await assessments(harness, user)
    spasms = run.input["today"]["spasms"]
    assert (spasms["count"], spasms["max_severity"], spasms["locations"]) == (2, 7, ["lower_back"])
    stored = await day(harness, user)
    assert stored.spasms.locations == ("lower_back",) and stored.water_ml == 1250
    async with harness.store() as uow:
        assert await uow.flows.load((await person(harness, user)).id) is None


async def test_setup_carries_on_after_a_restart(harness):
    user = harness.server.user(8002, "Bo")
    await say(user, "/start")
    await tap(user, T.get("onboarding.button_consent"))
    await say(user, "Berlin")
    await harness.restart()
    await tap(user, T.get("onboarding.button_keep_schedule"))
    await say(user, "2.5 l")  # a typed answer goes to the stored flow too
    done = await tap(user, T.get("onboarding.button_skip_profile"))
    assert done.text == plain(T.get("onboarding.setup_done"))
    stored = await person(harness, user)
    assert (stored.timezone, stored.water_goal_ml) == ("Europe/Berlin", 2500)
