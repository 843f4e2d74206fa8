"""A prompt goes out once even when the database goes away right after Telegram accepted it:
recording the send is retried until the database is back, and no takeover sends it again.
Played against PostgreSQL refusing connections (a scratch database) and the local Bot API."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from delivery.ratelimit import PriorityRateLimiter
from fakegram import LocalBotApi
from storage.db import Database
from storage.migrate import upgrade_database
from tests.reminders.rig import TODAY, Rig, SettableClock, open_chat
from tests.webhook.cluster import ApiGate
from tests.webhook.conftest import set_connections_allowed, wait_until

pytestmark = pytest.mark.postgres

NOON = dt.datetime.combine(TODAY, dt.time(12), ZoneInfo("Europe/Berlin")).astimezone(dt.UTC)


async def test_a_send_recorded_through_a_database_outage_is_not_sent_again(
    local_api: LocalBotApi, postgres_url: str
) -> None:
    database = Database.from_url(postgres_url)
    await upgrade_database(database)
    gate = ApiGate(local_api)
    async with gate.running():
        limiter = PriorityRateLimiter()
        bot: ExtBot[dict[str, Any]] = ExtBot(
            local_api.token,
            base_url=f"{gate.url}/bot",
            base_file_url=f"{gate.url}/file/bot",
            request=HTTPXRequest(connection_pool_size=8, read_timeout=5.0),
            rate_limiter=limiter,
        )
        await bot.initialize()
        rig = Rig(local_api, database, bot, limiter, SettableClock(NOON - dt.timedelta(hours=1)))
        try:
            open_chat(local_api, 1001)
            await rig.add_person(1001)
            rig.clock.set(NOON)
            gate.hold("sendMessage")
            run = asyncio.create_task(rig.run())
            await wait_until(lambda: gate.waiting == 1, 10, "the prompt was never sent")
            await set_connections_allowed(postgres_url, False)
            gate.release()  # Telegram accepts it; recording it now fails
            await wait_until(lambda: rig.sends(1001) == 1, 10, "the prompt never arrived")
            await asyncio.sleep(2.0)
            await set_connections_allowed(postgres_url, True)
            await asyncio.wait_for(run, 60)
            async with database.unit_of_work() as uow:
                (stored,) = await uow.deliveries.for_day(1, TODAY)
            assert stored.sent_at is not None and stored.message_id is not None
            # Long past any lease, with a fresh dispatcher: still once.
            await rig.restart()
            await rig.run(NOON + dt.timedelta(minutes=30))
            assert rig.kinds(1001) == ["hydration"]
        finally:
            await rig.dispatcher.stop()
            await bot.shutdown()
            await database.close()
