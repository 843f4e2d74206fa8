"""The update being handled right now, shared by the layers that touch it (a context variable).

The inbox sets it around a handler; the unit of work counts the units that wrote data (and
stamps the inbox row in the same transaction, so after a crash it is known whether the update's
data is already stored); the sender notes replies that never arrived; the error handler notes
the error. The inbox then decides: done, try again later, or tell the person what was saved.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Handling:
    """What happened while handling one update."""

    update_id: int
    writes: int = 0
    # Replies (their text) that failed for good: shown to the person before their next answer.
    lost_replies: list[str] = field(default_factory=list)
    error: BaseException | None = None


CURRENT_HANDLING: ContextVar[Handling | None] = ContextVar("current_handling", default=None)


def current_handling() -> Handling | None:
    """The update being handled in this task, if any."""
    return CURRENT_HANDLING.get()


# SQLSTATE classes that mean "the database is away or busy", not "the query is wrong":
# connection exception, insufficient resources (disk full), operator intervention (shutting
# down, not accepting connections), object not in prerequisite state (lock not available),
# transaction rollback (deadlock, serialization), system error.
TRANSIENT_SQLSTATE_CLASSES = frozenset({"08", "53", "57", "55", "40", "58"})


def is_transient(error: BaseException) -> bool:
    """Whether a storage error is the database being away (down, restarting, full, locked), as
    opposed to a bug: worth handling the update again later."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, TimeoutError

    if isinstance(error, OperationalError | InterfaceError | TimeoutError | OSError):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    candidates = [error, getattr(error, "orig", None), error.__cause__]
    candidates.append(getattr(candidates[1], "__cause__", None))
    for candidate in candidates:
        state = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(state, str) and state[:2] in TRANSIENT_SQLSTATE_CLASSES:
            return True
        # asyncpg's own connection errors (refused, dropped) carry no SQLSTATE.
        kind = type(candidate)
        if kind.__module__.startswith("asyncpg") and "Connection" in kind.__name__:
            return True
    return False
