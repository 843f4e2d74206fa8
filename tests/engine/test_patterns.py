"""The pattern finder (engine/patterns.py): a pattern only when the days support it, at most one."""

from __future__ import annotations

import datetime as dt

import pytest

from engine import Day, Spasms
from engine.patterns import (
    LOW_WATER,
    NO_STRETCH_DAY_BEFORE,
    Candidate,
    find_pattern,
    low_water,
    no_stretch_day_before,
    one_sided_fisher,
)

START = dt.date(2026, 11, 2)


def days_of(*rows: tuple[int | None, bool]) -> list[Day]:
    """Consecutive days from START: (water ml, had a spasm)."""
    return [
        Day(START + dt.timedelta(days=i), water_ml=ml, spasms=Spasms(count=1 if spasm else 0))
        for i, (ml, spasm) in enumerate(rows)
    ]


def spasm_map(days: list[Day]) -> dict[dt.date, bool]:
    return {day.date: day.has_spasm for day in days}


def split(
    with_: tuple[int, int], without: tuple[int, int], name: str = "x"
) -> tuple[dict[dt.date, bool], Candidate]:
    """Spasm days and a candidate: `with_` = (spasm days, days) with it, `without` likewise."""
    spasms: dict[dt.date, bool] = {}
    exposed: dict[dt.date, bool] = {}
    date = START
    for flag, (spasm, total) in ((True, with_), (False, without)):
        for i in range(total):
            spasms[date] = i < spasm
            exposed[date] = flag
            date += dt.timedelta(days=1)
    return spasms, Candidate(name, exposed)


def test_the_example_of_the_spec_is_a_pattern() -> None:
    # "cramps on 4 of 5 days under 1.5 l, 1 of 9 above"
    days = days_of(*[(1000, True)] * 4, (1200, False), (2000, True), *[(2200, False)] * 8)
    pattern = find_pattern(spasm_map(days), [low_water(days, goal_ml=2000)])
    assert pattern is not None
    assert (pattern.id, pattern.value) == (LOW_WATER, 1500)
    assert (pattern.with_spasm, pattern.with_days) == (4, 5)
    assert (pattern.without_spasm, pattern.without_days) == (1, 9)
    assert pattern.p == pytest.approx(46 / 2002)


def test_three_days_on_each_side_is_enough_when_the_split_is_complete() -> None:
    spasms, candidate = split((3, 3), (0, 3))
    pattern = find_pattern(spasms, [candidate])
    assert pattern is not None and pattern.p == pytest.approx(1 / 20)


@pytest.mark.parametrize(
    ("with_", "without"),
    [((2, 2), (0, 12)), ((12, 12), (0, 2)), ((5, 5), (0, 0)), ((0, 0), (0, 5))],
    ids=["two-days-with", "two-days-without", "none-without", "none-with"],
)
def test_too_few_days_on_either_side_is_no_pattern(
    with_: tuple[int, int], without: tuple[int, int]
) -> None:
    spasms, candidate = split(with_, without)
    assert find_pattern(spasms, [candidate]) is None


@pytest.mark.parametrize(
    ("with_", "without"),
    [((2, 4), (2, 4)), ((3, 6), (4, 8)), ((1, 5), (6, 9)), ((3, 4), (2, 4))],
    ids=["same-share", "same-share-larger", "fewer-with-it", "small-difference"],
)
def test_no_association_is_no_pattern(with_: tuple[int, int], without: tuple[int, int]) -> None:
    spasms, candidate = split(with_, without)
    assert find_pattern(spasms, [candidate]) is None


def test_a_large_difference_on_few_days_that_chance_explains_is_no_pattern() -> None:
    # 3 of 4 against 1 of 4: a difference of a half, but one such split in four is by chance.
    spasms, candidate = split((3, 4), (1, 4))
    assert one_sided_fisher(3, 4, 1, 4) > 0.05
    assert find_pattern(spasms, [candidate]) is None


def test_of_several_supported_patterns_only_the_strongest_is_chosen() -> None:
    days = days_of(*[(1000, True)] * 4, (1200, False), (2000, True), *[(2200, False)] * 8)
    spasms = spasm_map(days)
    weaker = Candidate("weaker", {d: i % 2 == 0 for i, d in enumerate(spasms)})
    # Stretches skipped exactly the days before spasm days: the stronger split.
    stronger = Candidate("stronger", dict(spasms))
    pattern = find_pattern(spasms, [low_water(days, 2000), weaker, stronger])
    assert pattern is not None and pattern.id == "stronger"
    assert find_pattern(spasms, [low_water(days, 2000), weaker]).id == LOW_WATER  # type: ignore[union-attr]


def test_days_without_a_check_in_or_a_water_amount_are_not_counted() -> None:
    days = days_of(*[(1000, True)] * 3, *[(None, False)] * 5, *[(2500, False)] * 3)
    spasms = spasm_map(days)
    candidate = low_water(days, 2000)
    assert len(candidate.exposed) == 6
    pattern = find_pattern(spasms, [candidate])
    assert pattern is not None and (pattern.with_days, pattern.without_days) == (3, 3)
    # Only the dates in `spasm_days` (the check-ins) count.
    checked = {d: s for d, s in spasms.items() if d != START}
    assert find_pattern(checked, [candidate]) is None


def test_the_water_line_is_three_quarters_of_the_goal_rounded_down_to_100_ml() -> None:
    assert low_water([], 2000).value == 1500
    assert low_water([], 2500).value == 1800
    assert low_water([], 3000).value == 2200


def test_stretches_the_day_before_count_only_after_a_day_they_were_offered() -> None:
    dates = [START + dt.timedelta(days=i) for i in range(5)]
    logs = [
        (START, "offered"),
        (START, "done"),
        (START + dt.timedelta(days=1), "offered"),
        (START + dt.timedelta(days=1), "skipped"),
        (START + dt.timedelta(days=3), "done"),  # done on demand
    ]
    candidate = no_stretch_day_before(dates, logs)
    assert candidate.id == NO_STRETCH_DAY_BEFORE
    day = dt.timedelta(days=1)
    assert candidate.exposed == {START + day: False, START + 2 * day: True, START + 4 * day: False}
