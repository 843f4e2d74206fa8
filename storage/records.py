"""What repositories hand back: frozen dataclasses, detached from any session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from engine.types import Day, Profile
from engine.vocabulary import canonical

# The most water one entry may log: more at once is a typo or a joke, and would make the day's
# hydration look fine when it is not. Every path that logs water holds to it (record_water).
MAX_WATER_AT_ONCE_ML: Final = 5000
# The most a stated day's total may be ("I had 6 l today"): the parser reads no more than this.
MAX_WATER_DAY_TOTAL_ML: Final = 10_000
# Water log sources that are no single drink: an entry that raised the day to a total the person
# stated ("day_total"), and the check-in's estimate as stored before totals had their own source.
DAY_TOTAL_SOURCES: Final = frozenset({"day_total", "checkin"})

PromptKind = Literal["hydration", "stretch", "checkin", "follow_up", "weekly"]
PROMPT_KINDS: Final[tuple[PromptKind, ...]] = (
    "hydration",
    "stretch",
    "checkin",
    "follow_up",
    "weekly",
)

StretchOutcome = Literal["done", "later", "skipped", "offered"]

# `next_due_at` value meaning "look at this person now": earlier than any real instant, so
# people whose schedule just changed come first in `due_prompts`.
DUE_NOW: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

DEFAULT_HYDRATION_START: Final = dt.time(9, 0)
DEFAULT_HYDRATION_END: Final = dt.time(21, 0)
DEFAULT_HYDRATION_EVERY_MINUTES: Final = 180
DEFAULT_STRETCH_AT: Final = dt.time(8, 0)
DEFAULT_CHECKIN_AT: Final = dt.time(20, 0)
DEFAULT_QUIET_START: Final = dt.time(22, 0)
DEFAULT_QUIET_END: Final = dt.time(7, 0)
# The weekly summary comes on Mondays (ISO 1) at the check-in time, about the week just ended.
DEFAULT_WEEKLY_DAY: Final = 1

# After the due date (or birth) `recently_gave_birth` applies this long, then nothing.
AFTER_BIRTH: Final = dt.timedelta(weeks=6)
PREGNANCY_CONDITIONS: Final = frozenset({"pregnancy", "recently_gave_birth"})


@dataclass(frozen=True, slots=True)
class Person:
    """A person who consented, with settings and profile."""

    id: int
    telegram_user_id: int
    chat_id: int
    language: str
    timezone: str | None
    consented_at: dt.datetime
    active: bool
    blocked_at: dt.datetime | None
    paused: bool
    paused_until: dt.datetime | None
    water_goal_ml: int
    age: int | None
    conditions: tuple[str, ...]
    medications: tuple[str, ...]
    medication_changed_recently: bool
    created_at: dt.datetime
    # The due date of a pregnancy in `conditions` (a birth date once past); None if not given.
    pregnancy_due: dt.date | None = None

    def is_paused(self, now: dt.datetime) -> bool:
        """True while scheduled prompts are paused at `now`."""
        return self.paused and (self.paused_until is None or self.paused_until > now)

    def conditions_on(self, local_date: dt.date) -> tuple[str, ...]:
        """The conditions that apply on the person's own date: a pregnancy ends the day after
        its due date, and `recently_gave_birth` then applies for 6 weeks, then neither."""
        due = self.pregnancy_due
        if "pregnancy" not in self.conditions or due is None or local_date <= due:
            return self.conditions
        applying = [c for c in self.conditions if c != "pregnancy"]
        if local_date <= due + AFTER_BIRTH:
            applying.append("recently_gave_birth")
        return canonical("conditions", tuple(applying))

    def pregnancy_applies(self, local_date: dt.date) -> bool:
        """Whether pregnancy notes and questions are for this person on that date."""
        return bool(PREGNANCY_CONDITIONS & set(self.conditions_on(local_date)))

    def profile(self, local_date: dt.date) -> Profile:
        """The engine's view of this person on their own date `local_date`."""
        return Profile(
            age=self.age,
            water_goal_ml=self.water_goal_ml,
            conditions=self.conditions_on(local_date),
            medications=self.medications,
            medication_changed_recently=self.medication_changed_recently,
        )


@dataclass(frozen=True, slots=True)
class Schedule:
    """A person's local wall-clock schedule (times in their own zone)."""

    person_id: int
    hydration_start: dt.time
    hydration_end: dt.time
    hydration_every_minutes: int | None
    stretch_at: dt.time | None
    checkin_at: dt.time | None
    quiet_start: dt.time | None
    quiet_end: dt.time | None
    next_due_at: dt.datetime | None
    version: int
    # The weekly summary's day (ISO: 1 Monday ... 7 Sunday); None: no weekly summary.
    weekly_day: int | None = None


@dataclass(frozen=True, slots=True)
class SchedulePattern:
    """How many active people in one zone share one schedule (person_id 0 in `schedule`)."""

    timezone: str
    schedule: Schedule
    people: int


@dataclass(frozen=True, slots=True)
class DueCandidate:
    """A person the scheduler should look at now, with all it needs to compute local times."""

    person_id: int
    chat_id: int
    language: str
    timezone: str
    water_goal_ml: int
    schedule: Schedule

    @property
    def next_due_at(self) -> dt.datetime:
        """When this person became due (DUE_NOW after a change)."""
        assert self.schedule.next_due_at is not None
        return self.schedule.next_due_at

    @property
    def version(self) -> int:
        """Pass to `set_next_due` so a concurrent schedule change is not overwritten."""
        return self.schedule.version


@dataclass(frozen=True, slots=True)
class DayRecord:
    """A stored day with the bookkeeping the engine does not need."""

    person_id: int
    day: Day
    checkins: int
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class WaterLog:
    """One logged amount of water."""

    id: int
    local_date: dt.date
    ml: int
    logged_at: dt.datetime
    source: str | None


@dataclass(frozen=True, slots=True)
class WaterChange:
    """What logging or undoing water did to a day.

    `entry_id` is the entry logged or removed (None when a stated total was not above what was
    logged, so nothing changed); `ml` the millilitres it added or removed; `total_ml` the day's
    total afterwards (0 when nothing is logged)."""

    entry_id: int | None
    ml: int
    total_ml: int


@dataclass(frozen=True, slots=True)
class StretchLog:
    """One stretch routine and what became of it."""

    id: int
    local_date: dt.date
    outcome: str
    stretches: tuple[str, ...]
    area: str | None
    logged_at: dt.datetime


@dataclass(frozen=True, slots=True)
class FlowState:
    """An in-progress conversation. `flow_id` and `version` go into buttons to spot stale ones."""

    person_id: int
    flow_id: str
    kind: str
    step: str
    answers: Mapping[str, Any]
    version: int
    message_id: int | None
    started_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    """A stored engine run."""

    id: int
    person_id: int
    local_date: dt.date
    assessed_at: dt.datetime
    engine_version: str
    triage_level: str
    risk_score: int | None
    input: Mapping[str, Any]
    answer: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class DeliveryKey:
    """One prompt slot: what the unique key of `deliveries` is made of."""

    person_id: int
    kind: PromptKind
    local_date: dt.date
    slot: str


@dataclass(frozen=True, slots=True)
class Claim:
    """The right to send one slot. Only the holder of this token may mark it sent or release it."""

    id: int
    key: DeliveryKey
    token: str
    claimed_at: dt.datetime
    attempts: int


@dataclass(frozen=True, slots=True)
class Delivery:
    """A stored delivery row."""

    id: int
    key: DeliveryKey
    claimed_at: dt.datetime
    attempts: int
    sent_at: dt.datetime | None
    message_id: int | None
    skipped: bool
    # Used up by a send whose outcome was unknown (timed out): maybe delivered, never resent.
    uncertain: bool = False


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A safety-net question, due at `due_at`."""

    id: int
    person_id: int
    assessment_id: int | None
    reason: str
    due_at: dt.datetime
    created_at: dt.datetime
    done_at: dt.datetime | None
    outcome: str | None


@dataclass(frozen=True, slots=True)
class DueFollowUp:
    """A follow-up that is due, with where to send it."""

    followup: FollowUp
    chat_id: int
    language: str
    timezone: str | None


@dataclass(frozen=True, slots=True)
class PeopleCounts:
    """Aggregate counts for the operator's /stats; never one person's data."""

    total: int
    active: int
    paused: int
    blocked: int


@dataclass(frozen=True, slots=True)
class UserExport:
    """Everything stored about one person: JSON-ready `data` and the day records as CSV."""

    data: Mapping[str, Any]
    days_csv: str
