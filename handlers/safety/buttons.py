"""The safety messages' buttons, made and read in one place: every keyboard here is a list of
(catalog key, action) pairs under the safety prefix, and every press starts the same way."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import CallbackQuery, InlineKeyboardMarkup, Update

from handlers.common import keyboards
from handlers.common.callbacks import Prefix
from i18n import MessageKey, Texts

P = Prefix.SAFETY


def keyboard(
    token: str,
    options: Sequence[tuple[MessageKey, str]],
    texts: Texts,
    *,
    value: str | None = None,
    per_row: int = 2,
) -> InlineKeyboardMarkup:
    """One button per (catalog key, action), all carrying `token` and `value`."""
    return keyboards.choices(
        [(texts.get(key), action, value) for key, action in options], P, token, per_row=per_row
    )


def pressed(update: Update) -> tuple[CallbackQuery, int]:
    """The press and the chat it came from."""
    query = update.callback_query
    assert query is not None and query.message is not None
    return query, query.message.chat.id
