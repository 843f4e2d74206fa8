"""Build each kind of scheduled prompt for one person at send time (reads what it needs)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from delivery.prompt_sender import Prompt
from handlers.prompts import render as prompts
from handlers.safety import crisis
from handlers.stretch.routine import recent_routine
from handlers.weekly import summary as weekly_summary
from i18n import texts_for
from storage.db import Database
from storage.records import DueCandidate, DueFollowUp

# Answers after which no weekly summary is sent that day.
ALARMING = frozenset({"urgent", "emergency"})


async def hydration(
    database: Database, person: DueCandidate, local_date: dt.date, now: dt.datetime
) -> Prompt | None:
    """Water reminder with today's progress; None once the goal is met (no more today)."""
    async with database.unit_of_work() as uow:
        day = await uow.days.get(person.person_id, local_date)
    total = (day.water_ml or 0) if day else 0
    if total >= person.water_goal_ml:
        return None
    local_time = now.astimezone(ZoneInfo(person.timezone)).time()
    behind = prompts.is_behind_pace(local_time, total, person.water_goal_ml)
    texts = texts_for(person.language)
    message = prompts.hydration_prompt(
        local_date, total, person.water_goal_ml, behind=behind, texts=texts
    )
    return Prompt(message.text, message.keyboard)


async def stretch(
    database: Database, person: DueCandidate, local_date: dt.date, now: dt.datetime
) -> Prompt:
    """The day's routine, chosen for the spasm locations of the last days."""
    async with database.unit_of_work() as uow:
        routine = await recent_routine(uow, person.person_id, local_date, None)
        await uow.days.record_stretch(
            person.person_id, local_date, "offered", now, stretches=[s.id for s in routine]
        )
        stored = await uow.people.get_by_id(person.person_id)
    texts = texts_for(person.language)
    pregnancy = stored is not None and stored.pregnancy_applies(local_date)
    message = prompts.stretch_message(
        routine, local_date, scheduled=True, texts=texts, pregnancy=pregnancy
    )
    return Prompt(message.text, message.keyboard)


async def checkin(
    database: Database, person: DueCandidate, local_date: dt.date, now: dt.datetime
) -> Prompt | None:
    """The evening "How was today?"; None when today is told already (bot-v2 item 7): the
    person checked in or was assessed today, or a follow-up was booked today (an urgent,
    emergency or crisis answer), which asks after them instead."""
    start_of_day = dt.datetime.combine(local_date, dt.time(0), tzinfo=ZoneInfo(person.timezone))
    async with database.unit_of_work() as uow:
        runs = await uow.assessments.recent(person.person_id, since=start_of_day, limit=5)
        told = any(run.local_date == local_date for run in runs)
        told = told or await uow.followups.booked_since(person.person_id, start_of_day)
    if told:
        return None
    message = prompts.checkin_prompt(local_date, texts_for(person.language))
    return Prompt(message.text, message.keyboard)


def follow_up(due: DueFollowUp) -> Prompt:
    """The safety-net question after an urgent or emergency answer, or after a crisis."""
    texts = texts_for(due.language)
    if due.followup.reason == crisis.FOLLOWUP_REASON:
        text, keyboard = crisis.followup_prompt(due.followup.id, texts)
        return Prompt(text, keyboard)
    message = prompts.followup_prompt(due.followup.id, texts)
    return Prompt(message.text, message.keyboard)


async def weekly(database: Database, person: DueCandidate, local_date: dt.date) -> Prompt | None:
    """The summary of the seven days before `local_date`; None when nothing was logged, or
    on a day with an urgent, emergency or crisis answer (numbers can wait; the follow-up asks
    after the person instead)."""
    last = local_date - dt.timedelta(days=1)
    start_of_day = dt.datetime.combine(local_date, dt.time(0), tzinfo=ZoneInfo(person.timezone))
    async with database.unit_of_work() as uow:
        runs = await uow.assessments.recent(person.person_id, since=start_of_day, limit=20)
        booked = await uow.followups.pending(person.person_id)
        if any(run.triage_level in ALARMING for run in runs) or any(
            followup.created_at >= start_of_day for followup in booked
        ):
            return None
        records = await uow.days.records(person.person_id, last, weekly_summary.PATTERN_DAYS)
        since = last - dt.timedelta(days=weekly_summary.PATTERN_DAYS)
        stretches = await uow.days.stretch_logs(person.person_id, since, last)
    summary = weekly_summary.summarise(records, stretches, last=last, goal_ml=person.water_goal_ml)
    if summary is None:
        return None
    return Prompt(weekly_summary.render_summary(summary, texts_for(person.language)), None)
