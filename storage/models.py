"""The ORM models: every table the bot keeps, typed, the single source the migrations mirror.

Each row that belongs to a person carries `person_id` (cascade on delete), so erasing a person
is "delete where person_id = ?" in every table. Lists of vocabulary ids are JSON arrays of the
engine's id strings; instants are aware UTC (`UTCDateTime`); time zones are IANA names.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime, utcnow

# Deterministic constraint names, so migrations can name what they drop on both databases.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Row ids that may pass 2**31 over years of prompts; SQLite needs plain INTEGER for its rowid.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """Declarative base with the shared metadata."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Transport(DeclarativeBase):
    """Declarative base of the bot's plumbing: the inbox of updates, the live instances and the
    shared send budget.

    These tables hold no person's rows (so they are not walked by export and erasure by
    person id): inbox rows are kept 24 hours, their payload only until handled, and erasing a
    person also deletes their chat's inbox rows; a send permit names a chat for about a second
    and is deleted by the next taker; the paid-broadcast count is a number per day.
    """

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Every table the migrations create, for autogenerate and schema checks.
ALL_METADATA = (Base.metadata, Transport.metadata)


def table_of(model: type[Base]) -> Table:
    """The Core table behind a model (typed, for DELETE and column access by name)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _person_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("people.id", ondelete="CASCADE"), nullable=False)


class PersonRow(Base):
    """A person who consented: Telegram ids, settings and profile."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True, nullable=False)
    chat_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    language: Mapped[str] = mapped_column(String(16), nullable=False, default="en")
    # IANA zone name (e.g. "Europe/Berlin"); NULL until setup asks for it.
    timezone: Mapped[str | None] = mapped_column(String(64))
    consented_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    blocked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    paused: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # With `paused`: NULL pauses until /resume, an instant pauses until then.
    paused_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    water_goal_ml: Mapped[int] = mapped_column(Integer, nullable=False, default=2000)
    age: Mapped[int | None] = mapped_column(Integer)
    conditions: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    medications: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    medication_changed_recently: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False
    )
    # With "pregnancy" in `conditions`: the due date (or the birth date, once past). The day
    # after it pregnancy ends and `recently_gave_birth` applies for 6 weeks (Person.conditions_on).
    pregnancy_due: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow
    )


class ScheduleRow(Base):
    """A person's local wall-clock schedule and when the scheduler should next look at them."""

    __tablename__ = "schedules"
    # The due-prompt query walks this index in order and stops after `limit` rows.
    __table_args__ = (Index(None, "next_due_at", "person_id"),)

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    hydration_start: Mapped[dt.time] = mapped_column(Time, nullable=False)
    hydration_end: Mapped[dt.time] = mapped_column(Time, nullable=False)
    # NULL turns hydration prompts off.
    hydration_every_minutes: Mapped[int | None] = mapped_column(Integer)
    stretch_at: Mapped[dt.time | None] = mapped_column(Time)
    checkin_at: Mapped[dt.time | None] = mapped_column(Time)
    quiet_start: Mapped[dt.time | None] = mapped_column(Time)
    quiet_end: Mapped[dt.time | None] = mapped_column(Time)
    # The weekly summary's day, ISO numbering (1 Monday ... 7 Sunday); NULL: no summary.
    weekly_day: Mapped[int | None] = mapped_column(SmallInteger)
    # The due-prompt contract (docs/storage.md): NULL = nothing to do; otherwise the scheduler
    # looks at this person once now >= next_due_at.
    next_due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Bumped by every change that invalidates next_due_at (schedule, zone, pause, block).
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # The instance that claimed this person's look (claim_due) and has not finished it yet:
    # when that instance dies, its people are made due again at once (storage/inbox docs).
    looked_by: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow
    )


class DayRecordRow(Base):
    """One person's local date in the engine's day shape: the union of that day's answers."""

    __tablename__ = "day_records"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    local_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    water_ml: Mapped[int | None] = mapped_column(Integer)
    spasm_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    spasm_max_severity: Mapped[int | None] = mapped_column(Integer)
    spasm_locations: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    spasm_longest_minutes: Mapped[int | None] = mapped_column(Integer)
    urinary: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    red_flags: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    triggers: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    # How many check-ins or /assess answers were merged into the day (for the streak).
    checkins: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow
    )


class WaterLogRow(Base):
    """One logged amount of water, with when it was logged."""

    __tablename__ = "water_logs"
    __table_args__ = (Index(None, "person_id", "local_date"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = _person_fk()
    local_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    ml: Mapped[int] = mapped_column(Integer, nullable=False)
    logged_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    # Where it came from ("button", "command", "text", "checkin"); informational.
    source: Mapped[str | None] = mapped_column(String(16))


class StretchLogRow(Base):
    """One stretch routine offered and what the person did with it."""

    __tablename__ = "stretch_logs"
    __table_args__ = (Index(None, "person_id", "local_date"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = _person_fk()
    local_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)
    stretches: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    area: Mapped[str | None] = mapped_column(String(16))
    logged_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class FlowRow(Base):
    """The one conversation a person is in the middle of, so any instance can carry it on."""

    __tablename__ = "flows"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    flow_id: Mapped[str] = mapped_column(String(32), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    step: Mapped[str] = mapped_column(String(64), nullable=False)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class AssessmentRow(Base):
    """One engine run: its input, its answer and the engine version, so it can be explained."""

    __tablename__ = "assessments"
    __table_args__ = (Index(None, "person_id", "assessed_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = _person_fk()
    local_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    assessed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    engine_version: Mapped[str] = mapped_column(String(32), nullable=False)
    triage_level: Mapped[str] = mapped_column(String(16), nullable=False)
    risk_score: Mapped[int | None] = mapped_column(Integer)
    input: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    answer: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)


class DeliveryRow(Base):
    """One scheduled prompt slot: claimed by one instance, then marked sent.

    The unique key makes a second claim of the same slot an insert conflict on every database.
    """

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("person_id", "kind", "local_date", "slot"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = _person_fk()
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    local_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    slot: Mapped[str] = mapped_column(String(32), nullable=False)
    claimed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    # A fresh token per claim or takeover: only the current holder may mark sent or release.
    claim_token: Mapped[str] = mapped_column(String(32), nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # When the slot was used up: sent, or skipped on purpose (`skipped`, no message).
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    skipped: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    # The instance holding the claim: its claims are taken over as soon as it is known dead.
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    # The send's outcome was unknown (timed out, connection dropped): never sent again.
    uncertain: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class FollowUpRow(Base):
    """A safety-net question due some hours after an urgent or emergency answer."""

    __tablename__ = "followups"
    __table_args__ = (Index(None, "done_at", "due_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True
    )
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(String(64), nullable=False)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(32))


class RawTextRow(Base):
    """A person's own words, kept only when the operator sets `store_raw_text`."""

    __tablename__ = "raw_texts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True
    )
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    purpose: Mapped[str] = mapped_column(String(32), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)


class InboxRow(Transport):
    """One Telegram update, stored before Telegram is told it arrived, kept 24 hours.

    The payload (the person's words) is dropped as soon as the update is handled; the row stays
    for Telegram's redelivery window so a second delivery of the same update_id changes nothing.
    """

    __tablename__ = "inbox"
    __table_args__ = (Index(None, "done_at", "not_before"), Index(None, "received_at"))

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    not_before: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Units of work that wrote data while handling it: after a crash, an update whose data
    # was already committed is not handled again (that would log the water twice).
    writes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))


class InstanceRow(Transport):
    """A running bot process and its heartbeat; claims of a silent one are taken over."""

    __tablename__ = "instances"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class OutboxRow(Base):
    """A message that must arrive (an emergency, urgent or crisis answer, or a note about a
    lost reply), retried until sent or its deadline passes, across restarts and instances."""

    __tablename__ = "outbox"
    __table_args__ = (Index(None, "sent_at", "next_attempt_at"), Index(None, "chat_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = _person_fk()
    chat_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # "answer": send now and retry; "note": send before the answer to the person's next message.
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    # The message's inline keyboard as JSON (Bot API InlineKeyboardMarkup), when it has one
    # (the crisis message's buttons); forgotten with the text once sent.
    reply_markup: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    deadline: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    # When it went out (or was given up: `gave_up`).
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    gave_up: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


# Every table that holds a person's rows, children first: the order erase and export walk.
PERSON_TABLES: tuple[type[Base], ...] = (
    OutboxRow,
    RawTextRow,
    FollowUpRow,
    DeliveryRow,
    AssessmentRow,
    FlowRow,
    StretchLogRow,
    WaterLogRow,
    DayRecordRow,
    ScheduleRow,
)


class SendPermitRow(Transport):
    """One message's place in the bot's shared send budget (PostgreSQL budget only).

    A permit holds its place while the message is on its way (`holds_until` a lease ahead) and
    for a second after Telegram answered; expired rows are deleted by the next taker.
    """

    __tablename__ = "send_permits"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    paid: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    holds_until: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)


class PaidBroadcastDayRow(Transport):
    """How many messages went out with `allow_paid_broadcast` on one UTC day (the daily cap)."""

    __tablename__ = "paid_broadcast_days"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    sent: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
