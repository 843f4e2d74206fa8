"""Whole `checkin-bot webhook` processes on one PostgreSQL database: any instance handles any
update, so a person's flow completes while its steps alternate between instances; and SIGTERM
stops taking updates, finishes the one in hand and exits 0."""

# Waiting helpers take a timeout by design, like asyncio.wait_for.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import signal
from pathlib import Path

import pytest

from bot.app import ALLOWED_UPDATES
from fakegram import LocalBotApi
from storage import Database
from storage.migrate import upgrade_database
from tests.bot.journey import T
from tests.webhook.cluster import ApiGate, LoadBalancer, webhook_instance
from tests.webhook.conftest import SECRET, WEBHOOK_PATH, free_port, wait_until
from tests.webhook.steps import CHECK_IN, ONBOARDING, answered_self_care, play, saw

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


async def test_a_flow_whose_steps_land_on_different_instances_completes(
    local_api: LocalBotApi, postgres_url: str, tmp_path: Path
) -> None:
    # Deploys migrate once before starting replicas (`checkin-bot migrate`): instances that
    # start together on an empty database would both try to create the tables.
    database = Database.from_url(postgres_url)
    try:
        await upgrade_database(database)
    finally:
        await database.close()
    balancer = LoadBalancer(local_api)
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(balancer.running())
        instances = [
            await stack.enter_async_context(
                webhook_instance(
                    name,
                    api_url=local_api.url,
                    token=local_api.token,
                    database_url=postgres_url,
                    webhook_url=balancer.webhook_url,
                    workdir=tmp_path,
                )
            )
            for name in ("a", "b")
        ]
        await asyncio.gather(*(instance.wait_ready() for instance in instances))
        balancer.instances.extend(instances)

        user = local_api.user(6001, "Ana")
        await play(balancer, user, ONBOARDING + CHECK_IN)

        assert answered_self_care(user), user.transcript()
        steps = len(ONBOARDING + CHECK_IN)
        assert [f.instance for f in balancer.forwarded] == ["a", "b"] * (steps // 2) + (
            ["a"] if steps % 2 else []
        )
        assert {f.status for f in balancer.forwarded} == {200}
        for instance in instances:
            mine = {f.update_id for f in balancer.forwarded if f.instance == instance.name}
            assert instance.handled == mine, instance.log()

        registrations = local_api.calls_to("setWebhook")
        assert len(registrations) == 2
        for call in registrations:
            assert call.params["url"] == balancer.webhook_url
            assert call.params["secret_token"] == SECRET
            assert call.params["allowed_updates"] == ALLOWED_UPDATES

        for instance in instances:
            assert await instance.terminate() == 0, instance.log()

    database = Database.from_url(postgres_url)
    try:
        async with database.unit_of_work() as uow:
            person = await uow.people.get(user.user_id)
            assert person is not None and person.timezone == "Europe/Berlin"
            (answer,) = await uow.assessments.recent(person.id)
            assert answer.triage_level == "self_care"
    finally:
        await database.close()


async def test_sigterm_stops_taking_updates_finishes_the_one_in_hand_and_exits_0(
    local_api: LocalBotApi, postgres_url: str, tmp_path: Path
) -> None:
    gate = ApiGate(local_api)
    async with gate.running():
        port = free_port()  # no balancer here: Telegram posts to the instance itself
        async with webhook_instance(
            "a",
            api_url=gate.url,
            token=local_api.token,
            database_url=postgres_url,
            webhook_url=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
            workdir=tmp_path,
            port=port,
        ) as instance:
            await instance.wait_ready()
            user = local_api.user(6101, "Bo")
            gate.hold("sendMessage")
            user.send_text("/start")
            await wait_until(lambda: gate.waiting == 1, 10, "the bot never tried to answer")

            instance.process.send_signal(signal.SIGTERM)  # in the middle of handling /start
            await wait_until_refused(port, timeout=5)
            assert instance.process.returncode is None, "it must finish the update in hand"
            assert not saw(user, T.get("onboarding.welcome"))

            gate.release()
            assert await asyncio.wait_for(instance.process.wait(), 20) == 0, instance.log()
            assert saw(user, T.get("onboarding.welcome")), user.transcript()
            assert [d.status for d in local_api.webhook_deliveries] == [200]
            assert instance.handled == {local_api.webhook_deliveries[0].update_id}


async def wait_until_refused(port: int, timeout: float) -> None:
    """Wait until nothing accepts connections on the port any more."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            return
        writer.close()
        await writer.wait_closed()
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"port {port} still accepts connections after {timeout} s")
        await asyncio.sleep(0.05)
