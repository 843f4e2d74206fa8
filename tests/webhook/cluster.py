"""Whole `checkin-bot webhook` processes for tests, a load balancer in front of them and a gate
in front of the Bot API server that can hold the bot's calls.

- `Instance`: one `python -m bot.cli webhook` process configured only through its environment;
  its JSON log lines are read as they come, so a test can wait for "update handled" of an
  update id instead of sleeping.
- `LoadBalancer`: what Telegram's WEBHOOK_URL points at; it forwards each POST to the next
  instance in turn (skipping one that refuses connections) and remembers who got what.
- `ApiGate`: a pass-through proxy to the local Bot API server that can hold a method's calls
  until released, to catch an instance in the middle of handling an update.
"""

# Waiting helpers take a timeout by design, like asyncio.wait_for.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from aiohttp import web

from bot.config import SETTINGS_HELP
from bot.webhook import SECRET_HEADER
from fakegram import LocalBotApi
from tests.webhook.conftest import SECRET, WEBHOOK_PATH, free_port, wait_until

SETTING_NAMES = frozenset(name for name, _ in SETTINGS_HELP)


def instance_env(**settings: str) -> dict[str, str]:
    """This process's environment without any bot setting, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES}
    env.update(settings)
    return env


@dataclass
class Instance:
    """One `checkin-bot webhook` process."""

    name: str
    port: int
    process: asyncio.subprocess.Process
    ops_port: int = 0
    lines: list[str] = field(default_factory=list)
    handled: set[int] = field(default_factory=set)
    _reader: asyncio.Task[None] | None = None

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def records(self) -> list[dict[str, Any]]:
        """Its log lines that are JSON objects."""
        found = []
        for line in self.lines:
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if isinstance(entry, dict):
                    found.append(entry)
        return found

    async def _read_log(self) -> None:
        assert self.process.stderr is not None
        async for raw in self.process.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.lines.append(line)
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if isinstance(entry, dict) and entry.get("message") == "update handled":
                    self.handled.add(int(entry["update_id"]))

    async def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait until /healthz answers 200 (the webhook is registered by then)."""
        deadline = asyncio.get_running_loop().time() + timeout
        async with httpx.AsyncClient(timeout=2) as http:
            while True:
                if self.process.returncode is not None:
                    raise RuntimeError(f"{self.name} exited during start-up:\n{self.log()}")
                with contextlib.suppress(httpx.HTTPError):
                    healthz = f"http://127.0.0.1:{self.ops_port}/healthz"
                    if (await http.get(healthz)).status_code == 200:
                        return
                if asyncio.get_running_loop().time() > deadline:
                    raise TimeoutError(f"{self.name} not ready in {timeout} s:\n{self.log()}")
                await asyncio.sleep(0.05)

    async def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM, then wait for the exit status."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), timeout)

    async def kill(self) -> None:
        """End the process at once if it still runs, and finish reading its log."""
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._reader, 5)

    def log(self) -> str:
        """Its log so far, for failure messages."""
        return "\n".join(self.lines[-40:]) or "(nothing logged)"


@contextlib.asynccontextmanager
async def webhook_instance(
    name: str,
    *,
    api_url: str,
    token: str,
    database_url: str,
    webhook_url: str,
    workdir: Path,
    port: int | None = None,
) -> AsyncIterator[Instance]:
    """Start `checkin-bot webhook` with its settings in the environment; killed if still running
    when the block ends."""
    port = port or free_port()
    ops_port = free_port()
    env = instance_env(
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=api_url,
        DATABASE_URL=database_url,
        WEBHOOK_URL=webhook_url,
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        METRICS_PORT=str(ops_port),
        LOG_LEVEL="INFO",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "webhook",
        cwd=workdir,  # no .env there
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    instance = Instance(name, port, process, ops_port)
    instance._reader = asyncio.create_task(instance._read_log())
    try:
        yield instance
    finally:
        await instance.kill()


@dataclass(frozen=True)
class Forwarded:
    """One update the load balancer passed on."""

    update_id: int
    instance: str
    status: int


class LoadBalancer:
    """Round-robin over instances; a refused connection moves on to the next instance."""

    def __init__(self, server: LocalBotApi) -> None:
        self._server = server
        self.instances: list[Instance] = []
        self.forwarded: list[Forwarded] = []
        self.in_flight = 0
        self.port = 0
        self._next = 0
        self._session: aiohttp.ClientSession | None = None

    @property
    def webhook_url(self) -> str:
        """The public webhook URL (what WEBHOOK_URL says)."""
        return f"http://127.0.0.1:{self.port}{WEBHOOK_PATH}"

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        update_id = int(json.loads(body)["update_id"])
        headers = {"Content-Type": request.content_type}
        if SECRET_HEADER in request.headers:
            headers[SECRET_HEADER] = request.headers[SECRET_HEADER]
        self.in_flight += 1
        try:
            for _ in range(len(self.instances)):
                target = self.instances[self._next % len(self.instances)]
                self._next += 1
                url = f"{target.base_url}{request.path}"
                try:
                    async with self._session.post(url, data=body, headers=headers) as answer:
                        text = await answer.text()
                except aiohttp.ClientConnectionError:
                    continue  # that instance is gone: the next one gets it
                self.forwarded.append(Forwarded(update_id, target.name, answer.status))
                return web.Response(status=answer.status, text=text)
            return web.Response(status=502, text="no instance answered")
        finally:
            self.in_flight -= 1

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[LoadBalancer]:
        """Listen on a free port until the block ends."""
        app = web.Application()
        app.router.add_post(WEBHOOK_PATH, self._forward)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(runner.addresses[0][1])
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        try:
            yield self
        finally:
            await self._session.close()
            await runner.cleanup()

    async def settle(self, timeout: float = 15.0) -> None:
        """Wait until every update was delivered and the instance that took it logged it
        handled (its replies have been sent by then)."""

        def done() -> bool:
            by_name = {i.name: i for i in self.instances}
            return (
                not self._server.state.updates.pending
                and self.in_flight == 0
                and all(
                    f.update_id in by_name[f.instance].handled
                    for f in self.forwarded
                    if f.status == 200
                )
            )

        await wait_until(done, timeout, "an update was not delivered or not handled")


class ApiGate:
    """A pass-through proxy to the Bot API server that can hold calls of chosen methods."""

    def __init__(self, server: LocalBotApi) -> None:
        self._server = server
        self.held: set[str] = set()
        self.waiting = 0
        self._released = asyncio.Event()
        self.port = 0
        self._session: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        """What TELEGRAM_API_BASE_URL says."""
        return f"http://127.0.0.1:{self.port}"

    def hold(self, method: str) -> None:
        """Hold every call of `method` until `release()`."""
        self.held.add(method.lower())
        self._released.clear()

    def release(self) -> None:
        """Let every held call through, and hold nothing from now on."""
        self.held.clear()
        self._released.set()

    async def _pass(self, request: web.Request) -> web.Response:
        assert self._session is not None
        method = request.path.rsplit("/", 1)[-1].lower()
        if method in self.held:
            self.waiting += 1
            try:
                await self._released.wait()
            finally:
                self.waiting -= 1
            if request.transport is None or request.transport.is_closing():
                # Its sender is gone (killed while the call was held): like a request that
                # never left the dead machine, it never reaches Telegram.
                return web.Response(status=499)
        headers = {"Content-Type": request.headers.get("Content-Type", "application/json")}
        async with self._session.request(
            request.method,
            f"{self._server.url}{request.path_qs}",
            data=await request.read(),
            headers=headers,
        ) as answer:
            return web.Response(
                status=answer.status,
                body=await answer.read(),
                content_type=answer.content_type,
            )

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[ApiGate]:
        """Listen on a free port until the block ends."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._pass)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(runner.addresses[0][1])
        self._session = aiohttp.ClientSession()
        try:
            yield self
        finally:
            self.release()
            await self._session.close()
            await runner.cleanup()
