"""Reading a raw update (a JSON object from Telegram) without trusting it: its kind, its chat,
and whether python-telegram-bot can turn it into an `Update` at all."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, Update

from storage.repositories.inbox import InboxEntry

logger = logging.getLogger(__name__)


def update_id_of(raw: object) -> int | None:
    """The update_id of a raw update, or None when it has none (not an update at all)."""
    if not isinstance(raw, dict):
        return None
    value = raw.get("update_id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def kind_of(raw: dict[str, Any]) -> str:
    """The update's kind: the first field that is not update_id ("message", ...)."""
    return next((key for key in raw if key != "update_id"), "empty")[:32]


def chat_id_of(raw: dict[str, Any]) -> int | None:
    """The chat an update belongs to, when it says so plainly."""
    body = raw.get(kind_of(raw))
    if not isinstance(body, dict):
        return None
    chat = body.get("chat")
    if not isinstance(chat, dict) and isinstance(body.get("message"), dict):
        chat = body["message"].get("chat")  # a callback query's message
    if not isinstance(chat, dict) and isinstance(body.get("from"), dict):
        chat = body["from"]  # a private chat's id is the person's id
    value = chat.get("id") if isinstance(chat, dict) else None
    return value if isinstance(value, int) else None


def inbox_entry(raw: dict[str, Any]) -> InboxEntry:
    """What the inbox stores for a raw update (that has an update_id)."""
    update_id = update_id_of(raw)
    assert update_id is not None
    return InboxEntry(update_id, kind_of(raw), chat_id_of(raw), raw)


def parse_update(raw: dict[str, Any], bot: Bot) -> Update | None:
    """The Update, or None for a poison update python-telegram-bot cannot read. Logged by
    update_id and kind only: the update itself holds people's words."""
    try:
        update = Update.de_json(raw, bot)
    except Exception as error:  # whatever the library trips on, this update alone is skipped
        logger.error(
            "poison update %s (%s) skipped: %s",
            update_id_of(raw),
            kind_of(raw),
            type(error).__name__,
            extra={"update_id": update_id_of(raw), "update_kind": kind_of(raw)},
        )
        return None
    return update
