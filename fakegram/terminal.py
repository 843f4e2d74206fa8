"""The engine of ``checkin-bot chat``: talk, as one person, to a bot served by LocalBotApi.

Bot messages are printed as plain text with their inline buttons numbered `#1`, `#2`...;
`#2` (or `/press 2`) presses that button of the newest message that has buttons, while a plain
number such as `330` is sent as text, as on a phone: the two can never be confused. Photos and
documents the bot sends are saved into a folder and their paths printed. `/location`,
`/sticker` and `/photo` send those kinds of message; `/quit` or end of input leaves. Input and
output are injected, so tests can script a session.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from fakegram.people import SimulatedUser
from fakegram.samples import SAMPLE_PNG
from fakegram.server import LocalBotApi
from fakegram.views import ChatMessage, describe

ReadLine = Callable[[], Awaitable[str | None]]
Write = Callable[[str], Awaitable[None]]
QUIT = "/quit"
HELP = (
    "#2 or /press 2 presses button 2 (a plain number is typed text); "
    "/location 52.52 13.40 shares a place; /sticker [emoji]; /photo [file]; /quit leaves."
)
_PRESS = re.compile(r"^(?:#|/press\s+)(\d+)$")
_LOCATION = re.compile(r"^/location\s+(-?\d+(?:\.\d+)?)[\s,]+(-?\d+(?:\.\d+)?)$")


def render(message: ChatMessage, *, edited: bool, saved: Path | None = None) -> str:
    """A bot message as terminal text: its body, where its file was saved, then one line per
    row of buttons numbered #1, #2..."""
    prefix = "bot (edited): " if edited else "bot: "
    lines = [prefix + describe(message)]
    if saved is not None:
        lines.append(f"  saved to {saved}")
    number = 1
    for row in message.buttons:
        labels = []
        for button in row:
            labels.append(f"[#{number}] {button.text}")
            number += 1
        lines.append("  ".join(labels))
    return "\n".join(lines)


def _read_file(name: str) -> bytes:
    return Path(name).expanduser().read_bytes()


def save_file(message: ChatMessage, folder: Path) -> Path | None:
    """Write a photo's or document's bytes into `folder`; the path, or None for other kinds."""
    data = message.photo or message.document
    if data is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    if message.file_name:
        # Only the last part of the bot's file name, so it cannot point outside the folder.
        name = Path(message.file_name).name or "file"
    else:
        name = "photo.jpg" if data.startswith(b"\xff\xd8") else "photo.png"
    path = folder / f"{message.message_id}-{name}"
    path.write_bytes(data)
    return path


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
        files_dir: Path | None = None,
    ) -> None:
        self._server = server
        self._files_dir = files_dir
        self._user = user
        self._read_line = read_line
        self._write = write
        self._settle_timeout = settle_timeout
        self._printed: dict[int, int] = {}  # message_id -> revision already shown
        self._answers_shown = 0
        self._lock = asyncio.Lock()

    async def run(self) -> None:
        """Chat until ``/quit`` or end of input."""
        await self._write(f"Chatting as {self._user.first_name}. {HELP}")
        if self._files_dir is not None:
            await self._write(f"Photos and documents from the bot are saved in {self._files_dir}")
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
        if not await self._send(text):
            return
        try:
            await self._server.wait_idle(timeout=self._settle_timeout)
        except TimeoutError:
            await self._write("(the bot has not finished yet)")
        await self.show_news()

    async def _send(self, text: str) -> bool:
        """Do what a line asks: press, share a place, send a sticker or photo, or type text."""
        if press := _PRESS.match(text):
            return await self._press(int(press[1]))
        if text.startswith("/location"):
            place = _LOCATION.match(text)
            if place is None:
                await self._write("(usage: /location LATITUDE LONGITUDE, e.g. /location 52.5 13.4)")
                return False
            self._user.send_location(float(place[1]), float(place[2]))
        elif text == "/sticker" or text.startswith("/sticker "):
            emoji = text.removeprefix("/sticker").strip()
            self._user.send_sticker(emoji or "👍")
        elif text == "/photo" or text.startswith("/photo "):
            return await self._send_photo(text.removeprefix("/photo").strip())
        else:
            self._user.send_text(text)
        return True

    async def _send_photo(self, file: str) -> bool:
        if not file:
            self._user.send_photo(SAMPLE_PNG)
            return True
        try:
            data = await asyncio.to_thread(_read_file, file)
        except OSError as error:
            await self._write(f"(cannot read {file}: {error.strerror})")
            return False
        self._user.send_photo(data)
        return True

    async def _press(self, number: int) -> bool:
        with_buttons = [m for m in self._user.messages if m.buttons]
        if not with_buttons:
            await self._write("(no buttons to press)")
            return False
        message = with_buttons[-1]
        buttons = message.all_buttons
        if not 1 <= number <= len(buttons):
            await self._write(f"(no button #{number}; choose #1-#{len(buttons)})")
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
                    saved = (
                        save_file(message, self._files_dir)
                        if shown is None and self._files_dir is not None
                        else None
                    )
                    text = render(message, edited=shown is not None, saved=saved)
                    news.append((message.sequence, text))
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
    files_dir: Path | None = None,
) -> None:
    """Run one terminal session (see TerminalChat)."""
    chat = TerminalChat(
        server,
        user,
        read_line=read_line,
        write=write,
        settle_timeout=settle_timeout,
        files_dir=files_dir,
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
