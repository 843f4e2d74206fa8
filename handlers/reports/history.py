"""/history (a 14-day chart with a caption) and /report (a 30-day PDF for a doctor)."""

from __future__ import annotations

import io

from telegram import InputFile, Update

from handlers.common.context import BotContext
from handlers.common.conversation import (
    current_person,
    local_today,
    person_or_start,
    reply,
    texts_of,
)
from handlers.reports import history_caption, worker
from handlers.reports.history_data import day_summaries, followup_answers, report_subject

HISTORY_DAYS = 14
REPORT_DAYS = 30


async def history_command(update: Update, context: BotContext) -> None:
    """/history: the chart of the last 14 days and a short caption."""
    person = await person_or_start(update, context)
    if person is None:
        return
    texts = texts_of(update, person)
    today = local_today(person, context.bot_data.clock())
    async with context.bot_data.database.unit_of_work() as uow:
        days, _ = await day_summaries(uow, person, today, HISTORY_DAYS)
    if not days:
        await reply(update, texts.get("data.history_empty"))
        return
    goal = person.water_goal_ml
    # Drawn in the worker process: the event loop stays free and this process flat.
    png = await worker.history_chart(days, end_date=today, goal_ml=goal, language=texts.language)
    caption = history_caption(days, end_date=today, goal_ml=goal, texts=texts)
    assert update.effective_chat is not None
    await update.effective_chat.send_photo(
        InputFile(io.BytesIO(png), "history.png"), caption=caption
    )


async def report_command(update: Update, context: BotContext) -> None:
    """/report: a PDF of the last 30 days."""
    person = await current_person(update, context)
    texts = texts_of(update, person)
    if person is None or update.effective_user is None or update.effective_chat is None:
        await reply(update, texts.get("common.needs_start"))
        return
    today = local_today(person, context.bot_data.clock())
    async with context.bot_data.database.unit_of_work() as uow:
        days, runs = await day_summaries(uow, person, today, REPORT_DAYS)
        answers = await followup_answers(uow, person, today, REPORT_DAYS)
    subject = report_subject(person, update.effective_user.full_name)
    pdf = await worker.report_pdf(
        subject,
        days,
        runs,
        end_date=today,
        n_days=REPORT_DAYS,
        language=texts.language,
        followups=answers,
    )
    name = texts.get("data.report_filename", date=today.isoformat())
    await update.effective_chat.send_document(
        InputFile(io.BytesIO(pdf), name), caption=texts.get("data.report_caption")
    )
