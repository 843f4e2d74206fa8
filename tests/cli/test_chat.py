"""`checkin-bot chat`: a scripted terminal session against the real bot, no token needed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.chat import chat
from storage.db import Database


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


async def test_due_follows_the_dispatchers_rules(tmp_path: Path) -> None:
    """/due builds its prompts as the dispatcher does: once today's water goal is met there is
    no water prompt, and the stretch it offers is logged as offered."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"
    script: Iterator[str] = iter(["/start", "1", "Berlin", "1", "2", "2", "/water 4000", "/due"])
    shown: list[str] = []

    async def read_line() -> str | None:
        return next(script, None)

    async def write(text: str) -> None:
        shown.append(text)

    await chat(url, read_line, write)
    output = "\n".join(shown)
    assert "Goal reached" in output
    after_goal = output[output.index("Goal reached") :]
    assert "Time for some water" not in after_goal
    assert "Stretch time" in after_goal and "Evening check-in" in after_goal

    database = Database.from_url(url)
    try:
        async with database.unit_of_work() as uow:
            person = await uow.people.get(1001)
            assert person is not None
            today = dt.datetime.now(ZoneInfo("Europe/Berlin")).date()
            logs = await uow.days.stretch_logs(person.id, today - dt.timedelta(days=1), today)
    finally:
        await database.close()
    assert [log.outcome for log in logs] == ["offered"]
