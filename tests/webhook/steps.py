"""A person's steps in webhook mode, and updates written by hand for posts Telegram never makes.

The journeys' `say`/`tap` wait with the local server's idle check, which knows when polling has
fetched an update; here Telegram pushes updates, so each step waits until the bot's own
"update handled" log line has come for every update delivered (`WebhookBot.settle`).
"""

from __future__ import annotations

import time
from typing import Any

from fakegram import ChatMessage, SimulatedUser
from tests.bot.journey import T, plain

# /assess answered with buttons all the way to self-care advice (as in tests/bot/test_checkin).
SELF_CARE_PRESSES = ("Yes", "Lower back", "7", "2", "None", "None of these", "1 to 1.5 l")
ONBOARDING: tuple[tuple[str, str], ...] = (
    ("say", "/start"),
    ("tap", T.get("onboarding.button_consent")),
    ("say", "Berlin"),
    ("tap", T.get("onboarding.button_keep_schedule")),
    ("tap", "2000 ml ✓"),
    ("tap", T.get("onboarding.button_skip_profile")),
)
CHECK_IN: tuple[tuple[str, str], ...] = (
    ("say", "/assess"),
    *(("tap", label) for label in SELF_CARE_PRESSES),
)


async def say(bot: Any, user: SimulatedUser, text: str) -> ChatMessage | None:
    """Type `text`, wait until the bot handled it and went quiet; its newest message."""
    user.send_text(text)
    await bot.settle()
    return user.last_message


async def tap(bot: Any, user: SimulatedUser, label: str) -> ChatMessage | None:
    """Press the newest button labelled `label`, wait; the bot's newest message."""
    user.press(label)
    await bot.settle()
    return user.last_message


async def play(bot: Any, user: SimulatedUser, steps: tuple[tuple[str, str], ...]) -> None:
    """Each (say|tap, text) step in turn."""
    for kind, text in steps:
        await (say if kind == "say" else tap)(bot, user, text)


def saw(user: SimulatedUser, html_text: str) -> bool:
    """Whether one of the bot's messages in the chat is exactly this text of the bot's."""
    return any(m.text == plain(html_text) for m in user.messages)


def answered_self_care(user: SimulatedUser) -> bool:
    """Whether the chat holds the self-care answer to a check-in."""
    return any(
        (m.text or "").startswith(plain(T.get("answers.self_care_title"))) for m in user.messages
    )


def start_update(update_id: int, user_id: int, first_name: str = "Mo") -> dict[str, Any]:
    """A private /start message update as Telegram would post it."""
    person = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "from": person,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
