"""Answer warning signs at once, for anyone: stored for a person who consented, and for anyone
else assessed without storing anything (the answer still goes out)."""

from __future__ import annotations

import datetime as dt
from types import ModuleType

from telegram.constants import ParseMode

from engine import AssessmentInput, Day, assess
from engine.vocabulary import canonical
from handlers.checkin.answers import render_answer
from handlers.checkin.assessing import assess_day, send_answer
from handlers.checkin.emergency import emergency_number
from handlers.common.context import BotContext
from handlers.common.conversation import local_today
from storage.records import Person


def emergency_for(zone: str | None, texts: ModuleType) -> str:
    """The emergency number from the time zone when known, else the short list of numbers."""
    return emergency_number(zone) if zone else texts.safety.EMERGENCY_NUMBERS_UNKNOWN


async def answer_flags(
    context: BotContext,
    chat_id: int,
    person: Person | None,
    flags: tuple[str, ...],
    texts: ModuleType,
) -> None:
    """Assess these red flags now and send the answer, most urgent first.

    A person who consented gets it stored with a follow-up, like any assessment; anyone else
    gets the same answer with nothing kept, and a word that nothing was kept.
    """
    flags = canonical("red_flags", tuple(flags))
    now = context.bot_data.clock()
    if person is not None:
        today = local_today(person, now)
        day = Day(date=today, red_flags=flags, answered=flags)
        async with context.bot_data.database.unit_of_work() as uow:
            answer = await assess_day(uow, person, day, now)
        await send_answer(context, person, answer)
        return
    value = AssessmentInput(today=Day(date=now.astimezone(dt.UTC).date(), red_flags=flags))
    messages = render_answer(
        assess(value), emergency_number=texts.safety.EMERGENCY_NUMBERS_UNKNOWN, texts=texts
    )
    promise = "\n" + texts.answers.FOLLOW_UP_PROMISE  # nothing is stored, so no follow-up
    for text in messages:
        await context.bot.send_message(
            chat_id, text.replace(promise, ""), parse_mode=ParseMode.HTML
        )
    await context.bot.send_message(
        chat_id,
        f"{texts.safety.NOT_STORED}\n{texts.safety.NEEDS_START_AFTER}",
        parse_mode=ParseMode.HTML,
    )
