"""Load and check the rulebook (triage rules, risk factors, levels) shipped as data."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

from engine.conditions import (
    DAY_FIELDS,
    PROFILE_FIELDS,
    Condition,
    DayFacts,
    Facts,
    RulebookError,
    compile_condition,
    needed_ids,
)
from engine.types import TRIAGE_LEVELS, RiskLevel, TriageLevel
from engine.vocabulary import vocabulary
from engine.words import with_rule_words

Score = Callable[[Facts], tuple[int, tuple[str, ...]]]

ENGINE_VERSION: Final = "2.0.0"  # the contract version; the shipped rulebook must carry it

FACTOR_IDS: Final[tuple[str, ...]] = (
    "hydration_deficit",
    "spasm_burden",
    "urinary_adjacent_spasm",
    "voiding_difficulty",
    "bladder_irritation",
    "electrolyte_risk",
    "kidney_history",
    "lifestyle_triggers",
    "dehydration_trend",
    "spasm_trend",
)
_LINEAR_VALUES: Final[Mapping[str, Callable[[DayFacts], int]]] = {
    "spasms.count": lambda day: day.spasm_count,
    "spasms.max_severity": lambda day: day.max_severity,
}


@dataclass(frozen=True, slots=True)
class Rule:
    """A triage rule: when it fires, its level and what to tell the person."""

    id: str
    level: TriageLevel
    when: Condition
    message: str
    why: str
    source: str  # where the rule comes from (guideline or source article), kept with it
    if_worse: str | None = None  # required for urgent and soon rules
    ask: tuple[str, ...] = ()  # red flags to ask about at once when the rule fires
    # Ids of which today or the profile must hold one for the rule to fire (None: no such ids);
    # the engine skips the rule without running its condition when none is present.
    needs: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class FactorRule:
    """A risk factor: how many points today's facts earn, and from which inputs."""

    id: str
    score: Score


@dataclass(frozen=True, slots=True)
class WaterLimits:
    """When today's water is far more than a body needs (it then earns a warning advice)."""

    day_total_at_least_ml: int
    single_drink_over_ml: int
    source: str

    def exceeded(self, water_ml: int | None, largest_drink_ml: int | None) -> bool:
        """Whether a day's total or its largest single drink is over the limits."""
        return (water_ml is not None and water_ml >= self.day_total_at_least_ml) or (
            largest_drink_ml is not None and largest_drink_ml > self.single_drink_over_ml
        )


@dataclass(frozen=True, slots=True)
class Rulebook:
    """The whole checked rulebook."""

    version: str
    rules: tuple[Rule, ...]
    factors: tuple[FactorRule, ...]
    score_cap: int
    risk_levels: tuple[tuple[int, RiskLevel], ...]  # (from score, level), ascending
    max_window: int  # the most days back any condition looks, today included
    too_much_water: WaterLimits

    def risk_level(self, score: int) -> RiskLevel:
        """The level whose range holds the score."""
        level = self.risk_levels[0][1]
        for floor, name in self.risk_levels:
            if score >= floor:
                level = name
        return level


@cache
def rulebook() -> Rulebook:
    """The rulebook shipped with the package, loaded and checked once."""
    text = resources.files("engine.data").joinpath("rulebook.toml").read_text()
    book = parse_rulebook(with_rule_words(tomllib.loads(text)))
    if book.version != ENGINE_VERSION:
        raise RulebookError(f"version: rulebook {book.version} != engine {ENGINE_VERSION}")
    return book


def parse_rulebook(raw: Mapping[str, Any]) -> Rulebook:
    """Check raw rulebook data and compile it; RulebookError names the first problem."""
    _only_keys(
        raw,
        {"version", "score_cap", "risk_levels", "rules", "factors", "too_much_water"},
        "rulebook",
    )
    version = raw.get("version")
    if not isinstance(version, str) or not version:
        raise RulebookError("version: expected a version string")
    rules = _parse_rules(raw.get("rules", []))
    factors = _parse_factors(raw.get("factors", []))
    cap = raw.get("score_cap")
    if not isinstance(cap, int) or cap <= 0:
        raise RulebookError("score_cap: expected a positive whole number")
    levels = _parse_levels(raw.get("risk_levels"))
    water = _parse_water_limits(raw.get("too_much_water"))
    return Rulebook(version, rules, factors, cap, levels, max(1, _max_window(raw)), water)


def _parse_water_limits(raw: Any) -> WaterLimits:
    path = "too_much_water"
    _only_keys(raw, {"day_total_at_least_ml", "single_drink_over_ml", "source"}, path)
    limits = []
    for key in ("day_total_at_least_ml", "single_drink_over_ml"):
        value = raw.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise RulebookError(f"{path}.{key}: expected a positive whole number of ml")
        limits.append(value)
    return WaterLimits(limits[0], limits[1], _text(raw, "source", path))


def _max_window(raw: Any) -> int:
    """The largest `days.window` anywhere in the data (conditions are already checked)."""
    if isinstance(raw, Mapping):
        own = raw["days"]["window"] if isinstance(raw.get("days"), Mapping) else 0
        return max([own, *(_max_window(value) for value in raw.values())])
    if isinstance(raw, list):
        return max((_max_window(item) for item in raw), default=0)
    return 0


def _parse_rules(raw_rules: Any) -> tuple[Rule, ...]:
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RulebookError("rules: expected a non-empty list")
    rules: list[Rule] = []
    for i, raw in enumerate(raw_rules):
        path = f"rules[{i}]"
        _only_keys(raw, _RULE_KEYS, path)
        rule_id = raw.get("id")
        if not isinstance(rule_id, str) or any(r.id == rule_id for r in rules):
            raise RulebookError(f"{path}.id: missing or repeated rule id {rule_id!r}")
        level = raw.get("level")
        if level not in TRIAGE_LEVELS or level == "self_care":
            raise RulebookError(f"{path}.level: expected soon, urgent or emergency")
        message, why, source = (_text(raw, key, path) for key in ("message", "why", "source"))
        try:
            why.format(findings="")
        except (KeyError, IndexError, ValueError) as error:
            raise RulebookError(f"{path}.why: only {{findings}} may be used") from error
        # Urgent and soon answers say what to do if it gets worse; an emergency is already "now".
        if level == "emergency":
            if "if_worse" in raw:
                raise RulebookError(f"{path}.if_worse: an emergency rule already says 'now'")
            if_worse = None
        else:
            if_worse = _text(raw, "if_worse", path)
        when = compile_condition(
            raw.get("when"), f"{path}.when", earlier_rules=[r.id for r in rules]
        )
        ask = _ask(raw.get("ask", []), f"{path}.ask")
        needs = needed_ids(raw["when"])
        rules.append(Rule(rule_id, level, when, message, why, source, if_worse, ask, needs))
    return tuple(rules)


_RULE_KEYS: Final = frozenset(
    {"id", "level", "when", "message", "why", "source", "if_worse", "ask"}
)


def _ask(raw: Any, path: str) -> tuple[str, ...]:
    """The red flags a rule asks about: known ids, each once."""
    if not isinstance(raw, list):
        raise RulebookError(f"{path}: expected a list of red flag ids")
    known = set(vocabulary().ids("red_flags"))
    for i, term in enumerate(raw):
        if term not in known:
            raise RulebookError(f"{path}[{i}]: unknown red flag {term!r}")
        if term in raw[:i]:
            raise RulebookError(f"{path}[{i}]: {term!r} is listed twice")
    return tuple(raw)


def _text(raw: Mapping[str, Any], key: str, path: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RulebookError(f"{path}.{key}: expected text")
    return value.strip()


def _parse_factors(raw_factors: Any) -> tuple[FactorRule, ...]:
    if not isinstance(raw_factors, list):
        raise RulebookError("factors: expected a list")
    factors: list[FactorRule] = []
    for i, raw in enumerate(raw_factors):
        path = f"factors[{i}]"
        factor_id = raw.get("id") if isinstance(raw, Mapping) else None
        if factor_id not in FACTOR_IDS or any(f.id == factor_id for f in factors):
            raise RulebookError(f"{path}.id: unknown or repeated factor id {factor_id!r}")
        kinds = [k for k in ("deficit", "linear", "points", "each") if k in raw]
        if len(kinds) != 1:
            raise RulebookError(f"{path}: give exactly one of deficit, linear, points, each")
        builder = {"deficit": _deficit, "linear": _linear, "points": _points, "each": _each}
        factors.append(FactorRule(factor_id, builder[kinds[0]](raw, path)))
    missing = set(FACTOR_IDS) - {f.id for f in factors}
    if missing:
        raise RulebookError(f"factors: missing {sorted(missing)}")
    return tuple(factors)


def _deficit(raw: Mapping[str, Any], path: str) -> Score:
    _only_keys(raw, {"id", "deficit"}, path)
    max_points = raw["deficit"].get("max_points") if isinstance(raw["deficit"], Mapping) else None
    if not isinstance(max_points, int) or max_points <= 0:
        raise RulebookError(f"{path}.deficit.max_points: expected a positive whole number")

    def deficit(facts: Facts) -> tuple[int, tuple[str, ...]]:
        water, goal = facts.today.water_ml, facts.water_goal_ml
        if water is None or water >= goal:
            return 0, ()
        points = _round_half_up(max_points * (goal - water), goal)
        return points, (f"water_ml={water}", f"water_goal_ml={goal}")

    return deficit


def _linear(raw: Mapping[str, Any], path: str) -> Score:
    _only_keys(raw, {"id", "linear", "when"}, path)
    when = compile_condition(raw.get("when"), f"{path}.when")
    spec = raw["linear"]
    base = spec.get("base", 0) if isinstance(spec, Mapping) else None
    terms_raw = spec.get("terms") if isinstance(spec, Mapping) else None
    if not isinstance(base, int) or not isinstance(terms_raw, list):
        raise RulebookError(f"{path}.linear: expected {{ base = N, terms = [...] }}")
    terms: list[tuple[str, int, int | None]] = []
    for j, term in enumerate(terms_raw):
        tpath = f"{path}.linear.terms[{j}]"
        _only_keys(term, {"value", "times", "max"}, tpath)
        if term.get("value") not in _LINEAR_VALUES or not isinstance(term.get("times"), int):
            raise RulebookError(f"{tpath}: expected value in {sorted(_LINEAR_VALUES)} and times")
        terms.append((term["value"], term["times"], term.get("max")))

    def linear(facts: Facts) -> tuple[int, tuple[str, ...]]:
        if not when(facts, facts.today)[0]:
            return 0, ()
        points, because = base, []
        for name, times, cap in terms:
            value = _LINEAR_VALUES[name](facts.today)
            points += times * (value if cap is None else min(value, cap))
            because.append(f"{name}={value}")
        return points, tuple(because)

    return linear


def _points(raw: Mapping[str, Any], path: str) -> Score:
    _only_keys(raw, {"id", "points", "when"}, path)
    points = raw["points"]
    if not isinstance(points, int) or points <= 0:
        raise RulebookError(f"{path}.points: expected a positive whole number")
    when = compile_condition(raw.get("when"), f"{path}.when")

    def fixed(facts: Facts) -> tuple[int, tuple[str, ...]]:
        ok, because = when(facts, facts.today)
        return (points, because) if ok else (0, ())

    return fixed


def _each(raw: Mapping[str, Any], path: str) -> Score:
    _only_keys(raw, {"id", "each", "cap"}, path)
    cap = raw.get("cap")
    if not isinstance(cap, int) or cap <= 0 or not isinstance(raw["each"], list):
        raise RulebookError(f"{path}: expected each = [...] and a positive cap")
    items: list[tuple[str, str, int]] = []
    for j, item in enumerate(raw["each"]):
        ipath = f"{path}.each[{j}]"
        _only_keys(item, {"field", "id", "points"}, ipath)
        name, term = item.get("field"), item.get("id")
        if name not in DAY_FIELDS + PROFILE_FIELDS or term not in vocabulary().ids(name):
            raise RulebookError(f"{ipath}: unknown field or id {name!r}/{term!r}")
        if not isinstance(item.get("points"), int) or item["points"] <= 0:
            raise RulebookError(f"{ipath}.points: expected a positive whole number")
        items.append((name, term, item["points"]))

    def each(facts: Facts) -> tuple[int, tuple[str, ...]]:
        points, because = 0, []
        for name, term, worth in items:
            present = (
                facts.profile_lists[name] if name in PROFILE_FIELDS else facts.today.lists[name]
            )
            if term in present:
                points += worth
                because.append(term)
        return min(points, cap), tuple(because)

    return each


def _parse_levels(raw: Any) -> tuple[tuple[int, RiskLevel], ...]:
    expected: tuple[RiskLevel, ...] = ("low", "moderate", "high")
    if not isinstance(raw, list) or [item.get("id") for item in raw] != list(expected):
        raise RulebookError("risk_levels: expected low, moderate and high in that order")
    floors = [item.get("from") for item in raw]
    if floors[0] != 0 or not all(isinstance(f, int) for f in floors) or floors != sorted(floors):
        raise RulebookError("risk_levels: 'from' must start at 0 and rise")
    return tuple((int(f), level) for f, level in zip(floors, expected, strict=True))


def _only_keys(raw: Any, allowed: AbstractSet[str], path: str) -> None:
    if not isinstance(raw, Mapping):
        raise RulebookError(f"{path}: expected a table")
    unknown = set(raw) - allowed
    if unknown:
        raise RulebookError(f"{path}: unknown key(s) {sorted(unknown)}")


def _round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up (12.5 -> 13), exactly, in whole numbers."""
    return (2 * numerator + denominator) // (2 * denominator)
