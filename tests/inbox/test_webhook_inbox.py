"""Webhook mode with the inbox: an update is stored before the 200, a redelivered update changes
nothing and repeats no reply, the webhook answers 503 while the database is away (Telegram
retries) and the update is handled once it is back; a poison update is skipped alone."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from fakegram import LocalBotApi
from fakegram.testing import assert_schema_clean, local_bot_api
from handlers.water.intake import water_logged
from tests.bot.journey import T
from tests.webhook.conftest import WebhookBot, running_webhook_bot, set_connections_allowed
from tests.webhook.steps import ONBOARDING, play, say

REDELIVERIES = 9


@contextlib.asynccontextmanager
async def patient_server() -> AsyncIterator[LocalBotApi]:
    """A local Bot API that, like Telegram, keeps retrying a webhook that fails."""
    async with local_bot_api(webhook_retries=1000, webhook_retry_delay=0.1) as server:
        yield server
        assert_schema_clean(server)


def capture_updates(server: LocalBotApi) -> list[dict[str, Any]]:
    """Every update the server queues from now on, as it will be posted."""
    seen: list[dict[str, Any]] = []
    server.state.updates.inspect = seen.append
    return seen


async def water_today(bot: WebhookBot, user_id: int) -> int | None:
    async with bot.store() as uow:
        person = await uow.people.get(user_id)
        assert person is not None
        day = await uow.days.get(person.id, bot.clock().date())
    return None if day is None else day.water_ml


async def redeliver(bot: WebhookBot, update: dict[str, Any], times: int) -> None:
    for _ in range(times):
        response = await bot.post_update(update)
        assert response.status_code == 200


async def metric(bot: WebhookBot, name: str, **labels: str) -> float:
    text = (await bot.http.get(f"{bot.ops_url}/metrics")).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


async def test_a_message_posted_ten_times_logs_water_once_and_replies_once(
    webhook_bot: WebhookBot, local_api: LocalBotApi
) -> None:
    user = local_api.user(5301, "Ana")
    await play(webhook_bot, user, ONBOARDING)
    seen = capture_updates(local_api)
    reply = await say(webhook_bot, user, "/water 300")
    assert reply is not None and reply.text == water_logged(300, 300, 2000, T)
    shown = len(user.messages)
    await redeliver(webhook_bot, seen[-1], REDELIVERIES)
    await webhook_bot.settle()
    assert await water_today(webhook_bot, user.user_id) == 300
    assert len(user.messages) == shown, user.transcript()
    assert await metric(webhook_bot, "checkin_inbox_updates_total", outcome="duplicate") >= 9
    async with webhook_bot.store() as uow:
        stored = await uow.inbox.get(seen[-1]["update_id"])
    assert stored is not None and stored.outcome == "handled" and not stored.has_payload


async def test_a_button_press_posted_ten_times_adds_250_ml_once(
    webhook_bot: WebhookBot, local_api: LocalBotApi
) -> None:
    user = local_api.user(5302, "Bo")
    await play(webhook_bot, user, ONBOARDING)
    await say(webhook_bot, user, "/water")
    seen = capture_updates(local_api)
    user.press("+250 ml")
    await webhook_bot.settle()
    await redeliver(webhook_bot, seen[-1], REDELIVERIES)
    await webhook_bot.settle()
    assert await water_today(webhook_bot, user.user_id) == 250
    pressed = seen[-1]["callback_query"]["id"]
    assert [a.text for a in user.callback_answers if a.query_id == pressed] == ["+250 ml"]


async def test_while_postgres_refuses_connections_the_webhook_answers_503_and_nothing_is_lost(
    postgres_url: str,
) -> None:
    async with patient_server() as server, running_webhook_bot(server, postgres_url) as bot:
        user = server.user(5303, "Cem")
        await play(bot, user, ONBOARDING)
        await set_connections_allowed(postgres_url, False)
        try:
            user.send_text("/water 300")
            deadline = time.monotonic() + 10
            while not any(d.status == 503 for d in server.webhook_deliveries):
                assert time.monotonic() < deadline, "the webhook never answered 503"
                await asyncio.sleep(0.05)
            assert server.state.updates.pending, "Telegram still holds the update"
            health = await bot.http.get(f"{bot.ops_url}/healthz")
            assert health.status_code == 503
        finally:
            await set_connections_allowed(postgres_url, True)
        await bot.settle(timeout=20)
        assert user.last_message is not None
        assert user.last_message.text == water_logged(300, 300, 2000, T)
        assert await water_today(bot, user.user_id) == 300
        assert T.get("common.something_went_wrong") not in [m.text for m in user.messages]


def poison_message(user_id: int) -> dict[str, Any]:
    """A message the schema allows but python-telegram-bot cannot convert (its date is in the
    year 33658): the kind of update that stopped the polling bot for everyone."""
    return {
        "message_id": 999,
        "date": 10**12,
        "chat": {"id": user_id, "type": "private", "first_name": "Dee"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Dee"},
        "text": "my private words",
    }


async def test_a_poison_update_is_skipped_counted_and_logged_without_content(
    webhook_bot: WebhookBot, local_api: LocalBotApi, caplog: Any
) -> None:
    user = local_api.user(5304, "Dee")
    await play(webhook_bot, user, ONBOARDING)
    poison = local_api.push_raw_update("message", poison_message(user.user_id))
    assert poison is not None
    reply = await say(webhook_bot, user, "/water 200")
    assert reply is not None and reply.text == water_logged(200, 200, 2000, T)
    assert [
        d.status for d in local_api.webhook_deliveries if d.update_id == poison["update_id"]
    ] == [200]
    assert await metric(webhook_bot, "checkin_inbox_updates_total", outcome="poison") >= 1
    async with webhook_bot.store() as uow:
        stored = await uow.inbox.get(poison["update_id"])
    assert stored is not None and stored.outcome == "poison" and not stored.has_payload
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert str(poison["update_id"]) in logged and "my private words" not in logged
    health = await webhook_bot.http.get(f"{webhook_bot.ops_url}/healthz")
    assert health.status_code == 200
    assert isinstance(webhook_bot.http, httpx.AsyncClient)
