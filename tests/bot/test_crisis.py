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
S = T.safety
CRISIS_BUTTONS = [S.BUTTON_SAFE_YES, S.BUTTON_SAFE_NO, S.BUTTON_HURT]


def assert_crisis_message(text: str) -> None:
    """Warm words, the question, an offer to keep talking; no score, advice or questions."""
    assert text.startswith(plain(S.CRISIS_OPENING))
    assert plain(S.CRISIS_ASK_SAFE) in text and plain(S.CRISIS_KEEP_TALKING) in text
    for never in ("strain", plain(T.answers.ADVICE_TITLE), "Suggested stretch", "/100"):
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
    assert plain(S.crisis_country_guess("Germany")) in text, "a guessed country is confirmed"
    assert labels(message) == [*CRISIS_BUTTONS, S.BUTTON_OTHER_COUNTRY]
    assert await assessments(harness, user) == [] and await day(harness, user) is None
    (followup,) = await followups(harness, user)
    assert followup.reason == "crisis"

    hurt = await tap(user, S.BUTTON_HURT)
    assert hurt.text == plain(S.crisis_hurt("112"))
    elsewhere = await tap(user, S.BUTTON_OTHER_COUNTRY, message=message)
    assert "findahelpline.com" in elsewhere.text and plain(S.EMERGENCY_NUMBERS_UNKNOWN) in (
        elsewhere.text
    )


async def test_a_crisis_before_consent_gets_the_directory_and_nothing_is_stored(harness):
    user = harness.server.user(13002, "Bo")
    message = await say(user, CRISIS_WORDS)
    assert_crisis_message(message.text)
    assert "findahelpline.com" in message.text
    assert plain(S.EMERGENCY_NUMBERS_UNKNOWN) in message.text
    assert labels(message) == CRISIS_BUTTONS, "no country to confirm"
    unsafe = await tap(user, S.BUTTON_SAFE_NO)
    assert plain(S.EMERGENCY_NUMBERS_UNKNOWN) in unsafe.text
    assert await people_total(harness) == 0


async def test_an_overdose_gets_the_emergency_number_first_then_the_crisis_message(harness):
    user = harness.server.user(13003, "Cem")
    await onboard(harness, user, "London")
    before = len(user.messages)
    await say(user, "I took too many pills on purpose")
    emergency, crisis = texts(user, before)
    assert emergency.startswith(plain(T.answers.EMERGENCY_TITLE))
    assert plain(T.answers.emergency_call("999")) in emergency
    assert_crisis_message(crisis)
    assert "116 123" in crisis, "Samaritans in the UK"
    assert sorted(f.reason for f in await followups(harness, user)) == ["crisis", "emergency"]


async def test_a_negated_crisis_phrase_is_asked_about_gently(harness):
    user = harness.server.user(13004, "Devi")
    await onboard(harness, user)
    before = len(user.messages)
    question = await say(user, "I'm not suicidal, just tired of these cramps")
    assert texts(user, before) == [plain(S.CRISIS_CHECK)]
    assert labels(question) == [S.BUTTON_CHECK_YES, S.BUTTON_CHECK_NO]
    no = await tap(user, S.BUTTON_CHECK_NO)
    assert no.text == plain(S.CRISIS_CHECK_NO)
    assert await followups(harness, user) == []

    await say(user, "I'm not suicidal, just tired of these cramps")
    crisis = await tap(user, S.BUTTON_CHECK_YES)
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
    assert user.messages[before - 1].text == plain(T.checkin.ASK_URINARY), user.transcript()


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
    asked = [m for m in user.messages if m.text == plain(S.CRISIS_FOLLOWUP_ASK)]
    assert len(asked) == 1, user.transcript()
    assert labels(asked[0]) == [
        S.BUTTON_FOLLOWUP_OK,
        S.BUTTON_FOLLOWUP_HARD,
        S.BUTTON_FOLLOWUP_UNSAFE,
    ]
    (line,) = crisis_table().for_country("DE")
    reply = await tap(user, S.BUTTON_FOLLOWUP_HARD, message=asked[0])
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
    assert new[0].startswith(plain(T.answers.EMERGENCY_TITLE)), user.transcript()
    assert new[1] == plain(S.CRISIS_CHECK)
    (run,) = await assessments(harness, user)
    assert run.triage_level == "emergency"
