"""One entry for every inline-button press: decode strictly, then hand to the flow it names."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from handlers.checkin import flow as checkin
from handlers.checkin import followup
from handlers.common.callbacks import Callback, Prefix, decode
from handlers.common.context import BotContext
from handlers.common.fallbacks import stale_button
from handlers.data_rights import commands as data_rights
from handlers.preferences import menu as settings_menu
from handlers.safety import first as safety
from handlers.setup import onboarding
from handlers.stretch import routine as stretch
from handlers.water import intake as water

ButtonHandler = Callable[[Update, BotContext, Callback], Awaitable[None]]

_BY_PREFIX: dict[Prefix, ButtonHandler] = {
    Prefix.ONBOARDING: onboarding.on_button,
    Prefix.CHECKIN: checkin.on_button,
    Prefix.CHECKIN_PROMPT: checkin.on_prompt_button,
    Prefix.WATER: water.on_button,
    Prefix.STRETCH: stretch.on_button,
    Prefix.FOLLOWUP: followup.on_button,
    Prefix.DELETE: data_rights.on_button,
    Prefix.SAFETY: safety.on_button,
    Prefix.SETTINGS: settings_menu.on_button,
}


async def on_button(update: Update, context: BotContext) -> None:
    """Any callback query, in a private chat."""
    query = update.callback_query
    if query is None:
        return
    callback = decode(query.data)
    handler = _BY_PREFIX.get(callback.prefix) if callback else None
    if callback is None or handler is None:
        await stale_button(update, context)
        return
    await handler(update, context, callback)
