"""Texts of the daily check-in and /assess questionnaire."""

import html

HOW_WAS_TODAY = "<b>How was today?</b>"
BUTTON_ALL_GOOD = "All good"
BUTTON_NOT_GREAT = "Not so good"

ASK_SPASMS = "<b>Any spasms or cramps today?</b>"
ASK_WHERE = "<b>Where?</b> Tap all that apply, then Done."
ASK_SEVERITY = (
    "<b>How bad was the worst one?</b> 1 is barely there, 10 is the worst you can imagine."
)
ASK_COUNT = "<b>About how many?</b>"
ASK_URINARY = "<b>Anything unusual when you pee?</b> Tap all that apply."
ASK_RED_FLAGS = (
    "<b>Any of these today?</b> Tap all that apply. These are the signs that need a doctor "
    "soon, so please be honest."
)
ASK_WATER = "<b>Roughly how much did you drink today?</b>"
BUTTON_NONE = "None"
BUTTON_NONE_OF_THESE = "None of these"
WATER_BUTTONS = {
    "lt1": "Under 1 l",
    "1to15": "1 to 1.5 l",
    "15to2": "1.5 to 2 l",
    "2plus": "2 l or more",
}

NOT_UNDERSTOOD = "Sorry, I didn't catch that. Tap a button, or type your answer in a few words."


def confirm_red_flag(question: str) -> str:
    """Ask whether a possible warning sign from the person's words is really there."""
    return f"Just to be sure, because it matters: <b>{html.escape(question)}</b>"


def saved(kind: str) -> str:
    """The questionnaire message once answered."""
    return "Check-in saved. Thank you." if kind == "checkin" else "Answers saved. Thank you."


def selected_line(labels: list[str]) -> str:
    """What has been ticked so far."""
    return "Chosen: " + html.escape(", ".join(labels)) if labels else ""
