"""Texts of /settings, /pause and /resume."""

import html

SETTINGS_HELP = (
    "Change one directly, e.g.\n"
    "/settings timezone Europe/Berlin\n"
    "/settings checkin 20:30\n"
    "/settings stretch 08:00\n"
    "/settings hydration 09:00-21:00 every 3h\n"
    "/settings goal 2500\n"
    "/settings quiet 22:00-07:00\n"
    "/settings language en"
)


def current(values: dict[str, str]) -> str:
    """The person's settings, one per line."""
    lines = ["<b>Your settings</b>"]
    lines += [f"{html.escape(k)}: {html.escape(v)}" for k, v in values.items()]
    return "\n".join(lines) + "\n\n" + SETTINGS_HELP


UNKNOWN_KEY = "I don't know that setting. " + SETTINGS_HELP
BAD_TIME = "Please give a time like 20:30."
BAD_RANGE = "Please give a range like 22:00-07:00."
BAD_HYDRATION = "Please give it like 09:00-21:00 every 3h (every 1h to 6h)."
BAD_GOAL = "Please give a goal between 1500 and 4000 ml."
BAD_LANGUAGE = "Only English is available for now."
ASK_TIMEZONE = "Type your city or time zone, e.g. Berlin or America/New_York."


def saved(key: str, value: str) -> str:
    """Confirm a changed setting."""
    return f"Saved: {html.escape(key)} is now {html.escape(value)}."


def paused(until: str | None) -> str:
    """Confirm /pause."""
    if until is None:
        return "Reminders paused until you send /resume. /assess and the other commands still work."
    return f"Reminders paused until {html.escape(until)}. /resume brings them back sooner."


RESUMED = "Reminders are back on."
NOT_PAUSED = "Your reminders are already on."
BAD_PAUSE = "Use /pause for an open-ended pause, or /pause 3 for three days (up to 90)."
