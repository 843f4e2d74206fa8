"""Each triage level reached through the red-flag screen's buttons, with the emergency number of
the person's country, what is stored, and the follow-up booked after urgent or emergency."""

from __future__ import annotations

import datetime as dt

import pytest

from engine import vocabulary
from tests.bot.journey import (
    T,
    assess_with,
    assessments,
    day,
    fired_rules,
    followups,
    onboard,
    plain,
    say,
    texts,
)

# No spasms, nothing unusual when peeing, then the red-flag screen.
TO_RED_FLAGS = ("No", "None")


async def red_flag_screen(harness, user, *ticked: str) -> list[str]:
    """Tick red flags on /assess (water logged first so it is not asked); the new messages."""
    await say(user, "/water 1500")
    before = len(user.messages)
    await assess_with(user, *TO_RED_FLAGS, *ticked, "Done" if ticked else "None of these")
    return texts(user, before + 1)  # after the questionnaire message itself


@pytest.mark.parametrize(
    ("place", "zone", "number"),
    [
        ("Berlin", "Europe/Berlin", "112"),
        ("London", "Europe/London", "999"),
        ("New York", "America/New_York", "911"),
    ],
)
async def test_saddle_numbness_is_an_emergency_with_the_local_number(harness, place, zone, number):
    user = harness.server.user(3001, "Alex")
    await onboard(harness, user, place)
    new = await red_flag_screen(harness, user, "Numbness in groin, buttocks or inner thighs")

    assert len(new) == 1, f"the emergency answer comes alone:\n{user.transcript()}"
    (answer,) = new
    lines = answer.splitlines()
    assert lines[0] == plain(T.get("answers.emergency_title"))
    assert lines[1] == plain(T.html("answers.emergency_call", number=number))
    assert "Do not drive yourself" in answer
    assert plain(T.get("answers.why")) in answer
    assert plain(T.get("answers.advice_title")) not in answer, "no advice in an emergency"
    assert "Suggested stretch" not in answer
    assert lines[-1] == plain(T.get("common.not_a_clinician"))
    assert plain(T.get("answers.follow_up_promise")) in answer

    (run,) = await assessments(harness, user)
    assert (run.triage_level, run.engine_version) == ("emergency", "2.0.0")
    assert fired_rules(run) == ["cauda_equina"]
    assert (await day(harness, user, zone)).red_flags == ("saddle_numbness",)
    (followup,) = await followups(harness, user)
    assert followup.reason == "emergency" and followup.assessment_id == run.id
    assert followup.due_at - harness.clock.now == dt.timedelta(hours=3)


async def test_sharp_pain_in_the_side_is_urgent_with_a_follow_up(harness):
    user = harness.server.user(3002, "Bo")
    await onboard(harness, user)
    # Engine contract v2: the answer now asks about a fever next (a yes makes it an emergency).
    answer, ask = await red_flag_screen(harness, user, "Sharp pain in the side")
    assert answer.startswith(plain(T.get("answers.urgent_title")))
    fever = vocabulary().term("red_flags", "fever_or_chills").question
    assert ask == plain(T.html("checkin.confirm_red_flag", question=fever))
    assert "Call 112" not in answer
    assert answer.splitlines()[-1] == plain(T.get("common.not_a_clinician"))
    (run,) = await assessments(harness, user)
    assert run.triage_level == "urgent" and fired_rules(run) == ["renal_colic"]
    (followup,) = await followups(harness, user)
    assert followup.reason == "urgent"


async def test_blood_in_urine_is_soon_with_advice_and_no_follow_up(harness):
    user = harness.server.user(3003, "Cem")
    await onboard(harness, user)
    (answer,) = await red_flag_screen(harness, user, "Blood in urine")
    assert answer.startswith(plain(T.get("answers.soon_title")))
    assert "chance of more spasms" in answer  # the risk line and advice follow the "why"
    assert answer.splitlines()[-1] == plain(T.get("common.not_a_clinician"))
    (run,) = await assessments(harness, user)
    assert run.triage_level == "soon" and fired_rules(run) == ["blood_in_urine"]
    assert await followups(harness, user) == []


async def test_none_of_these_is_self_care(harness):
    user = harness.server.user(3004, "Devi")
    await onboard(harness, user)
    (answer,) = await red_flag_screen(harness, user)
    assert answer.startswith(plain(T.get("answers.self_care_title")))
    (run,) = await assessments(harness, user)
    assert run.triage_level == "self_care" and fired_rules(run) == []
    assert (await day(harness, user)).red_flags == ()
    assert await followups(harness, user) == []


async def test_an_emergency_flag_ticked_before_water_is_known_is_answered_before_more_questions(
    harness,
):
    """Nothing logged yet today, so the questionnaire would ask about water after the screen;
    an emergency answer must not wait behind that question."""
    user = harness.server.user(3005, "Eli")
    await onboard(harness, user)
    before = len(user.messages)
    await assess_with(user, *TO_RED_FLAGS, "Unable to pee at all", "Done")
    shown = texts(user, before)
    assert any(text.startswith(plain(T.get("answers.emergency_title"))) for text in shown), (
        "after ticking 'Unable to pee at all' the emergency answer should come at once, "
        f"not a water question:\n{user.transcript()}"
    )
    (run,) = await assessments(harness, user)
    assert run.triage_level == "emergency"
