"""The plain data the /history chart and the /report PDF are drawn from, and the date window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from engine.types import DEFAULT_WATER_GOAL_ML, TRIAGE_LEVELS, Day, TriageLevel

HISTORY_DAYS = 14
REPORT_DAYS = 30


@dataclass(frozen=True, slots=True)
class DaySummary:
    """One local date with a record. A date with no record is simply not given.

    `water_ml` None means water is unknown that day; `max_severity` None means no spasm or
    an unknown severity. `triage` is the highest level answered that day (None when the day
    had no check-in or assessment), `checked_in` whether the person answered a check-in
    or /assess that day (a day with only logged water has a record but no check-in).
    """

    date: dt.date
    water_ml: int | None = None
    spasm_count: int = 0
    max_severity: int | None = None
    locations: tuple[str, ...] = ()
    urinary: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    triage: TriageLevel | None = None
    checked_in: bool = False

    def __post_init__(self) -> None:
        if self.triage is not None and self.triage not in TRIAGE_LEVELS:
            raise ValueError(f"{self.date}: unknown triage level {self.triage!r}")

    @classmethod
    def from_day(
        cls, day: Day, *, triage: TriageLevel | None, checked_in: bool = True
    ) -> DaySummary:
        """Summarise an engine `Day` with the day's highest triage level."""
        spasms = day.spasms
        return cls(
            date=day.date,
            water_ml=day.water_ml,
            spasm_count=spasms.count,
            max_severity=spasms.max_severity if spasms.count > 0 else None,
            locations=spasms.locations if spasms.count > 0 else (),
            urinary=day.urinary,
            red_flags=day.red_flags,
            triage=triage,
            checked_in=checked_in,
        )


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    """One stored assessment: when, its triage level, the rules that fired and why.

    `at` is an aware datetime; `local_date` is the person's local date it counts for.
    `reason` is the top fired rule's plain "why" ("" when no rule fired); `red_flags` the
    red flags the day had when it was assessed (so the report can say when one was first told).
    """

    at: dt.datetime
    local_date: dt.date
    triage: TriageLevel
    rule_ids: tuple[str, ...] = ()
    reason: str = ""
    red_flags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError("AssessmentSummary.at must be an aware datetime")
        if self.triage not in TRIAGE_LEVELS:
            raise ValueError(f"unknown triage level {self.triage!r}")


@dataclass(frozen=True, slots=True)
class FollowUpAnswer:
    """The answer to a safety-net follow-up: when it was answered and how they were."""

    answered_at: dt.datetime
    outcome: str  # "help", "better", "same" or "worse"
    after_level: str = ""  # the triage level that booked the follow-up


@dataclass(frozen=True, slots=True)
class ReportSubject:
    """Who the report is about, as far as they told us.

    `display_name` is the name as Telegram gives it (any unicode); `age_band` e.g. "50-59";
    `conditions` and `medications` are engine vocabulary ids.
    """

    display_name: str
    age_band: str | None = None
    conditions: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    water_goal_ml: int = DEFAULT_WATER_GOAL_ML
    time_zone: str = "UTC"

    def __post_init__(self) -> None:
        if self.water_goal_ml <= 0:
            raise ValueError(f"water_goal_ml must be positive, got {self.water_goal_ml}")


def window_dates(end_date: dt.date, n_days: int) -> tuple[dt.date, ...]:
    """The `n_days` dates ending with `end_date`, oldest first."""
    if n_days < 1:
        raise ValueError(f"n_days must be at least 1, got {n_days}")
    return tuple(end_date - dt.timedelta(days=offset) for offset in range(n_days - 1, -1, -1))


def by_date(days: Iterable[DaySummary]) -> dict[dt.date, DaySummary]:
    """Index days by date; two records for one date are an error."""
    index: dict[dt.date, DaySummary] = {}
    for day in days:
        if day.date in index:
            raise ValueError(f"two records for {day.date.isoformat()}")
        index[day.date] = day
    return index


def in_window(
    days: Iterable[DaySummary], *, end_date: dt.date, n_days: int
) -> tuple[tuple[dt.date, DaySummary | None], ...]:
    """Every date of the window, oldest first, with its record or None when there is none."""
    index = by_date(days)
    return tuple((date, index.get(date)) for date in window_dates(end_date, n_days))
