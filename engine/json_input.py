"""Decode and check input JSON text in one pass (msgspec), for batches on the command line.

(No `from __future__ import annotations` here: msgspec reads the schema classes' annotations
at run time, and the classes are built inside a function.)

The typed schema below accepts exactly what `validation.parse_input` accepts. Anything it
refuses goes through `parse_input` instead, which names the field and the bad value, so the
fast path never changes an answer or an error message; it only makes valid input cheaper.
"""

import datetime as dt
import json
from functools import cache
from typing import Annotated, Any, Literal

import msgspec

from engine.assess import assess
from engine.rulebook import rulebook
from engine.types import (
    DEFAULT_WATER_GOAL_ML,
    NO_SPASMS,
    Answer,
    AssessmentInput,
    Day,
    Profile,
    Spasms,
)
from engine.validation import (
    AGE_RANGE,
    SEVERITY_RANGE,
    WATER_GOAL_RANGE,
    InputError,
    check_history_dates,
    parse_input,
)
from engine.vocabulary import FieldName, ids

NonNegative = Annotated[int, msgspec.Meta(ge=0)]
Severity = Annotated[int, msgspec.Meta(ge=SEVERITY_RANGE[0], le=SEVERITY_RANGE[1])]
Age = Annotated[int, msgspec.Meta(ge=AGE_RANGE[0], le=AGE_RANGE[1])]
Goal = Annotated[int, msgspec.Meta(ge=WATER_GOAL_RANGE[0], le=WATER_GOAL_RANGE[1])]
IsoDate = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]


def _ids(field: FieldName) -> Any:
    return list[Literal[ids(field)]]  # type: ignore[misc]


@cache
def _decoder() -> msgspec.json.Decoder[Any]:
    """The schema, built from the vocabulary once."""

    class SpasmsIn(msgspec.Struct, forbid_unknown_fields=True):
        count: NonNegative | None = None
        max_severity: Severity | None = None
        locations: _ids("spasm_locations") = []  # type: ignore[valid-type]
        longest_minutes: NonNegative | None = None
        nocturnal: bool = False

    class DayIn(msgspec.Struct, forbid_unknown_fields=True):
        date: IsoDate
        water_ml: NonNegative | None = None
        spasms: SpasmsIn | None = None
        urinary: _ids("urinary") = []  # type: ignore[valid-type]
        red_flags: _ids("red_flags") = []  # type: ignore[valid-type]
        triggers: _ids("triggers") = []  # type: ignore[valid-type]
        answered: _ids("red_flags") = []  # type: ignore[valid-type]
        largest_drink_ml: NonNegative | None = None

    class ProfileIn(msgspec.Struct, forbid_unknown_fields=True):
        age: Age | None = None
        water_goal_ml: Goal = DEFAULT_WATER_GOAL_ML
        conditions: _ids("conditions") = []  # type: ignore[valid-type]
        medications: _ids("medications") = []  # type: ignore[valid-type]
        medication_changed_recently: bool = False

    class InputIn(msgspec.Struct, forbid_unknown_fields=True):
        today: DayIn
        profile: ProfileIn = msgspec.field(default_factory=ProfileIn)
        history: list[DayIn] = []

    return msgspec.json.Decoder(InputIn)


def parse_input_json(text: str | bytes) -> AssessmentInput:
    """Typed input from JSON text; InputError (as `parse_input` words it) when invalid."""
    return _typed(text, window=None)


def assess_json(text: str | bytes) -> Answer:
    """Assess JSON input text. Every history record is checked, but only the days the
    rulebook can look at are built: the answer is the same, for less work."""
    return assess(_typed(text, window=rulebook().max_window), validate=False)


def _typed(text: str | bytes, window: int | None) -> AssessmentInput:
    try:
        decoded = _decoder().decode(text)
        today = _day(decoded.today)
        dates = [dt.date.fromisoformat(day.date) for day in decoded.history]
        if len(set(dates)) != len(dates) or any(date >= today.date for date in dates):
            raise ValueError("history dates")  # parse_input names the record
        history = tuple(
            _day(day)
            for day, date in zip(decoded.history, dates, strict=True)
            if window is None or (today.date - date).days < window
        )
        profile = _profile(decoded.profile)
    except (msgspec.ValidationError, msgspec.DecodeError, ValueError):
        value = parse_input(_load(text))  # raises the precise error
        check_history_dates(value)
        return value
    return AssessmentInput(today=today, profile=profile, history=history)


def _day(raw: Any) -> Day:
    spasms = raw.spasms
    return Day(
        dt.date.fromisoformat(raw.date),
        raw.water_ml,
        NO_SPASMS if spasms is None else _spasms(spasms),
        tuple(raw.urinary),
        tuple(raw.red_flags),
        tuple(raw.triggers),
        tuple(raw.answered),
        raw.largest_drink_ml,
    )


def _spasms(raw: Any) -> Spasms:
    count = raw.count
    if count is None:
        count = 1 if raw.locations or raw.max_severity is not None else 0
    return Spasms(count, raw.max_severity, tuple(raw.locations), raw.longest_minutes, raw.nocturnal)


def _profile(raw: Any) -> Profile:
    return Profile(
        raw.age,
        raw.water_goal_ml,
        tuple(raw.conditions),
        tuple(raw.medications),
        raw.medication_changed_recently,
    )


def _load(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError("input", f"not valid JSON ({error.msg} at column {error.colno})") from None
