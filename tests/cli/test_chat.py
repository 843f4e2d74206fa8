"""`checkin-bot chat`: a scripted terminal session against the real bot, no token needed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bot.chat import chat


async def test_a_terminal_session_sets_up_and_gets_prompts(tmp_path: Path) -> None:
    script: Iterator[str] = iter(
        ["/start", "1", "Berlin", "1", "2", "2", "/due", "1", "4", "/quit"]
    )
    shown: list[str] = []

    async def read_line() -> str | None:
        return next(script, None)

    async def write(text: str) -> None:
        shown.append(text)

    await chat(f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}", read_line, write)
    output = "\n".join(shown)
    assert "Is that okay?" in output and "[1] Yes, that's okay" in output
    assert "Time zone set to Europe/Berlin" in output
    assert "All set!" in output
    assert "Time for some water" in output and "Stretch time" in output
    assert "Evening check-in" in output
    # A number presses a button of the newest message with buttons: the check-in's All good.
    assert "Roughly how much did you drink today?" in output
    assert "Nothing worrying in your answers today." in output
