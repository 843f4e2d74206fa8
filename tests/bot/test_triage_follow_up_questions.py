"""Engine contract v2 in the chat: the new rules' messages, the "if it gets worse" lines and the
questions an answer asks next (`ask_next`), asked as yes/no at once and then assessed again."""

from __future__ import annotations

from engine import vocabulary
from tests.bot.journey import (
    T,
    assess_with,
    assessments,
    fired_rules,
    followups,
    onboard,
    plain,
    say,
    tap,
    texts,
)

NERVE_QUESTIONS = (
    "bladder_change_with_back_pain", "saddle_numbness", "both_legs_symptoms", "bowel_control_loss",
)  # fmt: skip
# A lower back spasm with trouble starting to pee, through /assess (water is logged first).
BACK_TROUBLE = ("Yes", "Lower back", "6", "2", "Hard to start peeing", "Done",
                "None of these")  # fmt: skip

URGENT = T.get("answers.urgent_title")
WHY = plain(T.get("answers.why"))


def question(flag: str) -> str:
    """The yes/no question the bot asks about a red flag, as the person reads it."""
    return plain(
        T.html("checkin.confirm_red_flag", question=vocabulary().term("red_flags", flag).question)
    )


def if_worse_lines(answer: str) -> list[str]:
    """The lines under "If it gets worse:" in an answer."""
    lines = answer.splitlines()
    block = lines[lines.index(plain(T.get("answers.if_worse"))) + 1 :]
    end = block.index("") if "" in block else len(block)
    return [line[2:] for line in block[:end]]


async def back_trouble(harness, user) -> list[str]:
    await onboard(harness, user)
    await say(user, "/water 1500")
    before = len(user.messages)
    await assess_with(user, *BACK_TROUBLE)
    return texts(user, before + 1)  # after the questionnaire message itself


async def test_back_trouble_is_urgent_and_asks_the_nerve_questions_at_once(harness):
    user = harness.server.user(6001, "Ana")
    new = await back_trouble(harness, user)
    assert len(new) == 2, user.transcript()
    answer, first_question = new
    assert answer.startswith(plain(URGENT))
    (run,) = await assessments(harness, user)
    assert run.triage_level == "urgent"
    assert fired_rules(run) == ["voiding_difficulty_with_back_spasm"]
    rule = run.answer["triage"]["rules"][0]
    assert rule["message"] in answer  # says plainly when it is an emergency now
    assert "emergency" in rule["message"] and "since the back pain began" in rule["message"]
    assert if_worse_lines(answer)[0] == rule["if_worse"]
    assert run.answer["ask_next"] == list(NERVE_QUESTIONS)
    assert first_question == question(NERVE_QUESTIONS[0])
    assert [b.text for b in user.last_message.all_buttons] == [
        T.get("common.button_yes"), T.get("common.button_no"),
    ]  # fmt: skip


async def test_no_to_every_nerve_question_is_assessed_again_and_not_asked_twice(harness):
    user = harness.server.user(6002, "Ben")
    await back_trouble(harness, user)
    for flag in NERVE_QUESTIONS:
        assert user.last_message.text == question(flag), user.transcript()
        before = len(user.messages)
        await tap(user, T.get("common.button_no"))
    again = texts(user, before)  # the question itself was edited to "saved"
    assert len(again) == 1 and again[0].startswith(plain(URGENT)), user.transcript()
    first, second = await assessments(harness, user)
    assert first.answer["ask_next"] == list(NERVE_QUESTIONS)
    assert second.triage_level == "urgent"
    assert set(second.input["today"]["answered"]) == set(NERVE_QUESTIONS)
    assert second.answer["ask_next"] == []
    # Asked today already: a later /assess with the same trouble does not ask again.
    harness.clock.advance(hours=2)
    before = len(user.messages)
    await assess_with(user, *BACK_TROUBLE)
    later = texts(user, before + 1)
    assert len(later) == 1 and later[0].startswith(plain(URGENT)), user.transcript()
    third = (await assessments(harness, user))[-1]
    assert third.answer["ask_next"] == []
    assert [f.reason for f in await followups(harness, user)] == ["urgent"]


async def test_a_yes_to_a_nerve_question_is_an_emergency_at_once(harness):
    user = harness.server.user(6003, "Cai")
    await back_trouble(harness, user)
    await tap(user, T.get("common.button_no"))  # peeing not newly changed
    assert user.last_message.text == question("saddle_numbness")
    before = len(user.messages)
    await tap(user, T.get("common.button_yes"))
    new = texts(user, before)
    emergency = [text for text in new if text.startswith(plain(T.get("answers.emergency_title")))]
    assert emergency, user.transcript()
    assert plain(T.html("answers.emergency_call", number="112")) in emergency[0]
    assert plain(T.get("answers.if_worse")) not in emergency[0].split(WHY)[0]
    run = (await assessments(harness, user))[-1]
    assert run.triage_level == "emergency"
    assert "cauda_equina" in fired_rules(run)
    assert run.input["today"]["red_flags"] == ["saddle_numbness"]
    assert run.input["today"]["answered"] == ["bladder_change_with_back_pain"]


async def test_a_new_soon_rule_speaks_with_its_if_worse_and_questions(harness):
    user = harness.server.user(6004, "Dee")
    await onboard(harness, user)
    await say(user, "/water 1500")
    before = len(user.messages)
    await assess_with(user, "No", "None", "Fainted", "Done")
    new = texts(user, before + 1)
    assert len(new) == 2, user.transcript()
    answer, ask = new
    (run,) = await assessments(harness, user)
    assert run.triage_level == "soon" and fired_rules(run) == ["fainted"]
    rule = run.answer["triage"]["rules"][0]
    assert answer.startswith(plain(T.get("answers.soon_title")))
    assert rule["message"] in answer and rule["why"] in answer
    assert if_worse_lines(answer) == [rule["if_worse"]]
    assert ask == question("palpitations")
    # A yes to the racing heart makes fainting an emergency.
    before = len(user.messages)
    await tap(user, T.get("common.button_yes"))
    emergency = texts(user, before)
    assert any(text.startswith(plain(T.get("answers.emergency_title"))) for text in emergency), (
        user.transcript()
    )
    last = (await assessments(harness, user))[-1]
    assert "fainting_warning_signs" in fired_rules(last)


async def test_a_new_emergency_rule_shows_its_own_message(harness):
    user = harness.server.user(6005, "Eve")
    await onboard(harness, user)
    await say(user, "/water 1500")
    before = len(user.messages)
    await assess_with(user, "No", "None", "Chest pain", "Done")
    new = texts(user, before + 1)
    assert len(new) == 1, "an emergency comes alone, with no questions after it"
    (run,) = await assessments(harness, user)
    assert fired_rules(run) == ["chest_pain"] and run.triage_level == "emergency"
    rule = run.answer["triage"]["rules"][0]
    assert rule["message"] in new[0] and rule["why"] in new[0]
    assert rule["if_worse"] is None
    assert plain(T.get("answers.advice_title")) not in new[0]


async def test_far_too_much_water_brings_the_caution_first(harness):
    user = harness.server.user(6006, "Fin")
    await onboard(harness, user)
    await say(user, "/water 2000")  # one drink over the single-amount limit
    before = len(user.messages)
    await assess_with(user, "No", "None", "None of these")
    (answer,) = texts(user, before + 1)
    (run,) = await assessments(harness, user)
    assert run.input["today"]["largest_drink_ml"] == 2000
    first_advice = run.answer["advice"][0]
    assert first_advice["id"] == "too_much_water"
    advice_lines = [line[2:] for line in answer.splitlines() if line.startswith("- ")]
    assert advice_lines[0] == first_advice["text"]
