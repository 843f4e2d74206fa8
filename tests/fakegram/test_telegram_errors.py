"""The server refuses what Telegram refuses, with Telegram's own descriptions."""

from __future__ import annotations

import re
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest
from telegram.ext import Application

from fakegram import LocalBotApi, SimulatedUser

App = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture
async def user(local_api: LocalBotApi, echo_bot: App) -> SimulatedUser:
    """A person who has started the echo bot."""
    person = local_api.user(77, "Di")
    await person.ask("hi")
    return person


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<blink>x</blink>", 'Unsupported start tag "blink" at byte offset 0'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
async def test_bad_html_cannot_be_parsed(
    echo_bot: App, user: SimulatedUser, html: str, error: str
) -> None:
    # python-telegram-bot capitalizes only the first letter of Telegram's description
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: " + re.escape(error)):
        await echo_bot.bot.send_message(user.user_id, html, parse_mode="HTML")


@pytest.mark.parametrize("text", ["", "  \n ", "<b> </b>"])
async def test_empty_text_is_refused(echo_bot: App, user: SimulatedUser, text: str) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await echo_bot.bot.send_message(user.user_id, text, parse_mode="HTML")


async def test_long_text_and_long_callback_data_are_refused(
    echo_bot: App, user: SimulatedUser
) -> None:
    await echo_bot.bot.send_message(user.user_id, "é" * 4096)
    with pytest.raises(BadRequest, match="Message is too long"):
        await echo_bot.bot.send_message(user.user_id, "é" * 4097)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await echo_bot.bot.send_message(user.user_id, "pick", reply_markup=too_long)


async def test_edits_that_change_nothing_or_miss_are_refused(
    echo_bot: App, user: SimulatedUser
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="ok")]])
    sent = await echo_bot.bot.send_message(
        user.user_id, "<i>same</i>", parse_mode="HTML", reply_markup=markup
    )
    with pytest.raises(BadRequest, match="Message is not modified: specified new message content"):
        await sent.edit_text("<i>same</i>", parse_mode="HTML", reply_markup=markup)
    await sent.edit_text("<i>same</i>", parse_mode="HTML")  # dropping the keyboard is a change
    with pytest.raises(BadRequest, match="Message is not modified"):
        await sent.edit_reply_markup(None)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await echo_bot.bot.edit_message_text("x", chat_id=user.user_id, message_id=9999)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await echo_bot.bot.delete_message(user.user_id, 9999)
    with pytest.raises(BadRequest, match="Chat not found"):
        await echo_bot.bot.send_message(123456, "anyone?")
    assert await sent.delete()
    assert sent.message_id not in [m.message_id for m in user.messages]


async def test_a_callback_query_is_answered_once(echo_bot: App, user: SimulatedUser) -> None:
    await echo_bot.bot.send_message(
        user.user_id,
        "pick",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]]),
    )
    query_id = user.press("A")  # the echo bot has no handler for "a": it never answers
    await user.settle()
    assert await echo_bot.bot.answer_callback_query(query_id, "late but fine", show_alert=True)
    with pytest.raises(BadRequest, match="Query is too old and response timeout expired"):
        await echo_bot.bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match="Query is too old"):
        await echo_bot.bot.answer_callback_query("1234")
    assert [(a.callback_data, a.text, a.show_alert) for a in user.callback_answers] == [
        ("a", "late but fine", True)
    ]
