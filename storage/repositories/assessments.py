"""Assessments: every engine run with its input, answer and engine version, to explain it later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from storage.models import AssessmentRow
from storage.records import AssessmentRecord
from storage.repositories._sql import Repository


def to_assessment(row: AssessmentRow) -> AssessmentRecord:
    """Detach a row into a frozen record."""
    return AssessmentRecord(
        id=row.id,
        person_id=row.person_id,
        local_date=row.local_date,
        assessed_at=row.assessed_at,
        engine_version=row.engine_version,
        triage_level=row.triage_level,
        risk_score=row.risk_score,
        input=row.input,
        answer=row.answer,
    )


class AssessmentRepository(Repository):
    """Stores and lists engine runs."""

    async def add(
        self,
        person_id: int,
        input_json: Mapping[str, Any],
        answer_json: Mapping[str, Any],
        engine_version: str,
        at: dt.datetime,
    ) -> AssessmentRecord:
        """Store one run. The JSON is the engine contract's shape (`today.date`,
        `triage.level`, `risk.score`), from which the indexed columns are read."""
        try:
            local_date = dt.date.fromisoformat(str(input_json["today"]["date"]))
            triage_level = str(answer_json["triage"]["level"])
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"not an engine input and answer: {error!r}") from error
        risk = answer_json.get("risk")
        score = risk.get("score") if isinstance(risk, Mapping) else None
        row = AssessmentRow(
            person_id=person_id,
            local_date=local_date,
            assessed_at=at,
            engine_version=engine_version,
            triage_level=triage_level,
            risk_score=score if isinstance(score, int) else None,
            input=dict(input_json),
            answer=dict(answer_json),
        )
        self._session.add(row)
        await self._session.flush()
        return to_assessment(row)

    async def recent(
        self, person_id: int, *, since: dt.datetime | None = None, limit: int = 100
    ) -> list[AssessmentRecord]:
        """A person's runs at or after `since`, newest first, at most `limit`."""
        statement = select(AssessmentRow).where(AssessmentRow.person_id == person_id)
        if since is not None:
            statement = statement.where(AssessmentRow.assessed_at >= since)
        rows = await self._session.scalars(
            statement.order_by(AssessmentRow.assessed_at.desc(), AssessmentRow.id.desc()).limit(
                limit
            )
        )
        return [to_assessment(row) for row in rows]

    async def get(self, assessment_id: int) -> AssessmentRecord | None:
        """One run by id, or None."""
        row = await self._session.get(AssessmentRow, assessment_id)
        return None if row is None else to_assessment(row)
