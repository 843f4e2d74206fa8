"""`checkin-bot run` / `checkin-bot webhook` as real processes against the local Bot API server:
configured only through their environment, all output kept for the test to read."""

# Waiting helpers take a timeout by design, like asyncio.wait_for.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.webhook.cluster import instance_env
from tests.webhook.conftest import SECRET, WEBHOOK_PATH, free_port

MODES = ("run", "webhook")


def mode_env(mode: str, *, token: str, api_url: str, database_url: str) -> dict[str, str]:
    """Every setting a process of `mode` needs, with free ports."""
    settings = {
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": api_url,
        "DATABASE_URL": database_url,
        "METRICS_PORT": str(free_port()),
        "LOG_LEVEL": "DEBUG",  # the most talkative: the token must not show even so
    }
    if mode == "webhook":
        port = free_port()
        settings |= {
            "WEBHOOK_URL": f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(port),
        }
    return settings


@dataclass
class BotProcess:
    """One running bot process and everything it wrote."""

    process: asyncio.subprocess.Process
    settings: dict[str, str]
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    _readers: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def ops_url(self) -> str:
        """http://127.0.0.1:METRICS_PORT."""
        return f"http://127.0.0.1:{self.settings['METRICS_PORT']}"

    @property
    def output(self) -> str:
        """stdout and stderr so far."""
        return "\n".join(self.out + self.err)

    async def _read(self, stream: asyncio.StreamReader, into: list[str]) -> None:
        async for raw in stream:
            into.append(raw.decode("utf-8", "replace").rstrip("\n"))

    async def exited(self, timeout: float) -> int:
        """Wait for the exit status; all output read by then."""
        status = await asyncio.wait_for(self.process.wait(), timeout)
        await asyncio.wait_for(asyncio.gather(*self._readers), 10)
        return status

    async def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM, then the exit status."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await self.exited(timeout)

    async def health(self) -> int | None:
        """/healthz's status code, None when nobody answers."""
        async with httpx.AsyncClient(timeout=2) as http:
            try:
                return (await http.get(f"{self.ops_url}/healthz")).status_code
            except httpx.HTTPError:
                return None

    async def wait_healthy(self, timeout: float = 60.0) -> None:
        """Wait until /healthz answers 200."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while await self.health() != 200:
            if self.process.returncode is not None:
                raise RuntimeError(f"the bot exited during start-up:\n{self.output}")
            if loop.time() > deadline:
                raise TimeoutError(f"not healthy in {timeout} s:\n{self.output}")
            await asyncio.sleep(0.1)


@contextlib.asynccontextmanager
async def bot_process(
    mode: str, settings: dict[str, str], workdir: Path
) -> AsyncIterator[BotProcess]:
    """`python -m bot.cli MODE` with exactly `settings`; killed if still running after."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", mode,
        cwd=workdir, env=instance_env(**settings),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    running = BotProcess(process, settings)
    assert process.stdout is not None and process.stderr is not None
    running._readers = [
        asyncio.create_task(running._read(process.stdout, running.out)),
        asyncio.create_task(running._read(process.stderr, running.err)),
    ]
    try:
        yield running
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        for reader in running._readers:
            reader.cancel()


def leaks(text: str, token: str) -> bool:
    """Whether `text` shows the token or its secret half."""
    return token in text or token.split(":", 1)[1] in text
