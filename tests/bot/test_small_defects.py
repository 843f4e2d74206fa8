"""Small defects that once ended in "Sorry, something went wrong" or in wrong data, each
played against the real bot: a superscript day count, double taps on final buttons, a second
"Done", 9 litres at the questionnaire's water step, kept words that PostgreSQL refused, and
erased rows lingering in SQLite's files."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from fakegram.testing import local_bot_api
from tests.bot.conftest import START, BotHarness, SettableClock, assert_no_apology
from tests.bot.journey import T, day, local_date, onboard, person, plain, say, tap
from tests.webhook.conftest import scratch_postgres


async def test_pause_with_a_superscript_number_is_not_understood(harness):
    user = harness.server.user(9201, "Ada")
    await onboard(harness, user)
    answer = await say(user, "/pause ²")
    assert answer is not None and answer.text == plain(T.get("settings.bad_pause"))
    assert not (await person(harness, user)).is_paused(harness.clock.now)


async def test_a_double_tap_on_yes_erase_erases_once_and_quietly(harness):
    user = harness.server.user(9202, "Ben")
    await onboard(harness, user)
    await say(user, "/delete")
    user.press(T.get("data.button_delete"))
    user.press(T.get("data.button_delete"))
    await user.settle()
    assert await person(harness, user) is None
    shown = [m.text for m in user.messages if m.text and "erase" in m.text.lower()]
    assert user.last_message.text != plain(T.get("data.delete_nothing")), user.transcript()
    assert shown, user.transcript()


async def test_a_double_tap_on_decline_is_quiet(harness):
    user = harness.server.user(9203, "Cai")
    await say(user, "/start")
    user.press(T.get("onboarding.button_decline"))
    user.press(T.get("onboarding.button_decline"))
    await user.settle()
    assert user.last_message.text == plain(T.get("onboarding.declined")), user.transcript()
    assert await person(harness, user) is None


async def test_a_second_done_on_a_stretch_stores_once(harness):
    user = harness.server.user(9204, "Dov")
    found = await onboard(harness, user)
    await say(user, "/stretch")
    user.press(T.get("prompts.button_stretch_done"))
    user.press(T.get("prompts.button_stretch_done"))
    await user.settle()
    today = local_date(harness)
    async with harness.store() as uow:
        logs = await uow.days.stretch_logs(found.id, today, today)
    assert [log.outcome for log in logs].count("done") == 1
    done = [m for m in user.messages if m.text == plain(T.get("prompts.stretch_done"))]
    assert len(done) == 1, user.transcript()


async def test_nine_litres_at_the_questionnaires_water_step_is_not_logged(harness):
    user = harness.server.user(9205, "Eda")
    await onboard(harness, user)
    await say(user, "/assess")
    for label in ("Yes", "Lower back", "7", "2", "None", "None of these"):
        await tap(user, label)
    await say(user, "I drank 9 litres")
    today = await day(harness, user)
    assert today is None or (today.water_ml or 0) <= 5000
    await tap(user, "1 to 1.5 l")  # the question is still open, and a real answer counts
    assert (await day(harness, user)).water_ml is not None
    assert (await day(harness, user)).water_ml <= 5000


async def test_record_water_refuses_more_than_the_cap(harness):
    found = await onboard(harness, harness.server.user(9206, "Fin"))
    with pytest.raises(ValueError, match="5000"):
        async with harness.store() as uow:
            await uow.days.record_water(found.id, dt.date(2026, 11, 18), 9000, START)


async def test_delete_leaves_no_trace_in_the_sqlite_files(tmp_path: Path) -> None:
    marker = "Quixotically-zebra-marmalade"
    async with local_bot_api() as server:
        bot = BotHarness(
            server,
            SettableClock(START),
            f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
            settings={"store_raw_text": True},
        )
        await bot.start()
        try:
            user = server.user(9207, "Gil")
            await onboard(bot, user)
            await say(user, f"{marker} cramps in my calf")
            await say(user, "/cancel")
            async with bot.store() as uow:
                stored = await uow.raw_texts.texts((await person(bot, user)).id)
            assert any(marker in text for _, _, text in stored)
            await bot.close_reader()
            await say(user, "/delete")
            await tap(user, T.get("data.button_delete"))
            files = await asyncio.to_thread(
                lambda: {p.name: p.read_bytes() for p in tmp_path.glob("bot.db*")}
            )
        finally:
            await bot.close_reader()
            await bot.stop()
        assert_no_apology(server)
    assert files and all(marker.encode() not in data for data in files.values()), list(files)


@pytest.mark.postgres
async def test_kept_words_with_a_nul_never_stop_the_answer() -> None:
    async with scratch_postgres() as url, local_bot_api() as server:
        bot = BotHarness(server, SettableClock(START), url, settings={"store_raw_text": True})
        await bot.start()
        try:
            user = server.user(9208, "Hal")
            await onboard(bot, user)
            await say(user, "there's blood in my pee\x00")
            runs = await _assessments(bot, user)
            async with bot.store() as uow:
                stored = await uow.raw_texts.texts((await person(bot, user)).id)
        finally:
            await bot.close_reader()
            await bot.stop()
        assert_no_apology(server)
    assert runs, user.transcript()
    assert [text for _, _, text in stored] == ["there's blood in my pee\ufffd"]


async def _assessments(bot, user):
    found = await person(bot, user)
    async with bot.store() as uow:
        return await uow.assessments.recent(found.id)
