"""Spread-out slots: a big slot's prompts go out over a short window after its time, by person.

A person's times stay as they set them. When many people share one instant (100,000 people in
one zone on the default schedule all have water at 09:00), sending them all "at 09:00" only
queues them: the send budget (about 29 prompts a second) decides who waits the longest, and it
is whoever the queue happens to put last. Instead, each person of a big slot is given a fixed
place in a window after it, from a hash of their id: the same place every day, never before
the slot, and the whole window within half the slot's grace.

The window comes from how many people share the instant and the budget: just short enough
that the senders never run dry (planned at 1.25 times the budget's pace), so the batch still
finishes as fast as the budget allows, at most half the grace, and none at all when the batch
takes under a minute anyway. Slot sizes are estimated from the most common (zone, schedule)
combinations, refreshed every few minutes; counts are rounded down to hundreds so instances
that refreshed at different moments agree.

Paid broadcast (opt-in) is only for a slot's excess over the free budget: the free budget
should bring `rate x SEND_BY x grace` of its people (a margin for replies, Telegram's latency
and a pace below the nominal); the others, chosen by a second hash of the person (so they are
spread through the batch, not bunched at its end), may pay once behind their place. For
100,000 people at 29 a second that is 16% of them; for 1,000,000, 92%; for a slot the free
budget sends in time, nobody.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from reminders.slots import Slot, slots_on
from storage.records import SchedulePattern

PLANNED_PACE = 1.25  # times the budget's pace: the window is a bit short, so senders stay busy
SMALL_BATCH = dt.timedelta(minutes=1)  # a batch this quick to send is not spread
ROUND_TO = 100  # people; slot sizes are rounded down to this
SEND_BY = 0.8  # the free budget should send its share of a slot within this share of the grace
PAY_SALT = b"paid-broadcast"


def spread_window(people: int, per_second: float, grace: dt.timedelta) -> dt.timedelta:
    """How long after its time a slot shared by `people` is spread over (whole seconds)."""
    people -= people % ROUND_TO
    seconds = people / (per_second * PLANNED_PACE)
    if seconds < SMALL_BATCH.total_seconds():
        return dt.timedelta(0)
    return min(dt.timedelta(seconds=int(seconds)), grace / 2)


def place_fraction(person_id: int, salt: bytes = b"") -> float:
    """A fraction in [0, 1) from a hash of the person's id: their place in any window (no
    salt), or their turn to pay (`PAY_SALT`), the same every time and on every instance."""
    digest = hashlib.blake2b(
        person_id.to_bytes(8, "big", signed=True), digest_size=8, salt=salt
    ).digest()
    return int.from_bytes(digest, "big") / 2**64


def spread_offset(person_id: int, window: dt.timedelta) -> dt.timedelta:
    """This person's place in a window: in [0, window), whole seconds, the same every time."""
    if window <= dt.timedelta(0):
        return dt.timedelta(0)
    return dt.timedelta(seconds=int(place_fraction(person_id) * window.total_seconds()))


def beyond_free_budget(person_id: int, people: int, per_second: float, grace: dt.timedelta) -> bool:
    """Whether this person is one of a slot's excess over the free budget, who may pay (see the
    module docstring)."""
    people -= people % ROUND_TO
    free = per_second * SEND_BY * grace.total_seconds()
    if people <= free:
        return False
    return place_fraction(person_id, PAY_SALT) >= free / people


class SlotSizes:
    """How many people share each slot instant (UTC), and so each slot's spreading window."""

    def __init__(self, per_second: float) -> None:
        self.per_second = per_second
        self._people: Counter[dt.datetime] = Counter()

    def refresh(self, patterns: Iterable[SchedulePattern], now: dt.datetime) -> None:
        """Count the slots from yesterday to tomorrow of every pattern, by instant."""
        people: Counter[dt.datetime] = Counter()
        for pattern in patterns:
            zone = ZoneInfo(pattern.timezone)
            today = now.astimezone(zone).date()
            for day in (today - dt.timedelta(days=1), today, today + dt.timedelta(days=1)):
                for slot in slots_on(pattern.schedule, zone, day):
                    people[slot.at] += pattern.people
        self._people = people

    def people_at(self, instant: dt.datetime) -> int:
        """People with a slot at this instant (0 if unknown)."""
        return self._people.get(instant, 0)

    def window(self, slot: Slot) -> dt.timedelta:
        """The spreading window of this slot (zero for a small one)."""
        return spread_window(self.people_at(slot.at), self.per_second, slot.until - slot.at)

    def offset(self, person_id: int, slot: Slot) -> dt.timedelta:
        """When after its time this person's prompt of `slot` is sent."""
        return spread_offset(person_id, self.window(slot))

    def may_pay(self, person_id: int, slot: Slot) -> bool:
        """Whether this person's prompt of `slot` is one the free budget would bring too late,
        so it may go out as a paid broadcast (if the operator allows) once behind its place."""
        return beyond_free_budget(
            person_id, self.people_at(slot.at), self.per_second, slot.until - slot.at
        )

    def spread_times(self, slots: Iterable[Slot]) -> frozenset[dt.time]:
        """The wall-clock times among `slots` that are spread: sent "around" them."""
        spread = {s.wall for s in slots if s.wall is not None and self.window(s) > dt.timedelta(0)}
        return frozenset(spread)
