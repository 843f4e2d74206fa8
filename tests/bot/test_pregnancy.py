"""Pregnancy with its due date: stored from /settings, it ends the day after the due date (on
the person's own date), `recently_gave_birth` applies for 6 weeks after, then nothing; the
engine's input, the red-flag screen and the stretch notes follow it, and someone who never said
they were pregnant sees no pregnancy note or question at all."""

from __future__ import annotations

import datetime as dt

from engine import stretch_library
from handlers.prompts.render import checkin_prompt
from i18n import texts_for
from tests.bot.journey import T, assessments, labels, local_date, onboard, plain, say, tap

PREGNANCY_SIGN = T.lookup("vocab.vaginal_bleeding.label")
DUE = dt.date(2026, 11, 20)  # two days after the harness's first day (2026-11-18 in Berlin)
PREGNANCY_NOTES = [
    T.lookup(f"stretch.{s.id}.pregnancy")
    for s in stretch_library()
    if texts_for("en").has(f"stretch.{s.id}.pregnancy")
]


async def screen_labels(user) -> list[str]:
    """The red-flag screen as the person opens it from "here is what I can do"."""
    await say(user, "thanks!")
    return labels(await tap(user, T.get("safety.button_screen")))


async def all_good(harness, user) -> tuple[str, ...]:
    """A one-tap fine day; the conditions the engine was given for it."""
    prompt = checkin_prompt(local_date(harness), T)
    await harness.app.bot.send_message(
        user.chat_id, prompt.text, reply_markup=prompt.keyboard, parse_mode="HTML"
    )
    await user.settle()
    await tap(user, T.get("checkin.button_all_good"))
    latest = (await assessments(harness, user))[-1]
    assert latest.local_date == local_date(harness)
    return tuple(latest.input["profile"]["conditions"])


async def test_pregnancy_then_six_weeks_after_the_due_date_then_nothing(harness):
    user = harness.server.user(13001, "Ana")
    await onboard(harness, user)
    await say(user, "/water 1500")
    answer = await say(user, f"/settings pregnant {DUE.isoformat()}")
    assert "pregnant, due 20 November 2026" in answer.text

    assert await all_good(harness, user) == ("pregnancy",)
    assert PREGNANCY_SIGN in await screen_labels(user)
    assert "pregnancy: pregnant, due 20 November 2026" in (await say(user, "/settings")).text

    # 23:30 UTC on the due date is already the next day in Berlin: the person's date counts.
    harness.clock.now = dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC)
    await say(user, "/water 1500")
    assert await all_good(harness, user) == ("recently_gave_birth",)
    assert PREGNANCY_SIGN in await screen_labels(user), "the signs after giving birth"
    listing = (await say(user, "/settings")).text
    assert "pregnancy: gave birth recently (counted until 1 January 2027)" in listing

    harness.clock.now = dt.datetime(2027, 1, 2, 9, 0, tzinfo=dt.UTC)
    await say(user, "/water 1500")
    assert await all_good(harness, user) == ()
    assert PREGNANCY_SIGN not in await screen_labels(user)
    assert "pregnancy: no" in (await say(user, "/settings")).text


async def test_no_pregnancy_note_for_someone_who_never_said_so(harness):
    assert PREGNANCY_NOTES, "the catalog keeps the pregnancy notes apart from the cautions"
    never = harness.server.user(13002, "Ben")
    await onboard(harness, never)
    assert PREGNANCY_SIGN not in await screen_labels(never)
    for area in ("back", "pelvis", "legs", ""):
        routine = (await say(never, f"/stretch {area}".strip())).text
        assert "pregnan" not in routine.lower() and "midwife" not in routine.lower(), routine

    expecting = harness.server.user(13003, "Cleo")
    await onboard(harness, expecting)
    await say(expecting, "/settings pregnant yes")
    shown = [(await say(expecting, f"/stretch {area}")).text for area in ("back", "pelvis")]
    assert any(note in text for text in shown for note in PREGNANCY_NOTES), shown


async def test_pregnancy_ticked_in_setup_asks_for_the_due_date(harness):
    user = harness.server.user(13004, "Dana")
    await say(user, "/start")
    await tap(user, T.get("onboarding.button_consent"))
    await say(user, "Berlin")
    await tap(user, T.get("onboarding.button_keep_schedule"))
    await tap(user, "2000 ml ✓")
    await tap(user, T.get("onboarding.button_add_profile"))
    await tap(user, "Pregnancy")
    await tap(user, T.get("common.button_done"))
    await tap(user, T.get("checkin.button_none"))
    done = await tap(user, T.get("common.button_no"))
    assert done.text == plain(
        T.get("onboarding.setup_done") + "\n\n" + T.get("onboarding.add_due_date")
    )
    await say(user, "/settings due 2027-05-20")
    listing = (await say(user, "/settings")).text
    assert "pregnancy: pregnant, due 20 May 2027" in listing
