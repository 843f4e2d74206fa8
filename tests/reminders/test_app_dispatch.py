"""The real application sends due prompts by itself, through its JobQueue job."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from pydantic import SecretStr

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import Settings
from fakegram import LocalBotApi
from fakegram.testing import running_application
from handlers.common.context import BotData
from storage.db import Database
from tests.reminders.rig import TODAY, SettableClock, open_chat, prompt_kind

BERLIN = ZoneInfo("Europe/Berlin")
NOON = dt.datetime.combine(TODAY, dt.time(12), BERLIN).astimezone(dt.UTC)


async def test_the_job_queue_job_sends_due_prompts_by_itself(
    server: LocalBotApi, database: Database
) -> None:
    clock = SettableClock(NOON - dt.timedelta(minutes=1))
    async with database.unit_of_work() as uow:
        person = await uow.people.create_with_consent(
            1001, 1001, consented_at=clock(), timezone="Europe/Berlin"
        )
        for user_id in range(2001, 2051):  # more people: still no job of their own
            await uow.people.create_with_consent(
                user_id, user_id, consented_at=clock(), timezone="Asia/Kolkata"
            )
    open_chat(server, 1001)
    url = database.engine.url.render_as_string(hide_password=False)
    settings = Settings(
        telegram_bot_token=SecretStr(server.token),
        telegram_api_base_url=server.url,
        database_url=url,
    )
    app = build_application(settings, clock=clock, dispatch_every=0.2)
    user = server.user(1001)
    async with running_application(app, server, allowed_updates=ALLOWED_UPDATES):
        data: BotData = app.bot_data
        assert data.dispatcher is not None
        jobs = [job.name for job in app.job_queue.jobs()]  # type: ignore[union-attr]
        assert "dispatcher" in jobs
        assert len(jobs) <= 3, jobs  # a few periodic jobs, never one per person
        await server.wait_until_polling()
        clock.set(NOON)
        await user.wait_for(lambda chat: len(chat.messages) == 1, timeout=5.0)
        clock.set(NOON + dt.timedelta(hours=3))
        await user.wait_for(lambda chat: len(chat.messages) == 2, timeout=5.0)
        clock.set(NOON + dt.timedelta(hours=3, minutes=5))
        # Several more ticks go by (every 0.2 s); nothing is sent twice.
        ticks = len([c for c in server.calls if c.method == "sendMessage"])
        await server.wait_idle(timeout=5.0, quiet=0.6)
        assert len([c for c in server.calls if c.method == "sendMessage"]) == ticks
    assert [prompt_kind(m.text or "") for m in user.messages] == ["hydration", "hydration"]
    async with database.unit_of_work() as uow:
        rows = await uow.deliveries.for_day(person.id, TODAY)
    assert [d.key.slot for d in rows if not d.skipped] == ["h1200", "h1500"]
    # The noon prompt, let pass, lost its buttons when the next one came (a marker row).
    assert [d.key.slot for d in rows if d.skipped] == [f"x{user.messages[0].message_id}"]
