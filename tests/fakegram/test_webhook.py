"""With a webhook set, updates are POSTed to it (secret header included) instead of polled."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import Conflict

from fakegram import LocalBotApi


@dataclass
class Receiver:
    """A tiny webhook endpoint that records what it receives and can fail on purpose."""

    url: str = ""
    received: list[tuple[dict[str, Any], str | None]] = field(default_factory=list)
    failures_left: int = 0

    async def handle(self, request: web.Request) -> web.Response:
        if self.failures_left:
            self.failures_left -= 1
            return web.Response(status=500)
        self.received.append(
            (await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        )
        return web.Response(text="ok")


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A running webhook endpoint on a free local port."""
    hook = Receiver()
    app = web.Application()
    app.router.add_post("/hook", hook.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    hook.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    yield hook
    await runner.cleanup()


@pytest.fixture
async def bot(local_api: LocalBotApi) -> AsyncIterator[Bot]:
    """A bare PTB Bot talking to the local server."""
    async with Bot(
        local_api.token, base_url=local_api.base_url, base_file_url=local_api.base_file_url
    ) as client:
        yield client


async def test_updates_are_posted_with_the_secret(
    local_api: LocalBotApi, receiver: Receiver, bot: Bot
) -> None:
    assert await bot.set_webhook(receiver.url, secret_token="s3cret-token_1")
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == (receiver.url, 0)
    user = local_api.user(8, "Ed")
    user.send_text("one")
    user.send_text("two")
    await local_api.wait_idle()
    assert [(update["message"]["text"], secret) for update, secret in receiver.received] == [
        ("one", "s3cret-token_1"),
        ("two", "s3cret-token_1"),
    ]
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()


async def test_failed_deliveries_are_retried(
    local_api: LocalBotApi, receiver: Receiver, bot: Bot
) -> None:
    await bot.set_webhook(receiver.url)
    receiver.failures_left = 2
    local_api.user(9).send_text("hello")
    await local_api.wait_idle()
    assert [update["message"]["text"] for update, _ in receiver.received] == ["hello"]
    assert [d.status for d in local_api.webhook_deliveries] == [500, 500, 200]
    info = await bot.get_webhook_info()
    assert info.last_error_message is not None and "500" in info.last_error_message


async def test_deleting_the_webhook_returns_to_polling(
    local_api: LocalBotApi, receiver: Receiver, bot: Bot
) -> None:
    await bot.set_webhook(receiver.url)
    await bot.delete_webhook()
    local_api.user(10).send_text("poll me")
    updates = await bot.get_updates(timeout=1)
    assert [u.message.text for u in updates if u.message] == ["poll me"]
    assert receiver.received == []
    await bot.get_updates(offset=updates[-1].update_id + 1)
    assert local_api.state.updates.pending == []


async def test_webhooks_must_be_https_unless_local(bot: Bot) -> None:
    from telegram.error import BadRequest

    with pytest.raises(BadRequest, match=r"(?i)an https url must be provided"):
        await bot.set_webhook("http://example.com/hook")
