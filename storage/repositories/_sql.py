"""Small SQL helpers shared by the repositories: dialect-specific upserts and row counts."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Executable, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base, Transport

Upsert = postgresql.Insert | sqlite.Insert


def upsert(dialect: str, model: type[Base] | type[Transport] | Table) -> Upsert:
    """An INSERT with ON CONFLICT support; both dialects spell the clauses the same way."""
    if dialect == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


async def affected_rows(session: AsyncSession, statement: Executable) -> int:
    """Run an UPDATE or DELETE without RETURNING and say how many rows it touched."""
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount


class Repository:
    """Base of every repository: a session it never commits and the dialect's name."""

    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self._session = session
        self._dialect = dialect
