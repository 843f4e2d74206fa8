"""The engine of ``checkin-bot chat``: talk, as one person, to a bot served by LocalBotApi.

Bot messages are printed as plain text with their inline buttons numbered; typing a number
presses that button of the newest message that has buttons, ``/quit`` or end of input leaves,
anything else is sent as text. Input and output are injected, so tests can script a session.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from fakegram.people import SimulatedUser
from fakegram.server import LocalBotApi
from fakegram.views import ChatMessage, describe

ReadLine = Callable[[], Awaitable[str | None]]
Write = Callable[[str], Awaitable[None]]
QUIT = "/quit"


def render(message: ChatMessage, *, edited: bool) -> str:
    """A bot message as terminal text: its body, then one line per row of numbered buttons."""
    prefix = "bot (edited): " if edited else "bot: "
    lines = [prefix + describe(message)]
    number = 1
    for row in message.buttons:
        labels = []
        for button in row:
            labels.append(f"[{number}] {button.text}")
            number += 1
        lines.append("  ".join(labels))
    return "\n".join(lines)


class TerminalChat:
    """One terminal session: reads lines, acts as ``user``, prints what the bot does."""

    def __init__(
        self,
        server: LocalBotApi,
        user: SimulatedUser,
        *,
        read_line: ReadLine,
        write: Write,
        settle_timeout: float = 10.0,
    ) -> None:
        self._server = server
        self._user = user
        self._read_line = read_line
        self._write = write
        self._settle_timeout = settle_timeout
        self._printed: dict[int, int] = {}  # message_id -> revision already shown
        self._answers_shown = 0
        self._lock = asyncio.Lock()

    async def run(self) -> None:
        """Chat until ``/quit`` or end of input."""
        await self._write(
            f"Chatting as {self._user.first_name}. A number presses a button; {QUIT} leaves."
        )
        watcher = asyncio.create_task(self._watch(), name="terminal-chat-watcher")
        try:
            await self.show_news()
            while (line := await self._read_line()) is not None:
                text = line.strip()
                if text == QUIT:
                    break
                if text:
                    await self._act(text)
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    async def _act(self, text: str) -> None:
        if text.isdigit():
            if not await self._press(int(text)):
                return
        else:
            self._user.send_text(text)
        try:
            await self._server.wait_idle(timeout=self._settle_timeout)
        except TimeoutError:
            await self._write("(the bot has not finished yet)")
        await self.show_news()

    async def _press(self, number: int) -> bool:
        with_buttons = [m for m in self._user.messages if m.buttons]
        if not with_buttons:
            await self._write("(no buttons to press)")
            return False
        message = with_buttons[-1]
        buttons = message.all_buttons
        if not 1 <= number <= len(buttons):
            await self._write(f"(no button {number}; choose 1-{len(buttons)})")
            return False
        button = buttons[number - 1]
        if message.is_link_button(button):
            await self._write(f"(link: {button.value})")
            return False
        self._user.press_raw(button.value or "", message.message_id)
        return True

    async def _watch(self) -> None:
        """Print messages the bot sends on its own (reminders) while we wait for input."""
        while True:
            await self._server.state.changed.wait(0.5)
            await self.show_news()

    async def show_news(self) -> None:
        """Print every bot message, edit and button answer not shown yet, in the order they
        happened."""
        async with self._lock:
            news: list[tuple[int, str]] = []
            for message in self._user.messages:
                shown = self._printed.get(message.message_id)
                if shown is None or shown < message.revision:
                    news.append((message.sequence, render(message, edited=shown is not None)))
                    self._printed[message.message_id] = message.revision
            answers = self._user.callback_answers
            for answer in answers[self._answers_shown :]:
                if answer.text:
                    kind = "(alert) " if answer.show_alert else "(notice) "
                    news.append((answer.sequence, kind + answer.text))
            self._answers_shown = len(answers)
            for _, text in sorted(news):
                await self._write(text)


async def run_terminal_chat(
    server: LocalBotApi,
    user: SimulatedUser,
    *,
    read_line: ReadLine,
    write: Write,
    settle_timeout: float = 10.0,
) -> None:
    """Run one terminal session (see TerminalChat)."""
    chat = TerminalChat(
        server, user, read_line=read_line, write=write, settle_timeout=settle_timeout
    )
    await chat.run()


async def console_read_line(prompt: str = "> ") -> str | None:
    """Read a line from standard input without blocking the event loop; None at end of input."""
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None


async def console_write(text: str) -> None:
    """Print to standard output."""
    print(text, flush=True)
