"""Texts of /start and the first-time setup."""

import html

WELCOME = (
    "Hi! I'm a daily check-in companion for people who get muscle spasms.\n\n"
    "<b>What I do:</b> remind you to drink and stretch at times that suit you, ask once a day "
    "how you are, and tell you clearly when something needs a doctor.\n"
    "<b>What I don't do:</b> I'm not a doctor and I don't diagnose. I give general "
    "information and tell you when to seek care.\n\n"
    "To do this I need to keep your answers (symptoms, water, times). You can see, export or "
    "erase them any time (/privacy). Is that okay?"
)
BUTTON_CONSENT = "Yes, that's okay"
BUTTON_DECLINE = "No thanks"
DECLINED = "No problem, I haven't kept anything. If you change your mind, just send /start."

ASK_TIMEZONE = (
    "<b>Step 1 of 3: your time zone</b>\n"
    "So reminders come at the right local time. Type your city (e.g. <i>Berlin</i>), type the "
    "time on your clock now (e.g. <i>14:30</i>), or send your location (📎 → Location)."
)
TIMEZONE_NOT_FOUND = (
    "I couldn't find that place. Try a bigger city nearby, a country, or the time on your clock "
    "now, e.g. 14:30."
)
PICK_TIMEZONE = "Which of these is yours?"


def timezone_set(zone: str, local_time: str) -> str:
    """Confirm the zone with the local time it gives."""
    return f"Time zone set to <b>{html.escape(zone)}</b> (it's {local_time} there now)."


ASK_SCHEDULE = (
    "<b>Step 2 of 3: your daily rhythm</b>\n"
    "My suggestion:\n"
    "- water reminders every 3 hours from 09:00 to 21:00\n"
    "- a stretch at 08:00\n"
    "- an evening check-in at 20:00\n"
    "- quiet from 22:00 to 07:00 (I send nothing then)\n"
    "You can change any of these later in /settings."
)
BUTTON_KEEP_SCHEDULE = "Sounds good"

ASK_GOAL = (
    "<b>Step 3 of 3: daily water goal</b>\n"
    "Most adults do well with about 2 litres spread over the day, more in heat or with "
    "exercise. Tap one or type a number of ml between 1500 and 4000."
)
GOAL_OUT_OF_RANGE = "Please pick a goal between 1500 and 4000 ml."

ASK_PROFILE = (
    "Almost done. Would you like to add health details (conditions, medicines)? They help me "
    "spot risks, and you can skip this and add them later in /settings."
)
BUTTON_ADD_PROFILE = "Add health details"
BUTTON_SKIP_PROFILE = "Skip for now"
ASK_CONDITIONS = "Do any of these apply to you? Tap all that do, then Done."
ASK_MEDICATIONS = "Do you take any of these? Tap all that do, then Done."
ASK_MED_CHANGED = "Have you started, stopped or changed a medicine in the last few weeks?"

SETUP_DONE = (
    "All set! I'll be in touch at the times you chose. Whenever you like, tell me how you "
    "feel in your own words, or use /assess. /help lists everything."
)
