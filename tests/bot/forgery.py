"""Updates Telegram would never send: one person's presses and messages arriving in another
person's private chat, as a leaked webhook secret or a compromised Bot API server could make.
Built from the local server's own records so they are schema-valid in every other way."""

from __future__ import annotations

import time
from typing import Any

from fakegram import LocalBotApi, SimulatedUser
from fakegram.state import PendingQuery


def forge_press(
    server: LocalBotApi, presser: SimulatedUser, victim: SimulatedUser, data: str, message_id: int
) -> str:
    """`presser` presses a button with `data` on `victim`'s message `message_id`."""
    state = server.state
    chat = state.chats[victim.chat_id]
    stored = chat.messages.get(message_id)
    message = stored.data if stored else {"chat": chat.chat, "message_id": message_id, "date": 0}
    query_id = state.new_query_id(presser.user_id)
    state.queries[query_id] = PendingQuery(
        query_id, victim.chat_id, message_id, data, time.monotonic()
    )
    query = {
        "id": query_id,
        "from": presser.person,
        "message": message,
        "chat_instance": str(abs(victim.chat_id) * 7919 % 10**18),
        "data": data,
    }
    state.updates.push("callback_query", query)
    return query_id


def forge_message(
    server: LocalBotApi, sender: SimulatedUser, victim: SimulatedUser, content: dict[str, Any]
) -> None:
    """`sender` writes `content` (e.g. {"text": ...}) into `victim`'s private chat."""
    state = server.state
    stored = state.add_message(state.chats[victim.chat_id], sender.person, content, from_bot=False)
    state.updates.push("message", stored.data)
