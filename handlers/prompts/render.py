"""Build each scheduled prompt's message (text and buttons), so a scheduler only sends it.

Prompt buttons carry the local date they were for as their token: a press on yesterday's
prompt is recognised as stale and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from engine import Stretch
from engine.words import stretch_steps
from handlers.common import keyboards
from handlers.common.callbacks import Prefix
from i18n import Texts

WATER_STEPS_ML = (250, 500)


@dataclass(frozen=True)
class PromptMessage:
    """What to send: HTML text and its inline keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None


def date_token(local_date: dt.date) -> str:
    """The token that ties a prompt's buttons to its local date."""
    return local_date.strftime("%Y%m%d")


def water_keyboard(local_date: dt.date, texts: Texts) -> InlineKeyboardMarkup:
    """+250 ml, +500 ml, Other amount, Skip."""
    token = date_token(local_date)
    options: list[tuple[str, str, object]] = [
        (texts.get("prompts.button_add_ml", ml=ml), "add", ml) for ml in WATER_STEPS_ML
    ]
    options += [
        (texts.get("prompts.button_water_other"), "other", None),
        (texts.get("common.button_skip"), "skip", None),
    ]
    return keyboards.choices(options, Prefix.WATER, token, per_row=2)


def hydration_prompt(
    local_date: dt.date, total_ml: int, goal_ml: int, *, behind: bool, texts: Texts
) -> PromptMessage:
    """The water reminder with today's progress and one-tap logging."""
    text = texts.get("prompts.hydration", total_ml=total_ml, goal_ml=goal_ml)
    if behind:
        text += "\n" + texts.get("prompts.hydration_behind")
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
    texts: Texts,
    pregnancy: bool,
    note: str | None = None,
) -> PromptMessage:
    """A routine with each stretch's steps, and Done / Later / Skip (Done only on demand);
    the pregnancy notes only when `pregnancy` applies to the person."""
    title = (
        texts.get("prompts.stretch_title") if scheduled else texts.get("prompts.stretch_on_demand")
    )
    blocks = [stretch_block(s, texts, pregnancy=pregnancy) for s in routine]
    parts = [note, title, *blocks, texts.get("prompts.stop_if_sharp")]
    text = "\n\n".join(p for p in parts if p)
    token = date_token(local_date)
    options = [(texts.get("prompts.button_stretch_done"), "done", None)]
    if scheduled:
        options += [
            (texts.get("prompts.button_stretch_later"), "later", None),
            (texts.get("common.button_skip"), "skip", None),
        ]
    return PromptMessage(text, keyboards.choices(options, Prefix.STRETCH, token, per_row=3))


def stretch_block(stretch: Stretch, texts: Texts, *, pregnancy: bool) -> str:
    """One stretch with its numbered steps, how long to hold, and its caution, in the texts'
    language (stretch.<id>.name, .step.<n>, .caution; .pregnancy only when `pregnancy`)."""
    key = f"stretch.{stretch.id}"
    lines = [f"<b>{html.escape(texts.lookup(f'{key}.name'))}</b>"]
    steps = stretch_steps(stretch.id, texts)
    lines += [f"{i}. {html.escape(step)}" for i, step in enumerate(steps, start=1)]
    hold = texts.get(
        "prompts.stretch_hold", seconds=stretch.hold_seconds, repetitions=stretch.repetitions
    )
    lines.append(hold)
    notes = [f"{key}.caution", *([f"{key}.pregnancy"] if pregnancy else [])]
    lines += [f"<i>{html.escape(texts.lookup(n))}</i>" for n in notes if texts.has(n)]
    return "\n".join(lines)


def checkin_prompt(local_date: dt.date, texts: Texts) -> PromptMessage:
    """The evening "How was today?" with a one-tap All good."""
    options = [
        (texts.get("checkin.button_all_good"), "good", None),
        (texts.get("checkin.button_not_great"), "bad", None),
    ]
    markup = keyboards.choices(options, Prefix.CHECKIN_PROMPT, date_token(local_date))
    return PromptMessage(texts.get("prompts.checkin_prompt"), markup)


def followup_prompt(followup_id: int, texts: Texts) -> PromptMessage:
    """The safety-net question a few hours after an urgent or emergency answer."""
    options = [
        (texts.get("prompts.button_got_help"), "help", None),
        (texts.get("prompts.button_better"), "better", None),
        (texts.get("prompts.button_same"), "same", None),
        (texts.get("prompts.button_worse"), "worse", None),
    ]
    markup = keyboards.choices(options, Prefix.FOLLOWUP, str(followup_id), per_row=2)
    return PromptMessage(texts.get("prompts.followup_ask"), markup)
