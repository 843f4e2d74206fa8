"""Route a private text or location: safety first, then whatever the person is in the middle of."""

from __future__ import annotations

from telegram import Update

from engine import parse_text
from engine.safety_step import safety_step
from handlers.checkin import flow as checkin
from handlers.checkin.freetext import on_free_text
from handlers.common.context import BotContext
from handlers.common.conversation import current_person, person_or_start, reply, texts_of
from handlers.preferences import menu as settings_menu
from handlers.safety.first import read_first, reads_warning_signs
from handlers.safety.screen import screen_button
from handlers.setup import onboarding
from handlers.water import intake as water


async def on_text(update: Update, context: BotContext) -> None:
    """A typed message: read for a crisis and warning signs first (in every state, before
    consent too), then an answer to the open flow, or free text."""
    assert update.effective_message is not None
    text = update.effective_message.text or ""
    person = await current_person(update, context)
    flow = None
    if person is not None:
        async with context.bot_data.database.unit_of_work() as uow:
            flow = await uow.flows.load(person.id)
    found = parse_text(text)
    step = safety_step(found)
    if await read_first(
        update, context, person, found, step, flow_reads_it=reads_warning_signs(person, flow)
    ):
        return
    if person is None:
        texts = texts_of(update)
        await reply(update, texts.get("common.needs_start"), screen_button(texts))
    elif flow is not None and flow.kind in checkin.FLOW_KINDS:
        await checkin.on_text(update, context, person, flow)
    elif flow is not None and flow.kind == "setup":
        await onboarding.on_text(update, context, person, flow)
    elif flow is not None and flow.kind == water.WATER_FLOW:
        await water.on_amount_text(update, context, person, flow)
    elif flow is not None and settings_menu.takes_text(flow):
        await settings_menu.on_text(update, context, person, flow)
    else:
        await on_free_text(update, context, person, found=found, step=step)


async def on_edited_text(update: Update, context: BotContext) -> bool:
    """An edited message is not re-read as a new answer, but it is still read for a crisis and
    warning signs (answered as if no flow were open); True when it needed a safety answer."""
    message = update.edited_message
    if message is None or not message.text:
        return False
    step = safety_step(found := parse_text(message.text))
    if not (step.crisis or step.red_flags or step.check_crisis or step.ask):
        return False
    person = await current_person(update, context)
    return await read_first(update, context, person, found, step, flow_reads_it=False)


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
        await reply(update, texts.get("settings.ask_timezone"))
