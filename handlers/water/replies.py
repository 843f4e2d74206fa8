"""What the bot says once water is logged or undone, and the Undo button under it."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardMarkup

from engine import rulebook
from handlers.common import keyboards
from handlers.common.callbacks import Prefix
from handlers.prompts.render import date_token
from i18n import Texts
from storage.records import WaterChange

UNDO = "undo"  # the water callback action of an Undo button
TOO_MUCH_WATER_ADVICE = "advice.too_much_water"  # the engine's caution (engine/data/advice.toml)


def too_much_water(total_ml: int, largest_drink_ml: int | None) -> bool:
    """Whether the day is over the rulebook's too-much-water limits (engine v2)."""
    return rulebook().too_much_water.exceeded(total_ml, largest_drink_ml)


def water_logged(
    added_ml: int, total_ml: int, goal_ml: int, texts: Texts, *, too_much: bool = False
) -> str:
    """Confirm a logged drink with today's total; the caution when it is far too much, else a
    word when the goal is reached (never praise for too much)."""
    text = texts.get("prompts.water_logged", added_ml=added_ml, total_ml=total_ml, goal_ml=goal_ml)
    return text + _after_total(total_ml, goal_ml, texts, too_much=too_much)


def total_raised(change: WaterChange, goal_ml: int, texts: Texts, *, too_much: bool) -> str:
    """A stated day's total above what was logged: the day now holds it."""
    text = texts.get(
        "prompts.water_total_set",
        total_ml=change.total_ml,
        added_ml=change.ml,
        goal_ml=goal_ml,
    )
    return text + _after_total(change.total_ml, goal_ml, texts, too_much=too_much)


def total_kept(said_ml: int, total_ml: int, goal_ml: int, texts: Texts, *, too_much: bool) -> str:
    """A stated day's total not above what was logged: what is logged stays, and says so."""
    if said_ml == total_ml:
        text = texts.get("prompts.water_total_same", total_ml=total_ml, goal_ml=goal_ml)
    else:
        text = texts.get(
            "prompts.water_total_kept", said_ml=said_ml, total_ml=total_ml, goal_ml=goal_ml
        )
    return text + (" " + texts.lookup(TOO_MUCH_WATER_ADVICE) if too_much else "")


def undone(change: WaterChange, goal_ml: int, texts: Texts) -> str:
    """An entry removed by /undo or its button, with the day's new total."""
    return texts.get(
        "prompts.water_undone", removed_ml=change.ml, total_ml=change.total_ml, goal_ml=goal_ml
    )


def undo_keyboard(
    local_date: dt.date, entry_id: int | None, texts: Texts
) -> InlineKeyboardMarkup | None:
    """One Undo button tied to the entry it removes and to the day it was logged on; none when
    nothing was logged."""
    if entry_id is None:
        return None
    options: list[tuple[str, str, object]] = [(texts.get("prompts.button_undo"), UNDO, entry_id)]
    return keyboards.choices(options, Prefix.WATER, date_token(local_date), per_row=1)


def _after_total(total_ml: int, goal_ml: int, texts: Texts, *, too_much: bool) -> str:
    if too_much:
        return " " + texts.lookup(TOO_MUCH_WATER_ADVICE)
    if total_ml >= goal_ml:
        return " " + texts.get("prompts.water_goal_reached")
    return ""
