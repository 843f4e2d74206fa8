"""The shared send budget: permits every instance takes before sending, and the paid daily count.

Revision ID: 0004
Revises: 0002 (re-chained after main brought 0002)
Create Date: 2026-12-06

On PostgreSQL it also creates `take_send_permit(...)`, the one-round-trip function that decides
whether a message may go now (see storage/send_budget.py); SQLite instances keep their budget
in memory and use neither.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Whoever holds this advisory lock (per schema) is the only one deciding about a permit; the
# decision is a count of at most a few hundred rows, so holding it is short.
TAKE_SEND_PERMIT = """
CREATE OR REPLACE FUNCTION take_send_permit(
    p_chat bigint, p_limit integer, p_paid_limit integer, p_paid_cap integer,
    p_lease double precision
) RETURNS TABLE (permit_id bigint, paid boolean, wait_seconds double precision)
LANGUAGE plpgsql AS $$
DECLARE
    now_ timestamptz;
    chat_until timestamptz;
    held integer;
    oldest timestamptz;
    sent_today integer;
    new_id bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7431016, hashtext(current_schema()));
    now_ := clock_timestamp();
    DELETE FROM send_permits WHERE holds_until <= now_;
    IF p_chat IS NOT NULL THEN
        SELECT max(s.holds_until) INTO chat_until FROM send_permits s WHERE s.chat_id = p_chat;
        IF chat_until IS NOT NULL THEN
            RETURN QUERY SELECT NULL::bigint, false,
                extract(epoch FROM chat_until - now_)::double precision;
            RETURN;
        END IF;
    END IF;
    SELECT count(*), min(s.holds_until) INTO held, oldest FROM send_permits s WHERE NOT s.paid;
    IF held < p_limit THEN
        INSERT INTO send_permits (chat_id, paid, holds_until)
            VALUES (p_chat, false, now_ + make_interval(secs => p_lease)) RETURNING id INTO new_id;
        RETURN QUERY SELECT new_id, false, 0.0::double precision;
        RETURN;
    END IF;
    IF p_paid_cap > 0
        AND (SELECT count(*) FROM send_permits s WHERE s.paid) < p_paid_limit THEN
        SELECT d.sent INTO sent_today FROM paid_broadcast_days d
            WHERE d.day = (now_ AT TIME ZONE 'UTC')::date;
        IF coalesce(sent_today, 0) < p_paid_cap THEN
            INSERT INTO paid_broadcast_days (day, sent) VALUES ((now_ AT TIME ZONE 'UTC')::date, 1)
                ON CONFLICT (day) DO UPDATE SET sent = paid_broadcast_days.sent + 1;
            INSERT INTO send_permits (chat_id, paid, holds_until)
                VALUES (p_chat, true, now_ + make_interval(secs => p_lease))
                RETURNING id INTO new_id;
            RETURN QUERY SELECT new_id, true, 0.0::double precision;
            RETURN;
        END IF;
    END IF;
    RETURN QUERY SELECT NULL::bigint, false, extract(epoch FROM oldest - now_)::double precision;
END;
$$;
"""


def upgrade() -> None:
    """Create both tables (and, on PostgreSQL, the permit function)."""
    op.create_table(
        "send_permits",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("paid", sa.Boolean(), nullable=False),
        sa.Column("holds_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_send_permits"),
    )
    op.create_index("ix_send_permits_chat_id", "send_permits", ["chat_id"])
    op.create_index("ix_send_permits_holds_until", "send_permits", ["holds_until"])
    op.create_table(
        "paid_broadcast_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name="pk_paid_broadcast_days"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TAKE_SEND_PERMIT)


def downgrade() -> None:
    """Drop the function and both tables."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP FUNCTION IF EXISTS take_send_permit("
            "bigint, integer, integer, integer, double precision)"
        )
    op.drop_table("paid_broadcast_days")
    op.drop_index("ix_send_permits_holds_until", table_name="send_permits")
    op.drop_index("ix_send_permits_chat_id", table_name="send_permits")
    op.drop_table("send_permits")
