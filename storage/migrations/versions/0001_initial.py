"""Initial schema: people, schedules, day records, logs, flows, assessments, deliveries,
follow-ups and (opt-in) raw texts.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Hand-checked against `storage.models` (tests/storage/test_migrations.py compares the two).
Types are spelled out here rather than imported from the package, so this script keeps meaning
the same thing when the models change later.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _utc() -> sa.DateTime:
    # storage.types.UTCDateTime stores through this type.
    return sa.DateTime(timezone=True)


def _row_id() -> sa.types.TypeEngine[int]:
    # BIGINT on PostgreSQL; plain INTEGER on SQLite so it is the rowid.
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _person_id(table: str) -> list[sa.Column[int] | sa.ForeignKeyConstraint]:
    return [
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=f"fk_{table}_person_id_people", ondelete="CASCADE"
        ),
    ]


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("consented_at", _utc(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("blocked_at", _utc(), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("paused_until", _utc(), nullable=True),
        sa.Column("water_goal_ml", sa.Integer(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("medications", sa.JSON(), nullable=False),
        sa.Column("medication_changed_recently", sa.Boolean(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.UniqueConstraint("telegram_user_id", name="uq_people_telegram_user_id"),
    )
    op.create_table(
        "schedules",
        *_person_id("schedules"),
        sa.Column("hydration_start", sa.Time(), nullable=False),
        sa.Column("hydration_end", sa.Time(), nullable=False),
        sa.Column("hydration_every_minutes", sa.Integer(), nullable=True),
        sa.Column("stretch_at", sa.Time(), nullable=True),
        sa.Column("checkin_at", sa.Time(), nullable=True),
        sa.Column("quiet_start", sa.Time(), nullable=True),
        sa.Column("quiet_end", sa.Time(), nullable=True),
        sa.Column("next_due_at", _utc(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name="pk_schedules"),
    )
    op.create_index(
        "ix_schedules_next_due_at_person_id", "schedules", ["next_due_at", "person_id"]
    )
    op.create_table(
        "day_records",
        *_person_id("day_records"),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("water_ml", sa.Integer(), nullable=True),
        sa.Column("spasm_count", sa.Integer(), nullable=False),
        sa.Column("spasm_max_severity", sa.Integer(), nullable=True),
        sa.Column("spasm_locations", sa.JSON(), nullable=False),
        sa.Column("spasm_longest_minutes", sa.Integer(), nullable=True),
        sa.Column("urinary", sa.JSON(), nullable=False),
        sa.Column("red_flags", sa.JSON(), nullable=False),
        sa.Column("triggers", sa.JSON(), nullable=False),
        sa.Column("checkins", sa.Integer(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "local_date", name="pk_day_records"),
    )
    op.create_table(
        "water_logs",
        sa.Column("id", _row_id(), autoincrement=True, nullable=False),
        *_person_id("water_logs"),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("ml", sa.Integer(), nullable=False),
        sa.Column("logged_at", _utc(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_water_logs"),
    )
    op.create_index(
        "ix_water_logs_person_id_local_date", "water_logs", ["person_id", "local_date"]
    )
    op.create_table(
        "stretch_logs",
        sa.Column("id", _row_id(), autoincrement=True, nullable=False),
        *_person_id("stretch_logs"),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("stretches", sa.JSON(), nullable=False),
        sa.Column("area", sa.String(length=16), nullable=True),
        sa.Column("logged_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stretch_logs"),
    )
    op.create_index(
        "ix_stretch_logs_person_id_local_date", "stretch_logs", ["person_id", "local_date"]
    )
    op.create_table(
        "flows",
        *_person_id("flows"),
        sa.Column("flow_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("step", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("started_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name="pk_flows"),
    )
    op.create_table(
        "assessments",
        sa.Column("id", _row_id(), autoincrement=True, nullable=False),
        *_person_id("assessments"),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("assessed_at", _utc(), nullable=False),
        sa.Column("engine_version", sa.String(length=32), nullable=False),
        sa.Column("triage_level", sa.String(length=16), nullable=False),
        sa.Column("risk_score", sa.Integer(), nullable=True),
        sa.Column("input", sa.JSON(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
    )
    op.create_index(
        "ix_assessments_person_id_assessed_at", "assessments", ["person_id", "assessed_at"]
    )
    op.create_table(
        "deliveries",
        sa.Column("id", _row_id(), autoincrement=True, nullable=False),
        *_person_id("deliveries"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("slot", sa.String(length=32), nullable=False),
        sa.Column("claimed_at", _utc(), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", _utc(), nullable=True),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        # The exactly-once key: a second claim of a slot conflicts here.
        sa.UniqueConstraint(
            "person_id",
            "kind",
            "local_date",
            "slot",
            name="uq_deliveries_person_id_kind_local_date_slot",
        ),
    )
    op.create_table(
        "followups",
        sa.Column("id", _row_id(), autoincrement=True, nullable=False),
        *_person_id("followups"),
        sa.Column("assessment_id", _row_id(), nullable=True),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("due_at", _utc(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("done_at", _utc(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_followups_assessment_id_assessments",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_followups"),
    )
    op.create_index("ix_followups_done_at_due_at", "followups", ["done_at", "due_at"])
    op.create_index("ix_followups_person_id", "followups", ["person_id"])
    op.create_table(
        "raw_texts",
        sa.Column("id", _row_id(), autoincrement=True, nullable=False),
        *_person_id("raw_texts"),
        sa.Column("received_at", _utc(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_raw_texts"),
    )
    op.create_index("ix_raw_texts_person_id", "raw_texts", ["person_id"])


def downgrade() -> None:
    """Drop every table, children first (indexes go with their tables)."""
    for table in (
        "raw_texts",
        "followups",
        "deliveries",
        "assessments",
        "flows",
        "stretch_logs",
        "water_logs",
        "day_records",
        "schedules",
        "people",
    ):
        op.drop_table(table)
