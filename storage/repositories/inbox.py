"""The inbox: every update stored (by update_id) before Telegram is told it arrived.

- `store` inserts new updates claimed by the storing instance and says which were new: a
  redelivered update_id is a conflict and changes nothing.
- `claim_ready` hands unclaimed, unfinished updates (released by a dead instance, or stored
  by one that stopped) to an instance; on PostgreSQL rows another instance is taking are skipped.
- `finish` records the outcome and drops the payload (the person's words): only the id, kind
  and outcome stay, for Telegram's 24-hour redelivery window; `prune` then deletes the row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select, update

from storage.models import InboxRow
from storage.repositories._sql import Repository, affected_rows, upsert


@dataclass(frozen=True)
class InboxEntry:
    """One update as received."""

    update_id: int
    kind: str
    chat_id: int | None
    payload: dict[str, Any]


@dataclass(frozen=True)
class InboxItem:
    """One stored update handed out to be handled."""

    update_id: int
    kind: str
    payload: dict[str, Any] | None
    writes: int
    attempts: int


@dataclass(frozen=True)
class InboxState:
    """What the inbox holds about one update (for tests and checks)."""

    update_id: int
    kind: str
    has_payload: bool
    claimed_by: str | None
    attempts: int
    writes: int
    done_at: dt.datetime | None
    outcome: str | None


class InboxRepository(Repository):
    """Stores, hands out and finishes updates."""

    async def store(self, entries: list[InboxEntry], now: dt.datetime, by: str) -> set[int]:
        """Store updates claimed by `by`; returns the update_ids that were new (or stored by
        `by` before and not finished)."""
        if not entries:
            return set()
        statement = (
            upsert(self._dialect, InboxRow)
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(InboxRow.update_id)
        )
        new: set[int] = set()
        for entry in entries:  # a few per call: one statement each keeps RETURNING simple
            row = await self._session.execute(
                statement,
                {
                    "update_id": entry.update_id,
                    "kind": entry.kind,
                    "chat_id": entry.chat_id,
                    "payload": entry.payload,
                    "received_at": now,
                    "claimed_by": by,
                    "attempts": 1,
                    "writes": 0,
                },
            )
            if row.scalar() is not None:
                new.add(entry.update_id)
        # Stored by this instance before, unfinished: a commit whose answer was lost (the
        # database went away during it) leaves such rows; they are this instance's to handle.
        known = [e.update_id for e in entries if e.update_id not in new]
        if known:
            mine = await self._session.scalars(
                select(InboxRow.update_id).where(
                    InboxRow.update_id.in_(known),
                    InboxRow.claimed_by == by,
                    InboxRow.done_at.is_(None),
                )
            )
            new.update(mine)
        return new

    async def claim_ready(self, by: str, now: dt.datetime, limit: int = 100) -> list[InboxItem]:
        """Claim unfinished updates nobody holds, oldest first."""
        rows = (
            await self._session.execute(
                select(InboxRow.update_id)
                .where(
                    InboxRow.done_at.is_(None),
                    InboxRow.claimed_by.is_(None),
                    or_(InboxRow.not_before.is_(None), InboxRow.not_before <= now),
                )
                .order_by(InboxRow.update_id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).scalars()
        ids = list(rows)
        if not ids:
            return []
        claimed = await self._session.execute(
            update(InboxRow)
            .where(InboxRow.update_id.in_(ids), InboxRow.claimed_by.is_(None))
            .values(claimed_by=by, attempts=InboxRow.attempts + 1)
            .returning(
                InboxRow.update_id,
                InboxRow.kind,
                InboxRow.payload,
                InboxRow.writes,
                InboxRow.attempts,
            )
            .execution_options(synchronize_session=False)
        )
        items = [InboxItem(*row) for row in claimed.tuples()]
        return sorted(items, key=lambda item: item.update_id)

    async def count_write(self, update_id: int) -> None:
        """One more unit of work of this update committed data (same transaction as the data)."""
        await self._session.execute(
            update(InboxRow)
            .where(InboxRow.update_id == update_id)
            .values(writes=InboxRow.writes + 1)
            .execution_options(synchronize_session=False)
        )

    async def finish(self, update_id: int, outcome: str, now: dt.datetime) -> bool:
        """Record how handling ended and forget the payload."""
        return (
            await affected_rows(
                self._session,
                update(InboxRow)
                .where(InboxRow.update_id == update_id, InboxRow.done_at.is_(None))
                .values(done_at=now, outcome=outcome, payload=None, claimed_by=None)
                .execution_options(synchronize_session=False),
            )
            == 1
        )

    async def release(self, by: str) -> int:
        """Give back every unfinished update `by` holds (a graceful stop)."""
        return await affected_rows(
            self._session,
            update(InboxRow)
            .where(InboxRow.claimed_by == by, InboxRow.done_at.is_(None))
            .values(claimed_by=None)
            .execution_options(synchronize_session=False),
        )

    async def get(self, update_id: int) -> InboxState | None:
        """One update's state, or None when it was never stored (or was pruned)."""
        row = await self._session.scalar(
            select(InboxRow)
            .where(InboxRow.update_id == update_id)
            .execution_options(populate_existing=True)
        )
        if row is None:
            return None
        return InboxState(
            row.update_id,
            row.kind,
            row.payload is not None,
            row.claimed_by,
            row.attempts,
            row.writes,
            row.done_at,
            row.outcome,
        )

    async def outcomes(self) -> dict[str, int]:
        """How many updates ended each way ("pending" for unfinished ones)."""
        rows = await self._session.execute(select(InboxRow.outcome))
        counts: dict[str, int] = {}
        for (outcome,) in rows.tuples():
            key = outcome or "pending"
            counts[key] = counts.get(key, 0) + 1
        return counts

    async def forget_chat(self, chat_id: int) -> int:
        """Delete a chat's updates (erasing a person)."""
        return await affected_rows(
            self._session, delete(InboxRow).where(InboxRow.chat_id == chat_id)
        )

    async def prune(self, before: dt.datetime) -> int:
        """Delete updates received before `before` (past Telegram's redelivery window)."""
        return await affected_rows(
            self._session, delete(InboxRow).where(InboxRow.received_at < before)
        )
