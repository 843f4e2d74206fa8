"""`checkin-bot chat`: the real bot in this terminal, over a local Bot API server in-process.

No token and no Telegram: you type as the user, inline buttons are numbered and pressed with
`#2` (a plain number is typed text), photos and documents the bot sends are saved into a folder,
`/location`, `/sticker` and `/photo` send those, and `/due` sends today's scheduled prompts at once.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import Settings
from delivery.ratelimit import PriorityRateLimiter
from handlers.common.context import BotData
from service.logs import configure_logging

if TYPE_CHECKING:
    from fakegram.people import SimulatedUser

DUE = "/due"
DEFAULT_FILES_DIR = Path("checkin-chat-files")
MISSING_EXTRA = (
    "checkin-bot chat needs the local Bot API server (fakegram) and aiohttp, which the "
    "production install leaves out. From a checkout of the project run:\n"
    "    pip install -e '.[chat]'    (or `make chat`)"
)
ReadLine = Callable[[], Awaitable[str | None]]
Write = Callable[[str], Awaitable[None]]


def chat_command(args: argparse.Namespace) -> int:
    """Run one terminal session."""
    try:
        from fakegram.terminal import console_read_line, console_write
    except ImportError:  # fakegram is not in the wheel; aiohttp comes with the `chat` extra
        print(MISSING_EXTRA, file=sys.stderr)
        return 2
    configure_logging("WARNING", json_lines=False)
    with contextlib.suppress(KeyboardInterrupt):
        files_dir = Path(getattr(args, "files_dir", None) or DEFAULT_FILES_DIR)
        asyncio.run(chat(args.database_url, console_read_line, console_write, files_dir=files_dir))
    return 0


async def chat(
    database_url: str | None,
    read_line: ReadLine,
    write: Write,
    *,
    files_dir: Path | None = None,
) -> None:
    """Serve the bot locally and chat with it through `read_line` / `write`; photos and
    documents the bot sends are saved in `files_dir` (not saved when None)."""
    # The fake server is a development tool outside the wheel: imported only here, lazily.
    from fakegram.terminal import run_terminal_chat
    from fakegram.testing import FAST_POLL_TIMEOUT, application_is_idle, local_bot_api
    from inbox.polling import polling

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
                await run_terminal_chat(
                    server, user, read_line=read_or_trigger, write=write, files_dir=files_dir
                )


async def send_prompts_now(app: Any, user: SimulatedUser) -> None:
    """Send today's water, stretch and check-in prompts to the terminal's person right away,
    through the dispatcher: the same builders and rules as a scheduled prompt."""
    data: BotData = app.bot_data
    if data.dispatcher is None:
        return
    async with data.database.unit_of_work() as uow:
        person = await uow.people.get(user.user_id)
    if person is not None:
        await data.dispatcher.send_now(person.id)
