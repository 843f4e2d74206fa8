"""Spread-out slots: deterministic by person, within the window, never before the slot.

The pure parts (window size, a person's place, due_now/next_look with spreading) are checked
directly; then a real Dispatcher spreads a slot of 150 people sharing 12:00 in Berlin while
its clock steps through the window.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from reminders.slots import HYDRATION_GRACE, due_now, next_look, slots_on
from reminders.spread import SlotSizes, beyond_free_budget, spread_offset, spread_window
from storage.records import Schedule, SchedulePattern
from tests.reminders.rig import TODAY, Rig

BERLIN = ZoneInfo("Europe/Berlin")
DEFAULT = Schedule(
    0, dt.time(9), dt.time(21), 180, dt.time(8), dt.time(20), dt.time(22), dt.time(7), None, 0
)
NINE = dt.datetime.combine(TODAY, dt.time(9), BERLIN).astimezone(dt.UTC)
NOON = dt.datetime.combine(TODAY, dt.time(12), BERLIN).astimezone(dt.UTC)


def sizes_for(people: int, per_second: float = 29.0) -> SlotSizes:
    """Slot sizes as if `people` in Berlin had the default schedule."""
    sizes = SlotSizes(per_second)
    sizes.refresh([SchedulePattern("Europe/Berlin", DEFAULT, people)], NINE)
    return sizes


def test_the_window_comes_from_the_people_due_and_the_budget() -> None:
    grace = HYDRATION_GRACE
    assert spread_window(1000, 29, grace) == dt.timedelta(0)  # about 35 s of sending: no spread
    # 3,000 at 29 a second planned at 1.25 times that pace: 82 s.
    assert spread_window(3000, 29, grace) == dt.timedelta(seconds=82)
    # 100,000 would need 46 minutes: held to half of the hour's grace.
    assert spread_window(100_000, 29, grace) == grace / 2
    # Instances that counted a few people more or less agree.
    assert spread_window(3040, 29, grace) == spread_window(3099, 29, grace)


@given(person_id=st.integers(1, 2**62), seconds=st.integers(0, 7200))
def test_a_persons_place_is_the_same_every_time_and_inside_the_window(
    person_id: int, seconds: int
) -> None:
    window = dt.timedelta(seconds=seconds)
    offset = spread_offset(person_id, window)
    assert offset == spread_offset(person_id, window)
    assert offset.microseconds == 0
    assert dt.timedelta(0) <= offset < window or offset == window == dt.timedelta(0)


def test_places_cover_the_window_evenly() -> None:
    window = dt.timedelta(minutes=30)
    minutes = [int(spread_offset(p, window).total_seconds() // 60) for p in range(1, 30_001)]
    per_minute = [minutes.count(m) for m in range(30)]
    assert all(800 <= n <= 1200 for n in per_minute), per_minute  # 1,000 expected in each


def test_with_a_big_slot_each_person_is_due_at_their_place_never_before_the_slot() -> None:
    sizes = sizes_for(100_000)
    [nine] = [s for s in slots_on(DEFAULT, BERLIN, TODAY) if s.name == "h0900"]
    assert sizes.window(nine) == dt.timedelta(minutes=30)
    for person_id in range(1, 301):

        def spread(slot: object, pid: int = person_id) -> dt.timedelta:
            return sizes.offset(pid, slot)  # type: ignore[arg-type]

        place = NINE + sizes.offset(person_id, nine)
        assert NINE <= place < NINE + dt.timedelta(minutes=30)
        # (the 08:00 stretch slot is spread too, but over less than an hour)
        assert next_look(DEFAULT, BERLIN, NINE - dt.timedelta(seconds=1), (), spread) == place
        before = due_now(DEFAULT, BERLIN, place - dt.timedelta(seconds=1), (), spread)
        assert "h0900" not in [s.name for s in before]
        assert "h0900" in [s.name for s in due_now(DEFAULT, BERLIN, place, (), spread)]
        # Catch-up still ends an hour after the person's own 09:00.
        late = due_now(DEFAULT, BERLIN, NINE + HYDRATION_GRACE, (), spread)
        assert "h0900" not in [s.name for s in late]


def test_a_small_slot_is_not_spread_and_not_shown_as_around() -> None:
    small, big = sizes_for(500), sizes_for(100_000)
    slots = slots_on(DEFAULT, BERLIN, TODAY)
    assert all(small.window(s) == dt.timedelta(0) for s in slots)
    assert small.spread_times(slots) == frozenset()
    assert big.spread_times(slots) == {dt.time(h) for h in (9, 12, 15, 18, 21)} | {
        dt.time(8),
        dt.time(20),
    }


async def test_the_dispatcher_spreads_a_big_slot_over_its_window(rig: Rig) -> None:
    # 150 people share 12:00 (counted as 100: sizes are rounded down to hundreds); planned at
    # 1.25 prompts a second, that is an 80 s window.
    rig.dispatcher.sizes.per_second = 1.0
    people = [
        await rig.add_person(5000 + n, hydration=(dt.time(12), dt.time(12), 60)) for n in range(150)
    ]
    await rig.run()  # 11:30: counts the slot sizes, nobody is due yet
    await rig.dispatcher.count_slot_sizes(rig.clock(), force=True)
    [slot] = slots_on(
        Schedule(0, dt.time(12), dt.time(12), 60, None, None, None, None, None, 0),
        BERLIN,
        TODAY,
    )
    window = rig.dispatcher.sizes.window(slot)
    assert window == dt.timedelta(seconds=80)
    await rig.run(NOON - dt.timedelta(seconds=1))
    assert sum(rig.sends(5000 + n) for n in range(150)) == 0  # none before the slot
    sent_at: dict[int, dt.datetime] = {}
    for second in range(0, 81, 10):
        await rig.run(NOON + dt.timedelta(seconds=second))
        for person in people:
            if rig.sends(person.telegram_user_id) and person.id not in sent_at:
                sent_at[person.id] = rig.clock()
    assert len(sent_at) == 150
    for person in people:
        place = NOON + spread_offset(person.id, window)
        # Sent at the first tick at or after the person's place, within the window.
        assert place <= sent_at[person.id] < place + dt.timedelta(seconds=10)
        assert sent_at[person.id] <= NOON + window
    assert len(set(sent_at.values())) == 9  # every tick of the window sent some: spread out


def test_only_a_slots_excess_over_the_free_budget_may_pay() -> None:
    # 29 a second for 80% of the hour's grace: 83,520 people are the free budget's share.
    grace = HYDRATION_GRACE
    people = range(1, 20_001)
    for crowd, share in ((50_000, 0.0), (100_000, 0.1648), (1_000_000, 0.9165)):
        payers = [p for p in people if beyond_free_budget(p, crowd, 29.0, grace)]
        assert abs(len(payers) / len(people) - share) < 0.01, crowd
    # The same people every time (and on every instance), and the payers of a bigger crowd
    # include those of a smaller one.
    small = {p for p in people if beyond_free_budget(p, 100_000, 29.0, grace)}
    assert small == {p for p in people if beyond_free_budget(p, 100_000, 29.0, grace)}
    assert small <= {p for p in people if beyond_free_budget(p, 200_000, 29.0, grace)}


def test_payers_are_spread_through_the_window_not_bunched_at_its_end() -> None:
    window = dt.timedelta(minutes=30)
    payers = [p for p in range(1, 20_001) if beyond_free_budget(p, 100_000, 29.0, HYDRATION_GRACE)]
    first_half = [p for p in payers if spread_offset(p, window) < window / 2]
    assert 0.45 < len(first_half) / len(payers) < 0.55


def test_the_dispatcher_asks_only_the_excess_to_pay() -> None:
    sizes = sizes_for(100_000)
    nine = next(s for s in slots_on(DEFAULT, BERLIN, TODAY) if s.at == NINE)
    noon = next(s for s in slots_on(DEFAULT, BERLIN, TODAY) if s.at == NOON)
    payers = sum(sizes.may_pay(p, nine) for p in range(1, 10_001))
    assert 1400 < payers < 1900  # about 16.5%
    assert not any(sizes_for(50_000).may_pay(p, nine) for p in range(1, 10_001))
    assert sizes.may_pay(1, noon) == sizes.may_pay(1, nine)  # every 3-hourly slot is as big
