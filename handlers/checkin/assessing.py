"""Merge answers into the day, run the engine on it, store the run and send the answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from telegram.constants import ParseMode

from delivery import outbox
from engine import Answer, AssessmentInput, Day, assess
from engine.serialize import answer_to_dict, input_to_dict
from engine.vocabulary import canonical
from handlers.checkin.answers import render_answer
from handlers.checkin.emergency import emergency_number
from handlers.common.context import BotContext
from handlers.stretch.routine import recent_routine
from i18n import texts_for
from storage.handling import is_transient
from storage.records import Person
from storage.unit_of_work import UnitOfWork
from telemetry.metrics import TRIAGE_ANSWERS

HISTORY_DAYS = 30
FOLLOW_UP_AFTER = dt.timedelta(hours=3)
# Red flags from this many earlier days are asked about again at the next questionnaire.
RED_FLAG_MEMORY_DAYS = 2
# Answers that must arrive: sent through the outbox (delivery/outbox.py).
MUST_ARRIVE = frozenset({"emergency", "urgent", "crisis"})


async def assess_day(uow: UnitOfWork, person: Person, answers: Day, now: dt.datetime) -> Answer:
    """Merge today's answers, assess the merged day with recent history, store the run.

    An urgent or emergency answer also books a follow-up a few hours later. The answer comes
    back with only the stretches the person is then shown (`_stretches_shown`).
    """
    merged = await uow.days.merge_answers(person.id, answers, now)
    earlier = await _earlier_today(uow, person, merged.date, now)
    # The day record keeps no "at night" mark: today's earlier runs carry it.
    nocturnal = answers.spasms.nocturnal or any(_nocturnal(day) for day in earlier)
    today = replace(
        merged,
        spasms=replace(merged.spasms, nocturnal=nocturnal and merged.spasms.count > 0),
        answered=canonical(
            "red_flags", (*answers.answered, *(f for day in earlier for f in _answered(day)))
        ),
        largest_drink_ml=await _largest_drink(uow, person, merged.date),
    )
    yesterday = merged.date - dt.timedelta(days=1)
    history = await uow.days.recent(person.id, yesterday, HISTORY_DAYS)
    value = AssessmentInput(
        today=today, profile=person.profile(merged.date), history=tuple(history)
    )
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
    return replace(answer, stretches=await _stretches_shown(uow, person, merged.date, answer))


async def _stretches_shown(
    uow: UnitOfWork, person: Person, today: dt.date, answer: Answer
) -> tuple[str, ...]:
    """The engine's stretches that /stretch (and the stretch prompt) then show, best first;
    else the first of that routine. A suggestion is never one the person cannot then find
    (bot-v2 item 8): the move for a cramp happening now, say, is in no routine. The stored
    answer keeps the engine's own list."""
    routine = [s.id for s in await recent_routine(uow, person.id, today, None)]
    return tuple(s for s in answer.stretches if s in routine) or tuple(routine[:1])


def questions_to_ask(answer: Answer) -> tuple[str, ...]:
    """The red flags the answer asks about next (yes/no, then assess again); none after an
    emergency, which says what to do now and nothing else."""
    return () if answer.triage.level == "emergency" else answer.ask_next


async def _earlier_today(
    uow: UnitOfWork, person: Person, today: dt.date, now: dt.datetime
) -> list[dict[str, Any]]:
    """The `today` inputs of earlier assessments of the same day. The day record keeps only
    the yes answers (a no lives in the stored input's `answered`) and no "at night" mark."""
    runs = await uow.assessments.recent(person.id, since=now - dt.timedelta(days=1))
    days = [run.input.get("today") for run in runs if run.local_date == today]
    return [day for day in days if isinstance(day, dict)]


def _answered(day: dict[str, Any]) -> list[str]:
    answered = day.get("answered", ())
    return [str(f) for f in answered] if isinstance(answered, list) else []


def _nocturnal(day: dict[str, Any]) -> bool:
    spasms = day.get("spasms")
    return isinstance(spasms, dict) and spasms.get("nocturnal") is True


async def _largest_drink(uow: UnitOfWork, person: Person, today: dt.date) -> int | None:
    """The largest single amount of water logged today (a stated day's total is no drink)."""
    return await uow.days.largest_drink(person.id, today)


async def recent_red_flags(uow: UnitOfWork, person: Person, today: dt.date) -> tuple[str, ...]:
    """Red flags of the last few days before today, to ask whether they are still there."""
    since = today - dt.timedelta(days=1)
    days = await uow.days.recent(person.id, since, RED_FLAG_MEMORY_DAYS)
    seen: dict[str, None] = {}
    for day in days:
        seen.update(dict.fromkeys(day.red_flags))
    return tuple(seen)


async def send_answer(context: BotContext, person: Person, answer: Answer) -> None:
    """Send the answer's messages in order, the most urgent first. Emergency, urgent and
    crisis answers go through the outbox: retried until delivered or 30 minutes passed."""
    texts = texts_for(person.language)
    # Before the time zone is set the country is unknown: the short list of numbers.
    number = (
        emergency_number(person.timezone)
        if person.timezone
        else texts.get("safety.emergency_numbers_unknown")
    )
    messages = render_answer(answer, emergency_number=number, texts=texts)
    if answer.triage.level in MUST_ARRIVE:
        try:
            await outbox.send_answer(
                context.bot_data.database,
                context.bot,
                person.id,
                person.chat_id,
                messages,
                by=context.bot_data.instance_id,
            )
            return
        except Exception as error:
            if not is_transient(error):
                raise
            # The database is away: the answer must not wait for it. Sent directly instead.
    for text in messages:
        await context.bot.send_message(person.chat_id, text, parse_mode=ParseMode.HTML)
