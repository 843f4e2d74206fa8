"""Route a private text or location to whatever the person is in the middle of."""

from __future__ import annotations

from telegram import Update

from handlers.checkin import flow as checkin
from handlers.checkin.freetext import on_free_text
from handlers.common.context import BotContext
from handlers.common.conversation import person_or_start, reply, texts_of
from handlers.setup import onboarding
from handlers.water import intake as water


async def on_text(update: Update, context: BotContext) -> None:
    """A typed message: an answer to the open flow, or free text."""
    person = await person_or_start(update, context)
    if person is None:
        return
    async with context.bot_data.database.unit_of_work() as uow:
        flow = await uow.flows.load(person.id)
    if flow is not None and flow.kind in checkin.FLOW_KINDS:
        await checkin.on_text(update, context, person, flow)
    elif flow is not None and flow.kind == "setup":
        await onboarding.on_text(update, context, person, flow)
    elif flow is not None and flow.kind == water.WATER_FLOW:
        await water.on_amount_text(update, context, person, flow)
    else:
        await on_free_text(update, context, person)


async def on_location(update: Update, context: BotContext) -> None:
    """A shared location: used only to set the time zone during setup."""
    person = await person_or_start(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    async with context.bot_data.database.unit_of_work() as uow:
        flow = await uow.flows.load(person.id)
    if flow is not None and flow.kind == "setup" and flow.step == "timezone":
        await onboarding.on_location(update, context, person, flow)
    else:
        await reply(update, texts.settings.ASK_TIMEZONE)
