"""The engine's input and answer types: frozen dataclasses, the same shape as the JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

TriageLevel = Literal["self_care", "soon", "urgent", "emergency"]
TRIAGE_LEVELS: tuple[TriageLevel, ...] = ("self_care", "soon", "urgent", "emergency")

RiskLevel = Literal["low", "moderate", "high"]

DEFAULT_WATER_GOAL_ML = 2000


@dataclass(frozen=True, slots=True)
class Spasms:
    """A day's spasms. `count` 0 means none, whatever else is set."""

    count: int = 0
    max_severity: int | None = None
    locations: tuple[str, ...] = ()
    longest_minutes: int | None = None
    # At least one came at night (bot-v2 item 8). Recorded and carried; no rule reads it yet.
    nocturnal: bool = False


NO_SPASMS = Spasms()


@dataclass(frozen=True, slots=True)
class Day:
    """One person's record of one local date. `water_ml` None means unknown."""

    date: dt.date
    water_ml: int | None = None
    spasms: Spasms = NO_SPASMS
    urinary: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    # Red-flag ids the person was asked about this day and answered, yes or no (a yes is also
    # in `red_flags`). Only today's matter: they keep `ask_next` from asking again.
    answered: tuple[str, ...] = ()
    # The largest single amount of water logged this day (None: not known); only today's is read.
    largest_drink_ml: int | None = None

    @property
    def has_spasm(self) -> bool:
        """True when the day had at least one spasm."""
        return self.spasms.count > 0


@dataclass(frozen=True, slots=True)
class Profile:
    """What is known about the person, independent of the day."""

    age: int | None = None
    water_goal_ml: int = DEFAULT_WATER_GOAL_ML
    conditions: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    medication_changed_recently: bool = False


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    """Everything the engine looks at: the profile, today and earlier days."""

    today: Day
    profile: Profile = field(default_factory=Profile)
    history: tuple[Day, ...] = ()


@dataclass(frozen=True, slots=True)
class FiredRule:
    """A triage rule that fired, with the inputs behind it and what to do."""

    id: str
    level: TriageLevel
    because: tuple[str, ...]
    message: str
    why: str
    if_worse: str | None = None  # what to do if it gets worse; every urgent and soon rule has it


@dataclass(frozen=True, slots=True)
class Triage:
    """The triage level and every rule that fired, highest level first."""

    level: TriageLevel
    rules: tuple[FiredRule, ...]


@dataclass(frozen=True, slots=True)
class Factor:
    """A risk factor that scored, with the inputs behind it."""

    id: str
    points: int
    because: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Risk:
    """The 0-100 educational risk score, its level and the factors that make it up."""

    score: int
    level: RiskLevel
    factors: tuple[Factor, ...]


@dataclass(frozen=True, slots=True)
class AdviceItem:
    """One piece of advice and the factor it answers (None when it answers a trigger alone)."""

    id: str
    factor: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Answer:
    """The engine's whole answer to one assessment."""

    engine_version: str
    triage: Triage
    risk: Risk
    advice: tuple[AdviceItem, ...]
    stretches: tuple[str, ...]
    hydration_known: bool
    ask_next: tuple[str, ...] = ()  # red flags to ask about now as yes/no, then assess again


WaterKind = Literal["drink", "day_total"]


@dataclass(frozen=True, slots=True)
class WaterReading:
    """An amount of water a message states: one drink (adds) or the day's total (sets)."""

    ml: int
    kind: WaterKind


@dataclass(frozen=True, slots=True)
class Reading:
    """How the parser read some words: the words as written and what it took them for
    ("red_flags:no_urine_passed", "possible:cannot_urinate", "negated:fever_or_chills",
    "crisis:suicidal_thoughts", "health:peeing"...). For explaining, never stored."""

    words: str
    meaning: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What `parse_text` found in a person's own words.

    `water_ml` is the drink amount (contract v1, kept for one version); `water` says whether
    an amount is a drink or the day's total. `crisis` / `possible_crisis` hold the crisis ids
    (`suicidal_thoughts`, `self_harm`), never triage input. `health_talk` names the kinds of
    health content the words hold ("body", "pain", "peeing"...), found or not as an id, so a
    front end never shrugs at health talk. `readings` explain what words were read as what.
    """

    red_flags: tuple[str, ...] = ()
    possible_red_flags: tuple[str, ...] = ()
    urinary: tuple[str, ...] = ()
    spasm_locations: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    negated: tuple[str, ...] = ()
    water_ml: int | None = None
    severity: int | None = None
    crisis: tuple[str, ...] = ()
    possible_crisis: tuple[str, ...] = ()
    water: WaterReading | None = None
    health_talk: tuple[str, ...] = ()
    readings: tuple[Reading, ...] = ()

    @property
    def symptoms_found(self) -> bool:
        """Whether the words say anything about symptoms or triggers (amounts aside)."""
        return bool(
            self.red_flags
            or self.possible_red_flags
            or self.urinary
            or self.spasm_locations
            or self.triggers
            or self.severity
        )
