"""A typical month of records for the report tests and the benchmark, fixed and repeatable."""

from __future__ import annotations

import datetime as dt
import random

from engine.types import TriageLevel
from handlers.reports.model import AssessmentSummary, DaySummary, ReportSubject

END_DATE = dt.date(2026, 3, 30)
GOAL_ML = 2000
UTC = dt.UTC

# Days (counted back from END_DATE) with no record at all, and the red flags of a few days.
MISSING_OFFSETS = frozenset({3, 11, 19, 26})
WATER_ONLY_OFFSET = 9  # water logged, no check-in
UNKNOWN_WATER_OFFSET = 8  # checked in, water not logged
RED_FLAG_DAYS: dict[int, tuple[tuple[str, ...], TriageLevel, tuple[str, ...], str]] = {
    1: (("saddle_numbness",), "emergency", ("cauda_equina",), "Numbness in the groin"),
    5: (("fever_or_chills", "flank_pain"), "urgent", ("kidney_infection", "renal_colic"),
        "Fever with pain in the side"),
    16: (("blood_in_urine",), "soon", ("blood_in_urine",), "Blood in urine"),
}  # fmt: skip

SUBJECT = ReportSubject(
    display_name="Zoë Łukasz",
    age_band="50-59",
    conditions=("kidney_stones_history",),
    medications=("diuretic",),
    water_goal_ml=GOAL_ML,
    time_zone="Europe/Berlin",
)

LOCATIONS = ("lower_back", "calf", "groin", "thigh")


def typical_month(end_date: dt.date = END_DATE, n_days: int = 30) -> tuple[DaySummary, ...]:
    """Records on most of the last `n_days` days: water, spasms, three red-flag days."""
    rng = random.Random(7)
    days = []
    for offset in range(n_days - 1, -1, -1):
        if offset in MISSING_OFFSETS:
            continue
        date = end_date - dt.timedelta(days=offset)
        checked_in = offset != WATER_ONLY_OFFSET
        count = rng.choice((0, 0, 1, 2, 3)) if checked_in else 0
        flags, level, _, _ = RED_FLAG_DAYS.get(offset, ((), "self_care", (), ""))
        days.append(
            DaySummary(
                date=date,
                water_ml=None if offset == UNKNOWN_WATER_OFFSET else rng.randrange(900, 2800, 100),
                spasm_count=count,
                max_severity=rng.randint(2, 9) if count else None,
                # lower_back on every spasm day's first place, so it is the top location.
                locations=("lower_back", rng.choice(LOCATIONS[1:])) if count else (),
                urinary=("hesitancy",) if offset % 6 == 0 else (),
                red_flags=flags,
                triage=level if checked_in else None,
                checked_in=checked_in,
            )
        )
    return tuple(days)


def typical_assessments(end_date: dt.date = END_DATE) -> tuple[AssessmentSummary, ...]:
    """About ten assessments: the red-flag days and a handful of quiet ones."""
    result = []
    for offset in (28, 24, 21, 16, 13, 10, 7, 5, 2, 1):
        date = end_date - dt.timedelta(days=offset)
        _, level, rules, reason = RED_FLAG_DAYS.get(offset, ((), "self_care", (), ""))
        at = dt.datetime.combine(date, dt.time(18, 30 + offset), tzinfo=UTC)
        flags = RED_FLAG_DAYS.get(offset, ((),))[0]
        result.append(
            AssessmentSummary(
                at=at,
                local_date=date,
                triage=level,
                rule_ids=rules,
                reason=reason,
                red_flags=flags,
            )
        )
    return tuple(result)
