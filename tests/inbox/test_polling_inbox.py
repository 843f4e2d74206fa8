"""Long polling through the inbox, played against the local Bot API with faults injected:
a poison update is skipped alone at the normal pace; nothing is confirmed while PostgreSQL
refuses connections, and everything is handled once it is back; a reply lost after its data
was stored is told first at the next message; emergency answers are retried until they arrive,
across a restart; a failed answerCallbackQuery stops nothing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import build_application
from delivery.ratelimit import PriorityRateLimiter
from fakegram import LocalBotApi
from fakegram.testing import assert_schema_clean, local_bot_api
from handlers.water.intake import water_logged
from tests.bot.conftest import START, BotHarness, SettableClock, bot_settings
from tests.bot.journey import T, day, onboard, plain, say
from tests.inbox.test_webhook_inbox import poison_message
from tests.inbox_rig import inbox_polling
from tests.webhook.conftest import set_connections_allowed

QUICK_REPLY_RETRIES = (0.05, 0.05)  # a reply's own retries, short so lost replies come fast


class QuickHarness(BotHarness):
    """The journeys' harness with a reply given up on after two quick retries."""

    async def start(self) -> None:
        app = build_application(
            bot_settings(self.server, self.database_url),
            clock=self.clock,
            dispatch_every=None,
            rate_limiter=PriorityRateLimiter(
                chat_interval=0, margin=0, reply_retry_seconds=QUICK_REPLY_RETRIES
            ),
            polling=False,
        )
        self._running = contextlib.AsyncExitStack()
        await self._running.enter_async_context(inbox_polling(app, self.server))
        self.app = app


@contextlib.asynccontextmanager
async def quick_harness(database_url: str) -> AsyncIterator[QuickHarness]:
    async with local_bot_api() as server:
        harness = QuickHarness(server, SettableClock(START), database_url)
        await harness.start()
        try:
            yield harness
        finally:
            await harness.close_reader()
            await harness.stop()
        assert_schema_clean(server)


@pytest.fixture
async def quick(database_url: str) -> AsyncIterator[QuickHarness]:
    async with quick_harness(database_url) as harness:
        yield harness


async def wait_for(condition: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.05)


async def outbox_empty(harness: BotHarness, seconds: float = 10.0) -> None:
    """Wait until every outbox message was sent (its send is recorded just after it arrives)."""
    deadline = time.monotonic() + seconds
    while True:
        async with harness.store() as uow:
            if await uow.outbox.pending() == []:
                return
        assert time.monotonic() < deadline, "an outbox message is still pending"
        await asyncio.sleep(0.1)


async def test_a_poison_update_is_skipped_alone_and_polling_keeps_its_pace(
    harness: BotHarness, caplog: Any
) -> None:
    caplog.set_level(logging.INFO)
    server = harness.server
    user = server.user(6101, "Ana")
    await onboard(harness, user)
    before = len(server.calls_to("getUpdates"))
    poison = server.push_raw_update("message", poison_message(user.user_id))
    assert poison is not None
    reply = await say(user, "/water 300")
    assert reply is not None and reply.text == water_logged(300, 300, 2000, T)
    await asyncio.sleep(2.0)
    # Long polls of a second each: a handful in these few seconds, not a busy loop.
    assert len(server.calls_to("getUpdates")) - before < 15
    assert not server.state.updates.pending, "the poison update was confirmed like any other"
    async with harness.store() as uow:
        stored = await uow.inbox.get(poison["update_id"])
    assert stored is not None and stored.outcome == "poison" and not stored.has_payload
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert str(poison["update_id"]) in logged and "my private words" not in logged


async def test_while_postgres_refuses_connections_nothing_is_confirmed_and_nothing_lost(
    postgres_url: str,
) -> None:
    async with local_bot_api() as server:
        harness = BotHarness(server, SettableClock(START), postgres_url)
        await harness.start()
        try:
            user = server.user(6102, "Bo")
            await onboard(harness, user)
            await set_connections_allowed(postgres_url, False)
            try:
                user.send_text("/water 300")
                user.send_text("/water 200")
                await asyncio.sleep(3.0)
                assert len(server.state.updates.pending) == 2, "confirmed while not stored"
                shown = [m.text for m in user.messages]
            finally:
                await set_connections_allowed(postgres_url, True)
            await wait_for(lambda: not server.state.updates.pending, 30, "never confirmed")
            await user.settle(timeout=30)
            new = [m.text for m in user.messages][len(shown) :]
            assert new == [
                water_logged(300, 300, 2000, T),
                water_logged(200, 500, 2000, T),
            ], user.transcript()
            stored = await day(harness, user)
            assert stored is not None and stored.water_ml == 500
            assert T.get("common.something_went_wrong") not in shown
        finally:
            await harness.close_reader()
            await harness.stop()
        assert_schema_clean(server)


async def test_a_reply_lost_after_its_data_was_saved_is_told_first_next_time(
    quick: QuickHarness,
) -> None:
    server = quick.server
    user = server.user(6103, "Cem")
    await onboard(quick, user)
    shown = len(user.messages)
    server.fail_next("sendMessage", "server_error", times=len(QUICK_REPLY_RETRIES) + 1)
    user.send_text("/water 300")
    await user.settle(timeout=10)
    assert len(user.messages) == shown, "the confirmation never arrived"
    assert (await day(quick, user)).water_ml == 300  # type: ignore[union-attr]
    reply = await say(user, "/help")
    new = [m.text for m in user.messages][shown:]
    assert new[0] == T.get("common.lost_reply_note", reply=water_logged(300, 300, 2000, T)), (
        user.transcript()
    )
    assert reply is not None and reply.text == plain(T.get("common.help"))
    assert (await day(quick, user)).water_ml == 300  # type: ignore[union-attr]
    # Once told, never again.
    await say(user, "/help")
    assert sum(1 for m in user.messages if m.text == new[0]) == 1


async def test_an_emergency_answer_is_retried_until_it_arrives(quick: QuickHarness) -> None:
    server = quick.server
    user = server.user(6104, "Dee")
    await onboard(quick, user)
    shown = len(user.messages)
    server.fail_next("sendMessage", "server_error", times=9)  # three whole tries fail
    user.send_text("I can't pee at all")
    await user.wait_for(
        lambda chat: any(
            (m.text or "").startswith(plain(T.get("answers.emergency_title")))
            for m in chat.messages
        ),
        timeout=30,
    )
    await outbox_empty(quick)
    new = [m.text or "" for m in user.messages][shown:]
    assert sum(1 for text in new if text.startswith(plain(T.get("answers.emergency_title")))) == 1
    async with quick.store() as uow:
        assert (await uow.outbox.counts())["sent"] == 1


async def test_an_emergency_answer_pending_at_a_restart_is_sent_by_the_next_instance(
    quick: QuickHarness,
) -> None:
    server = quick.server
    user = server.user(6105, "Eli")
    await onboard(quick, user)
    server.fail_next("sendMessage", "server_error", times=3)  # the first try fails
    user.send_text("I can't pee at all")
    await user.settle(timeout=10)
    async with quick.store() as uow:
        assert len(await uow.outbox.pending()) == 1
    await quick.stop()  # SIGTERM-like: the outbox claim is given back
    await quick.start()
    await user.wait_for(
        lambda chat: any(
            (m.text or "").startswith(plain(T.get("answers.emergency_title")))
            for m in chat.messages
        ),
        timeout=20,
    )
    await outbox_empty(quick)


async def test_a_failed_answer_to_a_button_press_stops_nothing(quick: QuickHarness) -> None:
    server = quick.server
    user = server.user(6106, "Fay")
    await onboard(quick, user)
    await say(user, "/water")
    server.fail_next("answerCallbackQuery", "server_error", times=10)
    user.press("+250 ml")
    await user.settle(timeout=10)
    assert user.last_message is not None
    assert user.last_message.text == water_logged(250, 250, 2000, T)
    assert (await day(quick, user)).water_ml == 250  # type: ignore[union-attr]


def test_the_quick_retries_are_shorter_than_the_real_ones() -> None:
    assert sum(QUICK_REPLY_RETRIES) < sum(PriorityRateLimiter().reply_retry_seconds)
    assert isinstance(LocalBotApi, type)
