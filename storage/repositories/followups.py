"""Follow-ups: safety-net questions due some hours after an urgent or emergency answer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, literal, select, update

from storage.models import FollowUpRow, PersonRow
from storage.records import DueFollowUp, FollowUp
from storage.repositories._sql import Repository, affected_rows
from storage.types import UTCDateTime


def to_followup(row: FollowUpRow) -> FollowUp:
    """Detach a row into a frozen record."""
    return FollowUp(
        id=row.id,
        person_id=row.person_id,
        assessment_id=row.assessment_id,
        reason=row.reason,
        due_at=row.due_at,
        created_at=row.created_at,
        done_at=row.done_at,
        outcome=row.outcome,
    )


class FollowUpRepository(Repository):
    """Schedules follow-ups and says which are due."""

    async def schedule(
        self,
        person_id: int,
        due_at: dt.datetime,
        reason: str,
        *,
        now: dt.datetime,
        assessment_id: int | None = None,
    ) -> FollowUp:
        """Ask again at `due_at`; `reason` is e.g. the triage level or the rule id."""
        row = FollowUpRow(
            person_id=person_id,
            assessment_id=assessment_id,
            reason=reason,
            due_at=due_at,
            created_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return to_followup(row)

    async def due(self, now: dt.datetime, limit: int = 100) -> list[DueFollowUp]:
        """Open follow-ups due at `now`, oldest first, for people who have not blocked the bot.

        Pausing does not hold them back: they are safety-netting, not scheduled prompts; the
        caller decides. Send each through a delivery claim (kind "follow_up", slot the id).
        """
        result = await self._session.execute(
            select(FollowUpRow, PersonRow.chat_id, PersonRow.language, PersonRow.timezone)
            .join(PersonRow, PersonRow.id == FollowUpRow.person_id)
            .where(
                FollowUpRow.done_at.is_(None),
                FollowUpRow.due_at <= now,
                PersonRow.active.is_(True),
            )
            .order_by(FollowUpRow.due_at, FollowUpRow.id)
            .limit(limit)
        )
        return [
            DueFollowUp(
                followup=to_followup(row), chat_id=chat_id, language=language, timezone=timezone
            )
            for row, chat_id, language, timezone in result.tuples()
        ]

    async def done(self, followup_id: int, at: dt.datetime, outcome: str = "sent") -> bool:
        """Close a follow-up (sent, answered, cancelled); False when it was already closed."""
        return (
            await affected_rows(
                self._session,
                update(FollowUpRow)
                .where(FollowUpRow.id == followup_id, FollowUpRow.done_at.is_(None))
                .values(done_at=at, outcome=outcome)
                .execution_options(synchronize_session=False),
            )
            == 1
        )

    async def pending(self, person_id: int) -> list[FollowUp]:
        """A person's open follow-ups, soonest first."""
        rows = await self._session.scalars(
            select(FollowUpRow)
            .where(FollowUpRow.person_id == person_id, FollowUpRow.done_at.is_(None))
            .order_by(FollowUpRow.due_at, FollowUpRow.id)
            .execution_options(populate_existing=True)
        )
        return [to_followup(row) for row in rows]

    async def record_answer(
        self, person_id: int, followup_id: int, answer: str, at: dt.datetime
    ) -> bool:
        """Record the person's answer to a follow-up that was sent to them (once).

        False when it is not theirs, was never sent, or was answered already.
        """
        return (
            await affected_rows(
                self._session,
                update(FollowUpRow)
                .where(
                    FollowUpRow.id == followup_id,
                    FollowUpRow.person_id == person_id,
                    FollowUpRow.outcome == "sent",
                )
                .values(
                    outcome=answer,
                    done_at=func.coalesce(FollowUpRow.done_at, literal(at, UTCDateTime())),
                )
                .execution_options(synchronize_session=False),
            )
            == 1
        )

    async def answered(self, person_id: int, since: dt.datetime) -> list[FollowUp]:
        """A person's follow-ups answered at or after `since`, oldest first (for the report)."""
        rows = await self._session.scalars(
            select(FollowUpRow)
            .where(
                FollowUpRow.person_id == person_id,
                FollowUpRow.done_at >= since,
                FollowUpRow.outcome.in_(("help", "better", "same", "worse")),
            )
            .order_by(FollowUpRow.done_at, FollowUpRow.id)
        )
        return [to_followup(row) for row in rows]

    async def booked_since(self, person_id: int, since: dt.datetime) -> bool:
        """Whether a follow-up was booked for the person at or after `since` (an urgent,
        emergency or crisis answer: its follow-up replaces that evening's check-in)."""
        found = await self._session.scalar(
            select(FollowUpRow.id)
            .where(FollowUpRow.person_id == person_id, FollowUpRow.created_at >= since)
            .limit(1)
        )
        return found is not None
