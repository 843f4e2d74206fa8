"""What the weekly summary counts: the seven days before its day, whole days only."""

from __future__ import annotations

import datetime as dt

from engine import Day, Spasms
from handlers.weekly.summary import render_summary, summarise
from i18n import texts_for
from storage.records import DayRecord

T = texts_for("en")
SUNDAY = dt.date(2026, 11, 22)
AT = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


def record(day: Day, checkins: int = 1) -> DayRecord:
    return DayRecord(person_id=1, day=day, checkins=checkins, updated_at=AT)


def test_a_week_with_nothing_logged_has_no_summary() -> None:
    before = record(Day(SUNDAY - dt.timedelta(days=7), water_ml=2000, spasms=Spasms(count=1)))
    empty_row = record(Day(SUNDAY), checkins=0)  # a row with no answer and no water
    assert summarise([before, empty_row], [], last=SUNDAY, goal_ml=2000) is None


def test_water_alone_counts_as_logged_and_spasms_are_not_guessed() -> None:
    days = [record(Day(SUNDAY - dt.timedelta(days=i), water_ml=2500), checkins=0) for i in (0, 3)]
    summary = summarise(days, [], last=SUNDAY, goal_ml=2000)
    assert summary is not None
    assert (summary.checked_in, summary.water_logged, summary.water_at_goal) == (0, 2, 2)
    text = render_summary(summary, T)
    assert "Check-ins: 0 of 7 days" in text
    assert "at your goal (2000 ml) on 2 of the 2 days you logged it" in text
    assert "Spasms" not in text, "no check-in: nothing to say about spasms"
    assert summary.pattern is None


def test_the_days_before_the_week_count_for_the_pattern_only() -> None:
    days = [
        record(Day(SUNDAY - dt.timedelta(days=i), water_ml=900, spasms=Spasms(count=1)))
        for i in range(7, 10)
    ] + [record(Day(SUNDAY - dt.timedelta(days=i), water_ml=2500)) for i in range(0, 3)]
    summary = summarise(days, [], last=SUNDAY, goal_ml=2000)
    assert summary is not None and (summary.checked_in, summary.spasm_days) == (3, 0)
    assert summary.pattern is not None
    assert (summary.pattern.with_spasm, summary.pattern.with_days) == (3, 3)
    assert (summary.pattern.without_spasm, summary.pattern.without_days) == (0, 3)
