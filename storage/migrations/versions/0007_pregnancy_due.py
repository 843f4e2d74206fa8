"""A pregnancy's due date on the person (the birth date once past), for /settings.

Revision ID: 0007
Revises: 0006 (0005 is taken by another branch in flight; re-chain if it lands first)
Create Date: 2026-12-07

Nullable, no default: people stored before it simply have no due date given. Hand-checked
against `storage.models` (tests/storage/test_migrations.py compares the two).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("pregnancy_due", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("pregnancy_due")
