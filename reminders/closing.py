"""Take the buttons off prompts a person let pass (bot-v2 item 7).

A water, stretch or check-in prompt nobody answered loses its buttons when the next prompt of
its kind arrives or its day ends, so old buttons do not pile up in the chat. Which messages
those are comes from the delivery rows (each sent prompt keeps its message id); a marker row
(`x<message id>`, used up unsent) records that a message was tidied, so it is tidied once
across instances. Tidying is best effort: a message gone, too old to edit or already without
buttons is left as it is.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from telegram.error import TelegramError
from telegram.ext import ExtBot

from delivery.ratelimit import BULK
from storage.db import Database
from storage.records import Delivery
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

TIDIED_KINDS = frozenset({"hydration", "stretch", "checkin"})
# Marker slots: a tidied message, a prompt answered (its buttons went with the answer), the
# optional water buttons pressed under a saved check-in.
_MARKERS = ("x", "answer", "water")


def to_tidy(
    deliveries: Sequence[Delivery],
    today: dt.date,
    arrived: Collection[str] = (),
    water_pressed: Sequence[dt.datetime] = (),
) -> tuple[list[Delivery], bool]:
    """The prompts whose buttons should go now (an earlier day's, or not the newest of their
    kind today; every one of a kind in `arrived`, sent since `deliveries` were read), and
    whether one of today's prompts is still open then (its day's end is due).

    Answered prompts are left alone. A water prompt's answer leaves no marker, so one counts
    as answered when water was logged by a button (`water_pressed`) between its send and the
    next water prompt's: its message now confirms the drink, with that drink's Undo button.
    """
    closed: set[tuple[str, dt.date, str]] = {
        (d.key.kind, d.key.local_date, d.key.slot) for d in deliveries
    }
    closed |= _answered_water(deliveries, water_pressed)
    sent = [
        d
        for d in deliveries
        if d.key.kind in TIDIED_KINDS
        and d.message_id is not None
        and d.sent_at is not None
        and not d.skipped
        and not d.key.slot.startswith(_MARKERS)
    ]
    newest: dict[str, Delivery] = {}
    for delivery in sent:
        if delivery.key.local_date == today:
            best = newest.get(delivery.key.kind)
            if best is None or (delivery.sent_at, delivery.id) > (best.sent_at, best.id):
                newest[delivery.key.kind] = delivery
    tidy, open_today = [], bool(arrived)
    for delivery in sent:
        key = delivery.key
        if any((key.kind, key.local_date, f"{m}{delivery.message_id}") in closed for m in _MARKERS):
            continue
        if key.local_date == today and key.kind not in arrived and newest.get(key.kind) is delivery:
            open_today = True
        else:
            tidy.append(delivery)
    return tidy, open_today


def _answered_water(
    deliveries: Sequence[Delivery], pressed: Sequence[dt.datetime]
) -> set[tuple[str, dt.date, str]]:
    """Answer markers for the water prompts a button press followed (see `to_tidy`)."""
    water = sorted(
        (
            d
            for d in deliveries
            if d.key.kind == "hydration" and d.message_id and d.sent_at and not d.skipped
        ),
        key=lambda d: (d.sent_at, d.id),
    )
    markers: set[tuple[str, dt.date, str]] = set()
    for index, prompt in enumerate(water):
        start = prompt.sent_at
        end = water[index + 1].sent_at if index + 1 < len(water) else None
        assert start is not None
        if any(start <= at and (end is None or at < end) for at in pressed):
            markers.add(("hydration", prompt.key.local_date, f"answer{prompt.message_id}"))
    return markers


@dataclass(frozen=True, slots=True)
class Recent:
    """What tidying looks at, read before the look's sends: yesterday's and today's deliveries
    and when water was logged by a button on those days."""

    deliveries: list[Delivery]
    water_pressed: list[dt.datetime]


async def read_recent(uow: UnitOfWork, person_id: int, today: dt.date) -> Recent:
    """Read what `tidy_prompts` needs, in the caller's unit of work."""
    yesterday = today - dt.timedelta(days=1)
    deliveries = await uow.deliveries.between(person_id, yesterday, today)
    # Water logs only matter for water prompts that were sent (most looks have none, or one).
    dates = sorted({d.key.local_date for d in deliveries if d.key.kind == "hydration"})
    pressed = [
        log.logged_at
        for date in dates
        for log in await uow.days.water_logs(person_id, date)
        if log.source == "button"
    ]
    return Recent(deliveries, pressed)


async def tidy_prompts(
    database: Database,
    bot: ExtBot[Any],
    chat_id: int,
    recent: Recent,
    today: dt.date,
    now: dt.datetime,
    arrived: Collection[str] = (),
) -> bool:
    """Take the buttons off a person's passed-over prompts of yesterday and today (`recent`,
    read by the caller before it sent the kinds in `arrived`); whether one of today's is still
    open (then the caller looks again when the day ends)."""
    tidy, open_today = to_tidy(recent.deliveries, today, arrived, recent.water_pressed)
    if not tidy:
        return open_today
    won: list[int] = []
    async with database.unit_of_work() as uow:
        for delivery in tidy:
            key, message_id = delivery.key, delivery.message_id
            claim = await uow.deliveries.claim(
                key.person_id, key.kind, key.local_date, f"x{message_id}", now
            )
            if claim is not None and message_id is not None:
                await uow.deliveries.mark_skipped(claim, now)
                won.append(message_id)
    for message_id in won:
        try:
            await bot.edit_message_reply_markup(
                chat_id, message_id, reply_markup=None, rate_limit_args=BULK
            )
        except TelegramError as error:  # gone, too old, unchanged, blocked: nothing to tidy
            logger.info("an old prompt kept its buttons: %s", type(error).__name__)
    return open_today
