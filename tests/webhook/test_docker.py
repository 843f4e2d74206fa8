"""The image's two scripts, run here as the image runs them (no Docker engine needed): the
entrypoint picks the mode from BOT_MODE, and the HEALTHCHECK tells a healthy bot from one
whose database is gone. The Dockerfile itself is checked by hadolint (`make lint`)."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import subprocess
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from fakegram import LocalBotApi
from tests.webhook.conftest import (
    free_port,
    running_webhook_bot,
    set_connections_allowed,
)

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"


def load_healthcheck() -> ModuleType:
    """docker/healthcheck.py as a module."""
    spec = importlib.util.spec_from_file_location("healthcheck", ROOT / "docker" / "healthcheck.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def entrypoint(tmp_path: Path, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the entrypoint with a stand-in `checkin-bot` that prints the arguments it got."""
    fake = tmp_path / "bin" / "checkin-bot"
    fake.parent.mkdir(exist_ok=True)
    fake.write_text('#!/bin/sh\necho "checkin-bot $*"\n')
    fake.chmod(0o755)
    path = f"{fake.parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        [str(ENTRYPOINT), *command],
        env={"PATH": path, **env},
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )


@pytest.mark.parametrize(
    ("mode", "command", "runs"),
    [
        (None, ("checkin-bot", "run"), "checkin-bot run"),
        ("polling", ("checkin-bot", "run"), "checkin-bot run"),
        ("webhook", ("checkin-bot", "run"), "checkin-bot webhook"),
        ("webhook", ("checkin-bot", "migrate"), "checkin-bot migrate"),
    ],
)
def test_the_entrypoint_picks_the_mode(
    tmp_path: Path, mode: str | None, command: tuple[str, ...], runs: str
) -> None:
    done = entrypoint(tmp_path, *command, **({"BOT_MODE": mode} if mode else {}))
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, runs, "")


def test_an_unknown_mode_stops_with_one_line(tmp_path: Path) -> None:
    done = entrypoint(tmp_path, "checkin-bot", "run", BOT_MODE="hook")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "checkin-bot: BOT_MODE: must be polling or webhook, not 'hook'"
    ]


@pytest.mark.postgres
async def test_healthcheck_in_webhook_mode_asks_healthz(
    local_api: LocalBotApi, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    healthcheck = load_healthcheck()
    async with running_webhook_bot(local_api, postgres_url) as bot:
        monkeypatch.setenv("BOT_MODE", "webhook")
        monkeypatch.setenv("METRICS_PORT", bot.ops_url.rsplit(":", 1)[1])
        assert await asyncio.to_thread(healthcheck.main) == 0
        await set_connections_allowed(postgres_url, False)
        try:
            assert await asyncio.to_thread(healthcheck.main) == 1
        finally:
            await set_connections_allowed(postgres_url, True)
    monkeypatch.setenv("METRICS_PORT", str(free_port()))  # nobody listens: not healthy
    assert await asyncio.to_thread(healthcheck.main) == 1


async def test_healthcheck_in_polling_mode_asks_the_database(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    healthcheck = load_healthcheck()
    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.delenv("BOT_MODE", raising=False)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert await asyncio.to_thread(healthcheck.main) == 0
    monkeypatch.setenv("DATABASE_URL", f"postgresql+asyncpg://nobody@127.0.0.1:{free_port()}/x")
    assert await asyncio.to_thread(healthcheck.main) == 1
    monkeypatch.setenv("DATABASE_URL", "mysql://not-a-setting-we-take")
    assert await asyncio.to_thread(healthcheck.main) == 1


def test_the_image_gets_every_package_the_project_ships() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    for pattern in packages:
        name = pattern.rstrip("*")
        assert f"COPY {name} ./{name}\n" in dockerfile, f"the Dockerfile does not copy {name}/"
