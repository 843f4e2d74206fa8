"""Turn input JSON into typed engine input, rejecting anything invalid with a field path.

An unknown field is an error, not ignored: a typo such as `red_flag` would otherwise hide a red
flag. The same semantic checks run on typed input given to the Python API.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, Final

from engine.types import (
    DEFAULT_WATER_GOAL_ML,
    NO_SPASMS,
    AssessmentInput,
    Day,
    Profile,
    Spasms,
)
from engine.vocabulary import FIELDS, SINGULAR, FieldName, vocabulary

WATER_GOAL_RANGE: Final = (500, 6000)
SEVERITY_RANGE: Final = (0, 10)
AGE_RANGE: Final = (0, 130)

_NONE: Final[list[str]] = []  # the default of a left-out list (read, never changed)
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_TOP_FIELDS: Final = frozenset({"profile", "today", "history"})
_PROFILE_FIELDS: Final = frozenset(
    {"age", "water_goal_ml", "conditions", "medications", "medication_changed_recently"}
)
_DAY_FIELDS: Final = frozenset(
    {"date", "water_ml", "spasms", "urinary", "red_flags", "triggers", "answered",
     "largest_drink_ml"}
)  # fmt: skip
_SPASM_FIELDS: Final = frozenset(
    {"count", "max_severity", "locations", "longest_minutes", "nocturnal"}
)


class InputError(ValueError):
    """Invalid engine input; `path` names the field, `message` what is wrong with it."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def to_dict(self) -> dict[str, str]:
        """The error as the command line prints it."""
        return {"path": self.path, "message": self.message}


def parse_input(raw: Any) -> AssessmentInput:
    """Check a JSON-decoded input object and build the typed input."""
    _object(raw, "input", _TOP_FIELDS, prefix="")
    if "today" not in raw:
        raise InputError("today", "required field missing")
    profile = _profile(raw.get("profile", {}))
    today = _day(raw["today"], "today")
    history_raw = raw.get("history", [])
    if not isinstance(history_raw, list):
        raise InputError("history", f"expected a list, got {_show(history_raw)}")
    history = tuple(_day(item, f"history[{i}]") for i, item in enumerate(history_raw))
    result = AssessmentInput(today=today, profile=profile, history=history)
    check_history_dates(result)
    return result


def check_input(value: AssessmentInput) -> None:
    """Check typed input the way `parse_input` checks JSON; raise InputError if invalid."""
    profile = value.profile
    _range(profile.water_goal_ml, "profile.water_goal_ml", WATER_GOAL_RANGE)
    if profile.age is not None:
        _range(profile.age, "profile.age", AGE_RANGE)
    _known_ids(profile.conditions, "conditions", "profile.conditions")
    _known_ids(profile.medications, "medications", "profile.medications")
    _check_day(value.today, "today")
    for i, day in enumerate(value.history):
        _check_day(day, f"history[{i}]")
    check_history_dates(value)


def _profile(raw: Any) -> Profile:
    _object(raw, "profile", _PROFILE_FIELDS)
    age = raw.get("age")
    if age is not None:
        age = _whole(age, "profile.age")
        _range(age, "profile.age", AGE_RANGE)
    goal = raw.get("water_goal_ml", DEFAULT_WATER_GOAL_ML)
    goal = _whole(goal, "profile.water_goal_ml")
    _range(goal, "profile.water_goal_ml", WATER_GOAL_RANGE)
    changed = raw.get("medication_changed_recently", False)
    if not isinstance(changed, bool):
        raise InputError(
            "profile.medication_changed_recently", f"expected true or false, got {_show(changed)}"
        )
    return Profile(
        age=age,
        water_goal_ml=goal,
        conditions=_id_list(raw.get("conditions", []), "conditions", "profile.conditions"),
        medications=_id_list(raw.get("medications", []), "medications", "profile.medications"),
        medication_changed_recently=changed,
    )


def _day(raw: Any, path: str) -> Day:
    """A day record; valid records take a fast path, anything doubtful the careful one."""
    fast = _day_fast(raw)
    return fast if fast is not None else _day_careful(raw, path)


def _day_fast(raw: Any) -> Day | None:
    """The day if it is plainly valid, else None (then `_day_careful` names the problem)."""
    if type(raw) is not dict or not _DAY_FIELDS.issuperset(raw):
        return None
    date_text, water = raw.get("date"), raw.get("water_ml")
    if type(date_text) is not str or not _ISO_DATE.fullmatch(date_text):
        return None
    if water is not None and (type(water) is not int or water < 0):
        return None
    largest = raw.get("largest_drink_ml")
    if largest is not None and (type(largest) is not int or largest < 0):
        return None
    urinary, red_flags = raw.get("urinary", _NONE), raw.get("red_flags", _NONE)
    triggers, answered = raw.get("triggers", _NONE), raw.get("answered", _NONE)
    if not (
        type(urinary) is list
        and type(red_flags) is list
        and type(triggers) is list
        and type(answered) is list
        and _all_known(urinary, "urinary")
        and _all_known(red_flags, "red_flags")
        and _all_known(triggers, "triggers")
        and _all_known(answered, "red_flags")
    ):
        return None
    spasms = _spasms_fast(raw.get("spasms"))
    if spasms is None:
        return None
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        return None
    return Day(
        date,
        water,
        spasms,
        tuple(urinary),
        tuple(red_flags),
        tuple(triggers),
        tuple(answered),
        largest,
    )


def _spasms_fast(raw: Any) -> Spasms | None:
    if raw is None:
        return NO_SPASMS
    if type(raw) is not dict or not _SPASM_FIELDS.issuperset(raw):
        return None
    count, severity = raw.get("count"), raw.get("max_severity")
    locations, longest = raw.get("locations", _NONE), raw.get("longest_minutes")
    nocturnal = raw.get("nocturnal", False)
    fine = (
        type(nocturnal) is bool
        and (count is None or (type(count) is int and count >= 0))
        and (severity is None or (type(severity) is int and 0 <= severity <= SEVERITY_RANGE[1]))
        and (longest is None or (type(longest) is int and longest >= 0))
        and type(locations) is list
        and _all_known(locations, "spasm_locations")
    )
    if not fine:
        return None
    if count is None:
        count = 1 if locations or severity is not None else 0
    return Spasms(count, severity, tuple(locations), longest, nocturnal)


def _day_careful(raw: Any, path: str) -> Day:
    _object(raw, path, _DAY_FIELDS)
    if "date" not in raw:
        raise InputError(f"{path}.date", "required field missing")
    water = raw.get("water_ml")
    if water is not None:
        water = _whole(water, f"{path}.water_ml")
        _not_negative(water, f"{path}.water_ml")
    largest = raw.get("largest_drink_ml")
    if largest is not None:
        largest = _whole(largest, f"{path}.largest_drink_ml")
        _not_negative(largest, f"{path}.largest_drink_ml")
    return Day(
        date=_date(raw["date"], f"{path}.date"),
        water_ml=water,
        spasms=_spasms(raw.get("spasms"), f"{path}.spasms"),
        urinary=_id_list(raw.get("urinary", []), "urinary", f"{path}.urinary"),
        red_flags=_id_list(raw.get("red_flags", []), "red_flags", f"{path}.red_flags"),
        triggers=_id_list(raw.get("triggers", []), "triggers", f"{path}.triggers"),
        answered=_id_list(raw.get("answered", []), "red_flags", f"{path}.answered"),
        largest_drink_ml=largest,
    )


def _spasms(raw: Any, path: str) -> Spasms:
    if raw is None:
        return Spasms()
    _object(raw, path, _SPASM_FIELDS)
    severity = raw.get("max_severity")
    if severity is not None:
        severity = _whole(severity, f"{path}.max_severity")
        _range(severity, f"{path}.max_severity", SEVERITY_RANGE)
    locations = _id_list(raw.get("locations", []), "spasm_locations", f"{path}.locations")
    longest = raw.get("longest_minutes")
    if longest is not None:
        longest = _whole(longest, f"{path}.longest_minutes")
        _not_negative(longest, f"{path}.longest_minutes")
    nocturnal = raw.get("nocturnal", False)
    if not isinstance(nocturnal, bool):
        raise InputError(f"{path}.nocturnal", f"expected true or false, got {_show(nocturnal)}")
    if "count" in raw:
        count = _whole(raw["count"], f"{path}.count")
        _not_negative(count, f"{path}.count")
    else:
        count = 1 if locations or severity is not None else 0
    return Spasms(
        count=count,
        max_severity=severity,
        locations=locations,
        longest_minutes=longest,
        nocturnal=nocturnal,
    )


def _check_day(day: Day, path: str) -> None:
    if type(day.date) is not dt.date:
        raise InputError(f"{path}.date", f"expected a date, got {_show(day.date)}")
    spasms = day.spasms
    numbers_fine = (
        (day.water_ml is None or day.water_ml >= 0)
        and (day.largest_drink_ml is None or day.largest_drink_ml >= 0)
        and spasms.count >= 0
        and (spasms.max_severity is None or 0 <= spasms.max_severity <= SEVERITY_RANGE[1])
        and (spasms.longest_minutes is None or spasms.longest_minutes >= 0)
    )
    known = _known_sets()
    ids_fine = (
        known["spasm_locations"].issuperset(spasms.locations)
        and known["urinary"].issuperset(day.urinary)
        and known["red_flags"].issuperset(day.red_flags)
        and known["triggers"].issuperset(day.triggers)
        and (not day.answered or known["red_flags"].issuperset(day.answered))
    )
    if numbers_fine and ids_fine:
        return  # the common case; otherwise find the first problem and name it
    if day.water_ml is not None:
        _not_negative(day.water_ml, f"{path}.water_ml")
    if day.largest_drink_ml is not None:
        _not_negative(day.largest_drink_ml, f"{path}.largest_drink_ml")
    _not_negative(spasms.count, f"{path}.spasms.count")
    if spasms.max_severity is not None:
        _range(spasms.max_severity, f"{path}.spasms.max_severity", SEVERITY_RANGE)
    if spasms.longest_minutes is not None:
        _not_negative(spasms.longest_minutes, f"{path}.spasms.longest_minutes")
    _known_ids(spasms.locations, "spasm_locations", f"{path}.spasms.locations")
    _known_ids(day.urinary, "urinary", f"{path}.urinary")
    _known_ids(day.red_flags, "red_flags", f"{path}.red_flags")
    _known_ids(day.triggers, "triggers", f"{path}.triggers")
    _known_ids(day.answered, "red_flags", f"{path}.answered")


def check_history_dates(value: AssessmentInput) -> None:
    today = value.today.date
    seen: set[dt.date] = set()
    for i, day in enumerate(value.history):
        if day.date >= today:
            raise InputError(
                f"history[{i}].date",
                f"must be before today.date {today.isoformat()}, got '{day.date.isoformat()}'",
            )
        if day.date in seen:
            raise InputError(f"history[{i}].date", f"duplicate date '{day.date.isoformat()}'")
        seen.add(day.date)


def _object(raw: Any, path: str, allowed: frozenset[str], *, prefix: str | None = None) -> None:
    if not isinstance(raw, Mapping):
        raise InputError(path, f"expected an object, got {_show(raw)}")
    lead = f"{path}." if prefix is None else prefix
    for key in raw:
        if key not in allowed:
            raise InputError(f"{lead}{key}", f"unknown field '{key}'")


def _id_list(raw: Any, field: FieldName, path: str) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise InputError(path, f"expected a list, got {_show(raw)}")
    if _all_known(raw, field):  # the common case, checked as one set operation
        return tuple(raw)
    for i, item in enumerate(raw):
        if not isinstance(item, str):
            raise InputError(f"{path}[{i}]", f"expected an id, got {_show(item)}")
    _known_ids(raw, field, path)
    return tuple(raw)


def _known_ids(values: Iterable[str], field: FieldName, path: str) -> None:
    if _all_known(values, field):
        return
    order = vocabulary().order(field)
    for i, item in enumerate(values):
        if item not in order:
            raise InputError(f"{path}[{i}]", f"unknown {SINGULAR[field]} {_show(item)}")


def _all_known(values: Iterable[Any], field: FieldName) -> bool:
    """Whether every value is a known id of the field (False for unhashable values too)."""
    try:
        return _known_sets()[field].issuperset(values)
    except TypeError:
        return False


@cache
def _known_sets() -> dict[FieldName, frozenset[str]]:
    vocab = vocabulary()
    return {field: frozenset(vocab.ids(field)) for field in FIELDS}


def _date(raw: Any, path: str) -> dt.date:
    if isinstance(raw, str) and _ISO_DATE.fullmatch(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise InputError(path, f"expected a date as YYYY-MM-DD, got {_show(raw)}")


def _whole(raw: Any, path: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise InputError(path, f"expected a whole number, got {_show(raw)}")
    return raw


def _not_negative(value: int, path: str) -> None:
    if value < 0:
        raise InputError(path, f"must not be negative, got {value}")


def _range(value: int, path: str, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise InputError(path, f"must be between {low} and {high}, got {value}")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return (
        type(value).__name__
        if not isinstance(value, list | dict)
        else ("a list" if isinstance(value, list) else "an object")
    )
