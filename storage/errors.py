"""Name what kind of database failure an exception is, for logs an operator can act on.

A full disk, a lock held too long and a refused connection all surface as SQLAlchemy's
`OperationalError`; the driver's own code (SQLite's error name, PostgreSQL's SQLSTATE, the
socket's errno) tells them apart. Only codes are read, never the statement or its parameters.
"""

from __future__ import annotations

import errno
import socket

# PostgreSQL SQLSTATE codes -> kind (https://www.postgresql.org/docs/current/errcodes-appendix.html)
_SQLSTATE = {
    "53100": "disk_full",
    "53200": "out_of_memory",
    "53300": "too_many_connections",
    "55P03": "locked",
    "40P01": "deadlock",
    "40001": "serialization_failure",
    "57014": "timeout",
    "57P01": "server_shutting_down",
    "57P02": "server_shutting_down",
    "57P03": "server_starting",
    "3D000": "database_does_not_exist",
    "28P01": "authentication_failed",
    "28000": "authentication_failed",
    "25006": "read_only",
    "42P01": "missing_table",
    "08006": "connection_lost",
    "08003": "connection_lost",
    "08001": "connection_refused",
}
# SQLite result codes (sqlite3 exceptions carry `sqlite_errorname`) -> kind
_SQLITE = {
    "SQLITE_FULL": "disk_full",
    "SQLITE_BUSY": "locked",
    "SQLITE_LOCKED": "locked",
    "SQLITE_CANTOPEN": "cannot_open",
    "SQLITE_READONLY": "read_only",
    "SQLITE_IOERR": "io_error",
    "SQLITE_CORRUPT": "corrupt",
    "SQLITE_NOTADB": "corrupt",
    "SQLITE_PERM": "permission_denied",
}
# Phrases of SQLite's messages, for drivers that do not pass the error name on.
_SQLITE_PHRASES = {
    "database or disk is full": "disk_full",
    "database is locked": "locked",
    "unable to open database file": "cannot_open",
    "readonly database": "read_only",
    "disk i/o error": "io_error",
    "no such table": "missing_table",
}
_ERRNO = {
    errno.ECONNREFUSED: "connection_refused",
    errno.ECONNRESET: "connection_lost",
    errno.EHOSTUNREACH: "host_unreachable",
    errno.ENETUNREACH: "host_unreachable",
    errno.ETIMEDOUT: "timeout",
    errno.ENOSPC: "disk_full",
    errno.EACCES: "permission_denied",
}


def database_error_kind(error: BaseException) -> str | None:
    """The kind of database failure `error` is (e.g. "disk_full", "locked",
    "connection_refused"), or None when it is not a database or connection error."""
    for link in _chain(error):
        if (kind := _kind_of(link)) is not None:
            return kind
    for link in _chain(error):
        module = type(link).__module__
        if module.startswith(("sqlalchemy", "asyncpg", "sqlite3", "aiosqlite")):
            return type(link).__name__
    return None


def _kind_of(link: BaseException) -> str | None:
    sqlstate = getattr(link, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate in _SQLSTATE:
        return _SQLSTATE[sqlstate]
    name = getattr(link, "sqlite_errorname", None)
    if isinstance(name, str):
        for prefix, kind in _SQLITE.items():
            if name == prefix or name.startswith(prefix + "_"):
                return kind
    if type(link).__module__.startswith(("sqlite3", "aiosqlite")):
        text = str(link).lower()
        for phrase, kind in _SQLITE_PHRASES.items():
            if phrase in text:
                return kind
    if isinstance(link, socket.gaierror):
        return "unknown_host"
    if isinstance(link, OSError) and link.errno in _ERRNO:
        return _ERRNO[link.errno]
    if isinstance(link, ConnectionRefusedError):
        return "connection_refused"
    if isinstance(link, TimeoutError):
        return "timeout"
    if type(link).__name__ in ("ConnectionDoesNotExistError", "InterfaceError") and (
        "closed" in str(link).lower() or "does not exist" in str(link).lower()
    ):
        return "connection_lost"
    return None


def _chain(error: BaseException) -> list[BaseException]:
    """The error, what it wraps (`orig`) and what caused it, without repeats."""
    seen: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending and len(seen) < 12:
        link = pending.pop(0)
        if link is None or any(link is known for known in seen):
            continue
        seen.append(link)
        orig = getattr(link, "orig", None)
        pending.extend(
            [orig if isinstance(orig, BaseException) else None, link.__cause__, link.__context__]
        )
        if isinstance(link, BaseExceptionGroup):
            pending.extend(link.exceptions)
    return seen
