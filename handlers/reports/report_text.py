"""The words of the /report PDF: each table row and summary line as plain strings.

Kept apart from the layout in `pdf` so the content can be read and tested without a PDF.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from engine.types import TriageLevel
from handlers.reports.labels import TRIAGE_SHORT, plain_label, plain_labels
from handlers.reports.model import AssessmentSummary, DaySummary, ReportSubject

NOT_GIVEN = "not given"
DASH = "–"
DISCLAIMER = (
    "General information from the person's own check-ins, not a diagnosis; "
    "triage is the app's rule-based guidance, not a clinical judgement."
)


def day_label(date: dt.date) -> str:
    """A date as the report shows it: weekday and ISO date, e.g. "Mon 2026-03-02"."""
    return f"{date:%a} {date.isoformat()}"


def period_line(end_date: dt.date, n_days: int) -> str:
    """The report's period in words."""
    start = end_date - dt.timedelta(days=n_days - 1)
    return f"{day_label(start)} to {day_label(end_date)} ({n_days} day{'s' if n_days != 1 else ''})"


def clean_name(name: str) -> str:
    """The display name on one line, without control, format or unassigned characters."""
    chars = (
        " " if unicodedata.category(ch) in {"Cc", "Zl", "Zp"} else ch
        for ch in name
        if unicodedata.category(ch) not in {"Cf", "Cs", "Co", "Cn"}
    )
    return " ".join("".join(chars).split())[:128]


def subject_lines(subject: ReportSubject) -> list[tuple[str, str]]:
    """The "who" block as (label, value) pairs."""
    return [
        ("Name", clean_name(subject.display_name) or NOT_GIVEN),
        ("Age band", subject.age_band or NOT_GIVEN),
        ("Conditions", plain_labels("conditions", subject.conditions) or NOT_GIVEN),
        ("Medications", plain_labels("medications", subject.medications) or NOT_GIVEN),
        ("Water goal", f"{subject.water_goal_ml} ml a day"),
        ("Time zone", subject.time_zone),
    ]


def glance_line(window: Sequence[tuple[dt.date, DaySummary | None]], goal_ml: int) -> str:
    """One line of totals over the period."""
    days = [day for _, day in window if day is not None]
    water = [day.water_ml for day in days if day.water_ml is not None]
    spasm_days = [day for day in days if day.spasm_count > 0]
    severities = [day.max_severity for day in spasm_days if day.max_severity is not None]
    worst = f" (worst {max(severities)}/10)" if severities else ""
    at_goal = sum(1 for ml in water if ml >= goal_ml)
    return " · ".join(
        (
            f"Days with a record: {len(days)} of {len(window)}",
            f"check-ins: {sum(1 for day in days if day.checked_in)}",
            f"water goal met: {at_goal} of {len(water)} days logged",
            f"days with spasms: {len(spasm_days)}{worst}",
            f"red-flag days: {sum(1 for day in days if day.red_flags)}",
        )
    )


def _spasm_cell(day: DaySummary) -> str:
    if not day.checked_in and day.spasm_count == 0:
        return DASH
    if day.spasm_count == 0:
        return "none"
    severity = f", max {day.max_severity}" if day.max_severity is not None else ""
    return f"{day.spasm_count}{severity}"


def _water_cell(day: DaySummary, goal_ml: int) -> str:
    if day.water_ml is None:
        return DASH
    return f"{day.water_ml} ({round(100 * day.water_ml / goal_ml)}%)"


@dataclass(frozen=True, slots=True)
class DailyRow:
    """One row of the daily table; `cells` is None for a date with no record."""

    date: str
    cells: tuple[str, str, str, str, str, str] | None
    triage: TriageLevel | None


DAILY_HEADINGS = ("Date", "Water, ml", "Spasms (max)", "Where", "Urinary", "Red flags", "Triage")


def daily_rows(window: Iterable[tuple[dt.date, DaySummary | None]], goal_ml: int) -> list[DailyRow]:
    """The daily table's rows, oldest first, one per date of the period."""
    rows = []
    for date, day in window:
        if day is None:
            rows.append(DailyRow(day_label(date), None, None))
            continue
        cells = (
            _water_cell(day, goal_ml),
            _spasm_cell(day),
            plain_labels("spasm_locations", day.locations) or DASH,
            plain_labels("urinary", day.urinary) or DASH,
            plain_labels("red_flags", day.red_flags) or DASH,
            TRIAGE_SHORT[day.triage] if day.triage else DASH,
        )
        rows.append(DailyRow(day_label(date), cells, day.triage))
    return rows


def red_flag_rows(
    window: Iterable[tuple[dt.date, DaySummary | None]],
) -> list[tuple[str, str, TriageLevel | None]]:
    """(date, red flag, that day's triage level) for every red flag of the period, oldest first."""
    return [
        (day_label(date), plain_label("red_flags", flag), day.triage)
        for date, day in window
        if day is not None
        for flag in day.red_flags
    ]


def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def assessment_rows(
    assessments: Iterable[AssessmentSummary], *, start: dt.date, end: dt.date, time_zone: str
) -> list[tuple[str, TriageLevel, str, str]]:
    """(local time, level, rule ids, reason) for the period's assessments, oldest first."""
    zone = _zone(time_zone)
    chosen = sorted((a for a in assessments if start <= a.local_date <= end), key=lambda a: a.at)
    return [
        (
            f"{day_label(a.local_date)} {a.at.astimezone(zone):%H:%M}",
            a.triage,
            ", ".join(a.rule_ids) or "none fired",
            a.reason or DASH,
        )
        for a in chosen
    ]
