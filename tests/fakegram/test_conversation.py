"""A person talks to a real python-telegram-bot Application through the local server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram import Update
from telegram.ext import (
    Application,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from fakegram import Button, LocalBotApi
from fakegram.testing import application_builder, running_application

App = Application[Any, Any, Any, Any, Any, Any]


async def test_a_message_reaches_the_bot_and_the_reply_is_recorded(
    local_api: LocalBotApi, echo_bot: App
) -> None:
    user = local_api.user(user_id=42, first_name="Ana")
    user.send_text("hello there")
    reply = await user.wait_for()
    assert reply is not None
    assert reply.text == "You said: hello there"
    assert reply.source_text == "You said: <b>hello there</b>"
    assert reply.entities == [{"type": "bold", "offset": 10, "length": 11}]
    assert user.messages == [reply]
    assert local_api.calls_to("sendMessage")[-1].params["chat_id"] == 42


async def test_a_button_press_gets_an_answer_and_an_edit(
    local_api: LocalBotApi, echo_bot: App
) -> None:
    user = local_api.user(user_id=7, first_name="Bo")
    question = await user.ask("/checkin")
    assert question is not None
    assert question.buttons == [[("All good", "feel:good"), ("Not great", "feel:bad")]]
    assert question.buttons[0][1] == Button("Not great", "feel:bad")

    query_id = user.press("Not great")
    edited = await user.wait_for(lambda chat: chat.last_message.edited)
    assert edited is not None
    assert edited.text == "Thanks, noted that you feel bad."
    assert edited.buttons == []  # editing without reply_markup removes the keyboard
    assert edited.message_id == question.message_id
    assert [(a.query_id, a.text, a.show_alert) for a in user.callback_answers] == [
        (query_id, "Noted: bad", False)
    ]
    assert len(user.messages) == 1


async def test_a_button_can_be_pressed_by_its_callback_data(
    local_api: LocalBotApi, echo_bot: App
) -> None:
    user = local_api.user()
    await user.ask("/checkin")
    edited = await user.choose("feel:good")
    assert edited is not None and edited.text == "Thanks, noted that you feel good."
    with pytest.raises(LookupError, match="no button"):
        user.press("feel:good")  # the keyboard is gone


async def test_commands_carry_a_bot_command_entity(local_api: LocalBotApi) -> None:
    seen: list[tuple[list[str], str]] = []

    async def stretch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        seen.append((list(context.args or []), update.message.entities[0].type))
        await update.message.reply_text("Stretching noted.")

    app = application_builder(local_api).build()
    app.add_handler(CommandHandler("stretch", stretch))
    async with running_application(app, local_api):
        user = local_api.user()
        await user.ask("/stretch back")
    assert seen == [(["back"], "bot_command")]


async def test_edits_media_and_locations_reach_the_bot(local_api: LocalBotApi) -> None:
    received: list[str] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        kind = "edit" if update.edited_message else "new"
        if message.photo:
            photo = await message.photo[-1].get_file()
            data = await photo.download_as_bytearray()
            received.append(f"{kind} photo {len(data)} bytes")
        elif message.location:
            received.append(f"{kind} location {message.location.latitude}")
        else:
            received.append(
                f"{kind} {(message.effective_attachment and 'attachment') or message.text}"
            )

    app = application_builder(local_api).build()
    app.add_handler(MessageHandler(filters.ALL, record))
    async with running_application(app, local_api):
        user = local_api.user()
        first = user.send_text("I drank water")
        user.edit_text(first, "I drank two glasses")
        user.send_photo()
        user.send_location(52.5, 13.4)
        user.send_sticker()
        user.send_voice()
        await user.settle()
    assert received[:4] == [
        "new I drank water",
        "edit I drank two glasses",
        "new photo 69 bytes",
        "new location 52.5",
    ]
    assert received[4:] == ["new attachment", "new attachment"]


async def test_uploaded_documents_and_photos_are_kept_for_tests(local_api: LocalBotApi) -> None:
    async def report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_document(b"%PDF-1.4 weekly report", filename="week.pdf")
        await update.message.reply_photo(local_api.files[update.message.photo[-1].file_id].data)

    app = application_builder(local_api).build()
    app.add_handler(MessageHandler(filters.PHOTO, report))
    async with running_application(app, local_api):
        user = local_api.user()
        user.send_photo()
        await user.wait_for(lambda chat: len(chat.messages) == 2)
    document, photo = user.messages
    assert (document.kind, document.document, document.file_name) == (
        "document",
        b"%PDF-1.4 weekly report",
        "week.pdf",
    )
    assert document.mime_type == "application/pdf"
    assert photo.photo is not None and photo.photo.startswith(b"\x89PNG")


async def test_blocking_the_bot_sends_my_chat_member(local_api: LocalBotApi) -> None:
    statuses: list[str] = []

    async def member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.my_chat_member is not None
        statuses.append(update.my_chat_member.new_chat_member.status)

    app = application_builder(local_api).build()
    app.add_handler(ChatMemberHandler(member, ChatMemberHandler.MY_CHAT_MEMBER))
    async with running_application(app, local_api):
        user = local_api.user()
        user.send_text("hi")
        user.block_bot()
        user.unblock_bot()
        await user.settle()
    assert statuses == ["kicked", "member"]


async def test_group_members_talk_to_the_bot(local_api: LocalBotApi, echo_bot: App) -> None:
    group = local_api.group(-100500, "Stretch club")
    ana = local_api.user(1, "Ana").in_group(group)
    bo = local_api.user(2, "Bo").in_group(group)
    ana.send_text("morning")
    bo.send_text("evening")
    await group.wait_for(lambda chat: len(chat.messages) == 2)
    assert [m.text for m in group.messages] == ["You said: morning", "You said: evening"]
    assert [m.raw["chat"]["type"] for m in group.history] == ["group"] * 4
    assert group.messages[0].raw["reply_to_message"]["text"] == "morning"


@pytest.mark.parametrize("concurrent", [False, True])
async def test_settle_waits_for_slow_handlers(local_api: LocalBotApi, concurrent: bool) -> None:
    async def slow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await asyncio.sleep(0.1)  # the bot's own slow work (a database, say), no HTTP call
        await update.message.reply_text("first")
        await asyncio.sleep(0.1)
        await update.message.reply_text("second")

    app = application_builder(local_api).concurrent_updates(concurrent).build()
    app.add_handler(MessageHandler(filters.TEXT, slow))
    async with running_application(app, local_api):
        users = [local_api.user(user_id) for user_id in (1, 2, 3)]
        for user in users:
            user.send_text("go")
        await users[0].settle()
        assert all([m.text for m in user.messages] == ["first", "second"] for user in users)


async def test_wait_for_explains_a_silent_bot(local_api: LocalBotApi) -> None:
    user = local_api.user()
    user.send_text("anyone?")
    with pytest.raises(TimeoutError, match="anyone\\?"):
        await user.wait_for(timeout=0.05)


async def test_the_bot_cannot_write_first(local_api: LocalBotApi, echo_bot: App) -> None:
    from telegram.error import Forbidden

    local_api.user(99)
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await echo_bot.bot.send_message(99, "hello?")
