"""The crisis conversation (bot-v2 item 3): warm words, "Are you safe right now?", the crisis
line of the person's country with the country confirmed, an offer to keep talking, and a
follow-up hours later; no score, advice or questionnaire; nothing of the words stored."""

from __future__ import annotations

from handlers.safety.tables import crisis_table
from tests.bot.journey import (
    T,
    assessments,
    day,
    followups,
    labels,
    onboard,
    people_total,
    plain,
    say,
    tap,
    texts,
)

CRISIS_WORDS = "I don't want to be alive anymore"
CRISIS_BUTTONS = [
    T.get("safety.button_safe_yes"),
    T.get("safety.button_safe_no"),
    T.get("safety.button_hurt"),
]


def assert_crisis_message(text: str) -> None:
    """Warm words, the question, an offer to keep talking; no score, advice or questions."""
    assert text.startswith(plain(T.get("safety.crisis_opening")))
    assert (
        plain(T.get("safety.crisis_ask_safe")) in text
        and plain(T.get("safety.crisis_keep_talking")) in text
    )
    for never in (
        "chance of more spasms",
        plain(T.get("answers.advice_title")),
        "Suggested stretch",
        "/100",
    ):
        assert never not in text


async def test_a_crisis_gets_the_line_of_the_country_and_a_follow_up(harness):
    user = harness.server.user(13001, "Alex")
    await onboard(harness, user)
    before = len(user.messages)
    message = await say(user, CRISIS_WORDS)
    (text,) = texts(user, before)
    assert_crisis_message(text)
    (line,) = crisis_table().for_country("DE")
    assert line.number in text and line.service in text
    assert plain(T.html("safety.crisis_country_guess", country="Germany")) in text, (
        "a guessed country is confirmed"
    )
    assert labels(message) == [*CRISIS_BUTTONS, T.get("safety.button_other_country")]
    assert await assessments(harness, user) == [] and await day(harness, user) is None
    (followup,) = await followups(harness, user)
    assert followup.reason == "crisis"

    hurt = await tap(user, T.get("safety.button_hurt"))
    assert hurt.text == plain(T.html("safety.crisis_hurt", emergency="112"))
    elsewhere = await tap(user, T.get("safety.button_other_country"), message=message)
    assert "findahelpline.com" in elsewhere.text and plain(
        T.get("safety.emergency_numbers_unknown")
    ) in (elsewhere.text)


async def test_a_crisis_before_consent_gets_the_directory_and_nothing_is_stored(harness):
    user = harness.server.user(13002, "Bo")
    message = await say(user, CRISIS_WORDS)
    assert_crisis_message(message.text)
    assert "findahelpline.com" in message.text
    assert plain(T.get("safety.emergency_numbers_unknown")) in message.text
    assert labels(message) == CRISIS_BUTTONS, "no country to confirm"
    unsafe = await tap(user, T.get("safety.button_safe_no"))
    assert plain(T.get("safety.emergency_numbers_unknown")) in unsafe.text
    assert await people_total(harness) == 0


async def test_an_overdose_gets_the_emergency_number_first_then_the_crisis_message(harness):
    user = harness.server.user(13003, "Cem")
    await onboard(harness, user, "London")
    before = len(user.messages)
    await say(user, "I took too many pills on purpose")
    emergency, crisis = texts(user, before)
    assert emergency.startswith(plain(T.get("answers.emergency_title")))
    assert plain(T.html("answers.emergency_call", number="999")) in emergency
    assert_crisis_message(crisis)
    assert "116 123" in crisis, "Samaritans in the UK"
    assert sorted(f.reason for f in await followups(harness, user)) == ["crisis", "emergency"]


async def test_a_negated_crisis_phrase_is_asked_about_gently(harness):
    user = harness.server.user(13004, "Devi")
    await onboard(harness, user)
    before = len(user.messages)
    question = await say(user, "I'm not suicidal, just tired of these cramps")
    assert texts(user, before) == [plain(T.get("safety.crisis_check"))]
    assert labels(question) == [T.get("safety.button_check_yes"), T.get("safety.button_check_no")]
    no = await tap(user, T.get("safety.button_check_no"))
    assert no.text == plain(T.get("safety.crisis_check_no"))
    assert await followups(harness, user) == []

    await say(user, "I'm not suicidal, just tired of these cramps")
    crisis = await tap(user, T.get("safety.button_check_yes"))
    assert_crisis_message(crisis.text)
    assert [f.reason for f in await followups(harness, user)] == ["crisis"]


async def test_a_crisis_in_the_middle_of_a_questionnaire_comes_first_and_the_flow_waits(harness):
    user = harness.server.user(13005, "Eli")
    await onboard(harness, user)
    questionnaire = await say(user, "/assess")
    before = len(user.messages)
    message = await say(user, "honestly I want to end my life")
    assert_crisis_message(message.text)
    assert len(texts(user, before)) == 1
    assert await assessments(harness, user) == []
    # The questionnaire is still open: its buttons still work.
    await tap(user, "No", message=questionnaire)
    assert questionnaire.message_id in [m.message_id for m in user.messages]
    assert user.messages[before - 1].text == plain(T.get("checkin.ask_urinary")), user.transcript()


async def test_the_crisis_follow_up_comes_hours_later(harness):
    user = harness.server.user(13006, "Fay")
    await onboard(harness, user)
    await say(user, CRISIS_WORDS)
    (followup,) = await followups(harness, user)
    harness.clock.now = followup.due_at
    dispatcher = harness.data.dispatcher
    await dispatcher.tick()
    await dispatcher.drain()
    await user.settle()
    asked = [m for m in user.messages if m.text == plain(T.get("safety.crisis_followup_ask"))]
    assert len(asked) == 1, user.transcript()
    assert labels(asked[0]) == [
        T.get("safety.button_followup_ok"),
        T.get("safety.button_followup_hard"),
        T.get("safety.button_followup_unsafe"),
    ]
    (line,) = crisis_table().for_country("DE")
    reply = await tap(user, T.get("safety.button_followup_hard"), message=asked[0])
    assert line.number in reply.text
    assert await followups(harness, user) == []


async def test_a_red_flag_beside_a_negated_crisis_phrase_is_answered_before_the_gentle_question(
    harness,
):
    user = harness.server.user(13007, "Gil")
    await onboard(harness, user)
    before = len(user.messages)
    await say(user, "I'm not suicidal but I can't pee at all")
    new = texts(user, before)
    assert new[0].startswith(plain(T.get("answers.emergency_title"))), user.transcript()
    assert new[1] == plain(T.get("safety.crisis_check"))
    (run,) = await assessments(harness, user)
    assert run.triage_level == "emergency"
