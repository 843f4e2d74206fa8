"""Start-up and shutdown as an operator meets them, with real `checkin-bot run` and
`checkin-bot webhook` processes against the local Bot API server: each failure ends with one
line naming the setting and a non-zero exit; the token never shows, even at DEBUG; the API URL
may be the server root or the `.../bot` form; a token revoked while running stops the process
promptly with a non-zero status."""

from __future__ import annotations

import asyncio
import json
import socket
import sqlite3
from pathlib import Path

import pytest

from fakegram import LocalBotApi
from tests.bot.journey import T, plain
from tests.process.bot_process import MODES, bot_process, leaks, mode_env
from tests.webhook.conftest import free_port

pytestmark = pytest.mark.slow

WRONG_TOKEN = "987654321:AAH-a-token-nobody-issued-0123456789"


def stamped_sqlite(path: Path) -> str:
    """A SQLite database claiming a schema revision this code does not have."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999')")
    return f"sqlite+aiosqlite:///{path}"


async def test_every_start_up_failure_is_one_line_naming_the_setting(
    local_api: LocalBotApi, tmp_path: Path
) -> None:
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    sqlite = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    # (case, token, API URL, database URL, extra settings, the setting the line names, a word)
    cases = [
        ("rejected token", WRONG_TOKEN, local_api.url, sqlite, {}, "TELEGRAM_BOT_TOKEN", "401"),
        ("proxy prefix answers 404", local_api.token, f"{local_api.url}/prefix", sqlite, {},
         "TELEGRAM_API_BASE_URL", "404"),
        ("nobody at the API URL", local_api.token, f"http://127.0.0.1:{free_port()}", sqlite, {},
         "TELEGRAM_API_BASE_URL", "reach"),
        ("database unreachable", local_api.token, local_api.url,
         f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/checkin", {}, "DATABASE_URL",
         "connection_refused"),
        ("unknown schema revision", local_api.token, local_api.url,
         stamped_sqlite(tmp_path / "future.db"), {}, "DATABASE_URL", "migrations"),
        ("metrics port taken", local_api.token, local_api.url, sqlite,
         {"METRICS_PORT": str(busy.getsockname()[1])}, "METRICS_PORT", "listen"),
    ]  # fmt: skip
    gate = asyncio.Semaphore(4)  # two cores shared with others

    async def start(mode: str, case: tuple) -> tuple[str, str, int, str, str, str]:  # type: ignore[type-arg]
        name, token, api_url, database_url, extra, setting, word = case
        settings = mode_env(mode, token=token, api_url=api_url, database_url=database_url)
        workdir = tmp_path / f"{mode}-{name.replace(' ', '-')}"
        workdir.mkdir()
        async with gate, bot_process(mode, settings | extra, workdir) as bot:
            status = await bot.exited(90)
            return f"{mode}: {name}", token, status, bot.output, setting, word

    try:
        results = await asyncio.gather(*(start(m, c) for m in MODES for c in cases))
    finally:
        busy.close()
    for case, token, status, output, setting, word in results:
        last = output.strip().splitlines()[-1]
        assert status == 1, (case, output)
        assert last.startswith("checkin-bot: ") and setting in last and word in last, (case, last)
        assert not leaks(output, token), (case, output)
        # Nothing else on stderr but JSON log lines, then that one line: no raw traceback.
        for line in output.strip().splitlines()[:-1]:
            assert isinstance(json.loads(line), dict), (case, line)


@pytest.mark.parametrize("mode", MODES)
async def test_the_api_url_may_end_in_bot_and_a_signal_stops_with_0(
    local_api: LocalBotApi, tmp_path: Path, mode: str
) -> None:
    settings = mode_env(
        mode,
        token=local_api.token,
        api_url=f"{local_api.url}/bot/",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
    )
    async with bot_process(mode, settings, tmp_path) as bot:
        await bot.wait_healthy()
        user = local_api.user(8101, "Ines")
        reply = await user.ask("/start", timeout=30)
        assert reply is not None and plain(T.get("onboarding.welcome"))[:20] in (reply.text or "")
        assert await bot.terminate() == 0, bot.output
    assert not leaks(bot.output, local_api.token), bot.output


async def test_a_revoked_token_stops_polling_promptly_with_one_clear_line(
    local_api: LocalBotApi, tmp_path: Path
) -> None:
    settings = mode_env(
        "run",
        token=local_api.token,
        api_url=local_api.url,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
    )
    async with bot_process("run", settings, tmp_path) as bot:
        await bot.wait_healthy()
        user = local_api.user(8201, "Jon")
        assert await user.ask("/start", timeout=30) is not None
        local_api.revoke_token()
        seen: list[int | None] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while bot.process.returncode is None and loop.time() < deadline:
            seen.append(await bot.health())
            await asyncio.sleep(0.05)
        status = await bot.exited(5)
    assert status == 1, bot.output
    # The health check never said "healthy" once the token was gone (the first probe may
    # have been answered just before the bot noticed).
    assert 200 not in seen[1:], seen
    records = [json.loads(line) for line in bot.err[:-1]]
    told = [r for r in records if r["logger"] == "service.lifecycle" and r["level"] == "ERROR"]
    assert len(told) == 1 and told[0]["message"].startswith("TELEGRAM_BOT_TOKEN: "), told
    assert bot.err[-1].startswith("checkin-bot: TELEGRAM_BOT_TOKEN: "), bot.err[-1]
    assert not leaks(bot.output, local_api.token), bot.output
