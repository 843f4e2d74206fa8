"""The terminal chat loop, driven by scripted input against the echo bot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import Application

from fakegram import LocalBotApi
from fakegram.terminal import run_terminal_chat

App = Application[Any, Any, Any, Any, Any, Any]


def scripted(lines: list[str]) -> Callable[[], Awaitable[str | None]]:
    """An input function that types ``lines`` and then reaches end of input."""
    remaining = list(lines)

    async def read_line() -> str | None:
        return remaining.pop(0) if remaining else None

    return read_line


async def test_a_scripted_terminal_session(local_api: LocalBotApi, echo_bot: App) -> None:
    output: list[str] = []

    async def write(text: str) -> None:
        output.append(text)

    user = local_api.user(5, "Flo")
    script = scripted(["hello <world> & co", "/checkin", "2", "7", "", "/quit", "never sent"])
    await run_terminal_chat(local_api, user, read_line=script, write=write)
    assert output == [
        "Chatting as Flo. A number presses a button; /quit leaves.",
        "bot: You said: hello <world> & co",
        "bot: How are you today?\n[1] All good  [2] Not great",
        "(notice) Noted: bad",
        "bot (edited): Thanks, noted that you feel bad.",
        "(no buttons to press)",
    ]
    assert "never sent" not in [m.text for m in user.history]


async def test_end_of_input_ends_the_session(local_api: LocalBotApi, echo_bot: App) -> None:
    output: list[str] = []

    async def write(text: str) -> None:
        output.append(text)

    user = local_api.user(6, "Gus")
    await user.ask("/checkin")
    await run_terminal_chat(local_api, user, read_line=scripted(["3"]), write=write)
    assert output[1:] == [
        "bot: How are you today?\n[1] All good  [2] Not great",
        "(no button 3; choose 1-2)",
    ]
