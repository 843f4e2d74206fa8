"""Texts of the answer after a check-in or /assess: the level, what to do, why, and advice."""

import html

EMERGENCY_TITLE = "🚨 <b>Get help now</b>"
URGENT_TITLE = "⚠️ <b>This needs a doctor today</b>"
SOON_TITLE = "🩺 <b>Worth a doctor's visit soon</b>"
SELF_CARE_TITLE = "<b>Nothing worrying in your answers today.</b>"


def emergency_call(number: str) -> str:
    """The first line of an emergency answer: the number to call."""
    return (
        f"Call <b>{html.escape(number)}</b> (emergency) now, or have someone call for you. "
        "Do not drive yourself."
    )


WHY = "<b>Why:</b>"
IF_WORSE = "<b>If it gets worse:</b>"


def worse_number(number: str) -> str:
    """The worse-line's local emergency number (bot-v2 item 5)."""
    return f"Emergency number: <b>{html.escape(number)}</b>"


ALSO_MENTION = "Also mention to the doctor:"
FOLLOW_UP_PROMISE = "I'll check on you again in a few hours."

RISK_LEVELS = {"low": "low", "moderate": "moderate", "high": "high"}


def risk_line(score: int, level: str, top_factors: list[str]) -> str:
    """The educational risk score with what drives it."""
    line = f"Today's spasm-and-bladder strain: <b>{RISK_LEVELS[level]}</b> ({score}/100)"
    if top_factors:
        line += ", mostly from " + html.escape(", ".join(top_factors))
    return line + "."


FACTOR_LABELS = {
    "hydration_deficit": "too little water",
    "spasm_burden": "today's spasms",
    "urinary_adjacent_spasm": "spasms near the bladder",
    "voiding_difficulty": "trouble emptying your bladder",
    "bladder_irritation": "an irritated bladder",
    "electrolyte_risk": "lost salts and minerals",
    "kidney_history": "your kidney history",
    "lifestyle_triggers": "today's triggers",
    "dehydration_trend": "several dry days in a row",
    "spasm_trend": "spasms on most days this week",
}

HYDRATION_UNKNOWN = "I don't know how much you drank today, so water isn't counted."
ADVICE_TITLE = "<b>What may help:</b>"


def suggested_stretch(name: str) -> str:
    """Point to a stretch from the library."""
    return f"Suggested stretch: <b>{html.escape(name)}</b> (see /stretch)."
