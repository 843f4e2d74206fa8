"""Gather a person's recent days and assessments in the shape the report renderers take."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from engine import TRIAGE_LEVELS
from handlers.reports import AssessmentSummary, DaySummary, ReportSubject
from storage.records import AssessmentRecord, Person
from storage.unit_of_work import UnitOfWork

_RANK: dict[str, int] = {level: i for i, level in enumerate(TRIAGE_LEVELS)}


async def day_summaries(
    uow: UnitOfWork, person: Person, end_date: dt.date, n_days: int
) -> tuple[list[DaySummary], list[AssessmentSummary]]:
    """The days with a record and the assessments of the `n_days` ending with `end_date`."""
    records = await uow.days.records(person.id, end_date, n_days)
    start = end_date - dt.timedelta(days=n_days - 1)
    since = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    runs = [
        r
        for r in await uow.assessments.recent(person.id, since=since, limit=1000)
        if start <= r.local_date <= end_date
    ]
    highest: dict[dt.date, str] = {}
    for run in runs:
        if _RANK[run.triage_level] >= _RANK.get(highest.get(run.local_date, "self_care"), 0):
            highest[run.local_date] = run.triage_level
    days = [
        DaySummary.from_day(
            record.day,
            triage=highest.get(record.day.date),  # type: ignore[arg-type]
            checked_in=record.checkins > 0,
        )
        for record in records
    ]
    return days, [assessment_summary(run) for run in sorted(runs, key=lambda r: r.assessed_at)]


def assessment_summary(run: AssessmentRecord) -> AssessmentSummary:
    """One stored run: its level, the rules that fired and the first rule's reason."""
    rules: Sequence[dict[str, object]] = run.answer.get("triage", {}).get("rules", [])
    reason = str(rules[0].get("why", "")) if rules else ""
    return AssessmentSummary(
        at=run.assessed_at,
        local_date=run.local_date,
        triage=run.triage_level,  # type: ignore[arg-type]
        rule_ids=tuple(str(rule["id"]) for rule in rules),
        reason=reason,
    )


def report_subject(person: Person, display_name: str) -> ReportSubject:
    """Who the report is about (the name as Telegram gives it; nothing else is asked)."""
    return ReportSubject(
        display_name=display_name,
        age_band=age_band(person.age),
        conditions=person.conditions,
        medications=person.medications,
        water_goal_ml=person.water_goal_ml,
        time_zone=person.timezone or "UTC",
    )


def age_band(age: int | None) -> str | None:
    """A decade band such as "50-59", or None when the age was not given."""
    if age is None:
        return None
    low = age // 10 * 10
    return f"{low}-{low + 9}"
