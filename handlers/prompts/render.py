"""Build each scheduled prompt's message (text and buttons), so a scheduler only sends it.

Prompt buttons carry the local date they were for as their token: a press on yesterday's
prompt is recognised as stale and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

from telegram import InlineKeyboardMarkup

from engine import Stretch
from handlers.common import keyboards
from handlers.common.callbacks import Prefix

WATER_STEPS_ML = (250, 500)


@dataclass(frozen=True)
class PromptMessage:
    """What to send: HTML text and its inline keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None


def date_token(local_date: dt.date) -> str:
    """The token that ties a prompt's buttons to its local date."""
    return local_date.strftime("%Y%m%d")


def water_keyboard(local_date: dt.date, texts: ModuleType) -> InlineKeyboardMarkup:
    """+250 ml, +500 ml, Other amount, Skip."""
    token = date_token(local_date)
    options: list[tuple[str, str, object]] = [(f"+{ml} ml", "add", ml) for ml in WATER_STEPS_ML]
    options += [
        (texts.prompts.BUTTON_WATER_OTHER, "other", None),
        (texts.common.BUTTON_SKIP, "skip", None),
    ]
    return keyboards.choices(options, Prefix.WATER, token, per_row=2)


def hydration_prompt(
    local_date: dt.date, total_ml: int, goal_ml: int, *, behind: bool, texts: ModuleType
) -> PromptMessage:
    """The water reminder with today's progress and one-tap logging."""
    text = texts.prompts.hydration(total_ml, goal_ml, behind)
    return PromptMessage(text, water_keyboard(local_date, texts))


def is_behind_pace(local_time: dt.time, total_ml: int, goal_ml: int) -> bool:
    """Well behind in the afternoon: less than half the share of the goal due by now."""
    if local_time < dt.time(14, 0):
        return False
    share_of_day = (local_time.hour - 8) / 13  # a waking day of about 08:00-21:00
    return total_ml < 0.5 * min(share_of_day, 1.0) * goal_ml


def stretch_message(
    routine: Sequence[Stretch],
    local_date: dt.date,
    *,
    scheduled: bool,
    texts: ModuleType,
    note: str | None = None,
) -> PromptMessage:
    """A routine with each stretch's steps, and Done / Later / Skip (Done only on demand)."""
    t = texts.prompts
    title = t.STRETCH_TITLE if scheduled else t.STRETCH_ON_DEMAND
    blocks = [
        t.stretch_block(s.name, list(s.steps), s.hold_seconds, s.repetitions, s.caution)
        for s in routine
    ]
    parts = [note, title, *blocks, t.STOP_IF_SHARP]
    text = "\n\n".join(p for p in parts if p)
    token = date_token(local_date)
    options = [(t.BUTTON_STRETCH_DONE, "done", None)]
    if scheduled:
        options += [
            (t.BUTTON_STRETCH_LATER, "later", None),
            (texts.common.BUTTON_SKIP, "skip", None),
        ]
    return PromptMessage(text, keyboards.choices(options, Prefix.STRETCH, token, per_row=3))


def checkin_prompt(local_date: dt.date, texts: ModuleType) -> PromptMessage:
    """The evening "How was today?" with a one-tap All good."""
    t = texts.checkin
    options = [(t.BUTTON_ALL_GOOD, "good", None), (t.BUTTON_NOT_GREAT, "bad", None)]
    markup = keyboards.choices(options, Prefix.CHECKIN_PROMPT, date_token(local_date))
    return PromptMessage(texts.prompts.CHECKIN_PROMPT, markup)


def followup_prompt(followup_id: int, texts: ModuleType) -> PromptMessage:
    """The safety-net question a few hours after an urgent or emergency answer."""
    t = texts.prompts
    options = [
        (t.BUTTON_GOT_HELP, "help", None),
        (t.BUTTON_BETTER, "better", None),
        (t.BUTTON_SAME, "same", None),
        (t.BUTTON_WORSE, "worse", None),
    ]
    markup = keyboards.choices(options, Prefix.FOLLOWUP, str(followup_id), per_row=2)
    return PromptMessage(t.FOLLOWUP_ASK, markup)
