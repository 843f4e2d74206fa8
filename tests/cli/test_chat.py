"""`checkin-bot chat`: a scripted terminal session against the real bot, no token needed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.chat import chat
from i18n import texts_for
from storage.db import Database


async def test_a_terminal_session_sets_up_and_gets_prompts(tmp_path: Path) -> None:
    script: Iterator[str] = iter(
        ["/start", "#1", "Berlin", "#1", "#2", "#2", "/due", "#1", "#4", "/quit"]
    )
    shown: list[str] = []

    async def read_line() -> str | None:
        return next(script, None)

    async def write(text: str) -> None:
        shown.append(text)

    await chat(f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}", read_line, write)
    output = "\n".join(shown)
    assert "Is that okay?" in output and "[#1] Yes, that's okay" in output
    assert "Time zone set to Europe/Berlin" in output
    assert "All set!" in output
    assert "Time for some water" in output and "Stretch time" in output
    assert "Evening check-in" in output
    # #1 presses the check-in's All good: one tap saves the day, and the same message offers
    # the water buttons as an optional extra; #4 ("2 l or more") sets the day's water.
    assert "Nothing worrying in your answers today." in output
    assert "If you like, tap roughly how much you drank today." in output
    assert "Check-in saved. Water today: 2250 of 2000 ml." in output


async def test_due_follows_the_dispatchers_rules(tmp_path: Path) -> None:
    """/due builds its prompts as the dispatcher does: once today's water goal is met there is
    no water prompt, and the stretch it offers is logged as offered."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"
    script: Iterator[str] = iter(
        ["/start", "#1", "Berlin", "#1", "#2", "#2", "/water 1000", "/water 1000", "/due"]
    )
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


async def test_files_are_saved_places_stickers_and_photos_sent_and_numbers_stay_text(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"
    files = tmp_path / "files"
    script: Iterator[str] = iter(
        [
            "/start",
            "#1",  # consent
            "/location 52.52 13.405",  # Berlin: sets the time zone
            "#1",  # keep the suggested times
            "2500",  # typed: a goal of 2500 ml, not button 2
            "#2",  # skip the health details
            "/sticker",
            "/photo",
            "/water 300",
            "/history",
            "/report",
            "/quit",
        ]
    )
    shown: list[str] = []

    async def read_line() -> str | None:
        return next(script, None)

    async def write(text: str) -> None:
        shown.append(text)

    await chat(url, read_line, write, files_dir=files)
    output = "\n".join(shown)
    assert "Time zone set to Europe/Berlin" in output
    assert "All set!" in output
    saved = sorted(files.iterdir())
    assert [p.suffix for p in saved] == [".png", ".pdf"], output
    chart, report = saved
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert report.read_bytes().startswith(b"%PDF-")
    assert f"saved to {chart}" in output and f"saved to {report}" in output
    # The sticker and the photo reached the bot as what they are, and it answered each.
    assert output.count(texts_for("en").get("common.non_text")) == 2
    database = Database.from_url(url)
    try:
        async with database.unit_of_work() as uow:
            person = await uow.people.get(1001)
    finally:
        await database.close()
    assert person is not None and person.water_goal_ml == 2500
