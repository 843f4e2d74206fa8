"""The methods a bot commonly calls work through python-telegram-bot without a schema problem
(the fixture fails the test on any violation, including a result of ours that is off-schema)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)
from telegram.error import BadRequest

from fakegram import LocalBotApi, SimulatedUser


@pytest.fixture
async def bot(local_api: LocalBotApi) -> AsyncIterator[Bot]:
    """A bare PTB Bot talking to the local server."""
    async with Bot(
        local_api.token, base_url=local_api.base_url, base_file_url=local_api.base_file_url
    ) as client:
        yield client


@pytest.fixture
def user(local_api: LocalBotApi) -> SimulatedUser:
    """A person who has written to the bot."""
    person = local_api.user(11, "Hana", username="hana")
    person.send_text("/start")
    return person


async def test_commands_and_descriptions(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456789, "checkin_test_bot", True)
    commands = [BotCommand("checkin", "Daily check-in"), BotCommand("water", "Log water")]
    assert await bot.set_my_commands(commands)
    assert await bot.set_my_commands(
        commands[:1], scope=BotCommandScopeChat(11), language_code="de"
    )
    assert await bot.get_my_commands() == tuple(commands)
    assert await bot.get_my_commands(scope=BotCommandScopeChat(11), language_code="de") == (
        commands[0],
    )
    assert await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats()) == ()
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Check-In", "bad name")])
    assert await bot.set_my_description("Helps with spasms")
    assert await bot.set_my_short_description("Check-ins", language_code="en")
    assert (await bot.get_my_description()).description == "Helps with spasms"
    assert (await bot.get_my_short_description("en")).short_description == "Check-ins"
    assert await bot.set_chat_menu_button()  # schema-valid but not modelled: answered true


async def test_keyboards_replies_and_previews(bot: Bot, user: SimulatedUser) -> None:
    first = await bot.send_message(
        11,
        "Pick one",
        reply_markup=ReplyKeyboardMarkup([["Yes", "No"]], one_time_keyboard=True),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    assert first.reply_markup is None  # Telegram only echoes inline keyboards
    assert user.last_message is not None and user.last_message.reply_keyboard == [["Yes", "No"]]
    second = await bot.send_message(
        11,
        "Noted",
        reply_markup=ReplyKeyboardRemove(),
        reply_parameters=ReplyParameters(message_id=first.message_id),
    )
    assert second.reply_to_message is not None
    assert second.reply_to_message.message_id == first.message_id
    await bot.send_message(11, "Why?", reply_markup=ForceReply(input_field_placeholder="Because"))
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(11, "x", reply_parameters=ReplyParameters(message_id=999))
    link = InlineKeyboardMarkup([[InlineKeyboardButton("Docs", url="https://example.org/help")]])
    sent = await bot.send_message(11, "Read", reply_markup=link)
    with pytest.raises(ValueError, match="opens a link"):
        user.press("Docs", message=sent.message_id)
    edited = await bot.edit_message_reply_markup(11, sent.message_id, reply_markup=None)
    assert not isinstance(edited, bool) and edited.reply_markup is None


async def test_media_files_and_chats(bot: Bot, user: SimulatedUser, local_api: LocalBotApi) -> None:
    photo = await bot.send_photo(
        11, local_api.files[_any_photo(user)].data, caption="<b>Look</b>", parse_mode="HTML"
    )
    assert photo.caption == "Look" and photo.caption_entities[0].type == "bold"
    again = await bot.send_photo(11, photo.photo[-1].file_id)
    assert again.photo[-1].file_id == photo.photo[-1].file_id
    document = await bot.send_document(11, b"col1,col2\n", filename="log.csv")
    assert document.document is not None and document.document.file_name == "log.csv"
    file = await bot.get_file(document.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"col1,col2\n"
    location = await bot.send_location(11, 48.85, 2.35)
    assert location.location is not None and location.location.latitude == 48.85
    assert await bot.send_chat_action(11, "typing")
    assert user.chat_actions == ["typing"]
    copied = await bot.copy_message(11, 11, location.message_id)
    forwarded = await bot.forward_message(11, 11, document.message_id)
    assert copied.message_id == forwarded.message_id - 1
    chat = await bot.get_chat(11)
    assert (chat.type, chat.first_name, chat.username) == ("private", "Hana", "hana")
    member = await bot.get_chat_member(11, 11)
    assert member.status == "member"
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(11, b"not an image")
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(11, "no-such-file-id")
    assert await bot.log_out()


def _any_photo(user: SimulatedUser) -> str:
    message = user.send_photo()
    return str(message.raw["photo"][-1]["file_id"])
