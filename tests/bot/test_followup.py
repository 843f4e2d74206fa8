"""Safety-netting: after an urgent or emergency answer a follow-up asks how the person is;
"Worse" is assessed again at once, "I got help" closes it; a red flag from an earlier day is
raised again at the next questionnaire."""

from __future__ import annotations

from handlers.prompts.render import followup_prompt
from tests.bot.journey import (
    T,
    assess_with,
    assessments,
    followups,
    onboard,
    plain,
    say,
    tap,
    tap_raw,
    texts,
)


async def urgent_answer(harness, user) -> None:
    """An urgent answer through the red-flag screen (water logged so it is not asked)."""
    await say(user, "/water 1500")
    await assess_with(user, "No", "None", "Sharp pain in the side", "Done")
    assert (await assessments(harness, user))[-1].triage_level == "urgent"


async def send_followup(harness, user) -> int:
    """What the scheduler does when the follow-up is due: send the question, mark it sent."""
    (followup,) = await followups(harness, user)
    assert followup.reason == "urgent"
    harness.clock.now = followup.due_at
    prompt = followup_prompt(followup.id, T)
    await harness.app.bot.send_message(
        user.chat_id, prompt.text, reply_markup=prompt.keyboard, parse_mode="HTML"
    )
    async with harness.store() as uow:
        assert await uow.followups.done(followup.id, harness.clock.now, "sent")
    await user.settle()
    return followup.id


async def followup_outcome(harness, user, followup_id: int) -> str | None:
    async with harness.store() as uow:
        export = await uow.privacy.export_user(user.user_id)
    (row,) = [row for row in export.data["followups"] if row["id"] == followup_id]
    return row["outcome"]


async def test_worse_starts_a_new_assessment_at_once(harness):
    user = harness.server.user(11001, "Alex")
    await onboard(harness, user)
    await urgent_answer(harness, user)
    followup_id = await send_followup(harness, user)
    assert labels_of(user) == ["I got help", "Better", "About the same", "Worse"]
    prompt_id = user.last_message.message_id
    before = len(user.messages)

    await tap(user, T.get("prompts.button_worse"))
    prompt_now = next(m for m in user.messages if m.message_id == prompt_id)
    assert prompt_now.text == T.get("prompts.followup_worse") and prompt_now.buttons == []
    new = texts(user, before)
    assert new == [plain(T.get("checkin.ask_spasms"))], user.transcript()
    assert await followup_outcome(harness, user, followup_id) == "worse"
    assert await followups(harness, user) == []

    # The new round finds the pain again: urgent again, and a new follow-up is booked.
    for label in ("No", "None", "Sharp pain in the side", "Done"):
        await tap(user, label)
    first, second = await assessments(harness, user)
    assert second.triage_level == "urgent" and second.id != first.id
    (again,) = await followups(harness, user)
    assert again.id != followup_id and again.assessment_id == second.id


async def test_got_help_closes_the_follow_up_and_a_second_press_is_closed(harness):
    user = harness.server.user(11002, "Bo")
    await onboard(harness, user)
    await urgent_answer(harness, user)
    followup_id = await send_followup(harness, user)
    prompt = user.last_message
    help_data = prompt.find_button(T.get("prompts.button_got_help")).value
    before = len(user.messages)

    thanked = await tap(user, T.get("prompts.button_got_help"))
    assert thanked.text == T.get("prompts.followup_thanks_help")
    assert len(user.messages) == before, "the prompt itself says thank you"
    assert await followup_outcome(harness, user, followup_id) == "help"
    assert len(await assessments(harness, user)) == 1

    assert await tap_raw(user, help_data, prompt.message_id) == T.get("common.flow_closed")
    worse = prompt.find_button(T.get("prompts.button_worse")).value
    assert await tap_raw(user, worse, prompt.message_id) == T.get("common.flow_closed")
    assert await followup_outcome(harness, user, followup_id) == "help"
    assert len(user.messages) == before


async def test_someone_elses_follow_up_is_closed(harness):
    alex, bo = harness.server.user(11003, "Alex"), harness.server.user(11004, "Bo")
    await onboard(harness, alex)
    await onboard(harness, bo)
    await urgent_answer(harness, alex)
    followup_id = await send_followup(harness, alex)
    assert await tap_raw(bo, f"fu:{followup_id}:worse", 0) == T.get("common.flow_closed")
    assert await followup_outcome(harness, alex, followup_id) == "sent"


async def test_a_red_flag_from_yesterday_is_asked_about_again(harness):
    user = harness.server.user(11005, "Cem")
    await onboard(harness, user)
    await say(user, "I can't pee at all")
    harness.clock.advance(days=1)
    first_question = await say(user, "/assess")
    assert first_question.text.startswith("Just to be sure"), user.transcript()
    before = len(user.messages)
    await tap(user, T.get("common.button_yes"))
    new = texts(user, before)
    assert new and new[0].startswith(plain(T.get("answers.emergency_title"))), user.transcript()
    latest = (await assessments(harness, user))[-1]
    assert latest.input["today"]["red_flags"] == ["cannot_urinate"]
    assert latest.triage_level == "emergency"


def labels_of(user) -> list[str]:
    return [b.text for b in user.last_message.all_buttons]
