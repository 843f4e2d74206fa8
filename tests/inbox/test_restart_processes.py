"""Real `checkin-bot webhook` processes on PostgreSQL: an instance killed (SIGKILL) in the
middle of handling an update it had acknowledged; the next instance finishes it within
seconds, and the person sees the answer once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fakegram import LocalBotApi
from tests.bot.journey import T, plain
from tests.webhook.cluster import ApiGate, webhook_instance
from tests.webhook.conftest import WEBHOOK_PATH, free_port, wait_until
from tests.webhook.steps import saw

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


async def test_an_update_in_hand_at_a_sigkill_is_finished_by_the_next_instance(
    local_api: LocalBotApi, postgres_url: str, tmp_path: Path
) -> None:
    gate = ApiGate(local_api)
    async with gate.running():
        port = free_port()  # Telegram posts to whichever process listens there

        def instance(name: str) -> object:
            return webhook_instance(
                name,
                api_url=gate.url,
                token=local_api.token,
                database_url=postgres_url,
                webhook_url=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
                workdir=tmp_path,
                port=port,
            )

        user = local_api.user(6201, "Gus")
        async with instance("a") as first:  # type: ignore[attr-defined]
            await first.wait_ready(timeout=90)
            gate.hold("sendMessage")
            user.send_text("/start")
            await wait_until(lambda: gate.waiting == 1, 10, "the bot never tried to answer")
            await first.kill()  # SIGKILL, with the update acknowledged and in hand
            gate.release()
        assert [d.status for d in local_api.webhook_deliveries] == [200]
        assert not saw(user, T.get("onboarding.welcome"))

        async with instance("b") as second:  # type: ignore[attr-defined]
            await second.wait_ready(timeout=90)  # slow on a busy machine: not counted
            started = time.monotonic()
            await wait_until(
                lambda: saw(user, T.get("onboarding.welcome")), 40, "the update was never finished"
            )
            resumed = time.monotonic() - started
            await local_api.wait_idle(timeout=10)
        # The dead instance is known dead 15 s after its last heartbeat, counted from when the
        # new one could see the database: seconds, not the minutes of a lease.
        assert resumed < 25, f"took {resumed:.1f} s"
        welcomes = [m for m in user.messages if m.text == plain(T.get("onboarding.welcome"))]
        assert len(welcomes) == 1, user.transcript()
