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
UNKNOWN_NUMBERS = plain(T.get("safety.emergency_numbers_unknown"))
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
    assert answer.startswith(plain(T.get("answers.emergency_title")))
    assert UNKNOWN_NUMBERS in answer and "Do not drive yourself" in answer
    assert plain(T.get("answers.follow_up_promise")) not in answer
    assert plain(T.get("safety.not_stored")) in note


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
    await tap(user, T.get("onboarding.button_consent"), message=user.messages[before - 1])
    assert await people_total(harness) == 1


async def test_a_red_flag_typed_after_declining_is_answered_and_nothing_is_stored(harness):
    user = harness.server.user(12003, "Cem")
    await say(user, "/start")
    await tap(user, T.get("onboarding.button_decline"))
    before = len(user.messages)
    await say(user, "I wet myself and I can't feel my bum")
    answer, note = texts(user, before)
    assert_emergency_without_record(answer, note)
    assert await people_total(harness) == 0


async def test_a_red_flag_typed_during_setup_is_answered_and_setup_carries_on(harness):
    user = harness.server.user(12004, "Devi")
    await say(user, "/start")
    await tap(user, T.get("onboarding.button_consent"))
    before = len(user.messages)
    await say(user, RETENTION)  # at the time zone step: not a city, a warning sign
    (answer,) = texts(user, before)
    assert answer.startswith(plain(T.get("answers.emergency_title"))), user.transcript()
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
    assert labels(question) == [T.get("common.button_yes"), T.get("common.button_no")]
    before = len(user.messages)
    await tap(user, T.get("common.button_yes"))
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
    assert answer.startswith(plain(T.get("answers.emergency_title")))
    assert plain(T.html("answers.emergency_call", number="999")) in answer
    (run,) = await assessments(harness, user)
    assert run.triage_level == "emergency"


async def test_a_red_flag_typed_in_the_middle_of_a_questionnaire_is_answered_at_once(harness):
    user = harness.server.user(12007, "Gus")
    await onboard(harness, user)
    await say(user, "/assess")
    await tap(user, "Yes")
    await tap(user, "Lower back")  # the first place moves on to the severity step
    before = len(user.messages)
    # A number at the severity step is a severity, not a water amount or a shrug.
    assert (await say(user, "6")).text == plain(T.get("checkin.ask_count"))
    assert texts(user, before)[-1] == plain(T.get("checkin.ask_count"))
    before = len(user.messages)
    await say(user, "hang on, I can hardly breathe")
    new = texts(user, before)
    assert new and new[0].startswith(plain(T.get("answers.emergency_title"))), user.transcript()
    (run,) = await assessments(harness, user)
    assert run.triage_level == "emergency"
    assert (await day(harness, user)).red_flags == ("breathing_difficulty",)


async def test_a_typed_amount_in_the_water_flow_is_still_an_amount(harness):
    user = harness.server.user(12008, "Hal")
    await onboard(harness, user)
    await say(user, "/water")
    await tap(user, T.get("prompts.button_water_other"))
    await say(user, "300")
    assert (await day(harness, user)).water_ml == 300


async def test_health_talk_the_parser_cannot_place_gets_the_core_screen(harness):
    user = harness.server.user(12009, "Ines")
    await onboard(harness, user)
    before = len(user.messages)
    screen = await say(user, "my tummy feels weird")
    assert texts(user, before) == [plain(T.get("safety.screen_ask"))], user.transcript()
    assert labels(screen) == [*CORE_SCREEN, T.get("safety.button_none_of_these")]

    await tap(user, "Fever or chills")
    ticked = await tap(user, "Sharp pain in the side")
    assert "✓ Fever or chills" in labels(ticked) and T.get("common.button_done") in labels(ticked)
    before = len(user.messages)
    await tap(user, T.get("common.button_done"))
    (answer,) = texts(user, before)
    # Together they are an emergency (an infected, blocked kidney), not two urgent answers.
    assert answer.startswith(plain(T.get("answers.emergency_title"))), user.transcript()
    (run,) = await assessments(harness, user)
    assert run.triage_level == "emergency"
    assert (await day(harness, user)).red_flags == ("fever_or_chills", "flank_pain")


async def test_none_of_these_on_the_screen_stores_nothing_and_says_so_kindly(harness):
    user = harness.server.user(12010, "Jo")
    await onboard(harness, user)
    await say(user, "I feel unwell today")
    cleared = await tap(user, T.get("safety.button_none_of_these"))
    assert cleared.text.startswith(plain(T.get("safety.screen_clear"))) and cleared.buttons == []
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
    assert texts(user, before) == [plain(T.get("common.free_text_nothing"))]
    assert labels(answer) == [T.get("safety.button_screen")]
    screen = await tap(user, T.get("safety.button_screen"))
    assert screen.text == plain(T.get("safety.screen_ask"))
    assert labels(screen) == [*CORE_SCREEN, T.get("safety.button_none_of_these")]


async def test_back_spasm_with_trouble_peeing_before_consent_is_urgent_and_asks_the_nerve_questions(
    harness,
):
    """The product's core scenario, typed by someone who has not set the bot up: the answer
    comes at once, then the nerve-compression questions; a yes is an emergency."""
    user = harness.server.user(12013, "Max")
    await say(user, "my lower back is in spasm and I can hardly start peeing")
    answer, note, question = texts(user)
    assert answer.startswith(plain(T.get("answers.urgent_title"))), user.transcript()
    assert plain(T.get("safety.not_stored")) in note
    assert question.startswith("Just to be sure") and "back pain" in question
    before = len(user.messages)
    await tap(user, T.get("common.button_yes"))
    assert texts(user, before)[0].startswith(plain(T.get("answers.emergency_title")))
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
    assert answer.startswith(plain(T.get("answers.emergency_title"))), user.transcript()


async def test_before_consent_a_harmless_message_points_to_start_with_the_screen_one_tap_away(
    harness,
):
    user = harness.server.user(12015, "Oli")
    answer = await say(user, "hello")
    assert answer.text == plain(T.get("common.needs_start"))
    assert labels(answer) == [T.get("safety.button_screen")]
    screen = await tap(user, T.get("safety.button_screen"))
    assert labels(screen) == [*CORE_SCREEN, T.get("safety.button_none_of_these")]
    assert await people_total(harness) == 0


async def test_the_questionnaire_screen_step_shows_the_tiers(harness):
    user = harness.server.user(12016, "Pia")
    await onboard(harness, user)
    await say(user, "/water 1500")
    await say(user, "/assess")
    await tap(user, "No")
    screen = await tap(user, "None")
    assert screen.text.startswith(plain(T.get("checkin.ask_red_flags")))
    shown = labels(screen)
    assert sorted(shown[: len(CORE_SCREEN)]) == sorted(CORE_SCREEN)
    assert "Bleeding from the vagina" not in shown and "Muscles rigid or jerking" not in shown


async def test_confusion_typed_with_no_health_word_is_asked_and_yes_is_an_emergency(harness):
    # The free-text reader of a person who consented: no health word, yet a warning sign.
    user = harness.server.user(12017, "Quin")
    await onboard(harness, user)
    question = await say(user, "I woke up and had no idea where I was")
    assert question.text.startswith("Just to be sure"), user.transcript()
    assert plain(T.get("vocab.confusion.question")) in question.text
    assert labels(question) == [T.get("common.button_yes"), T.get("common.button_no")]
    before = len(user.messages)
    await tap(user, T.get("common.button_yes"))
    answers = texts(user, before)
    assert answers and answers[0].startswith(plain(T.get("answers.emergency_title"))), (
        user.transcript()
    )


async def test_a_perception_change_before_consent_is_asked_and_nothing_is_stored(harness):
    user = harness.server.user(12018, "Rae")
    question = await say(user, "the walls keep moving when I look at them")
    assert question.text.startswith("Just to be sure"), user.transcript()
    assert plain(T.get("vocab.confusion.question")) in question.text
    assert await people_total(harness) == 0


async def test_not_understanding_an_app_is_no_warning_sign(harness):
    user = harness.server.user(12019, "Sol")
    await onboard(harness, user)
    before = len(user.messages)
    await say(user, "I can't understand the instructions for this app")
    assert texts(user, before) == [plain(T.get("common.free_text_nothing"))], user.transcript()
