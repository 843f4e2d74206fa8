"""The webhook app over real HTTP: the secret header guards the update path, malformed bodies are
refused, `/healthz` follows the database and `/metrics` counts what was handled."""

from __future__ import annotations

import asyncio

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.app import ALLOWED_UPDATES
from bot.webhook import SECRET_HEADER
from fakegram import LocalBotApi
from fakegram.testing import application_is_idle
from tests.bot.journey import T
from tests.webhook.conftest import (
    SECRET,
    WEBHOOK_PATH,
    WebhookBot,
    running_webhook_bot,
    set_connections_allowed,
)
from tests.webhook.steps import CHECK_IN, ONBOARDING, answered_self_care, play, saw, start_update


async def test_the_webhook_is_registered_with_the_secret_and_the_update_kinds(
    webhook_bot: WebhookBot, local_api: LocalBotApi
) -> None:
    (call,) = local_api.calls_to("setWebhook")
    assert call.ok
    assert call.params["url"] == webhook_bot.webhook_url
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == ALLOWED_UPDATES
    assert local_api.state.webhook is not None


async def test_an_update_with_the_right_secret_is_handled(
    webhook_bot: WebhookBot, local_api: LocalBotApi
) -> None:
    user = local_api.user(5101, "Ana")
    await play(webhook_bot, user, ONBOARDING[:2])  # /start, then consent
    assert saw(user, T.get("onboarding.ask_timezone")), user.transcript()
    assert [d.status for d in local_api.webhook_deliveries] == [200, 200]
    assert [d.update_id for d in local_api.webhook_deliveries] == webhook_bot.handled.ids
    async with webhook_bot.store() as uow:
        assert await uow.people.get(user.user_id) is not None


WRONG_SECRETS = {
    "missing": None,
    "empty": "",
    "wrong": "wrong-secret",
    "prefix": SECRET[:-1],
    "longer": SECRET + "x",
    "other case": SECRET.upper(),
}
MALFORMED = {
    "broken JSON": b"{not json",
    "empty body": b"",
    "not UTF-8": b"\xff\xfe\x00",
    "a list": b"[1, 2, 3]",
    "a string": b'"update"',
    "no update_id": b'{"message": {}}',
}


async def test_a_missing_or_wrong_secret_is_refused_and_changes_nothing(
    webhook_bot: WebhookBot, local_api: LocalBotApi
) -> None:
    intruder = 5201
    rows_before = await webhook_bot.row_counts()
    for number, (case, secret) in enumerate(WRONG_SECRETS.items()):
        update = start_update(900_000 + number, intruder)
        response = await webhook_bot.post_update(update, secret=secret)
        assert response.status_code == 403, case
        # The app queues an update before it answers: a refused one is neither queued nor
        # being handled now, and was not handled before.
        assert application_is_idle(webhook_bot.application), case
    assert webhook_bot.handled.ids == []
    assert await webhook_bot.row_counts() == rows_before

    # The app still serves the right secret, and nothing ever reached the intruder's chat.
    user = local_api.user(5202, "Bo")
    await play(webhook_bot, user, ONBOARDING[:2])
    assert saw(user, T.get("onboarding.ask_timezone")), user.transcript()
    assert len(webhook_bot.handled.ids) == 2
    chats = {str(c.params.get("chat_id")) for c in local_api.calls}
    assert str(intruder) not in chats and str(user.user_id) in chats
    async with webhook_bot.store() as uow:
        assert await uow.people.get(intruder) is None


async def test_a_malformed_update_gets_400(webhook_bot: WebhookBot) -> None:
    for case, body in MALFORMED.items():
        response = await webhook_bot.post_update(body)
        assert response.status_code == 400, case
        assert application_is_idle(webhook_bot.application), case
    assert webhook_bot.handled.ids == []


async def test_the_secret_is_checked_before_the_body_is_read(webhook_bot: WebhookBot) -> None:
    response = await webhook_bot.post_update(b"{not json", secret="wrong")
    assert response.status_code == 403


async def test_healthz_answers_200_with_a_database(webhook_bot: WebhookBot) -> None:
    response = await webhook_bot.http.get(f"{webhook_bot.ops_url}/healthz")
    assert (response.status_code, response.text) == (200, "ok")


@pytest.mark.postgres
async def test_healthz_follows_the_database(local_api: LocalBotApi, postgres_url: str) -> None:
    async with running_webhook_bot(local_api, postgres_url) as bot:
        healthz = f"{bot.ops_url}/healthz"
        assert (await bot.http.get(healthz)).status_code == 200
        await set_connections_allowed(postgres_url, False)
        try:
            down = await bot.http.get(healthz)
            assert (down.status_code, down.text) == (503, "database unavailable")
        finally:
            await set_connections_allowed(postgres_url, True)
        assert (await bot.http.get(healthz)).status_code == 200


def metric_values(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus exposition, by name and labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_metrics_count_a_handled_check_in(
    webhook_bot: WebhookBot, local_api: LocalBotApi
) -> None:
    metrics_url = f"{webhook_bot.ops_url}/metrics"
    response = await webhook_bot.http.get(metrics_url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    before = metric_values(response.text)

    user = local_api.user(5301, "Cem")
    await play(webhook_bot, user, ONBOARDING + CHECK_IN)
    assert answered_self_care(user), user.transcript()

    after = metric_values((await webhook_bot.http.get(metrics_url)).text)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    typed = sum(kind == "say" for kind, _ in ONBOARDING + CHECK_IN)
    pressed = len(ONBOARDING + CHECK_IN) - typed
    assert grew("checkin_updates_handled_total", kind="message") == typed
    assert grew("checkin_updates_handled_total", kind="callback_query") == pressed
    assert grew("checkin_triage_answers_total", level="self_care") == 1
    assert grew("checkin_update_handling_seconds_count") == typed + pressed
    assert grew("checkin_messages_sent_total", kind="reply") >= 1
    assert ("checkin_dispatcher_lag_seconds", ()) in after


async def test_unknown_paths_and_methods_are_not_the_update_path(webhook_bot: WebhookBot) -> None:
    http, base = webhook_bot.http, webhook_bot.base_url
    assert (await http.get(f"{base}/telegram")).status_code == 405
    assert (await http.post(f"{base}/other", json={})).status_code == 404


async def test_healthz_and_metrics_are_not_on_the_public_webhook_port(
    webhook_bot: WebhookBot,
) -> None:
    http, base = webhook_bot.http, webhook_bot.base_url
    assert (await http.get(f"{base}/healthz")).status_code == 404
    assert (await http.get(f"{base}/metrics")).status_code == 404
    assert (await http.get(f"{webhook_bot.ops_url}/metrics")).status_code == 200
    assert (await http.post(f"{webhook_bot.ops_url}/telegram", json={})).status_code == 404


async def test_a_revoked_token_makes_healthz_fail_at_once(
    webhook_bot: WebhookBot, local_api: LocalBotApi
) -> None:
    healthz = f"{webhook_bot.ops_url}/healthz"
    assert (await webhook_bot.http.get(healthz)).status_code == 200
    local_api.revoke_token()
    user = local_api.user(5401, "Dara")
    user.send_text("/start")  # its answer gets 401 from the Bot API
    for _ in range(200):
        down = await webhook_bot.http.get(healthz)
        if down.status_code == 503:
            break
        await asyncio.sleep(0.05)
    assert (down.status_code, down.text) == (503, "token rejected")


# Bodies the old app answered 500 (which Telegram retries) or took far too long over.
MORE_MALFORMED = {
    "update_id true": b'{"update_id": true}',
    "update_id text": b'{"update_id": "7"}',
    "message a string": b'{"update_id": 7, "message": "hello"}',
    "callback_query a list": b'{"update_id": 7, "callback_query": [1]}',
    "message without chat": b'{"update_id": 7, "message": {"message_id": 1, "date": 0}}',
    "deeply nested": b'{"update_id": 7, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "null": b"null",
    "lone surrogate": b'{"update_id": 7, "message": {"text": "\\ud800"}}',
}


async def test_every_malformed_body_gets_400_never_5xx(webhook_bot: WebhookBot) -> None:
    before = metric_values((await webhook_bot.http.get(f"{webhook_bot.ops_url}/metrics")).text)
    for case, body in MORE_MALFORMED.items():
        response = await webhook_bot.post_update(body)
        assert response.status_code == 400, case
    assert application_is_idle(webhook_bot.application)
    assert webhook_bot.handled.ids == []
    after = metric_values((await webhook_bot.http.get(f"{webhook_bot.ops_url}/metrics")).text)
    key = ("checkin_webhook_rejected_total", (("reason", "malformed"),))
    assert after.get(key, 0) - before.get(key, 0) >= 5


async def test_a_body_over_1_mb_gets_413_without_holding_up_anything_else(
    webhook_bot: WebhookBot,
) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    host, port = webhook_bot.base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    size = 10 * 1024 * 1024
    head = (
        f"POST {WEBHOOK_PATH} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"{SECRET_HEADER}: {SECRET}\r\nContent-Length: {size}\r\n\r\n"
    )
    writer.write(head.encode() + b'{"update_id": 1, "pad": "' + b"x" * 65536)
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), 5)  # answered before the rest
    health = await webhook_bot.http.get(f"{webhook_bot.ops_url}/healthz")
    writer.close()
    assert status_line.startswith(b"HTTP/1.1 413"), status_line
    assert health.status_code == 200
    assert loop.time() - started < 5
    # Without a Content-Length (chunked), reading stops at the limit.
    reader, writer = await asyncio.open_connection(host, int(port))
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(18)) + b"0\r\n\r\n"
    head = head.replace(f"Content-Length: {size}", "Transfer-Encoding: chunked")
    writer.write(head.encode() + body)
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), 5)
    writer.close()
    assert status_line.startswith(b"HTTP/1.1 413"), status_line
    wrong = await webhook_bot.post_update({"update_id": 2}, secret="wrong")
    assert wrong.status_code == 403
    values = metric_values((await webhook_bot.http.get(f"{webhook_bot.ops_url}/metrics")).text)
    assert values[("checkin_webhook_rejected_total", (("reason", "too_large"),))] >= 1
    assert values[("checkin_webhook_rejected_total", (("reason", "secret"),))] >= 1
