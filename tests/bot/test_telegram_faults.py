"""Telegram failing while the bot replies: flood control (RetryAfter) and a 502 from Telegram's
side. The bot must not crash: the person gets the answer or the failure is logged, and the
next update is served as usual."""

from __future__ import annotations

import logging

from handlers.water.intake import water_logged
from tests.bot.journey import T, day, onboard, people_total, person, plain, say

HELP = plain(T.get("common.help"))


def failed_updates(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR and "failed" in r.getMessage()]


async def test_flood_control_then_a_bad_gateway_and_the_bot_keeps_serving(harness, caplog):
    caplog.set_level(logging.WARNING)
    user = harness.server.user(12001, "Alex")
    harness.server.fail_next("sendMessage", "retry_after", retry_after=1)
    harness.server.fail_next("sendMessage", "server_error")
    user.send_text("/help")
    await user.settle(timeout=10)

    answered = [m.text for m in user.messages] == [HELP]
    assert answered or failed_updates(caplog), (
        "the person got no answer and nothing was logged\n" + user.transcript()
    )
    assert T.get("common.something_went_wrong") not in [m.text for m in user.messages]
    faults = [c.fault for c in harness.server.calls_to("sendMessage") if c.fault]
    assert faults == ["retry_after", "server_error"]

    before = len(user.messages)
    assert (await say(user, "/help")).text == HELP
    assert len(user.messages) == before + 1
    assert harness.app.running


async def test_flood_control_alone_is_waited_out_and_answered(harness, caplog):
    caplog.set_level(logging.WARNING)
    user = harness.server.user(12002, "Bo")
    harness.server.fail_next("sendMessage", "retry_after", retry_after=1)
    user.send_text("/help")
    await user.settle(timeout=10)
    assert [m.text for m in user.messages] == [HELP], user.transcript()
    assert not failed_updates(caplog)


async def test_a_bad_gateway_on_a_confirmation_loses_nothing_stored(harness, caplog):
    caplog.set_level(logging.WARNING)
    user = harness.server.user(12003, "Cem")
    await onboard(harness, user)
    harness.server.fail_next("sendMessage", "server_error")
    user.send_text("/water 300")
    await user.settle(timeout=10)
    assert failed_updates(caplog) or user.messages[-1].text.startswith("Logged 300 ml")
    stored = await day(harness, user)
    assert stored.water_ml == 300, "the drink was logged even though the confirmation failed"
    answer = await say(user, "/water 200")
    assert answer.text == water_logged(200, 500, 2000, T)


async def test_a_blocked_send_marks_the_person_blocked(harness):
    user = harness.server.user(12004, "Devi")
    await onboard(harness, user)
    harness.server.fail_next("sendMessage", "forbidden")
    user.send_text("/help")
    await user.settle(timeout=10)
    found = await person(harness, user)
    assert found.active is False and found.blocked_at is not None
    assert await people_total(harness) == 1
    await say(user, "/start")  # writing again brings them back
    assert (await person(harness, user)).active is True
