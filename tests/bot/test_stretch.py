"""/stretch with and without an area: the routine's stretches come from the engine's library,
suit the area (or the recent spasms), and the offer and its outcome are logged."""

from __future__ import annotations

import pytest

from engine import stretch_library
from tests.bot.journey import T, assess_with, local_date, onboard, person, plain, say, tap

LIBRARY = {s.name: s for s in stretch_library()}


def routine_in(text: str) -> list[str]:
    """The names of the stretches shown in a routine message, in order."""
    return [line for line in text.splitlines() if line in LIBRARY]


async def stretch_logs(harness, user):
    found = await person(harness, user)
    today = local_date(harness)
    async with harness.store() as uow:
        return await uow.days.stretch_logs(found.id, today, today)


@pytest.mark.parametrize(
    ("command", "area"),
    [("/stretch back", "back"), ("/stretch legs", "legs"), ("/stretch pelvis", "pelvis")],
)
async def test_an_area_picks_stretches_for_that_area(harness, command, area):
    user = harness.server.user(5001, "Alex")
    await onboard(harness, user)
    shown = await say(user, command)
    assert shown.text.startswith(plain(T.get("prompts.stretch_on_demand")))
    names = routine_in(shown.text)
    assert 2 <= len(names) <= 3, shown.text
    assert all(area in LIBRARY[name].areas for name in names), (area, names)
    assert f"Hold {LIBRARY[names[0]].hold_seconds} s" in shown.text
    assert shown.text.endswith(plain(T.get("prompts.stop_if_sharp")))
    assert [b.text for b in shown.all_buttons] == [T.get("prompts.button_stretch_done")]

    (log,) = await stretch_logs(harness, user)
    assert (log.outcome, log.area) == ("offered", area)
    assert [LIBRARY[name].id for name in names] == list(log.stretches)


async def test_an_unknown_area_says_so_and_offers_a_general_routine(harness):
    user = harness.server.user(5002, "Bo")
    await onboard(harness, user)
    shown = await say(user, "/stretch elbows")
    assert shown.text.startswith(plain(T.get("prompts.stretch_unknown_area")))
    assert 2 <= len(routine_in(shown.text)) <= 3
    (log,) = await stretch_logs(harness, user)
    assert log.area is None


async def test_without_an_area_the_routine_suits_recent_spasms_and_done_is_logged(harness):
    user = harness.server.user(5003, "Cem")
    await onboard(harness, user)
    await assess_with(user, "Yes", "Calf", "5", "1", "None", "None of these", "Skip")
    shown = await say(user, "/stretch")
    names = routine_in(shown.text)
    assert 2 <= len(names) <= 3
    assert any("calf" in LIBRARY[name].locations for name in names), names

    done = await tap(user, T.get("prompts.button_stretch_done"))
    assert done.text == plain(T.get("prompts.stretch_done"))
    routine_message = next(m for m in user.messages if m.message_id == shown.message_id)
    assert routine_message.buttons == [], "the Done button is taken off once pressed"
    assert [log.outcome for log in await stretch_logs(harness, user)] == ["offered", "done"]
