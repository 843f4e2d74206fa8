"""Answer warning signs at once, for anyone: stored for a person who consented, and for anyone
else assessed without storing anything (the answer still goes out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from telegram.constants import ParseMode

from engine import Answer, AssessmentInput, Day, ParseResult, Spasms, assess
from engine.vocabulary import canonical
from handlers.checkin.answers import render_answer
from handlers.checkin.assessing import assess_day, send_answer
from handlers.checkin.emergency import emergency_number
from handlers.common.context import BotContext
from handlers.common.conversation import local_today
from i18n import Texts
from storage.records import Person


def emergency_for(zone: str | None, texts: Texts) -> str:
    """The emergency number from the time zone when known, else the short list of numbers."""
    return emergency_number(zone) if zone else texts.get("safety.emergency_numbers_unknown")


def day_from(found: ParseResult, date: dt.date) -> Day:
    """What a message says about today, in the engine's day shape (water aside)."""
    severity = found.severity if found.severity else None
    spasms = (
        Spasms(count=1, max_severity=severity, locations=found.spasm_locations)
        if found.spasm_locations or severity
        else Spasms()
    )
    return Day(
        date=date,
        spasms=spasms,
        urinary=found.urinary,
        red_flags=found.red_flags,
        triggers=found.triggers,
    )


def assess_unstored(day: Day) -> Answer:
    """The engine's answer for someone with no stored record: today alone, nothing kept."""
    return assess(AssessmentInput(today=day))


def questions_next(answer: Answer, asked: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The red flags the answer asks about next (`ask_next`); none after an emergency, which
    says what to do now and nothing else."""
    if answer.triage.level == "emergency":
        return ()
    return tuple(flag for flag in answer.ask_next if flag not in asked)


async def answer_flags(
    context: BotContext,
    chat_id: int,
    person: Person | None,
    flags: tuple[str, ...],
    texts: Texts,
) -> Answer:
    """Assess these red flags (said yes to) now and send the answer, most urgent first."""
    flags = canonical("red_flags", tuple(flags))
    day = Day(date=dt.date.min, red_flags=flags, answered=flags)
    return await answer_day(context, chat_id, person, day, texts)


async def answer_day(
    context: BotContext,
    chat_id: int,
    person: Person | None,
    day: Day,
    texts: Texts,
) -> Answer:
    """Assess what a message says about today and send the answer, most urgent first.

    A person who consented gets it stored with a follow-up, like any assessment; anyone else
    gets the same answer with nothing kept, and a word that nothing was kept.
    """
    now = context.bot_data.clock()
    if person is not None:
        dated = replace(day, date=local_today(person, now))
        async with context.bot_data.database.unit_of_work() as uow:
            answer = await assess_day(uow, person, dated, now)
        await send_answer(context, person, answer)
        return answer
    answer = assess_unstored(replace(day, date=now.astimezone(dt.UTC).date()))
    messages = render_answer(
        answer, emergency_number=texts.get("safety.emergency_numbers_unknown"), texts=texts
    )
    promise = "\n" + texts.get("answers.follow_up_promise")  # nothing is stored, so no follow-up
    for text in messages:
        await context.bot.send_message(
            chat_id, text.replace(promise, ""), parse_mode=ParseMode.HTML
        )
    await context.bot.send_message(
        chat_id,
        f"{texts.get('safety.not_stored')}\n{texts.get('safety.needs_start_after')}",
        parse_mode=ParseMode.HTML,
    )
    return answer
