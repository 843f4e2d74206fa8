"""The outbox keeps a message's inline keyboard: the crisis message goes through it with its
buttons (`outbox.reply_markup`, Bot API InlineKeyboardMarkup as JSON, NULL for plain text).

Revision ID: 0006
Revises: 0004 (0005 is taken by other branches in flight; re-chain when they land)
Create Date: 2026-12-07

Hand-checked against `storage.models` (tests/storage/test_migrations.py compares the two).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("reply_markup", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("reply_markup")
