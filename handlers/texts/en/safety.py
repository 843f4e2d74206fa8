"""Texts of safety before everything: the crisis conversation, the red-flag screen, possible
warning signs asked at once, and the emergency numbers when the country is not known."""

import html

# When the person's time zone (so their country) is not known yet.
EMERGENCY_NUMBERS_UNKNOWN = (
    "112 in Europe, 999 in the UK, 911 in North America, 000 in Australia, "
    "or your local emergency number"
)

# -- the red-flag screen ---------------------------------------------------------------------

SCREEN_ASK = "<b>Just to be safe: is any of these happening now?</b> Tap all that apply, then Done."
SCREEN_CLEAR = (
    "Thank you. None of those is happening, which is good to know. "
    "If anything changes, tell me straight away."
)
SCREEN_MORE = "You can tell me more in your own words, or tap /assess for a quick check-in."
BUTTON_SCREEN = "Check for warning signs"
BUTTON_NONE_OF_THESE = "None of these"
NEEDS_START_AFTER = "When you're ready, send /start and I can keep track with you."
NOT_STORED = "<i>You haven't set me up yet, so I kept nothing of this.</i>"

# -- a possible warning sign, asked at once ---------------------------------------------------

POSSIBLE_CLEAR = "Thank you, that's good to hear."

# -- the crisis conversation -----------------------------------------------------------------

CRISIS_OPENING = (
    "I'm really glad you told me. What you're going through sounds very hard, "
    "and you don't have to face it on your own."
)
CRISIS_ASK_SAFE = "<b>Are you safe right now?</b>"
BUTTON_SAFE_YES = "Yes, I'm safe"
BUTTON_SAFE_NO = "No"
BUTTON_HURT = "I've hurt myself"
BUTTON_OTHER_COUNTRY = "I'm in another country"
CRISIS_KEEP_TALKING = "I'm here, and you can keep writing to me whenever you want."


def crisis_line(service: str, number: str, channels: tuple[str, ...], hours: str) -> str:
    """One crisis service: who, the number, how and when."""
    how = " or ".join(channels)
    return (
        f"You can talk to someone now at <b>{html.escape(service)}</b>: "
        f"<b>{html.escape(number)}</b> ({html.escape(how)}, {html.escape(hours)})."
    )


def crisis_country_guess(country_name: str) -> str:
    """The country was taken from the time zone: ask them to say if it is wrong."""
    return (
        f"I took {html.escape(country_name)} from your time zone. If you're somewhere else, "
        "tap the button below and I'll show you where to find a line there."
    )


def crisis_directory(name: str, url: str, emergency: str) -> str:
    """No line for this country in our table: the directory, and the emergency number."""
    return (
        f"You can find a free, confidential helpline for your country at {html.escape(name)}: "
        f"{html.escape(url)}. If you are in danger now, call {html.escape(emergency)}."
    )


def crisis_safe(line: str) -> str:
    """They said they are safe."""
    return (
        "Thank you for telling me. Talking to someone can help even when you're safe right "
        f"now.\n{line}\n\nI'm here if you want to keep talking."
    )


def crisis_not_safe(emergency: str, line: str) -> str:
    """They said they are not safe."""
    return (
        f"Please call <b>{html.escape(emergency)}</b> now, or ask someone near you to call. "
        "If you can, stay with someone, or go where other people are.\n"
        f"{line}"
    )


def crisis_hurt(emergency: str) -> str:
    """They have hurt themselves: the emergency number first."""
    return (
        f"Please call <b>{html.escape(emergency)}</b> (emergency) now, or have someone call for "
        "you. Do not drive yourself. Tell them what happened and what you took, if anything."
    )


CRISIS_CHECK = (
    "Some of your words made me want to check in with you, gently. "
    "<b>Are you having thoughts of ending your life, or of hurting yourself?</b>"
)
BUTTON_CHECK_YES = "Yes"
BUTTON_CHECK_NO = "No, I'm okay"
CRISIS_CHECK_NO = "Thank you for telling me. If that ever changes, I'm here, any time."

CRISIS_FOLLOWUP_ASK = "I've been thinking of you since we talked earlier. How are you doing now?"
BUTTON_FOLLOWUP_OK = "I'm okay"
BUTTON_FOLLOWUP_HARD = "Still finding it hard"
BUTTON_FOLLOWUP_UNSAFE = "I'm not safe"
CRISIS_FOLLOWUP_OK = "I'm glad. I'm here whenever you want to talk."


def crisis_still_hard(line: str) -> str:
    """At the follow-up: still finding it hard, but not unsafe."""
    return (
        "Thank you for being honest with me. It can help a lot to talk it through with "
        f"someone who is trained to listen.\n{line}\n\nI'm here too, whenever you want to write."
    )
