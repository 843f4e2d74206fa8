"""The crisis message goes through the outbox with its buttons: while the Bot API answers 5xx
it is retried, and it arrives once, buttons and all, after the fault ends, also when the
instance that queued it was restarted in between. Played against the local Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from fakegram import ChatMessage, SimulatedUser
from handlers.safety.tables import crisis_table
from tests.bot.journey import T, labels, onboard, plain, tap
from tests.bot.test_crisis import CRISIS_BUTTONS, CRISIS_WORDS
from tests.inbox.test_polling_inbox import (
    QUICK_REPLY_RETRIES,
    QuickHarness,
    outbox_empty,
    quick_harness,
)

BUTTONS = [*CRISIS_BUTTONS, T.get("safety.button_other_country")]
ONE_TRY = len(QUICK_REPLY_RETRIES) + 1  # the sends of one outbox try (the first and its retries)


@pytest.fixture
async def quick(database_url: str) -> AsyncIterator[QuickHarness]:
    async with quick_harness(database_url) as harness:
        yield harness


def crisis_messages(user: SimulatedUser, since: int = 0) -> list[ChatMessage]:
    opening = plain(T.get("safety.crisis_opening"))
    return [m for m in user.messages[since:] if (m.text or "").startswith(opening)]


async def crisis_while_failing(harness: QuickHarness, user: SimulatedUser, sends: int) -> int:
    """Onboard, make the next `sends` sendMessage calls answer 502, type a crisis; how many
    messages the person had before."""
    await onboard(harness, user)
    shown = len(user.messages)
    harness.server.fail_next("sendMessage", "server_error", times=sends)
    user.send_text(CRISIS_WORDS)
    return shown


async def arrives_once(harness: QuickHarness, user: SimulatedUser, shown: int) -> ChatMessage:
    """Wait for the crisis message and the outbox to empty; the one crisis message."""
    await user.wait_for(lambda chat: bool(crisis_messages(chat, shown)), timeout=30)
    await outbox_empty(harness)
    await user.settle()
    (message,) = crisis_messages(user, shown)
    assert labels(message) == BUTTONS, "the buttons came back from the outbox as they were"
    return message


async def test_a_crisis_message_is_retried_through_a_bad_gateway_and_arrives_once_with_its_buttons(
    quick: QuickHarness,
) -> None:
    server = quick.server
    user = server.user(6201, "Ida")
    shown = await crisis_while_failing(quick, user, 3 * ONE_TRY)  # three whole tries fail
    message = await arrives_once(quick, user, shown)
    failed = [c for c in server.calls_to("sendMessage") if c.fault == "server_error"]
    assert len(failed) == 3 * ONE_TRY, "the fault really was in the way"
    async with quick.store() as uow:
        assert await uow.outbox.counts() == {"sent": 1, "gave_up": 0, "pending": 0}
    hurt = await tap(user, T.get("safety.button_hurt"), message=message)
    assert hurt.text == plain(T.html("safety.crisis_hurt", emergency="112"))


async def test_a_crisis_message_pending_at_a_restart_is_sent_by_the_next_instance(
    quick: QuickHarness,
) -> None:
    user = quick.server.user(6202, "Jo")
    shown = await crisis_while_failing(quick, user, ONE_TRY)  # the first try fails
    await user.settle(timeout=10)
    assert crisis_messages(user, shown) == []
    async with quick.store() as uow:
        (pending,) = await uow.outbox.pending()
    assert pending.reply_markup is not None and T.get("safety.button_hurt") in (
        pending.reply_markup
    )
    await quick.stop()  # SIGTERM-like: the outbox claim is given back
    await quick.start()
    message = await arrives_once(quick, user, shown)
    safe = await tap(user, T.get("safety.button_safe_yes"), message=message)
    (line,) = crisis_table().for_country("DE")
    assert safe.text.startswith(plain(T.get("safety.crisis_safe", line="")).split("\n")[0])
    assert line.number in safe.text
