"""Water done right (bot-v2 item 9), played over HTTP on SQLite and PostgreSQL: a stated day's
total sets the day (never adds to it, never lowers it), drinks add, /undo and the Undo button
remove one water entry (once, however often pressed; never another person's or an earlier
day's), and far too much water gets the caution, never "well done"."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fakegram import ChatMessage
from handlers.prompts.render import hydration_prompt
from tests.bot.conftest import BotHarness, running_bot
from tests.bot.journey import T, day, local_date, onboard, person, say, tap, tap_raw, texts
from tests.webhook.conftest import scratch_postgres

GOAL_REACHED = T.get("prompts.water_goal_reached")
CAUTION = T.lookup("advice.too_much_water")
UNDO = T.get("prompts.button_undo")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def both(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[BotHarness]:
    """The real bot on a fresh SQLite file, then on a brand-new PostgreSQL database."""
    async with contextlib.AsyncExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
        else:
            url = await stack.enter_async_context(scratch_postgres())
        yield await stack.enter_async_context(running_bot(url))


async def logs(harness, user) -> list[tuple[int, str | None]]:
    found = await person(harness, user)
    async with harness.store() as uow:
        return [(w.ml, w.source) for w in await uow.days.water_logs(found.id, local_date(harness))]


async def water_today(harness, user) -> int | None:
    found = await day(harness, user)
    return None if found is None else found.water_ml


def logged(added: int, total: int) -> str:
    return T.get("prompts.water_logged", added_ml=added, total_ml=total, goal_ml=2000)


def kept(said: int, total: int) -> str:
    return T.get("prompts.water_total_kept", said_ml=said, total_ml=total, goal_ml=2000)


def total_set(total: int, added: int) -> str:
    return T.get("prompts.water_total_set", total_ml=total, added_ml=added, goal_ml=2000)


def removed(ml: int, total: int) -> str:
    return T.get("prompts.water_undone", removed_ml=ml, total_ml=total, goal_ml=2000)


def undo_data(message: ChatMessage) -> str:
    [button] = message.all_buttons
    assert button.text == UNDO and button.value is not None
    return button.value


async def test_the_issue_story_keeps_what_was_logged_and_cautions_instead_of_praise(both):
    """8,353 ml logged, then "my lower back is killing me and I had 1.5 l today": once this
    made 9,853 and, at 10,353, "Goal reached, well done!"."""
    user = both.server.user(14001, "Ines")
    await onboard(both, user)
    first = await say(user, "/water 5000")  # one drink over 1.5 l: the caution at once
    assert first.text == f"{logged(5000, 5000)} {CAUTION}"
    await say(user, "/water 3353")
    assert await water_today(both, user) == 8353

    before = len(user.messages)
    await say(user, "my lower back is killing me and I had 1.5 l today")
    seen = texts(user, before)
    assert f"{kept(1500, 8353)} {CAUTION}" in seen, user.transcript()
    assert not any("9853" in text for text in seen)
    assert await water_today(both, user) == 8353
    assert await logs(both, user) == [(5000, "command"), (3353, "command")]
    async with both.store() as uow:  # the back pain is still asked about
        flow = await uow.flows.load((await person(both, user)).id)
    assert flow is not None and flow.kind == "assess"

    more = await say(user, "/water 500")
    assert more.text == f"{logged(500, 8853)} {CAUTION}"
    most = await say(user, "/water 1500")
    assert most.text == f"{logged(1500, 10353)} {CAUTION}"
    assert not any(GOAL_REACHED in text for text in texts(user))
    assert await water_today(both, user) == 10353


async def test_a_stated_total_sets_the_day_and_drinks_add(both):
    user = both.server.user(14002, "Jon")
    await onboard(both, user)
    assert (await say(user, "/water 300")).text == logged(300, 300)

    raised = await say(user, "I had 1.5 l today")
    assert raised.text == total_set(1500, 1200)
    assert await water_today(both, user) == 1500
    again = await say(user, "I had 1.5 l today")  # said twice: still 1,500, not 3,000
    assert again.text == T.get("prompts.water_total_same", total_ml=1500, goal_ml=2000)
    assert await water_today(both, user) == 1500
    assert (await say(user, "a glass")).text == logged(250, 1750)
    assert (await say(user, "/water 250")).text == f"{logged(250, 2000)} {GOAL_REACHED}"

    same = await say(user, "I had 1.5 l today")  # less than logged: kept, and said so
    assert same.text == kept(1500, 2000)
    assert same.all_buttons == []  # nothing was logged, so nothing to undo
    assert await water_today(both, user) == 2000

    prompt = hydration_prompt(local_date(both), 2000, 2000, behind=False, texts=T)
    await both.app.bot.send_message(user.chat_id, prompt.text, reply_markup=prompt.keyboard)
    await user.settle()
    tapped = await tap(user, "+250 ml")
    assert tapped.text == f"{logged(250, 2250)} {GOAL_REACHED}"
    assert await water_today(both, user) == 2250
    assert await logs(both, user) == [
        (300, "command"),
        (1200, "day_total"),
        (250, "text"),
        (250, "command"),
        (250, "button"),
    ]
    typed_total = await say(user, "/water 3 l today")  # /water with a day's total sets it too
    assert typed_total.text == f"{total_set(3000, 750)} {GOAL_REACHED}"
    assert await water_today(both, user) == 3000


async def test_undo_removes_the_last_water_entry_and_says_the_new_total(both):
    user = both.server.user(14003, "Kai")
    await onboard(both, user)
    nothing = await say(user, "/undo")
    assert nothing.text == T.get("prompts.water_nothing_to_undo")

    await say(user, "/water 300")
    await say(user, "I had 1.5 l today")
    assert (await say(user, "/undo")).text == removed(1200, 300)  # back to what was logged
    assert await water_today(both, user) == 300
    await say(user, "/water 500")
    assert (await say(user, "/undo")).text == removed(500, 300)
    assert (await say(user, "/undo")).text == removed(300, 0)
    assert await logs(both, user) == []
    assert await water_today(both, user) is None  # unknown again, not "drank nothing"
    assert (await say(user, "/undo")).text == T.get("prompts.water_nothing_to_undo")


async def test_the_undo_button_removes_its_own_entry_once(both):
    user = both.server.user(14004, "Lea")
    await onboard(both, user)
    first = await say(user, "/water 300")
    second = await say(user, "/water 300")
    assert [b.text for b in second.all_buttons] == [UNDO]
    data = undo_data(second)

    await tap(user, UNDO, message=second)
    now_shown = next(m for m in user.messages if m.message_id == second.message_id)
    assert now_shown.text == removed(300, 300)
    assert now_shown.all_buttons == []
    # The same press again (a stale client, a double tap): nothing changes a second time.
    again = await tap_raw(user, data, second.message_id)
    assert again == T.get("prompts.water_already_undone")
    assert await water_today(both, user) == 300
    assert await logs(both, user) == [(300, "command")]

    # Two presses of one Undo at once: one removal.
    user.press_raw(undo_data(first), first.message_id)
    user.press_raw(undo_data(first), first.message_id)
    await user.settle()
    assert await logs(both, user) == []
    assert await water_today(both, user) is None


async def test_forged_and_stale_undo_presses_change_nothing(both):
    owner = both.server.user(14005, "Mo")
    stranger = both.server.user(14006, "Nia")
    await onboard(both, owner)
    await onboard(both, stranger)
    confirmation = await say(owner, "/water 400")
    data = undo_data(confirmation)

    forged = await tap_raw(stranger, data)  # another person's entry id
    assert forged == T.get("prompts.water_already_undone")
    assert await water_today(both, owner) == 400
    nonsense = await tap_raw(owner, data.rsplit(":", 1)[0] + ":abc", confirmation.message_id)
    assert nonsense == T.get("common.not_understood_button")

    yesterday = local_date(both)
    both.clock.advance(days=1)
    stale = await tap_raw(owner, data, confirmation.message_id)
    assert stale == T.get("prompts.water_undo_stale")
    found = await person(both, owner)
    async with both.store() as uow:
        assert (await uow.days.get(found.id, yesterday)).water_ml == 400
    assert (await say(owner, "/undo")).text == T.get("prompts.water_nothing_to_undo")


async def test_far_too_much_water_gets_the_caution_never_praise(both):
    user = both.server.user(14007, "Ola")
    await onboard(both, user)
    big = await say(user, "/water 2 l")  # one drink over the rulebook's 1,500 ml
    assert big.text == f"{logged(2000, 2000)} {CAUTION}"
    day_total = await say(user, "I had 6 l today")
    assert day_total.text == f"{total_set(6000, 4000)} {CAUTION}"
    assert GOAL_REACHED not in " ".join(texts(user))
    assert await water_today(both, user) == 6000


async def test_a_total_typed_in_a_questionnaire_sets_the_day(both):
    user = both.server.user(14008, "Pia")
    await onboard(both, user)
    await say(user, "/water 500")
    await say(user, "/assess")
    await say(user, "calf cramps, and I had 2 l today")
    for _ in range(8):  # answer "none" or "no" to whatever is still asked
        async with both.store() as uow:
            if await uow.flows.load((await person(both, user)).id) is None:
                break
        shown = [b.text for b in user.last_message.all_buttons]
        answers = [label for label in ("None", "None of these", "No", "Skip") if label in shown]
        await tap(user, (answers or shown)[0])
    assert await water_today(both, user) == 2000, user.transcript()
    assert await logs(both, user) == [(500, "command"), (1500, "day_total")]


async def test_undo_is_in_the_command_menu_and_in_help(harness):
    (call,) = harness.server.calls_to("setMyCommands")
    assert "undo" in [entry["command"] for entry in call.params["commands"]]
    user = harness.server.user(14009, "Quin")
    await onboard(harness, user)
    assert "/undo" in (await say(user, "/help")).text
