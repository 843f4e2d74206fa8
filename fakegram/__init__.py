"""A local Telegram Bot API server for tests, the terminal chat and benchmarks.

It answers like Telegram, checks every call against the Bot API schema and lets tests play
people (``server.user(...)``) who write to the bot and press its buttons.
"""

from fakegram.call_records import ApiCall, SchemaViolation
from fakegram.chats import ChatSimulator, ChatView
from fakegram.faults import FaultKind, RateLimits, SendStats
from fakegram.people import SimulatedGroup, SimulatedUser
from fakegram.server import DEFAULT_TOKEN, LocalBotApi
from fakegram.state import CallbackAnswer, StoredFile
from fakegram.views import Button, ChatMessage

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
