"""The registry of implemented Bot API methods and what each implementation receives."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fakegram.state import BotApiState

# Methods that put a new message into a chat: Telegram's flood limits count these.
SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVoice",
        "sendSticker",
        "sendLocation",
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendVideoNote",
        "sendMediaGroup",
        "sendContact",
        "sendVenue",
        "sendPoll",
        "sendDice",
        "copyMessage",
        "forwardMessage",
    }
)


@dataclass
class Call:
    """One schema-checked Bot API call on its way to an implementation."""

    state: BotApiState
    method: str
    params: dict[str, object]
    still_connected: Callable[[], bool]

    def text(self, name: str) -> str | None:
        """A String parameter, or None when absent."""
        value = self.params.get(name)
        return value if isinstance(value, str) else None

    def flag(self, name: str) -> bool:
        """A Boolean parameter, False when absent."""
        return self.params.get(name) is True

    def number(self, name: str) -> int | None:
        """An Integer parameter, or None when absent."""
        value = self.params.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None


Handler = Callable[[Call], Awaitable[object]]
METHODS: dict[str, Handler] = {}


def implements(*names: str) -> Callable[[Handler], Handler]:
    """Register ``handler`` as the implementation of the Bot API methods ``names``."""

    def register(handler: Handler) -> Handler:
        for name in names:
            METHODS[name] = handler
        return handler

    return register
