"""Everything that is not a flow: groups (one polite line, nothing stored), stickers, photos,
voice, edits, unknown commands, /help and its command menu, /cancel."""

from __future__ import annotations

import pytest
from telegram.ext import CommandHandler

from tests.bot.journey import (
    T,
    assessments,
    day,
    onboard,
    people_total,
    person,
    plain,
    say,
    tap,
    texts,
)


async def test_a_group_gets_one_polite_line_and_nothing_is_stored(harness):
    alex, bo = harness.server.user(9001, "Alex"), harness.server.user(9002, "Bo")
    group = harness.server.group(-1001, "Spasm friends")
    group.as_member(alex).send_text("/start")
    await alex.settle()
    assert [m.text for m in group.messages] == [plain(T.get("common.group_only_private"))]

    group.as_member(bo).send_text("I can't pee at all")
    group.as_member(alex).send_text("/water 300")
    await bo.settle()
    assert len(group.messages) == 1, group.transcript()
    assert await people_total(harness) == 0
    assert alex.messages == [] and bo.messages == []


async def test_a_known_person_writing_in_a_group_stores_nothing(harness):
    alex = harness.server.user(9003, "Alex")
    await onboard(harness, alex)
    group = harness.server.group(-1002)
    group.as_member(alex).send_text("there's blood in my pee, drank 2 l")
    await alex.settle()
    assert [m.text for m in group.messages] == [plain(T.get("common.group_only_private"))]
    assert await assessments(harness, alex) == []
    assert await day(harness, alex) is None


async def test_being_added_to_a_group_says_the_line_once(harness):
    alex = harness.server.user(9004, "Alex")
    group = harness.server.group(-1003)
    group.add_bot(alex)
    await alex.settle()
    group.as_member(alex).send_text("hello bot")
    await alex.settle()
    assert [m.text for m in group.messages] == [plain(T.get("common.group_only_private"))]
    assert await people_total(harness) == 0


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice"])
async def test_media_gets_a_short_note(harness, kind):
    user = harness.server.user(9005, "Cem")
    await onboard(harness, user)
    before = len(user.messages)
    getattr(user, f"send_{kind}")()
    await user.settle()
    assert texts(user, before) == [T.get("common.non_text")]


async def test_an_edit_is_not_read_again(harness):
    user = harness.server.user(9006, "Devi")
    await onboard(harness, user)
    sent = user.send_text("/water 300")
    await user.settle()
    user.edit_text(sent, "/water 3000")
    await user.settle()
    assert user.last_message.text == T.get("common.edited")
    assert (await day(harness, user)).water_ml == 300


async def test_an_unknown_command_and_help(harness):
    user = harness.server.user(9007, "Eli")
    unknown = await say(user, "/frobnicate")
    assert unknown.text == T.get("common.unknown_command")
    shown = await say(user, "/help")
    assert shown.text == plain(T.get("common.help"))
    for command in ("/assess", "/stretch", "/water", "/settings", "/pause", "/resume", "/cancel"):
        assert command in shown.text, command
    assert await people_total(harness) == 0


async def test_the_command_menu_is_set_at_start_and_every_entry_is_handled(harness):
    (call,) = harness.server.calls_to("setMyCommands")
    menu = [entry["command"] for entry in call.params["commands"]]
    assert menu == [key.removeprefix("command.") for key in T.keys_under("command.")]
    handled = {
        name
        for group in harness.app.handlers.values()
        for handler in group
        if isinstance(handler, CommandHandler)
        for name in handler.commands
    }
    assert set(menu) <= handled, f"in the menu but not handled: {sorted(set(menu) - handled)}"


async def test_cancel_leaves_a_flow(harness):
    user = harness.server.user(9008, "Fay")
    await onboard(harness, user)
    question = await say(user, "/assess")
    await tap(user, "Yes")
    before = len(user.messages)
    await say(user, "/cancel")
    shown = next(m for m in user.messages if m.message_id == question.message_id)
    assert shown.text == T.get("common.cancelled") and shown.buttons == []
    assert len(user.messages) == before, "the flow's own message says so; no extra message"
    async with harness.store() as uow:
        assert await uow.flows.load((await person(harness, user)).id) is None
    assert await assessments(harness, user) == []
    nothing = await say(user, "/cancel")
    assert nothing.text == T.get("common.nothing_to_cancel")


async def test_the_cancel_button_leaves_a_flow(harness):
    user = harness.server.user(9009, "Gus")
    await onboard(harness, user)
    await say(user, "/assess")
    cancelled = await tap(user, T.get("common.button_cancel"))
    assert cancelled.text == T.get("common.cancelled")
    async with harness.store() as uow:
        assert await uow.flows.load((await person(harness, user)).id) is None
