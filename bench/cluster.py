"""Real parts for the multi-instance fan-out benchmark: `checkin-bot webhook` processes and nginx.

nginx (installed from Debian's packages by bench/setup-nginx.sh) runs as a child process with
its own prefix, pid file and logs in a temporary directory, listening on 127.0.0.1 only, with
bench/nginx.conf as its configuration (the listen port and the instances filled in). The local
Bot API server posts updates to nginx, which passes each one to an instance.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
NGINX_CONF = BENCH / "nginx.conf"
SETUP_NGINX = BENCH / "setup-nginx.sh"
WEBHOOK_PATH = "/telegram"
SECRET = "fanout-bench-secret"


def free_port() -> int:
    """A TCP port nobody listens on right now (on 127.0.0.1)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def nginx_binary() -> str:
    """nginx, installed by bench/setup-nginx.sh if missing."""
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found is None:
        subprocess.run(["bash", str(SETUP_NGINX)], check=True)
        found = "/usr/sbin/nginx"
    return found


@contextlib.asynccontextmanager
async def nginx(ports: Sequence[int], workdir: Path) -> AsyncIterator[int]:
    """nginx in front of the instances on `ports`; yields the port it listens on."""
    prefix = workdir / "nginx"
    prefix.mkdir()
    listen = free_port()
    upstreams = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in ports
    )
    config = (
        NGINX_CONF.read_text()
        .replace("@PREFIX@", str(prefix))
        .replace("@LISTEN@", str(listen))
        .replace("@UPSTREAMS@", upstreams.strip())
    )
    (prefix / "nginx.conf").write_text(config)
    process = await asyncio.create_subprocess_exec(
        nginx_binary(), "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
        "-e", str(prefix / "error.log"),
        stdout=asyncio.subprocess.DEVNULL, stderr=(prefix / "stderr.log").open("wb"),
    )  # fmt: skip
    try:
        await wait_listening(listen, process, prefix / "stderr.log")
        yield listen
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGQUIT)  # graceful: finish requests in hand
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()


async def wait_listening(port: int, process: asyncio.subprocess.Process, log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise RuntimeError(f"nginx exited; see {log}")
        with contextlib.suppress(OSError):
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("nginx did not start listening")


@dataclass
class Instance:
    """One `checkin-bot webhook` process."""

    name: str
    port: int
    process: asyncio.subprocess.Process
    log: Path
    ops_port: int  # /healthz and /metrics (METRICS_PORT), never on the webhook's port

    async def wait_healthy(self, within: float = 120.0) -> None:
        """Until /healthz answers 200 (migrated, webhook registered)."""
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=2) as http:
            while time.monotonic() < deadline:
                if self.process.returncode is not None:
                    raise RuntimeError(f"{self.name} exited; see {self.log}")
                with contextlib.suppress(httpx.HTTPError):
                    if (
                        await http.get(f"http://127.0.0.1:{self.ops_port}/healthz")
                    ).status_code == 200:
                        return
                await asyncio.sleep(0.1)
        raise TimeoutError(f"{self.name} not healthy in {within} s")

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        if self.process.returncode is None:
            self.process.kill()

    async def stop(self) -> None:
        """SIGTERM, then SIGKILL after 30 s."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 30)
            except TimeoutError:
                self.process.kill()
        await self.process.wait()


async def start_instances(
    count: int, *, api_url: str, token: str, database_url: str, webhook_url: str, workdir: Path,
    ports: Sequence[int], extra_env: dict[str, str] | None = None,
) -> list[Instance]:  # fmt: skip
    """`count` webhook instances, each with its settings in its environment only."""
    instances = []
    for n in range(count):
        ops_port = free_port()
        env = os.environ | {
            "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": api_url,
            "DATABASE_URL": database_url, "WEBHOOK_URL": webhook_url, "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(ports[n]), "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(BENCH.parent), "METRICS_PORT": str(ops_port),
        } | (extra_env or {})  # fmt: skip
        log = workdir / f"instance{n}.log"
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "webhook", env=env, cwd=workdir,
            stdin=asyncio.subprocess.DEVNULL, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        instances.append(Instance(f"instance{n}", ports[n], process, log, ops_port))
    return instances
