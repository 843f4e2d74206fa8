"""The daily check-in as a person uses it (bot-v2 items 6-8): taps counted from the evening
prompt to done, no evening prompt once the day was told, and prompts a person let pass lose
their buttons.

Tap counts are printed (`pytest -s`) and written down in docs/checkin.md.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from engine import stretch_library
from handlers.prompts.render import checkin_prompt
from tests.bot.journey import (
    T,
    assess_with,
    assessments,
    day,
    labels,
    local_date,
    onboard,
    person,
    plain,
    say,
    tap,
    tap_raw,
    texts,
)

BERLIN = ZoneInfo("Europe/Berlin")
WATER_BUTTONS = [T.lookup(f"checkin.water.{key}") for key in ("lt1", "1to15", "15to2", "2plus")]


async def send_checkin_prompt(harness, user):
    """What the scheduler sends at check-in time, for the person's local date."""
    prompt = checkin_prompt(local_date(harness), T)
    sent = await harness.app.bot.send_message(
        user.chat_id, prompt.text, reply_markup=prompt.keyboard, parse_mode="HTML"
    )
    await user.settle()
    return sent


def shown(user, message_id):
    """A message as the person sees it now."""
    return next(m for m in user.messages if m.message_id == message_id)


def questions_asked(harness, user) -> list[str]:
    """Every text the bot sent or edited into this chat, in order (each step of a flow)."""
    calls = [
        c
        for c in harness.server.calls
        if c.method in ("sendMessage", "editMessageText")
        and str(c.params.get("chat_id")) == str(user.chat_id)
    ]
    return [plain(str(c.params.get("text"))) for c in calls]


async def flow_open(harness, user) -> bool:
    found = await person(harness, user)
    async with harness.store() as uow:
        return await uow.flows.load(found.id) is not None


async def test_a_fine_day_is_one_tap(harness):
    user = harness.server.user(21001, "Alex")
    await onboard(harness, user)
    prompt = await send_checkin_prompt(harness, user)
    before = len(user.messages)

    taps = 1
    await tap(user, T.get("checkin.button_all_good"), message=prompt.message_id)

    print(f"\ntap count, fine day: {taps}")
    assert taps == 1
    (run,) = await assessments(harness, user)
    assert run.triage_level == "self_care" and run.input["today"]["spasms"]["count"] == 0
    (answer,) = texts(user, before)
    assert answer.startswith(plain(T.get("answers.self_care_title")))
    # Closed: the prompt says it is saved; no water was logged, so the water buttons are
    # offered on the same message, and nothing waits for them.
    closed = shown(user, prompt.message_id)
    assert closed.text == plain(
        T.get("checkin.saved_checkin") + "\n" + T.get("checkin.water_extra")
    )
    assert labels(closed) == WATER_BUTTONS
    assert not await flow_open(harness, user)
    assert plain(T.get("checkin.ask_water")) not in questions_asked(harness, user)

    # The optional extra, taken later: the day's rough total, and the buttons go.
    data = closed.find_button("1.5 to 2 l").value
    await tap(user, "1.5 to 2 l", message=prompt.message_id)
    assert (await day(harness, user)).water_ml == 1750
    # A second press of the same (old) button adds nothing.
    assert await tap_raw(user, data, prompt.message_id) == T.get("common.flow_closed")
    assert (await day(harness, user)).water_ml == 1750
    added = T.get("checkin.water_added", total_ml=1750, goal_ml=2000)
    assert shown(user, prompt.message_id).text == plain(added)
    assert shown(user, prompt.message_id).buttons == []
    assert len(await assessments(harness, user)) == 1  # no second answer for a water amount


async def test_a_fine_day_with_water_logged_offers_nothing_more(harness):
    user = harness.server.user(21002, "Bo")
    await onboard(harness, user)
    await say(user, "/water 1500")
    prompt = await send_checkin_prompt(harness, user)
    await tap(user, T.get("checkin.button_all_good"), message=prompt.message_id)
    closed = shown(user, prompt.message_id)
    assert closed.text == plain(T.get("checkin.saved_checkin")) and closed.buttons == []


async def test_a_warning_sign_of_yesterday_is_asked_about_before_all_good_counts(harness):
    user = harness.server.user(21006, "Gil")
    await onboard(harness, user)
    await say(user, "I can't pee at all")
    harness.clock.advance(days=1)
    prompt = await send_checkin_prompt(harness, user)
    asked = await tap(user, T.get("checkin.button_all_good"), message=prompt.message_id)
    assert asked.text.startswith("Just to be sure"), user.transcript()
    await tap(user, T.get("common.button_no"))  # not still there: "All good" then counts
    latest = (await assessments(harness, user))[-1]
    assert latest.local_date == local_date(harness)
    assert latest.input["today"]["red_flags"] == []
    assert "cannot_urinate" in latest.input["today"]["answered"]
    assert shown(user, prompt.message_id).text.startswith(plain(T.get("checkin.saved_checkin")))
    assert not await flow_open(harness, user)


async def test_a_bad_day_with_one_calf_cramp_at_night_takes_six_taps(harness):
    user = harness.server.user(21003, "Cem")
    await onboard(harness, user)
    await send_checkin_prompt(harness, user)
    before = len(user.messages)
    presses = (
        T.get("checkin.button_not_great"),
        "Calf",  # the first place moves on at once
        "5",  # how bad
        T.get("checkin.button_count_at_night", count="1"),  # one, at night
        T.get("checkin.button_none"),  # nothing when peeing
        T.get("checkin.button_none_of_these"),  # no warning signs
    )
    for press in presses:
        await tap(user, press)
    taps = len(presses)

    print(f"\ntap count, bad day (one calf cramp at night, everything else none): {taps}")
    assert taps <= 6
    (run,) = await assessments(harness, user)
    today = run.input["today"]
    assert today["spasms"] == {
        "count": 1,
        "max_severity": 5,
        "locations": ["calf"],
        "nocturnal": True,
    }
    assert (today["urinary"], today["red_flags"]) == ([], [])
    assert not await flow_open(harness, user)
    # Each thing asked once; never "any spasms?" after "Not so good".
    asked = questions_asked(harness, user)
    assert plain(T.get("checkin.ask_spasms")) not in asked
    for key in ("checkin.ask_where", "checkin.ask_severity", "checkin.ask_count"):
        assert asked.count(plain(T.get(key))) == 1, (key, asked)
    assert plain(T.get("checkin.ask_water")) not in asked

    # The stretch the answer suggests is one /stretch then shows (no heel press that is not).
    (answer,) = texts(user, before)
    names = {s.name: s for s in stretch_library()}
    suggested = [name for name in names if f"Suggested stretch: {name} " in answer]
    assert len(suggested) == 1, answer
    assert not names[suggested[0]].acute
    routine = (await say(user, "/stretch")).text
    assert suggested[0] in routine, (suggested, routine)
    heel_press = next(s for s in stretch_library() if s.acute)
    assert heel_press.name not in answer and heel_press.name not in routine


async def test_another_place_and_no_spasms_on_a_bad_day(harness):
    user = harness.server.user(21004, "Devi")
    await onboard(harness, user)
    await send_checkin_prompt(harness, user)
    await tap(user, T.get("checkin.button_not_great"))
    await tap(user, "Calf")
    again = await tap(user, T.get("checkin.button_another_place"))
    assert again.text.startswith(plain(T.get("checkin.ask_where_more")))
    await tap(user, "Thigh")
    await tap(user, T.get("common.button_done"))
    for press in ("3", "2", T.get("checkin.button_none"), T.get("checkin.button_none_of_these")):
        await tap(user, press)
    (run,) = await assessments(harness, user)
    assert run.input["today"]["spasms"] == {
        "count": 2,
        "max_severity": 3,
        "locations": ["thigh", "calf"],
    }

    # Another person: not so good, but no spasms at all.
    other = harness.server.user(21005, "Eli")
    await onboard(harness, other)
    await send_checkin_prompt(harness, other)
    await tap(other, T.get("checkin.button_not_great"))
    urinary = await tap(other, T.get("checkin.button_no_spasms"))
    assert urinary.text.startswith(plain(T.get("checkin.ask_urinary")))
    await tap(other, T.get("checkin.button_none"))
    await tap(other, T.get("checkin.button_none_of_these"))
    (run,) = await assessments(harness, other)
    assert run.input["today"]["spasms"]["count"] == 0


# -- the evening prompt is not sent when the day was told (bot-v2 item 7) ---------------------


def evening(harness) -> dt.datetime:
    """Half a minute after the default 20:00 check-in, Berlin time, on the journey's day."""
    day_ = harness.clock.now.astimezone(BERLIN).date()
    return dt.datetime.combine(day_, dt.time(20, 0, 30), tzinfo=BERLIN).astimezone(dt.UTC)


async def run_dispatcher(harness, at: dt.datetime) -> None:
    harness.clock.now = at
    dispatcher = harness.data.dispatcher
    await dispatcher.tick()
    await dispatcher.drain()


def checkin_prompts(user) -> list:
    return [m for m in user.messages if m.text == plain(T.get("prompts.checkin_prompt"))]


async def checkin_delivery(harness, user):
    found = await person(harness, user)
    async with harness.store() as uow:
        return await uow.deliveries.get(found.id, "checkin", local_date(harness), "c2000")


async def test_the_evening_check_in_comes_when_the_day_was_not_told(harness):
    user = harness.server.user(21010, "Fay")
    await onboard(harness, user)
    await run_dispatcher(harness, evening(harness))
    await user.settle()
    assert len(checkin_prompts(user)) == 1, user.transcript()


async def test_no_evening_check_in_after_a_check_in_that_day(harness):
    user = harness.server.user(21011, "Gus")
    await onboard(harness, user)
    await say(user, "/water 1500")
    await assess_with(user, "No", "None", "None of these")
    await run_dispatcher(harness, evening(harness))
    await user.settle()
    assert checkin_prompts(user) == [], user.transcript()
    skipped = await checkin_delivery(harness, user)
    assert skipped is not None and skipped.skipped, "used up, not left due forever"
    found = await person(harness, user)
    async with harness.store() as uow:
        schedule = await uow.schedules.get(found.id)
    assert schedule.next_due_at > harness.clock.now


async def test_no_evening_check_in_after_an_urgent_answer_that_day(harness):
    user = harness.server.user(21012, "Hal")
    await onboard(harness, user)
    await say(user, "/water 1500")
    await assess_with(user, "No", "None", "Sharp pain in the side", "Done")
    assert (await assessments(harness, user))[-1].triage_level == "urgent"
    await run_dispatcher(harness, evening(harness))
    await user.settle()
    assert checkin_prompts(user) == [], user.transcript()
    # The safety-net question came instead.
    assert any(m.text == plain(T.get("prompts.followup_ask")) for m in user.messages)
    assert (await checkin_delivery(harness, user)).skipped


# -- prompts let pass lose their buttons --------------------------------------------------------


def at_berlin(harness, hour: int, minute: int = 0, *, days: int = 0) -> dt.datetime:
    base = harness.clock.now.astimezone(BERLIN).date() + dt.timedelta(days=days)
    return dt.datetime.combine(base, dt.time(hour, minute, 30), tzinfo=BERLIN).astimezone(dt.UTC)


async def test_prompts_let_pass_lose_their_buttons(harness):
    user = harness.server.user(21020, "Ivy")
    await onboard(harness, user)  # 10:00 in Berlin
    today = harness.clock.now.astimezone(BERLIN).date()
    edits_before = len(harness.server.calls_to("editMessageReplyMarkup"))
    await run_dispatcher(harness, at_berlin(harness, 12))
    await user.settle()
    (noon,) = [m for m in user.messages if m.buttons and m.text.startswith(_water_opening())]
    await run_dispatcher(harness, at_berlin(harness, 15))
    await user.settle()
    afternoon = [m for m in user.messages if m.text.startswith(_water_opening())]
    assert len(afternoon) == 2, user.transcript()
    assert shown(user, noon.message_id).buttons == [], "the next water prompt took them off"
    assert afternoon[-1].buttons != []

    # A prompt that is gone cannot be tidied: that is quietly fine.
    await harness.app.bot.delete_message(user.chat_id, afternoon[-1].message_id)
    for hour in (18, 20, 21):
        await run_dispatcher(harness, at_berlin(harness, hour))
    await user.settle()
    evening_prompt = checkin_prompts(user)[-1]
    water = [m for m in user.messages if m.text.startswith(_water_opening())]
    assert [bool(m.buttons) for m in water] == [False, False, True], user.transcript()
    assert evening_prompt.buttons != []

    # The day's end is looked at, and takes the last ones off.
    found = await person(harness, user)
    async with harness.store() as uow:
        schedule = await uow.schedules.get(found.id)
    midnight = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=BERLIN)
    assert schedule.next_due_at == midnight.astimezone(dt.UTC)
    await run_dispatcher(harness, schedule.next_due_at + dt.timedelta(seconds=5))
    await user.settle()
    assert shown(user, evening_prompt.message_id).buttons == []
    assert all(m.buttons == [] for m in user.messages if m.text.startswith(_water_opening()))
    tidied = harness.server.calls_to("editMessageReplyMarkup")[edits_before:]
    assert len(tidied) == 5, "one edit per prompt let pass (the deleted one tried once)"
    assert [c.ok for c in tidied].count(False) == 1  # the deleted one: "message to edit not found"


def _water_opening() -> str:
    """The first line of every water prompt."""
    return plain(T.get("prompts.hydration", total_ml=0, goal_ml=2000)).splitlines()[0]
