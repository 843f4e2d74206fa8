"""The weekly summary (bot-v2 item 12): on the person's day at their check-in time, through the
same exactly-once delivery as every scheduled prompt, with at most one pattern and only when the
days support it; none for a week with nothing logged; `/settings weekly` turns it off, on, or
to another day.

The weeks before are stored through the bot's own repositories (as check-ins would store them);
what the person then sees is read over HTTP from the local Bot API server.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from engine import Day, Spasms
from tests.bot.journey import T, onboard, person, plain, say, tap

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = dt.date(2026, 11, 23)  # the harness starts on Wednesday 18 November
SUNDAY = dt.date(2026, 11, 29)
TITLE_START = plain(T.get("weekly.title", first="", last="")).split(",")[0]  # "📅 Your week"


def at_local(date: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=BERLIN).astimezone(
        dt.UTC
    )


async def seed(harness, user, days: list[Day]) -> None:
    """Store check-ins as the questionnaire would (one merged answer per day)."""
    found = await person(harness, user)
    async with harness.store() as uow:
        for day in days:
            await uow.days.merge_answers(found.id, day, harness.clock.now)


def fortnight_with_a_pattern() -> list[Day]:
    """9-22 November: spasms on 4 of 5 days under 1500 ml, on 1 of 9 days with more; this week
    (16-22) also has blood in the urine on Thursday the 19th."""
    days = []
    for i in range(14):
        date = dt.date(2026, 11, 9) + dt.timedelta(days=i)
        low = i in (1, 4, 8, 10, 12)
        spasm = i in (1, 4, 8, 10, 6)  # four of the low days, one other
        flags = ("blood_in_urine",) if date == dt.date(2026, 11, 19) else ()
        days.append(
            Day(
                date,
                water_ml=1000 if low else 2100,
                spasms=Spasms(count=2, max_severity=5, locations=("calf",)) if spasm else Spasms(),
                red_flags=flags,
            )
        )
    return days


async def dispatch_at(harness, user, moment: dt.datetime) -> None:
    """Let the dispatcher look at everyone at `moment` and send what is due."""
    harness.clock.now = moment
    dispatcher = harness.data.dispatcher
    await dispatcher.tick()
    await dispatcher.drain()
    await user.settle()


def summaries(user) -> list[str]:
    return [m.text or "" for m in user.messages if (m.text or "").startswith(TITLE_START)]


async def weekly_deliveries(harness, user):
    found = await person(harness, user)
    async with harness.store() as uow:
        return [
            await uow.deliveries.get(found.id, "weekly", date, "weekly")
            for date in (MONDAY, SUNDAY)
        ]


async def test_the_summary_comes_once_on_monday_evening_with_the_weeks_numbers_and_one_pattern(
    harness,
):
    user = harness.server.user(14001, "Alex")
    await onboard(harness, user)
    await seed(harness, user, fortnight_with_a_pattern())

    await dispatch_at(harness, user, at_local(MONDAY, 19, 59))
    assert summaries(user) == [], "not before the check-in time"
    await dispatch_at(harness, user, at_local(MONDAY, 20, 0))
    (summary,) = summaries(user)
    assert summary.startswith("📅 Your week, Mon 16 Nov to Sun 22 Nov"), summary
    for line in (
        "Check-ins: 7 of 7 days",
        "Water: at your goal (2000 ml) on 4 of the 7 days you logged it",
        "Spasms or cramps: on 2 of the 7 days you checked in",
        "Warning signs: Blood in urine (Thu 19 Nov)",
    ):
        assert line in summary, (line, summary)
    pattern = plain(
        T.get(
            "weekly.pattern.low_water",
            ml=1500,
            with_spasm=4,
            with_days=5,
            without_spasm=1,
            without_days=9,
        )
    )
    assert pattern in summary and summary.count("Something I noticed") == 1, summary
    assert plain(T.get("weekly.not_a_diagnosis")) in summary
    assert plain(T.get("weekly.turn_off")) in summary
    # The check-in question of the same evening comes after it.
    assert user.messages[-1].text == plain(T.get("prompts.checkin_prompt")), user.transcript()

    # Looked at again after a restart (a new application on the same database), and after a
    # new check-in time that makes the person due at once: no second summary.
    await harness.restart()
    await dispatch_at(harness, user, at_local(MONDAY, 20, 5))
    await say(user, "/settings checkin 20:30")
    await dispatch_at(harness, user, at_local(MONDAY, 20, 40))
    assert len(summaries(user)) == 1, user.transcript()
    monday, _ = await weekly_deliveries(harness, user)
    assert monday is not None and monday.sent_at is not None and monday.message_id is not None
    assert monday.attempts == 1


async def test_a_week_with_nothing_logged_gets_no_summary(harness):
    user = harness.server.user(14002, "Bo")
    await onboard(harness, user)
    await dispatch_at(harness, user, at_local(MONDAY, 20, 0))
    assert summaries(user) == []
    assert user.messages[-1].text == plain(T.get("prompts.checkin_prompt"))
    monday, _ = await weekly_deliveries(harness, user)
    assert monday is not None and monday.skipped, "the slot is used up, not looked at again"


async def test_too_few_days_show_the_numbers_but_no_pattern(harness):
    user = harness.server.user(14003, "Cem")
    await onboard(harness, user)
    days = [
        Day(dt.date(2026, 11, 17), water_ml=900, spasms=Spasms(count=1, locations=("calf",))),
        Day(dt.date(2026, 11, 18), water_ml=800, spasms=Spasms(count=1, locations=("calf",))),
        Day(dt.date(2026, 11, 20), water_ml=2500),
        Day(dt.date(2026, 11, 21), water_ml=2400),
        Day(dt.date(2026, 11, 22), water_ml=2600),
    ]
    await seed(harness, user, days)
    await dispatch_at(harness, user, at_local(MONDAY, 20, 0))
    (summary,) = summaries(user)
    assert "Check-ins: 5 of 7 days" in summary
    assert "Spasms or cramps: on 2 of the 5 days you checked in" in summary
    assert plain(T.get("weekly.no_red_flags")) in summary
    assert "Something I noticed" not in summary and "diagnosis" not in summary, summary


async def test_turned_off_there_is_none_and_a_chosen_day_moves_it(harness):
    user = harness.server.user(14004, "Dee")
    await onboard(harness, user)
    shown = await say(user, "/settings")
    assert "weekly summary: Monday, at your check-in time" in shown.text, shown.text
    await seed(harness, user, fortnight_with_a_pattern())

    answer = await say(user, "/settings weekly off")
    assert answer.text == plain(T.get("weekly.turned_off"))
    assert "weekly summary: off" in (await say(user, "/settings")).text
    await dispatch_at(harness, user, at_local(MONDAY, 20, 0))
    assert summaries(user) == [], "turned off: nothing on Monday"

    bad = await say(user, "/settings weekly someday")
    assert bad.text == plain(T.get("weekly.bad_value"))
    answer = await say(user, "/settings weekly Sun")
    assert answer.text == plain(T.html("weekly.turned_on", day="Sunday"))
    assert "weekly summary: Sunday, at your check-in time" in (await say(user, "/settings")).text
    await dispatch_at(harness, user, at_local(SUNDAY, 20, 0))
    (summary,) = summaries(user)
    assert summary.startswith("📅 Your week, Sun 22 Nov to Sat 28 Nov"), summary
    # Only Sunday the 22nd of the seeded days falls in that week.
    assert "Check-ins: 1 of 7 days" in summary
    monday, sunday = await weekly_deliveries(harness, user)
    assert monday is None and sunday is not None and sunday.sent_at is not None

    answer = await say(user, "/settings weekly on")
    assert answer.text == plain(T.html("weekly.turned_on", day="Sunday")), "on keeps the day"


async def test_no_summary_on_an_evening_after_an_emergency_answer(harness):
    user = harness.server.user(14005, "Eli")
    await onboard(harness, user)
    await seed(harness, user, fortnight_with_a_pattern())
    harness.clock.now = at_local(MONDAY, 19, 30)
    emergency = await say(user, "I can't pee at all")
    assert emergency.text.startswith(plain(T.get("answers.emergency_title"))), user.transcript()
    await dispatch_at(harness, user, at_local(MONDAY, 20, 0))
    assert summaries(user) == [], "numbers can wait: the follow-up asks after the person"
    monday, _ = await weekly_deliveries(harness, user)
    assert monday is not None and monday.skipped


async def test_the_settings_menu_moves_the_summary_to_another_day_or_turns_it_off(harness):
    user = harness.server.user(14006, "Fen")
    await onboard(harness, user)
    menu = await say(user, "/settings")
    step = await tap(user, "Weekly summary")
    assert step.message_id == menu.message_id
    assert plain(T.get("weekly.ask")) in step.text
    assert [b.text for b in step.all_buttons][:7] == [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    ]  # fmt: skip
    after = await tap(user, "Friday")
    assert plain(T.html("weekly.turned_on", day="Friday")) in after.text, after.text
    assert "weekly summary: Friday, at your check-in time" in after.text
    found = await person(harness, user)
    async with harness.store() as uow:
        assert (await uow.schedules.get(found.id)).weekly_day == 5
    await tap(user, "Weekly summary")
    off = await tap(user, T.get("settings.button_off"))
    assert "weekly summary: off" in off.text
    async with harness.store() as uow:
        assert (await uow.schedules.get(found.id)).weekly_day is None
