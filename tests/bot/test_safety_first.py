"""Safety before everything (bot-v2 items 1-4), played as a person would: a warning sign typed
before consent, during setup, after declining, while paused and in the middle of a
questionnaire is answered at once; a crisis gets the crisis conversation; health talk the
parser cannot place gets the red-flag screen, and a harmless message does not."""

from __future__ import annotations

from tests.bot.journey import (
    T,
    assessments,
    day,
    followups,
    labels,
    onboard,
    people_total,
    person,
    plain,
    say,
    tap,
    texts,
)

RETENTION = "I can't pee at all since this morning and it hurts"
UNKNOWN_NUMBERS = plain(T.safety.EMERGENCY_NUMBERS_UNKNOWN)
CORE_SCREEN = [
    "Numbness in groin, buttocks or inner thighs",
    "New loss of bladder control",
    "Unable to pee at all",
    "Sudden leg weakness",
    "Sharp pain in the side",
    "Fever or chills",
    "Blood in urine",
    "Dark urine after exercise",
    "Trouble breathing",
    "Chest pain",
    "Fainted",
    "Face dropped or arm weak on one side",
]


def assert_emergency_without_record(answer: str, note: str) -> None:
    """An emergency answer to someone with no stored record: the short list of numbers, no
    promise of a follow-up that nothing stored could keep, and a word that nothing was kept."""
    assert answer.startswith(plain(T.answers.EMERGENCY_TITLE))
    assert UNKNOWN_NUMBERS in answer and "Do not drive yourself" in answer
    assert plain(T.answers.FOLLOW_UP_PROMISE) not in answer
    assert plain(T.safety.NOT_STORED) in note


async def test_a_red_flag_typed_before_consent_is_answered_and_nothing_is_stored(harness):
    user = harness.server.user(12001, "Alex")
    await say(user, RETENTION)
    answer, note = texts(user)
    assert_emergency_without_record(answer, note)
    assert await people_total(harness) == 0


async def test_a_red_flag_typed_at_the_consent_step_is_answered_at_once(harness):
    user = harness.server.user(12002, "Bo")
    await say(user, "/start")
    before = len(user.messages)
    await say(user, RETENTION)
    answer, note = texts(user, before)
    assert_emergency_without_record(answer, note)
    assert await people_total(harness) == 0
    # The welcome's buttons still work afterwards.
    await tap(user, T.onboarding.BUTTON_CONSENT, message=user.messages[before - 1])
    assert await people_total(harness) == 1


async def test_a_red_flag_typed_after_declining_is_answered_and_nothing_is_stored(harness):
    user = harness.server.user(12003, "Cem")
    await say(user, "/start")
    await tap(user, T.onboarding.BUTTON_DECLINE)
    before = len(user.messages)
    await say(user, "I wet myself and I can't feel my bum")
    answer, note = texts(user, before)
    assert_emergency_without_record(answer, note)
    assert await people_total(harness) == 0


async def test_a_red_flag_typed_during_setup_is_answered_and_setup_carries_on(harness):
    user = harness.server.user(12004, "Devi")
    await say(user, "/start")
    await tap(user, T.onboarding.BUTTON_CONSENT)
    before = len(user.messages)
    await say(user, RETENTION)  # at the time zone step: not a city, a warning sign
    (answer,) = texts(user, before)
    assert answer.startswith(plain(T.answers.EMERGENCY_TITLE)), user.transcript()
    assert UNKNOWN_NUMBERS in answer, "no time zone yet: the short list of numbers"
    (run,) = await assessments(harness, user)  # consented: kept like any assessment
    assert run.triage_level == "emergency"
    assert [f.reason for f in await followups(harness, user)] == ["emergency"]

    # A city typed at the time zone step is still a city.
    answer = await say(user, "Berlin")
    assert "Europe/Berlin" in answer.text
    assert (await person(harness, user)).timezone == "Europe/Berlin"


async def test_a_possible_red_flag_before_consent_is_asked_and_yes_is_answered(harness):
    user = harness.server.user(12005, "Eli")
    question = await say(user, "my leg feels funny")
    assert question.text.startswith("Just to be sure"), user.transcript()
    assert labels(question) == [T.common.BUTTON_YES, T.common.BUTTON_NO]
    before = len(user.messages)
    await tap(user, T.common.BUTTON_YES)
    answer, note = texts(user, before)
    assert_emergency_without_record(answer, note)
    assert await people_total(harness) == 0


async def test_a_red_flag_typed_while_paused_is_answered_with_the_local_number(harness):
    user = harness.server.user(12006, "Fay")
    await onboard(harness, user, "London")
    await say(user, "/pause")
    before = len(user.messages)
    await say(user, RETENTION)
    (answer,) = texts(user, before)
    assert answer.startswith(plain(T.answers.EMERGENCY_TITLE))
    assert plain(T.answers.emergency_call("999")) in answer
    (run,) = await assessments(harness, user)
    assert run.triage_level == "emergency"


async def test_a_red_flag_typed_in_the_middle_of_a_questionnaire_is_answered_at_once(harness):
    user = harness.server.user(12007, "Gus")
    await onboard(harness, user)
    await say(user, "/assess")
    await tap(user, "Yes")
    await tap(user, "Lower back")
    await tap(user, T.common.BUTTON_DONE)
    before = len(user.messages)
    # A number at the severity step is a severity, not a water amount or a shrug.
    assert (await say(user, "6")).text == plain(T.checkin.ASK_COUNT)
    assert texts(user, before)[-1] == plain(T.checkin.ASK_COUNT)
    before = len(user.messages)
    await say(user, "hang on, I can hardly breathe")
    new = texts(user, before)
    assert new and new[0].startswith(plain(T.answers.EMERGENCY_TITLE)), user.transcript()
    (run,) = await assessments(harness, user)
    assert run.triage_level == "emergency"
    assert (await day(harness, user)).red_flags == ("breathing_difficulty",)


async def test_a_typed_amount_in_the_water_flow_is_still_an_amount(harness):
    user = harness.server.user(12008, "Hal")
    await onboard(harness, user)
    await say(user, "/water")
    await tap(user, T.prompts.BUTTON_WATER_OTHER)
    await say(user, "300")
    assert (await day(harness, user)).water_ml == 300


async def test_health_talk_the_parser_cannot_place_gets_the_core_screen(harness):
    user = harness.server.user(12009, "Ines")
    await onboard(harness, user)
    before = len(user.messages)
    screen = await say(user, "my tummy feels weird")
    assert texts(user, before) == [plain(T.safety.SCREEN_ASK)], user.transcript()
    assert labels(screen) == [*CORE_SCREEN, T.safety.BUTTON_NONE_OF_THESE]

    await tap(user, "Fever or chills")
    ticked = await tap(user, "Sharp pain in the side")
    assert "✓ Fever or chills" in labels(ticked) and T.common.BUTTON_DONE in labels(ticked)
    before = len(user.messages)
    await tap(user, T.common.BUTTON_DONE)
    (answer,) = texts(user, before)
    # Together they are an emergency (an infected, blocked kidney), not two urgent answers.
    assert answer.startswith(plain(T.answers.EMERGENCY_TITLE)), user.transcript()
    (run,) = await assessments(harness, user)
    assert run.triage_level == "emergency"
    assert (await day(harness, user)).red_flags == ("fever_or_chills", "flank_pain")


async def test_none_of_these_on_the_screen_stores_nothing_and_says_so_kindly(harness):
    user = harness.server.user(12010, "Jo")
    await onboard(harness, user)
    await say(user, "I feel unwell today")
    cleared = await tap(user, T.safety.BUTTON_NONE_OF_THESE)
    assert cleared.text.startswith(plain(T.safety.SCREEN_CLEAR)) and cleared.buttons == []
    assert await assessments(harness, user) == []


async def test_the_screen_adds_pregnancy_and_medicine_items_only_for_those_it_concerns(harness):
    user = harness.server.user(12011, "Kim")
    found = await onboard(harness, user)
    async with harness.store() as uow:
        await uow.people.set_profile(
            found.id,
            conditions=["pregnancy"],
            medications=["statin"],
            medication_changed_recently=False,
        )
    screen = await say(user, "I feel strange")
    shown = labels(screen)
    assert shown[: len(CORE_SCREEN)] == CORE_SCREEN
    assert "Bleeding from the vagina" in shown
    assert "Muscles aching and weak all over" in shown
    assert "Muscles rigid or jerking" not in shown, "only for an SSRI or antipsychotic"


async def test_a_harmless_message_gets_no_screen_but_offers_it_with_one_tap(harness):
    user = harness.server.user(12012, "Lou")
    await onboard(harness, user)
    before = len(user.messages)
    answer = await say(user, "thanks!")
    assert texts(user, before) == [plain(T.common.FREE_TEXT_NOTHING)]
    assert labels(answer) == [T.safety.BUTTON_SCREEN]
    screen = await tap(user, T.safety.BUTTON_SCREEN)
    assert screen.text == plain(T.safety.SCREEN_ASK)
    assert labels(screen) == [*CORE_SCREEN, T.safety.BUTTON_NONE_OF_THESE]


async def test_back_spasm_with_trouble_peeing_before_consent_is_urgent_and_asks_the_nerve_questions(
    harness,
):
    """The product's core scenario, typed by someone who has not set the bot up: the answer
    comes at once, then the nerve-compression questions; a yes is an emergency."""
    user = harness.server.user(12013, "Max")
    await say(user, "my lower back is in spasm and I can hardly start peeing")
    answer, note, question = texts(user)
    assert answer.startswith(plain(T.answers.URGENT_TITLE)), user.transcript()
    assert plain(T.safety.NOT_STORED) in note
    assert question.startswith("Just to be sure") and "back pain" in question
    before = len(user.messages)
    await tap(user, T.common.BUTTON_YES)
    assert texts(user, before)[0].startswith(plain(T.answers.EMERGENCY_TITLE))
    assert await people_total(harness) == 0


async def test_a_red_flag_in_an_edited_message_is_still_answered(harness):
    user = harness.server.user(12014, "Nia")
    await onboard(harness, user)
    sent = user.send_text("long day")
    await user.settle()
    before = len(user.messages)
    user.edit_text(sent, "long day and now I can't pee at all")
    await user.settle()
    (answer,) = texts(user, before)
    assert answer.startswith(plain(T.answers.EMERGENCY_TITLE)), user.transcript()


async def test_before_consent_a_harmless_message_points_to_start_with_the_screen_one_tap_away(
    harness,
):
    user = harness.server.user(12015, "Oli")
    answer = await say(user, "hello")
    assert answer.text == plain(T.common.NEEDS_START)
    assert labels(answer) == [T.safety.BUTTON_SCREEN]
    screen = await tap(user, T.safety.BUTTON_SCREEN)
    assert labels(screen) == [*CORE_SCREEN, T.safety.BUTTON_NONE_OF_THESE]
    assert await people_total(harness) == 0


async def test_the_questionnaire_screen_step_shows_the_tiers(harness):
    user = harness.server.user(12016, "Pia")
    await onboard(harness, user)
    await say(user, "/water 1500")
    await say(user, "/assess")
    await tap(user, "No")
    screen = await tap(user, "None")
    assert screen.text.startswith(plain(T.checkin.ASK_RED_FLAGS))
    shown = labels(screen)
    assert sorted(shown[: len(CORE_SCREEN)]) == sorted(CORE_SCREEN)
    assert "Bleeding from the vagina" not in shown and "Muscles rigid or jerking" not in shown
