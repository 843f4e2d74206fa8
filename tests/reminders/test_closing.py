"""Which prompts lose their buttons (reminders/closing.to_tidy), chosen from delivery rows."""

from __future__ import annotations

import datetime as dt

from reminders.closing import to_tidy
from storage.records import Delivery, DeliveryKey

TODAY = dt.date(2026, 11, 18)
YESTERDAY = TODAY - dt.timedelta(days=1)
AT = dt.datetime(2026, 11, 18, 8, 0, tzinfo=dt.UTC)
_ids = iter(range(1, 1000))


def sent(kind, date, slot, message_id, minutes=0, *, skipped=False) -> Delivery:
    """A delivery row as the dispatcher leaves it (a marker: skipped, no message id)."""
    at = AT + dt.timedelta(minutes=minutes)
    return Delivery(
        id=next(_ids),
        key=DeliveryKey(1, kind, date, slot),
        claimed_at=at,
        attempts=1,
        sent_at=at,
        message_id=None if skipped else message_id,
        skipped=skipped,
    )


def test_the_newest_of_each_kind_today_stays_and_the_rest_goes() -> None:
    rows = [
        sent("hydration", YESTERDAY, "h2100", 1),
        sent("checkin", YESTERDAY, "c2000", 2),
        sent("hydration", TODAY, "h0900", 3, 60),
        sent("stretch", TODAY, "s0800", 4, 0),
        sent("hydration", TODAY, "h1200", 5, 240),
    ]
    tidy, still_open = to_tidy(rows, TODAY)
    assert [d.message_id for d in tidy] == [1, 2, 3]
    assert still_open


def test_answered_and_tidied_prompts_are_left_alone() -> None:
    rows = [
        sent("checkin", YESTERDAY, "c2000", 2),
        sent("checkin", YESTERDAY, "answer2", 0, skipped=True),
        sent("hydration", YESTERDAY, "h2100", 1),
        sent("hydration", YESTERDAY, "x1", 0, skipped=True),
        sent("stretch", TODAY, "s0800", 4),
        sent("stretch", TODAY, "answer4", 0, skipped=True),
        sent("follow_up", TODAY, "17", 9),
    ]
    tidy, still_open = to_tidy(rows, TODAY)
    assert tidy == []
    assert not still_open, "today's only prompt was answered: no look at the day's end needed"


def test_a_skipped_or_uncertain_slot_has_no_message_to_tidy() -> None:
    uncertain = sent("hydration", YESTERDAY, "h1800", None)
    skipped = sent("hydration", YESTERDAY, "h2100", 0, skipped=True)
    assert to_tidy([uncertain, skipped], TODAY) == ([], False)


def test_a_prompt_just_sent_supersedes_every_open_one_of_its_kind() -> None:
    rows = [sent("hydration", TODAY, "h0900", 3), sent("stretch", TODAY, "s0800", 4)]
    tidy, still_open = to_tidy(rows, TODAY, arrived={"hydration"})
    assert [d.message_id for d in tidy] == [3]
    assert still_open
    assert to_tidy([], TODAY, arrived={"checkin"}) == ([], True)


def test_a_water_prompt_followed_by_a_button_press_counts_as_answered() -> None:
    rows = [
        sent("hydration", TODAY, "h0900", 3, 60),
        sent("hydration", TODAY, "h1200", 5, 240),
        sent("hydration", TODAY, "h1500", 7, 420),
    ]
    # +250 pressed at 09:30 (on the 09:00 prompt); nothing on the 12:00 one.
    pressed = [AT + dt.timedelta(minutes=90)]
    tidy, still_open = to_tidy(rows, TODAY, water_pressed=pressed)
    assert [d.message_id for d in tidy] == [5], "its message keeps the confirmation's buttons"
    assert still_open
