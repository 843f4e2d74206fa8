"""Properties of the union of a day's answers (spec item 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.types import Day, Spasms
from engine.vocabulary import FieldName, ids
from storage.day_merge import merge_days

DATE = dt.date(2026, 11, 22)


def id_lists(field: FieldName) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(ids(field)), max_size=4, unique=True).map(tuple)


spasms = st.one_of(
    st.just(Spasms()),
    st.builds(
        Spasms,
        count=st.integers(1, 20),
        max_severity=st.none() | st.integers(0, 10),
        locations=id_lists("spasm_locations"),
        longest_minutes=st.none() | st.integers(0, 120),
    ),
)
days = st.builds(
    Day,
    date=st.just(DATE),
    water_ml=st.none() | st.integers(0, 5000),
    spasms=spasms,
    urinary=id_lists("urinary"),
    red_flags=id_lists("red_flags"),
    triggers=id_lists("triggers"),
)


def as_sets(day: Day) -> tuple[object, ...]:
    """A day with its lists as sets: merging promises the same content, not the same order."""
    s = day.spasms
    return (
        day.water_ml,
        (s.count, s.max_severity, frozenset(s.locations), s.longest_minutes),
        frozenset(day.urinary),
        frozenset(day.red_flags),
        frozenset(day.triggers),
    )


@given(days, days)
def test_order_of_answers_does_not_matter(a: Day, b: Day) -> None:
    assert as_sets(merge_days(a, b)) == as_sets(merge_days(b, a))


@given(days, days, days)
def test_merging_is_associative(a: Day, b: Day, c: Day) -> None:
    assert as_sets(merge_days(merge_days(a, b), c)) == as_sets(merge_days(a, merge_days(b, c)))


@given(days, days)
def test_nothing_reported_is_lost(a: Day, b: Day) -> None:
    merged = merge_days(a, b)
    assert set(a.red_flags) | set(b.red_flags) == set(merged.red_flags)
    assert set(a.urinary) | set(b.urinary) <= set(merged.urinary)
    assert merged.spasms.count == a.spasms.count + b.spasms.count
    severities = [s for s in (a.spasms.max_severity, b.spasms.max_severity) if s is not None]
    if a.spasms.count and b.spasms.count:
        assert merged.spasms.max_severity == (max(severities) if severities else None)
    if a.water_ml is not None or b.water_ml is not None:
        assert merged.water_ml == (a.water_ml or 0) + (b.water_ml or 0)
    else:
        assert merged.water_ml is None


@given(days)
def test_an_empty_answer_changes_nothing(a: Day) -> None:
    assert merge_days(a, Day(date=DATE)) == a


def test_answers_of_different_dates_are_not_merged() -> None:
    with pytest.raises(ValueError):
        merge_days(Day(date=DATE), Day(date=DATE + dt.timedelta(days=1)))
