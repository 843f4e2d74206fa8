"""Raw free text: a person's own words, kept only when the operator turned `store_raw_text` on."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import RawTextRow
from storage.repositories._sql import Repository


class RawTextRepository(Repository):
    """Keeps free text when allowed; by default it stores nothing."""

    def __init__(self, session: AsyncSession, dialect: str, *, enabled: bool) -> None:
        super().__init__(session, dialect)
        self.enabled = enabled

    async def keep(self, person_id: int, text: str, at: dt.datetime, purpose: str) -> bool:
        """Store the text if the setting allows; True when it was stored."""
        if not self.enabled:
            return False
        # PostgreSQL text cannot hold NUL; keep the rest of the words as they came.
        text = text.replace("\x00", "\ufffd")
        self._session.add(
            RawTextRow(person_id=person_id, text=text, received_at=at, purpose=purpose)
        )
        await self._session.flush()
        return True

    async def texts(self, person_id: int) -> list[tuple[dt.datetime, str, str]]:
        """A person's stored texts as (received_at, purpose, text), oldest first."""
        rows = await self._session.scalars(
            select(RawTextRow)
            .where(RawTextRow.person_id == person_id)
            .order_by(RawTextRow.received_at, RawTextRow.id)
        )
        return [(row.received_at, row.purpose, row.text) for row in rows]
