"""Merge answers into the day, run the engine on it, store the run and send the answer."""

from __future__ import annotations

import datetime as dt

from telegram.constants import ParseMode

from engine import Answer, AssessmentInput, Day, assess
from engine.serialize import answer_to_dict, input_to_dict
from handlers.checkin.answers import render_answer
from handlers.checkin.emergency import emergency_number
from handlers.common.context import BotContext
from handlers.texts import texts_for
from storage.records import Person
from storage.unit_of_work import UnitOfWork
from telemetry.metrics import TRIAGE_ANSWERS

HISTORY_DAYS = 30
FOLLOW_UP_AFTER = dt.timedelta(hours=3)
# Red flags from this many earlier days are asked about again at the next questionnaire.
RED_FLAG_MEMORY_DAYS = 2


async def assess_day(uow: UnitOfWork, person: Person, answers: Day, now: dt.datetime) -> Answer:
    """Merge today's answers, assess the merged day with recent history, store the run.

    An urgent or emergency answer also books a follow-up a few hours later.
    """
    merged = await uow.days.merge_answers(person.id, answers, now)
    yesterday = merged.date - dt.timedelta(days=1)
    history = await uow.days.recent(person.id, yesterday, HISTORY_DAYS)
    value = AssessmentInput(today=merged, profile=person.profile(), history=tuple(history))
    answer = assess(value)
    TRIAGE_ANSWERS.labels(level=answer.triage.level).inc()
    record = await uow.assessments.add(
        person.id, input_to_dict(value), answer_to_dict(answer), answer.engine_version, now
    )
    if answer.triage.level in ("urgent", "emergency") and not await uow.followups.pending(
        person.id
    ):
        await uow.followups.schedule(
            person.id,
            now + FOLLOW_UP_AFTER,
            answer.triage.level,
            now=now,
            assessment_id=record.id,
        )
    return answer


async def recent_red_flags(uow: UnitOfWork, person: Person, today: dt.date) -> tuple[str, ...]:
    """Red flags of the last few days before today, to ask whether they are still there."""
    since = today - dt.timedelta(days=1)
    days = await uow.days.recent(person.id, since, RED_FLAG_MEMORY_DAYS)
    seen: dict[str, None] = {}
    for day in days:
        seen.update(dict.fromkeys(day.red_flags))
    return tuple(seen)


async def send_answer(context: BotContext, person: Person, answer: Answer) -> None:
    """Send the answer's messages in order, the most urgent first."""
    texts = texts_for(person.language)
    messages = render_answer(
        answer, emergency_number=emergency_number(person.timezone), texts=texts
    )
    for text in messages:
        await context.bot.send_message(person.chat_id, text, parse_mode=ParseMode.HTML)
