"""Fixtures for the local Bot API tests: a fresh server per test and a tiny echo bot."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from fakegram import LocalBotApi
from fakegram.testing import (
    application_builder,
    assert_schema_clean,
    local_bot_api,
    running_application,
)

FEELINGS = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("All good", callback_data="feel:good"),
            InlineKeyboardButton("Not great", callback_data="feel:bad"),
        ]
    ]
)


@pytest.fixture
async def local_api() -> AsyncIterator[LocalBotApi]:
    """A started server; the test fails if any call broke the Bot API schema."""
    async with local_bot_api() as server:
        yield server
        assert_schema_clean(server)


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    await message.reply_text(f"You said: <b>{html.escape(message.text)}</b>", parse_mode="HTML")


async def _checkin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("How are you today?", reply_markup=FEELINGS)


async def _feeling(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    feeling = query.data.removeprefix("feel:")
    await query.answer(f"Noted: {feeling}")
    await query.edit_message_text(f"Thanks, noted that you feel {feeling}.")


def build_echo_app(server: LocalBotApi) -> Application[Any, Any, Any, Any, Any, Any]:
    """A small bot: /checkin asks with two buttons, a press edits, other text is echoed."""
    app = application_builder(server).build()
    app.add_handler(CommandHandler("checkin", _checkin))
    app.add_handler(CallbackQueryHandler(_feeling, pattern=r"^feel:"))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    return app


@pytest.fixture
async def echo_bot(
    local_api: LocalBotApi,
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """The echo bot, polling the ``local_api`` server."""
    async with running_application(build_echo_app(local_api), local_api) as app:
        yield app
