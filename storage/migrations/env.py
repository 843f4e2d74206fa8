"""Alembic's environment: runs migrations on the connection `storage.migrate` hands in.

There is no alembic.ini; `storage.migrate` builds the configuration in code and passes an open
connection (inside a transaction) as `config.attributes["connection"]`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from storage.models import ALL_METADATA


def run_migrations(connection: Connection) -> None:
    """Configure the context on the shared connection and run the scripts."""
    context.configure(
        connection=connection,
        target_metadata=list(ALL_METADATA),
        # SQLite cannot ALTER most things; batch mode rebuilds tables for later migrations.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported; use storage.migrate")

shared = context.config.attributes.get("connection")
if not isinstance(shared, Connection):
    raise RuntimeError("run migrations through storage.migrate, which provides the connection")
run_migrations(shared)
