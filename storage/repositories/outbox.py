"""The outbox: messages that must arrive, kept until sent or past their deadline.

Two kinds: an "answer" (emergency, urgent, crisis) is sent at once and, if that fails, retried
by any instance with backoff until it is sent or its deadline passes; a "note" (a reply that
never arrived, about data that was saved) waits for the person's next message and goes out
before its answer. The text (and the message's buttons, `reply_markup`, as Bot API JSON) is
kept only until it is sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update

from storage.models import OutboxRow
from storage.repositories._sql import Repository, affected_rows

ANSWER = "answer"
NOTE = "note"


@dataclass(frozen=True)
class OutboxMessage:
    """One message waiting to go out."""

    id: int
    person_id: int
    chat_id: int
    kind: str
    text: str
    reply_markup: str | None
    created_at: dt.datetime
    deadline: dt.datetime
    attempts: int


def _message(row: OutboxRow) -> OutboxMessage:
    return OutboxMessage(
        row.id,
        row.person_id,
        row.chat_id,
        row.kind,
        row.text,
        row.reply_markup,
        row.created_at,
        row.deadline,
        row.attempts,
    )


class OutboxRepository(Repository):
    """Adds, hands out and closes outbox messages."""

    async def add(
        self,
        person_id: int,
        chat_id: int,
        kind: str,
        text: str,
        now: dt.datetime,
        *,
        deadline: dt.datetime,
        by: str | None = None,
        reply_markup: str | None = None,
    ) -> OutboxMessage:
        """Queue a message, with its buttons as JSON if it has any (claimed by `by` when it is
        about to be sent right away)."""
        row = OutboxRow(
            person_id=person_id,
            chat_id=chat_id,
            kind=kind,
            text=text,
            reply_markup=reply_markup,
            created_at=now,
            deadline=deadline,
            next_attempt_at=now,
            attempts=0,
            claimed_by=by,
            gave_up=False,
        )
        self._session.add(row)
        await self._session.flush()
        return _message(row)

    async def claim_due(self, by: str, now: dt.datetime, limit: int = 50) -> list[OutboxMessage]:
        """Claim answers due for another try, oldest first."""
        return await self._claim(
            by,
            limit,
            OutboxRow.kind == ANSWER,
            OutboxRow.next_attempt_at <= now,
        )

    async def claim_notes(self, chat_id: int, by: str) -> list[OutboxMessage]:
        """Claim the notes waiting for this chat's next message."""
        return await self._claim(by, 20, OutboxRow.kind == NOTE, OutboxRow.chat_id == chat_id)

    async def _claim(self, by: str, limit: int, *where: object) -> list[OutboxMessage]:
        ids = list(
            await self._session.scalars(
                select(OutboxRow.id)
                .where(
                    OutboxRow.sent_at.is_(None),
                    OutboxRow.claimed_by.is_(None),
                    *where,  # type: ignore[arg-type]
                )
                .order_by(OutboxRow.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        if not ids:
            return []
        rows = await self._session.scalars(
            update(OutboxRow)
            .where(OutboxRow.id.in_(ids), OutboxRow.claimed_by.is_(None))
            .values(claimed_by=by)
            .returning(OutboxRow)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        return sorted((_message(row) for row in rows), key=lambda m: m.id)

    async def mark_sent(self, message_id: int, at: dt.datetime) -> bool:
        """It went out: forget the text."""
        return await self._close(message_id, at, gave_up=False)

    async def give_up(self, message_id: int, at: dt.datetime) -> bool:
        """Past its deadline: stop trying."""
        return await self._close(message_id, at, gave_up=True)

    async def retry_at(self, message_id: int, at: dt.datetime) -> bool:
        """Not sent this time: give it back, to be tried again from `at`."""
        return (
            await affected_rows(
                self._session,
                update(OutboxRow)
                .where(OutboxRow.id == message_id, OutboxRow.sent_at.is_(None))
                .values(claimed_by=None, next_attempt_at=at, attempts=OutboxRow.attempts + 1)
                .execution_options(synchronize_session=False),
            )
            == 1
        )

    async def pending(self, person_id: int | None = None) -> list[OutboxMessage]:
        """Messages not sent or given up yet (for checks and tests)."""
        query = select(OutboxRow).where(OutboxRow.sent_at.is_(None))
        if person_id is not None:
            query = query.where(OutboxRow.person_id == person_id)
        rows = await self._session.scalars(
            query.order_by(OutboxRow.id).execution_options(populate_existing=True)
        )
        return [_message(row) for row in rows]

    async def counts(self) -> dict[str, int]:
        """Messages by state: sent, gave_up, pending."""
        rows = await self._session.execute(select(OutboxRow.sent_at, OutboxRow.gave_up))
        counts = {"sent": 0, "gave_up": 0, "pending": 0}
        for sent_at, gave_up in rows.tuples():
            key = "pending" if sent_at is None else "gave_up" if gave_up else "sent"
            counts[key] += 1
        return counts

    async def _close(self, message_id: int, at: dt.datetime, *, gave_up: bool) -> bool:
        return (
            await affected_rows(
                self._session,
                update(OutboxRow)
                .where(OutboxRow.id == message_id, OutboxRow.sent_at.is_(None))
                .values(sent_at=at, gave_up=gave_up, text="", reply_markup=None, claimed_by=None)
                .execution_options(synchronize_session=False),
            )
            == 1
        )
