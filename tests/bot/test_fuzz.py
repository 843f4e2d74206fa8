"""The fuzz run: a few thousand schema-shaped random updates (forged presses and messages among
them) go through the local Bot API server to the real app. It must end with no unhandled
exception and no apology: forged updates are refused before any handler, so every apology
would be for an update Telegram could send. FUZZ_UPDATES and FUZZ_SEED change the size and
the draw."""

from __future__ import annotations

import logging
import os
import random
import time

import pytest

from fakegram.people import private_chat_json
from fakegram.state import PendingQuery
from tests.bot.fuzz_updates import Chat, UpdateFuzzer
from tests.bot.journey import T, onboard, say

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

# 2,000 by default: 59 s on the shared 2-core machine at load average 3.5-4 (1,000: 39 s),
# so about half that on an idle one; FUZZ_UPDATES=10000 for the full run.
UPDATES = int(os.environ.get("FUZZ_UPDATES", "2000"))
SEED = int(os.environ.get("FUZZ_SEED", "20261118"))
BATCH = 40


async def test_random_updates_end_without_a_crash_or_an_apology(harness, caplog) -> None:
    server = harness.server
    caplog.set_level(logging.WARNING)
    people = [server.user(9500 + i, f"F{i}") for i in range(6)]
    for user in people[:3]:  # half of them set up, so the flows have data to work on
        await onboard(harness, user)
    for user in people[3:5]:
        await say(user, "/start")  # consent asked, not given
    await say(people[0], "/assess")
    server.group(-100_950, "Fuzz club")
    chats = [Chat(private_chat_json(user.person), [user.person]) for user in people]
    chats.append(Chat(server.state.chats[-100_950].chat, [people[0].person, people[1].person]))
    strangers = [server.user(9600 + i, f"S{i}").person for i in range(2)]
    fuzzer = UpdateFuzzer(random.Random(SEED), chats, strangers, server.state.bot_user)
    for user in people:
        fuzzer.message_ids[user.chat_id] = [m.message_id for m in user.messages]
        fuzzer.button_data += [b.value for m in user.messages for b in m.all_buttons if b.value]

    apology = T.get("common.something_went_wrong")
    sent_before = len(server.calls)
    for start in range(0, UPDATES, BATCH):
        for _ in range(min(BATCH, UPDATES - start)):
            kind, payload, forged = fuzzer.update(0)
            if kind == "message" and payload["chat"]["type"] == "private" and not forged:
                server.state.chats[payload["chat"]["id"]].started = True  # as Telegram would
            if kind == "callback_query":  # a press Telegram knows, so it can be answered
                shown = payload["message"]
                server.state.queries[payload["id"]] = PendingQuery(
                    payload["id"], shown["chat"]["id"], shown["message_id"], payload["data"],
                    time.monotonic(),
                )  # fmt: skip
            server.state.updates.push(kind, payload)
        await server.wait_idle(timeout=60)

    errors = [
        r for r in caplog.records
        if r.levelno >= logging.ERROR and r.name.startswith(("handlers", "telegram", "bot"))
    ]  # fmt: skip
    failed_calls = sorted({
        r.getMessage() for r in caplog.records if r.name == "delivery.bot_api_request"
    })  # fmt: skip
    assert errors == [], ([r.getMessage() for r in errors[:10]], failed_calls)
    apologies = [
        c for c in server.calls[sent_before:]
        if c.method == "sendMessage" and c.params.get("text") == apology
    ]  # fmt: skip
    assert apologies == [], [c.params.get("chat_id") for c in apologies]
