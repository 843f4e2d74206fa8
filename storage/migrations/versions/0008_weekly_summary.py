"""The weekly summary's day on each schedule (bot-v2 item 12); everyone starts with Mondays.

Revision ID: 0008
Revises: 0007 (first written on 0004 as 0005_weekly; re-chained after main brought 0006, 0007)
Create Date: 2026-12-07

`schedules.weekly_day` is the ISO weekday (1 Monday ... 7 Sunday) the summary comes on, NULL
when the person turned it off. People stored before this revision get Monday, the default for
new people (storage.records.DEFAULT_WEEKLY_DAY): the summary is on unless turned off.
Hand-checked against `storage.models` (tests/storage/test_migrations.py compares the two).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("schedules") as batch:
        batch.add_column(
            sa.Column("weekly_day", sa.SmallInteger(), nullable=True, server_default="1")
        )
    # The default only filled the rows already there; new rows get theirs from the code.
    with op.batch_alter_table("schedules") as batch:
        batch.alter_column("weekly_day", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("schedules") as batch:
        batch.drop_column("weekly_day")
