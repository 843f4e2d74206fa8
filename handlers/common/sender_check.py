"""One check before any handler runs: in a private chat, only the chat's own person acts.

Telegram never sends an update in a private chat from anyone but that chat's person (the chat
id is the person's user id), but a leaked webhook secret or a compromised Bot API server can.
Such an update would let one person press another's buttons or read another's answers, so it
changes nothing and sends nothing: no reply, not even an answer to a button press.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from handlers.common.context import BotContext
from telemetry.metrics import UPDATES_REFUSED

logger = logging.getLogger(__name__)


async def only_the_chats_person(update: object, context: BotContext) -> None:
    """Stop every later handler for a private-chat update whose sender is not the chat's
    person (or has no sender at all)."""
    if not isinstance(update, Update):
        return
    chat = update.effective_chat
    if chat is None or chat.type != chat.PRIVATE:
        return
    sender = update.effective_user
    if sender is not None and sender.id == chat.id:
        return
    UPDATES_REFUSED.labels(reason="sender_not_chat").inc()
    logger.warning(
        "update %s refused: its sender is not the private chat's person",
        update.update_id,
        extra={"update_id": update.update_id, "repeat_key": "sender_not_chat"},
    )
    raise ApplicationHandlerStop
