"""Flow state: the conversation a person is in the middle of, kept in the database.

One flow per person. A new flow replaces the old one with a new `flow_id`; every saved step
bumps `version`. Buttons carry both, so a press from an old message or a double tap that lost the
race is recognised as stale: `save` with the wrong id or version changes nothing and returns
None.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select, update

from storage.models import FlowRow
from storage.records import FlowState
from storage.repositories._sql import Repository, affected_rows, upsert


def to_flow(row: FlowRow) -> FlowState:
    """Detach a row into a frozen record."""
    return FlowState(
        person_id=row.person_id,
        flow_id=row.flow_id,
        kind=row.kind,
        step=row.step,
        answers=dict(row.answers),
        version=row.version,
        message_id=row.message_id,
        started_at=row.started_at,
        updated_at=row.updated_at,
    )


class FlowRepository(Repository):
    """Starts, advances, reads and ends a person's in-progress flow."""

    async def start(
        self,
        person_id: int,
        kind: str,
        step: str,
        answers: Mapping[str, Any],
        now: dt.datetime,
        *,
        message_id: int | None = None,
    ) -> FlowState:
        """Begin a flow (check-in, assess, setup, ...), replacing any flow in progress."""
        values = {
            "person_id": person_id,
            "flow_id": uuid.uuid4().hex,
            "kind": kind,
            "step": step,
            "answers": dict(answers),
            "version": 1,
            "message_id": message_id,
            "started_at": now,
            "updated_at": now,
        }
        statement = upsert(self._dialect, FlowRow).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[FlowRow.person_id],
            set_={key: value for key, value in values.items() if key != "person_id"},
        )
        await self._session.execute(statement)
        state = await self.load(person_id)
        assert state is not None
        return state

    async def load(self, person_id: int) -> FlowState | None:
        """The flow in progress, or None."""
        row = await self._session.scalar(
            select(FlowRow)
            .where(FlowRow.person_id == person_id)
            .execution_options(populate_existing=True)
        )
        return None if row is None else to_flow(row)

    async def save(
        self,
        person_id: int,
        flow_id: str,
        expected_version: int,
        *,
        step: str,
        answers: Mapping[str, Any],
        now: dt.datetime,
        message_id: int | None = None,
    ) -> FlowState | None:
        """Store the next step if the flow is still `flow_id` at `expected_version`.

        Returns the new state (version + 1), or None when the flow ended, was replaced or moved
        on meanwhile: the button that asked was stale. `message_id` None keeps the stored one.
        """
        values: dict[str, Any] = {
            "step": step,
            "answers": dict(answers),
            "version": FlowRow.version + 1,
            "updated_at": now,
        }
        if message_id is not None:
            values["message_id"] = message_id
        changed = await affected_rows(
            self._session,
            update(FlowRow)
            .where(
                FlowRow.person_id == person_id,
                FlowRow.flow_id == flow_id,
                FlowRow.version == expected_version,
            )
            .values(**values)
            .execution_options(synchronize_session=False),
        )
        return await self.load(person_id) if changed == 1 else None

    async def clear(self, person_id: int, flow_id: str | None = None) -> bool:
        """End the flow (only if it is still `flow_id`, when given); False when nothing ended."""
        statement = delete(FlowRow).where(FlowRow.person_id == person_id)
        if flow_id is not None:
            statement = statement.where(FlowRow.flow_id == flow_id)
        return await affected_rows(self._session, statement) == 1

    async def clear_idle(self, updated_before: dt.datetime) -> int:
        """End every flow untouched since `updated_before` (abandoned check-ins); the count."""
        return await affected_rows(
            self._session, delete(FlowRow).where(FlowRow.updated_at < updated_before)
        )
