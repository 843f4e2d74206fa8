"""`checkin-bot chat`: the real bot in this terminal, over a local Bot API server in-process.

No token and no Telegram: you type as the user, inline buttons are numbered and pressed by
number, and `/due` sends today's scheduled prompts at once.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from telegram.constants import ParseMode

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import Settings
from bot.local_api.people import SimulatedUser
from bot.local_api.terminal import console_read_line, console_write, run_terminal_chat
from bot.local_api.testing import FAST_POLL_TIMEOUT, application_is_idle, local_bot_api
from bot.logs import configure_logging
from delivery.ratelimit import PriorityRateLimiter
from handlers import prompts
from handlers.common import local_today
from handlers.context import BotData
from handlers.stretch import recent_routine
from handlers.texts import texts_for
from inbox.polling import polling

DUE = "/due"
ReadLine = Callable[[], Awaitable[str | None]]
Write = Callable[[str], Awaitable[None]]


def chat_command(args: argparse.Namespace) -> int:
    """Run one terminal session."""
    configure_logging("WARNING", json_lines=False)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(chat(args.database_url, console_read_line, console_write))
    return 0


async def chat(database_url: str | None, read_line: ReadLine, write: Write) -> None:
    """Serve the bot locally and chat with it through `read_line` / `write`."""
    with tempfile.TemporaryDirectory(prefix="checkin-chat-") as scratch:
        url = database_url or f"sqlite+aiosqlite:///{Path(scratch) / 'chat.db'}"
        async with local_bot_api() as server:
            settings = Settings(
                telegram_bot_token=SecretStr(server.token),
                telegram_api_base_url=server.url,
                database_url=url,
            )
            # A terminal has one person, who may read faster than Telegram's per-chat pace.
            app = build_application(
                settings, rate_limiter=PriorityRateLimiter(chat_interval=0), polling=False
            )
            user = server.user(1001, "You", language_code="en")
            async with polling(
                app, allowed_updates=ALLOWED_UPDATES, poll_timeout=FAST_POLL_TIMEOUT
            ):
                server.add_idle_probe(lambda: application_is_idle(app))

                async def read_or_trigger() -> str | None:
                    line = await read_line()
                    if line is not None and line.strip() == DUE:
                        await send_prompts_now(app, user)
                        return ""
                    return line

                await write(f"Type {DUE} to get today's reminders now.")
                await run_terminal_chat(server, user, read_line=read_or_trigger, write=write)


async def send_prompts_now(app: Any, user: SimulatedUser) -> None:
    """Send the water, stretch and check-in prompts to the terminal's person right away."""
    data: BotData = app.bot_data
    now = data.clock()
    async with data.database.unit_of_work() as uow:
        person = await uow.people.get(user.user_id)
        if person is None:
            return
        today = local_today(person, now)
        day = await uow.days.get(person.id, today)
        routine = await recent_routine(uow, person.id, today, None)
    texts = texts_for(person.language)
    total = (day.water_ml or 0) if day else 0
    messages = [
        prompts.hydration_prompt(today, total, person.water_goal_ml, behind=False, texts=texts),
        prompts.stretch_message(routine, today, scheduled=True, texts=texts),
        prompts.checkin_prompt(today, texts),
    ]
    for message in messages:
        await app.bot.send_message(
            person.chat_id, message.text, parse_mode=ParseMode.HTML, reply_markup=message.keyboard
        )
