"""Live instances: a heartbeat per running bot process, and taking over a silent one's claims.

An instance holds claims on inbox updates, delivery slots, looks at due people and outbox
messages. When it stops gracefully it gives them back (`leave`); when it is killed, another
instance sees its heartbeat go stale and takes them over (`take_over`): its updates and outbox
messages are handed out again, its delivery claims expire at once (the next look takes them
over and counts an attempt), and its people are due again now instead of after the look lease.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update

from storage.models import DeliveryRow, InboxRow, InstanceRow, OutboxRow, ScheduleRow
from storage.records import DUE_NOW
from storage.repositories._sql import Repository, affected_rows, upsert

# A delivery claim made to look as old as can be, so any claimant takes it over at once.
EXPIRED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class InstanceRepository(Repository):
    """Heartbeats and takeovers."""

    async def beat(self, instance_id: str, now: dt.datetime) -> None:
        """Say this instance is alive (creates its row on the first beat)."""
        statement = upsert(self._dialect, InstanceRow).values(
            id=instance_id, started_at=now, heartbeat_at=now
        )
        await self._session.execute(
            statement.on_conflict_do_update(index_elements=["id"], set_={"heartbeat_at": now})
        )

    async def silent_since(self, before: dt.datetime, *, but: str) -> list[str]:
        """Instances other than `but` whose last heartbeat is older than `before`."""
        rows = await self._session.scalars(
            select(InstanceRow.id).where(InstanceRow.heartbeat_at < before, InstanceRow.id != but)
        )
        return list(rows)

    async def take_over(self, dead: str, now: dt.datetime) -> dict[str, int]:
        """Hand everything `dead` held back to the living; returns how much per kind."""
        counts = {
            "updates": await self._release(InboxRow, dead, InboxRow.done_at.is_(None)),
            "outbox": await self._release(OutboxRow, dead, OutboxRow.sent_at.is_(None)),
            "deliveries": await affected_rows(
                self._session,
                update(DeliveryRow)
                .where(DeliveryRow.claimed_by == dead, DeliveryRow.sent_at.is_(None))
                .values(claimed_at=EXPIRED, claimed_by=None)
                .execution_options(synchronize_session=False),
            ),
            "people": await affected_rows(
                self._session,
                update(ScheduleRow)
                .where(ScheduleRow.looked_by == dead, ScheduleRow.next_due_at.is_not(None))
                # Due at once in any clock's terms (the scheduler's may differ from ours).
                .values(next_due_at=DUE_NOW, looked_by=None)
                .execution_options(synchronize_session=False),
            ),
        }
        await self._session.execute(delete(InstanceRow).where(InstanceRow.id == dead))
        return counts

    async def leave(self, instance_id: str) -> None:
        """A graceful stop: give back unfinished updates and outbox messages, drop the row.

        Delivery claims are left to finish or expire as usual: a send may have gone out.
        """
        await self._release(InboxRow, instance_id, InboxRow.done_at.is_(None))
        await self._release(OutboxRow, instance_id, OutboxRow.sent_at.is_(None))
        await self._session.execute(delete(InstanceRow).where(InstanceRow.id == instance_id))

    async def _release(
        self, model: type[InboxRow] | type[OutboxRow], by: str, *where: object
    ) -> int:
        return await affected_rows(
            self._session,
            update(model)
            .where(model.claimed_by == by, *where)  # type: ignore[arg-type]
            .values(claimed_by=None)
            .execution_options(synchronize_session=False),
        )
