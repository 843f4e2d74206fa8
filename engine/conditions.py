"""The rulebook's closed condition language: checked once, compiled into plain functions.

A compiled condition takes the facts of one assessment and the day it looks at, and returns
whether it holds together with the inputs that made it hold (its "because").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from engine.types import Day
from engine.vocabulary import FieldName, vocabulary

Verdict = tuple[bool, tuple[str, ...]]
Condition = Callable[["Facts", "DayFacts"], Verdict]

NO: Final[Verdict] = (False, ())
DAY_FIELDS: Final[tuple[FieldName, ...]] = ("red_flags", "urinary", "triggers", "spasm_locations")
PROFILE_FIELDS: Final[tuple[FieldName, ...]] = ("conditions", "medications")
PROFILE_FLAGS: Final[tuple[str, ...]] = ("medication_changed_recently",)


class RulebookError(ValueError):
    """The rulebook data breaks the condition language or names an unknown id."""


@dataclass(frozen=True, slots=True)
class DayFacts:
    """One day's record as sets, ready for fast membership tests."""

    date: dt.date
    water_ml: int | None
    spasm_count: int
    max_severity: int
    longest_minutes: int | None  # None when unknown or when the day had no spasm
    lists: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, day: Day) -> DayFacts:
        """Facts of a day; a spasm count of 0 means no spasms, whatever else was given."""
        spasms = day.spasms
        has_spasm = spasms.count > 0
        return cls(
            date=day.date,
            water_ml=day.water_ml,
            spasm_count=spasms.count,
            max_severity=(spasms.max_severity or 0) if has_spasm else 0,
            longest_minutes=spasms.longest_minutes if has_spasm else None,
            lists={
                "red_flags": frozenset(day.red_flags),
                "urinary": frozenset(day.urinary),
                "triggers": frozenset(day.triggers),
                "spasm_locations": frozenset(spasms.locations) if has_spasm else frozenset(),
            },
        )


@dataclass(slots=True)
class Facts:
    """Everything a condition may look at: profile, the window of days, rules fired so far."""

    water_goal_ml: int
    age: int | None
    profile_lists: Mapping[str, frozenset[str]]
    profile_flags: Mapping[str, bool]
    today: DayFacts
    by_offset: Mapping[int, DayFacts]  # 0 is today, 1 yesterday, ...; a missing key is unknown
    fired: set[str] = field(default_factory=set)


def compile_condition(raw: Any, path: str, *, earlier_rules: Sequence[str] = ()) -> Condition:
    """Check one condition and compile it; `earlier_rules` may be named by `fired`."""
    return _Compiler(earlier_rules).compile(raw, path, in_days=False)


def needed_ids(raw: Any) -> frozenset[str] | None:
    """Ids of which today or the profile must hold at least one for a checked condition to hold,
    or None when it can hold without any (so the engine can skip rules that cannot fire)."""
    ((op, arg),) = raw.items()
    if op in ("has", "has_all"):
        return frozenset(arg["ids"])
    if op == "nonempty":
        return frozenset(vocabulary().ids(arg))
    if op == "all":
        known = [needs for needs in map(needed_ids, arg) if needs is not None]
        return min(known, key=len) if known else None
    if op == "any":
        union: set[str] = set()
        for child in arg:
            needs = needed_ids(child)
            if needs is None:
                return None
            union |= needs
        return frozenset(union)
    return None  # not, flag, numbers, fired, days: no id is needed


class _Compiler:
    def __init__(self, earlier_rules: Sequence[str]) -> None:
        self.earlier_rules = frozenset(earlier_rules)

    def compile(self, raw: Any, path: str, *, in_days: bool) -> Condition:
        if not isinstance(raw, Mapping) or len(raw) != 1:
            raise RulebookError(f"{path}: a condition is a table with exactly one key")
        ((op, arg),) = raw.items()
        builder = getattr(self, f"_op_{op}", None)
        if builder is None:
            raise RulebookError(f"{path}: unknown condition '{op}'")
        condition: Condition = builder(arg, f"{path}.{op}", in_days)
        return condition

    def _children(self, arg: Any, path: str, in_days: bool) -> list[Condition]:
        if not isinstance(arg, list) or not arg:
            raise RulebookError(f"{path}: expected a non-empty list of conditions")
        return [self.compile(item, f"{path}[{i}]", in_days=in_days) for i, item in enumerate(arg)]

    def _op_all(self, arg: Any, path: str, in_days: bool) -> Condition:
        children = self._children(arg, path, in_days)

        def all_(facts: Facts, day: DayFacts) -> Verdict:
            because: list[str] = []
            for child in children:
                ok, why = child(facts, day)
                if not ok:
                    return NO
                because.extend(why)
            return True, tuple(dict.fromkeys(because))

        return all_

    def _op_any(self, arg: Any, path: str, in_days: bool) -> Condition:
        children = self._children(arg, path, in_days)

        def any_(facts: Facts, day: DayFacts) -> Verdict:
            held = False
            because: list[str] = []
            for child in children:
                ok, why = child(facts, day)
                if ok:
                    held = True
                    because.extend(why)
            return (True, tuple(dict.fromkeys(because))) if held else NO

        return any_

    def _op_not(self, arg: Any, path: str, in_days: bool) -> Condition:
        child = self.compile(arg, path, in_days=in_days)

        def not_(facts: Facts, day: DayFacts) -> Verdict:
            return NO if child(facts, day)[0] else (True, ())

        return not_

    def _field_ids(self, arg: Any, path: str) -> tuple[str, tuple[str, ...]]:
        if not isinstance(arg, Mapping) or set(arg) != {"field", "ids"}:
            raise RulebookError(f"{path}: expected {{ field = ..., ids = [...] }}")
        name, wanted = arg["field"], arg["ids"]
        if name not in DAY_FIELDS + PROFILE_FIELDS:
            raise RulebookError(f"{path}.field: unknown field '{name}'")
        if not isinstance(wanted, list) or not wanted:
            raise RulebookError(f"{path}.ids: expected a non-empty list of ids")
        known = set(vocabulary().ids(name))
        for i, term in enumerate(wanted):
            if term not in known:
                raise RulebookError(f"{path}.ids[{i}]: unknown id '{term}' in {name}")
        return name, tuple(wanted)

    def _op_has(self, arg: Any, path: str, in_days: bool) -> Condition:
        name, wanted = self._field_ids(arg, path)
        lookup = _list_lookup(name)
        wanted_set = frozenset(wanted)

        def has(facts: Facts, day: DayFacts) -> Verdict:
            present = lookup(facts, day)
            if present.isdisjoint(wanted_set):
                return NO
            return True, tuple(term for term in wanted if term in present)

        return has

    def _op_has_all(self, arg: Any, path: str, in_days: bool) -> Condition:
        name, wanted = self._field_ids(arg, path)
        lookup = _list_lookup(name)
        needed = frozenset(wanted)

        def has_all(facts: Facts, day: DayFacts) -> Verdict:
            return (True, wanted) if needed <= lookup(facts, day) else NO

        return has_all

    def _op_nonempty(self, arg: Any, path: str, in_days: bool) -> Condition:
        if arg not in DAY_FIELDS + PROFILE_FIELDS:
            raise RulebookError(f"{path}: unknown field '{arg}'")
        lookup = _list_lookup(arg)
        order = vocabulary().order(arg)

        def nonempty(facts: Facts, day: DayFacts) -> Verdict:
            present = lookup(facts, day)
            return (True, tuple(sorted(present, key=order.__getitem__))) if present else NO

        return nonempty

    def _op_flag(self, arg: Any, path: str, in_days: bool) -> Condition:
        if arg not in PROFILE_FLAGS:
            raise RulebookError(f"{path}: unknown profile flag '{arg}'")

        def flag(facts: Facts, day: DayFacts) -> Verdict:
            return (True, (f"{arg}=true",)) if facts.profile_flags.get(arg) else NO

        return flag

    def _op_spasms_at_least(self, arg: Any, path: str, in_days: bool) -> Condition:
        least = _whole(arg, path, low=1)

        def spasms_at_least(facts: Facts, day: DayFacts) -> Verdict:
            count = day.spasm_count
            return (True, (f"spasms.count={count}",)) if count >= least else NO

        return spasms_at_least

    def _op_severity_at_least(self, arg: Any, path: str, in_days: bool) -> Condition:
        least = _whole(arg, path, low=0, high=10)

        def severity_at_least(facts: Facts, day: DayFacts) -> Verdict:
            severity = day.max_severity
            ok = day.spasm_count > 0 and severity >= least
            return (True, (f"spasms.max_severity={severity}",)) if ok else NO

        return severity_at_least

    def _op_longest_minutes_at_least(self, arg: Any, path: str, in_days: bool) -> Condition:
        least = _whole(arg, path, low=1)

        def longest_minutes_at_least(facts: Facts, day: DayFacts) -> Verdict:
            minutes = day.longest_minutes
            if minutes is None or minutes < least:
                return NO
            return True, (f"spasms.longest_minutes={minutes}",)

        return longest_minutes_at_least

    def _op_age_at_least(self, arg: Any, path: str, in_days: bool) -> Condition:
        least = _whole(arg, path, low=1, high=130)

        def age_at_least(facts: Facts, day: DayFacts) -> Verdict:
            age = facts.age
            return (True, (f"age={age}",)) if age is not None and age >= least else NO

        return age_at_least

    def _op_water_below_goal(self, arg: Any, path: str, in_days: bool) -> Condition:
        if not isinstance(arg, int | float) or isinstance(arg, bool) or not 0 < arg <= 1:
            raise RulebookError(f"{path}: expected a share of the goal between 0 and 1")
        share = float(arg)

        def water_below_goal(facts: Facts, day: DayFacts) -> Verdict:
            water = day.water_ml
            if water is None or water >= share * facts.water_goal_ml:
                return NO
            return True, (f"water_ml={water}",)

        return water_below_goal

    def _op_fired(self, arg: Any, path: str, in_days: bool) -> Condition:
        if in_days:
            raise RulebookError(f"{path}: 'fired' cannot be used inside 'days'")
        if not isinstance(arg, list) or not arg:
            raise RulebookError(f"{path}: expected a non-empty list of rule ids")
        for i, rule_id in enumerate(arg):
            if rule_id not in self.earlier_rules:
                raise RulebookError(
                    f"{path}[{i}]: '{rule_id}' is not a rule listed before this one"
                )
        rule_ids = tuple(arg)

        def fired(facts: Facts, day: DayFacts) -> Verdict:
            return (True, ()) if any(r in facts.fired for r in rule_ids) else NO

        return fired

    def _op_days(self, arg: Any, path: str, in_days: bool) -> Condition:
        if in_days:
            raise RulebookError(f"{path}: 'days' cannot be nested")
        if not isinstance(arg, Mapping) or "window" not in arg or "where" not in arg:
            raise RulebookError(
                f"{path}: expected {{ window = N, where = ..., at_least or every }}"
            )
        unknown = set(arg) - {"window", "where", "at_least", "every"}
        if unknown:
            raise RulebookError(f"{path}: unknown key(s) {sorted(unknown)}")
        window = _whole(arg["window"], f"{path}.window", low=1, high=31)
        where = self.compile(arg["where"], f"{path}.where", in_days=True)
        if ("at_least" in arg) == ("every" in arg):
            raise RulebookError(f"{path}: give exactly one of 'at_least' and 'every'")
        if "every" in arg and arg["every"] is not True:
            raise RulebookError(f"{path}.every: must be true")
        needed = window if "every" in arg else _whole(arg["at_least"], f"{path}.at_least", low=1)

        def days(facts: Facts, day: DayFacts) -> Verdict:
            hits: list[tuple[DayFacts, tuple[str, ...]]] = []
            for offset in range(window):
                if len(hits) + window - offset < needed:
                    return NO  # too few days left to get there
                record = facts.by_offset.get(offset)
                if record is None:
                    continue  # an unknown day counts neither way
                ok, why = where(facts, record)
                if ok:
                    hits.append((record, why))
            if len(hits) < needed:
                return NO
            stamped = (f"{r.date.isoformat()}:{item}" for r, why in hits for item in why)
            return True, tuple(stamped)

        return days


def _list_lookup(name: str) -> Callable[[Facts, DayFacts], frozenset[str]]:
    if name in PROFILE_FIELDS:
        return lambda facts, day: facts.profile_lists[name]
    return lambda facts, day: day.lists[name]


def _whole(value: Any, path: str, *, low: int, high: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise RulebookError(f"{path}: expected a whole number of at least {low}")
    if high is not None and value > high:
        raise RulebookError(f"{path}: expected a whole number of at most {high}")
    return value
