"""Texts shared across flows: help, buttons, short notes."""

NOT_A_CLINICIAN = (
    "<i>I give general information, not a diagnosis. I don't replace a doctor or nurse.</i>"
)

HELP = (
    "<b>What I do</b>\n"
    "I help you keep the habits that calm muscle spasms (drinking enough, stretching), "
    "check in with you once a day, and tell you plainly when a symptom needs a doctor.\n\n"
    "<b>Commands</b>\n"
    "/assess - answer a few quick questions now\n"
    "/stretch - a short routine (try /stretch back, /stretch legs, /stretch pelvis)\n"
    "/water - log a drink, e.g. /water 300 or /water 2 glasses\n"
    "/history - your last 14 days at a glance\n"
    "/report - a PDF summary for a doctor visit\n"
    "/settings - time zone, reminder times, water goal, health details\n"
    "/pause and /resume - stop or restart the daily reminders\n"
    "/export, /delete, /privacy - your data\n"
    "/cancel - leave whatever we are doing\n\n"
    "You can also just tell me how you feel in your own words."
)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("assess", "Answer a few quick questions now"),
    ("water", "Log a drink"),
    ("stretch", "A short stretch routine"),
    ("history", "Your last 14 days"),
    ("report", "A PDF summary for your doctor"),
    ("settings", "Time zone, reminders, water goal"),
    ("pause", "Pause daily reminders"),
    ("resume", "Restart daily reminders"),
    ("privacy", "What I keep and why"),
    ("export", "Download your data"),
    ("delete", "Erase your data"),
    ("help", "What I can do"),
    ("cancel", "Leave the current question"),
)

BUTTON_SKIP = "Skip"
BUTTON_CANCEL = "Cancel"
BUTTON_DONE = "Done"
BUTTON_YES = "Yes"
BUTTON_NO = "No"

CANCELLED = "Okay, stopped. Nothing more is needed from you right now."
NOTHING_TO_CANCEL = "There's nothing to cancel. /help lists what I can do."
FLOW_CLOSED = "This one is closed."
NOT_UNDERSTOOD_BUTTON = "That button doesn't do anything any more."
UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
NON_TEXT = "I can only read text and buttons. Tell me in words, or use /help."
EDITED = "I only read new messages, not edits. Please send it again as a new message."
GROUP_ONLY_PRIVATE = (
    "I only work in private chats, and I keep nothing from groups. "
    "Open a private chat with me to get started."
)
NEEDS_START = "Let's get you set up first: send /start."
SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."
FREE_TEXT_NOTHING = (
    "I didn't find anything to log in that. You can tap /assess for a quick check-in, "
    "log water with /water, or /help for more."
)
SAVED_BUT_SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on my side after I had saved what you sent. "
    "No need to send it again."
)


def lost_reply_note(reply: str) -> str:
    """Sent (as plain text) before the answer to the next message, when an earlier answer never
    reached the person although what they sent was saved."""
    return (
        "Earlier my answer did not get through to you. What you sent was saved, "
        f"so no need to send it again. This is what I said:\n\n{reply}"
    )
