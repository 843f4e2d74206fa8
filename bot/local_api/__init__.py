"""A local Telegram Bot API server for tests, the terminal chat and benchmarks.

It answers like Telegram, checks every call against the Bot API schema and lets tests play
people (``server.user(...)``) who write to the bot and press its buttons.
"""

from bot.local_api.chats import ChatSimulator, ChatView
from bot.local_api.faults import FaultKind, RateLimits, SendStats
from bot.local_api.people import SimulatedGroup, SimulatedUser
from bot.local_api.records import ApiCall, SchemaViolation
from bot.local_api.server import DEFAULT_TOKEN, LocalBotApi
from bot.local_api.state import CallbackAnswer, StoredFile
from bot.local_api.views import Button, ChatMessage

__all__ = [
    "DEFAULT_TOKEN",
    "ApiCall",
    "Button",
    "CallbackAnswer",
    "ChatMessage",
    "ChatSimulator",
    "ChatView",
    "FaultKind",
    "LocalBotApi",
    "RateLimits",
    "SchemaViolation",
    "SendStats",
    "SimulatedGroup",
    "SimulatedUser",
    "StoredFile",
]
