"""Injected failures reach python-telegram-bot as the exceptions real Telegram failures cause."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from fakegram import LocalBotApi
from fakegram.testing import application_builder, running_application

App = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture
async def started_user(local_api: LocalBotApi, echo_bot: App) -> int:
    """A person who has written to the echo bot, so it may write to them."""
    user = local_api.user(31, "Cy")
    await user.ask("hi")
    return user.user_id


async def test_retry_after_becomes_retry_after(
    local_api: LocalBotApi, echo_bot: App, started_user: int
) -> None:
    local_api.fail_next("sendMessage", "retry_after", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await echo_bot.bot.send_message(started_user, "reminder")
    assert caught.value.retry_after == dt.timedelta(seconds=7)
    assert local_api.stats.too_many_requests == 1
    assert (await echo_bot.bot.send_message(started_user, "again")).text == "again"


async def test_bad_gateway_becomes_network_error(
    local_api: LocalBotApi, echo_bot: App, started_user: int
) -> None:
    local_api.fail_next("sendmessage", "server_error", times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await echo_bot.bot.send_message(started_user, "reminder")
    assert [c.status for c in local_api.calls_to("sendMessage")[-2:]] == [502, 502]


async def test_blocked_chat_becomes_forbidden(
    local_api: LocalBotApi, echo_bot: App, started_user: int
) -> None:
    local_api.block(started_user)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await echo_bot.bot.send_message(started_user, "reminder")
    local_api.unblock(started_user)
    local_api.fail_next("*", "forbidden")
    with pytest.raises(Forbidden):
        await echo_bot.bot.send_chat_action(started_user, "typing")
    await echo_bot.bot.send_message(started_user, "back")


@pytest.mark.parametrize("applied", [False, True])
async def test_a_timeout_drops_the_answer_and_may_have_applied(
    local_api: LocalBotApi, applied: bool
) -> None:
    app = application_builder(local_api).build()
    async with running_application(app, local_api):
        user = local_api.user(32)
        user.send_text("/start")
        await user.settle()
        local_api.fail_next("sendMessage", "timeout", applied=applied)
        with pytest.raises(TimedOut):
            await app.bot.send_message(user.user_id, "did this arrive?", read_timeout=0.2)
        assert [m.text for m in user.messages] == (["did this arrive?"] if applied else [])
        assert local_api.calls_to("sendMessage")[-1].fault == "timeout"
        assert (await app.bot.send_message(user.user_id, "next")).text == "next"
