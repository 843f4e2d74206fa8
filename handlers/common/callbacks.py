"""The one codec for inline-button callback data: `prefix:token:action[:value]`, parsed strictly.

Callback data comes back from the client and can be stale or forged, so nothing is trusted:
the whole string must match the grammar, the prefix must be known, and the caller still checks
the token against the stored flow before anything changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_BYTES = 64  # Telegram's limit for callback_data


class Prefix(StrEnum):
    """The namespaces of our buttons."""

    ONBOARDING = "ob"
    CHECKIN = "ci"  # check-in and /assess questionnaires
    CHECKIN_PROMPT = "cp"  # the buttons of the scheduled evening check-in prompt
    CONFIRM = "rf"  # yes/no confirmation of a possible red flag
    WATER = "w"
    STRETCH = "st"
    FOLLOWUP = "fu"
    DELETE = "del"
    SAFETY = "sf"  # crisis, possible warning signs asked at once, the red-flag screen
    SETTINGS = "set"  # the /settings menu and its steps


_GRAMMAR = re.compile(
    r"(?P<prefix>[a-z]{1,4}):(?P<token>[A-Za-z0-9]{1,16}):(?P<action>[a-z_]{1,16})"
    r"(?::(?P<value>[A-Za-z0-9_+\-.]{1,32}))?"
)


@dataclass(frozen=True, slots=True)
class Callback:
    """One decoded button press. `token` ties it to a flow (or a date, for prompts)."""

    prefix: Prefix
    token: str
    action: str
    value: str | None = None

    def encode(self) -> str:
        """The callback_data string; ValueError if it would not parse back."""
        text = f"{self.prefix}:{self.token}:{self.action}"
        if self.value is not None:
            text += f":{self.value}"
        if decode(text) != self:
            raise ValueError(f"callback data does not round-trip: {text!r}")
        return text


def decode(data: str | None) -> Callback | None:
    """The callback for well-formed data from one of our namespaces, else None."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    match = _GRAMMAR.fullmatch(data)
    if match is None:
        return None
    try:
        prefix = Prefix(match["prefix"])
    except ValueError:
        return None
    return Callback(prefix, match["token"], match["action"], match["value"])


def button_data(prefix: Prefix, token: str, action: str, value: str | int | None = None) -> str:
    """Encode one button's callback data."""
    return Callback(prefix, token, action, None if value is None else str(value)).encode()
