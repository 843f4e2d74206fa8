"""Deliveries: at most one send per (person, kind, local date, slot), across restarts and instances.

The claim/lease contract (also in docs/storage.md):

1. `claim` inserts the slot's row with ON CONFLICT DO NOTHING RETURNING. The unique key lets
   exactly one claimant insert it; everyone else gets nothing back.
2. If the row exists, was never marked sent and its claim is older than `lease`, the claimant
   takes it over with a conditional UPDATE (WHERE sent_at IS NULL AND claimed_at < now - lease),
   so a crash between claim and send loses nothing and still only one claimant wins.
3. Commit the claim before sending, send, then `mark_sent` (or `release` to give the slot back,
   or `mark_skipped` to use it up without a message) in a new unit of work. Each claim carries a
   fresh token; only its holder can mark or release it.

The lease must be longer than the longest send (retries included): a send that outlives it may be
repeated by whoever takes the slot over.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import Executable, delete, select, update

from storage.models import DeliveryRow, table_of
from storage.records import PROMPT_KINDS, Claim, Delivery, DeliveryKey, PromptKind
from storage.repositories._sql import Repository, affected_rows, upsert

DEFAULT_LEASE = dt.timedelta(minutes=5)
# Keys per takeover query; keeps bound parameters far below both databases' limits.
_CHUNK = 500

KeyTuple = tuple[int, str, dt.date, str]


def _claim_insert(dialect: str) -> Executable:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING, built once per dialect."""
    table = table_of(DeliveryRow)
    return (
        upsert(dialect, table)
        .on_conflict_do_nothing(index_elements=["person_id", "kind", "local_date", "slot"])
        .returning(table.c.id, table.c.person_id, table.c.kind, table.c.local_date, table.c.slot)
    )


_CLAIM_INSERT = {dialect: _claim_insert(dialect) for dialect in ("sqlite", "postgresql")}


def _key_tuple(key: DeliveryKey) -> KeyTuple:
    return (key.person_id, key.kind, key.local_date, key.slot)


def _key(person_id: int, kind: str, local_date: dt.date, slot: str) -> DeliveryKey:
    if kind not in PROMPT_KINDS:
        raise ValueError(f"unknown prompt kind {kind!r}")
    return DeliveryKey(person_id=person_id, kind=kind, local_date=local_date, slot=slot)


def to_delivery(row: DeliveryRow) -> Delivery:
    """Detach a row into a frozen record."""
    return Delivery(
        id=row.id,
        key=_key(row.person_id, row.kind, row.local_date, row.slot),
        claimed_at=row.claimed_at,
        attempts=row.attempts,
        sent_at=row.sent_at,
        message_id=row.message_id,
        skipped=row.skipped,
        uncertain=row.uncertain,
    )


class DeliveryRepository(Repository):
    """Claims, marks and releases prompt slots."""

    async def claim(
        self,
        person_id: int,
        kind: PromptKind,
        local_date: dt.date,
        slot: str,
        now: dt.datetime,
        *,
        lease: dt.timedelta = DEFAULT_LEASE,
        by: str | None = None,
    ) -> Claim | None:
        """Claim one slot; None when it was sent or another claimant holds a live lease.
        `by` names the claiming instance, so its claims are taken over as soon as it dies."""
        claims = await self.claim_many(
            [_key(person_id, kind, local_date, slot)], now, lease=lease, by=by
        )
        return claims[0] if claims else None

    async def claim_many(
        self,
        keys: Iterable[DeliveryKey],
        now: dt.datetime,
        *,
        lease: dt.timedelta = DEFAULT_LEASE,
        by: str | None = None,
    ) -> list[Claim]:
        """Claim many slots in one transaction; returns the ones this caller won.

        Keys are taken in sorted order so two claimants never wait on each other in a cycle.
        """
        wanted = sorted({_key_tuple(_key(*_key_tuple(k))) for k in keys})
        token = uuid.uuid4().hex
        won: dict[KeyTuple, Claim] = {}
        if wanted:
            # One cached statement run as executemany: SQLAlchemy's "insertmanyvalues" sends
            # it as multi-row INSERTs without compiling a new statement per batch.
            rows = await self._session.execute(
                _CLAIM_INSERT[self._dialect],
                [
                    {
                        "person_id": p,
                        "kind": k,
                        "local_date": d,
                        "slot": s,
                        "claimed_at": now,
                        "claim_token": token,
                        "attempts": 1,
                        "skipped": False,
                        "claimed_by": by,
                        "uncertain": False,
                    }
                    for p, k, d, s in wanted
                ],
            )
            for row_id, p, k, d, s in rows.tuples():
                won[(p, k, d, s)] = Claim(
                    id=row_id, key=_key(p, k, d, s), token=token, claimed_at=now, attempts=1
                )
        taken = [key for key in wanted if key not in won]
        if taken:
            for claim in await self._take_over(taken, now, lease, token, by):
                won[_key_tuple(claim.key)] = claim
        return [won[key] for key in wanted if key in won]

    async def _take_over(
        self,
        keys: list[KeyTuple],
        now: dt.datetime,
        lease: dt.timedelta,
        token: str,
        by: str | None,
    ) -> list[Claim]:
        """Take over unsent slots whose lease ran out. Locked rows are skipped: their holder
        is taking them over right now."""
        cutoff = now - lease
        wanted = set(keys)
        claims: list[Claim] = []
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            expired = (
                DeliveryRow.sent_at.is_(None),
                DeliveryRow.claimed_at < cutoff,
            )
            candidates = await self._session.execute(
                select(
                    DeliveryRow.id,
                    DeliveryRow.person_id,
                    DeliveryRow.kind,
                    DeliveryRow.local_date,
                    DeliveryRow.slot,
                )
                .where(
                    DeliveryRow.person_id.in_(sorted({p for p, _, _, _ in chunk})),
                    DeliveryRow.local_date.in_(sorted({d for _, _, d, _ in chunk})),
                    *expired,
                )
                .order_by(DeliveryRow.id)
                .with_for_update(skip_locked=True)
            )
            ids = [row_id for row_id, *key in candidates.tuples() if tuple(key) in wanted]
            if not ids:
                continue
            updated = await self._session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id.in_(ids), *expired)
                .values(
                    claimed_at=now,
                    claim_token=token,
                    claimed_by=by,
                    attempts=DeliveryRow.attempts + 1,
                )
                .returning(
                    DeliveryRow.id,
                    DeliveryRow.person_id,
                    DeliveryRow.kind,
                    DeliveryRow.local_date,
                    DeliveryRow.slot,
                    DeliveryRow.attempts,
                )
                .execution_options(synchronize_session=False)
            )
            claims.extend(
                Claim(id=row_id, key=_key(p, k, d, s), token=token, claimed_at=now, attempts=n)
                for row_id, p, k, d, s, n in updated.tuples()
            )
        return claims

    async def mark_sent(self, claim: Claim, message_id: int | None, at: dt.datetime) -> bool:
        """Record the send; False when the claim was taken over or already marked."""
        return await self._finish(claim, at, message_id=message_id, skipped=False)

    async def mark_uncertain(self, claim: Claim, at: dt.datetime) -> bool:
        """The send's outcome is unknown (timed out after the request went out): the slot is
        used up all the same, since sending it again could send it twice."""
        done = await self._finish(claim, at, message_id=None, skipped=False)
        if done:
            await self._session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id == claim.id)
                .values(uncertain=True)
                .execution_options(synchronize_session=False)
            )
        return done

    async def mark_skipped(self, claim: Claim, at: dt.datetime) -> bool:
        """Use the slot up without sending (e.g. the water goal is already met)."""
        return await self._finish(claim, at, message_id=None, skipped=True)

    async def release(self, claim: Claim) -> bool:
        """Give an unsent slot back (the send failed); it can be claimed again at once."""
        return (
            await affected_rows(
                self._session,
                delete(DeliveryRow).where(
                    DeliveryRow.id == claim.id,
                    DeliveryRow.claim_token == claim.token,
                    DeliveryRow.sent_at.is_(None),
                ),
            )
            == 1
        )

    async def get(
        self, person_id: int, kind: PromptKind, local_date: dt.date, slot: str
    ) -> Delivery | None:
        """One slot's delivery, or None when it was never claimed."""
        row = await self._session.scalar(
            select(DeliveryRow)
            .where(
                DeliveryRow.person_id == person_id,
                DeliveryRow.kind == kind,
                DeliveryRow.local_date == local_date,
                DeliveryRow.slot == slot,
            )
            .execution_options(populate_existing=True)
        )
        return None if row is None else to_delivery(row)

    async def for_day(self, person_id: int, local_date: dt.date) -> list[Delivery]:
        """Every slot claimed for a person's local date (sent, skipped or in flight)."""
        rows = await self._session.scalars(
            select(DeliveryRow)
            .where(DeliveryRow.person_id == person_id, DeliveryRow.local_date == local_date)
            .order_by(DeliveryRow.claimed_at, DeliveryRow.id)
            .execution_options(populate_existing=True)
        )
        return [to_delivery(row) for row in rows]

    async def between(self, person_id: int, first: dt.date, last: dt.date) -> list[Delivery]:
        """Every slot claimed for a person's local dates `first` to `last`, oldest first."""
        rows = await self._session.scalars(
            select(DeliveryRow)
            .where(
                DeliveryRow.person_id == person_id,
                DeliveryRow.local_date >= first,
                DeliveryRow.local_date <= last,
            )
            .order_by(DeliveryRow.claimed_at, DeliveryRow.id)
            .execution_options(populate_existing=True)
        )
        return [to_delivery(row) for row in rows]

    async def prune(self, before: dt.date) -> int:
        """Delete deliveries of local dates before `before` (kept only to stop repeats)."""
        return await affected_rows(
            self._session, delete(DeliveryRow).where(DeliveryRow.local_date < before)
        )

    async def _finish(
        self, claim: Claim, at: dt.datetime, *, message_id: int | None, skipped: bool
    ) -> bool:
        return (
            await affected_rows(
                self._session,
                update(DeliveryRow)
                .where(
                    DeliveryRow.id == claim.id,
                    DeliveryRow.claim_token == claim.token,
                    DeliveryRow.sent_at.is_(None),
                )
                .values(sent_at=at, message_id=message_id, skipped=skipped)
                .execution_options(synchronize_session=False),
            )
            == 1
        )
