"""The log lines an operator reads, from real processes: a failed Bot API call names its method,
kind and Telegram's description (a proxy's HTML page summarised by its title), with a traceback
only at DEBUG; identical failures are written once and summarised at shutdown; refused webhook
requests are logged once per burst and counted; the token never shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.webhook import SECRET_HEADER
from fakegram import LocalBotApi
from tests.process.bot_process import BotProcess, bot_process, leaks, mode_env
from tests.webhook.conftest import wait_until

pytestmark = pytest.mark.slow

BAD_GATEWAY_LINE = "Bot API sendMessage failed: server_error 502: HTML error page: 502 Bad Gateway"


def records(bot: BotProcess) -> list[dict[str, Any]]:
    """The process's JSON log records (the last stderr line may be the exit line)."""
    found = []
    for line in bot.err:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            found.append(entry)
    return found


def bad_gateways(server: LocalBotApi) -> list[Any]:
    """sendMessage calls answered with the 502 page."""
    return [c for c in server.calls_to("sendMessage") if c.status == 502]


def starting_with(bot: BotProcess, prefix: str) -> list[dict[str, Any]]:
    """Records whose message starts with `prefix`."""
    return [r for r in records(bot) if str(r["message"]).startswith(prefix)]


async def test_bad_gateways_are_one_line_each_kind_with_a_summary_and_a_debug_traceback(
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
        user = local_api.user(8301, "Kim")
        # A reply is tried 4 times (delivery/ratelimit.py): two replies that never get through.
        local_api.fail_next("sendMessage", "server_error", times=8)
        for _ in range(2):
            user.send_text("/help")
        await wait_until(lambda: len(bad_gateways(local_api)) == 8, 60, "8 sends tried")
        await local_api.wait_idle(timeout=30)
        assert await bot.terminate() == 0, bot.output
    lines = starting_with(bot, BAD_GATEWAY_LINE)
    assert [r.get("repeated") for r in lines] == [None, 7], lines
    assert lines[0]["api_method"] == "sendMessage" and lines[0]["status"] == 502
    assert "<html" not in bot.output and "<center>" not in bot.output
    handled = [r for r in starting_with(bot, "update ") if "failed" in r["message"]]
    # The inbox tries a failed update again (main's issue 13), so a later try may get through:
    # one line for the first failure, and any later ones only as a summary.
    assert handled and handled[0].get("repeated") is None, handled
    assert all(r.get("repeated") for r in handled[1:]), handled
    assert handled[0]["error"] == "NetworkError"
    assert "Traceback" in handled[0]["traceback"]  # LOG_LEVEL=DEBUG
    assert not leaks(bot.output, local_api.token)


async def test_refused_webhook_requests_are_logged_once_per_burst_and_counted(
    local_api: LocalBotApi, tmp_path: Path
) -> None:
    settings = mode_env(
        "webhook",
        token=local_api.token,
        api_url=local_api.url,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
    ) | {"LOG_LEVEL": "INFO"}
    url = settings["WEBHOOK_URL"]
    async with bot_process("webhook", settings, tmp_path) as bot:
        await bot.wait_healthy()
        async with httpx.AsyncClient(timeout=10) as http:
            for attempt in range(5):
                update = {"update_id": 100 + attempt}
                response = await http.post(url, json=update, headers={SECRET_HEADER: "typo"})
                assert response.status_code == 403
            assert (await http.post(url, json={"update_id": 1}, headers={})).status_code == 403
            metrics = (await http.get(f"{bot.ops_url}/metrics")).text
            # Nothing but the webhook on the public port.
            assert (await http.get(url.replace("/telegram", "/metrics"))).status_code == 404
        local_api.fail_next("sendMessage", "server_error", times=4)
        user = local_api.user(8302, "Lou")
        user.send_text("/help")
        await wait_until(lambda: len(bad_gateways(local_api)) == 4, 30, "the sends tried")
        await local_api.wait_idle(timeout=30)
        assert await bot.terminate() == 0, bot.output
    assert 'checkin_webhook_rejected_total{reason="secret"} 6.0' in metrics
    refused = starting_with(bot, "webhook request refused: secret (403)")
    assert [r.get("repeated") for r in refused] == [None, 5], refused
    assert [r.get("repeated") for r in starting_with(bot, BAD_GATEWAY_LINE)] == [None, 3]
    assert all("traceback" not in r for r in records(bot))  # LOG_LEVEL=INFO
    assert not leaks(bot.output, local_api.token)
