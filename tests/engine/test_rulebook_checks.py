"""The shipped rulebook matches the spec, and the loader rejects bad rulebook data with an error
that names where the problem is. Each case changes one thing in a copy of the shipped data."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest

from engine.rulebook import ENGINE_VERSION, RulebookError, parse_rulebook, rulebook

# The triage table of the spec, in its order, with each rule's level.
SPEC_RULES = (
    ("cauda_equina", "emergency"), ("leg_weakness_with_back_pain", "emergency"),
    ("breathing_difficulty", "emergency"), ("slurred_speech", "emergency"),
    ("confusion", "emergency"), ("urinary_retention", "emergency"),
    ("kidney_infection", "urgent"), ("fever_with_rash", "urgent"), ("renal_colic", "urgent"),
    ("rhabdomyolysis", "urgent"), ("leg_weakness", "urgent"),
    ("blood_in_urine", "soon"), ("recurrent_uti", "soon"),
    ("persistent_voiding_difficulty", "soon"), ("daily_spasms_without_trigger", "soon"),
    ("spasms_after_medication_change", "soon"), ("face_spasm", "soon"),
    ("numbness_or_weakness", "soon"), ("frequent_severe_spasms", "soon"),
    ("fever_or_rash", "soon"),
)  # fmt: skip
SPEC_FACTORS = (
    "hydration_deficit", "spasm_burden", "urinary_adjacent_spasm", "voiding_difficulty",
    "bladder_irritation", "electrolyte_risk", "kidney_history", "lifestyle_triggers",
    "dehydration_trend", "spasm_trend",
)  # fmt: skip


def shipped() -> dict[str, Any]:
    """A fresh copy of the shipped rulebook data."""
    text = resources.files("engine.data").joinpath("rulebook.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def resolve(raw: dict[str, Any], steps: list[Any]) -> list[Any]:
    """Steps with rule and factor ids after "rules"/"factors" turned into their indexes."""
    resolved: list[Any] = []
    for step in steps:
        if resolved and resolved[-1] in ("rules", "factors") and isinstance(step, str):
            items = raw[resolved[-1]]
            resolved.append(next(i for i, item in enumerate(items) if item["id"] == step))
        else:
            resolved.append(step)
    return resolved


def path_of(raw: dict[str, Any], template: str) -> str:
    """`rules[leg_weakness].when` -> `rules[10].when`."""

    def index(match: re.Match[str]) -> str:
        return f"{match[1]}[{resolve(raw, [match[1], match[2]])[1]}]"

    return re.sub(r"(rules|factors)\[([a-z_]+)\]", index, template)


def test_shipped_rulebook_has_the_spec_rules_and_factors() -> None:
    book = rulebook()
    assert book.version == ENGINE_VERSION
    assert [(rule.id, rule.level) for rule in book.rules] == list(SPEC_RULES)
    assert [factor.id for factor in book.factors] == list(SPEC_FACTORS)
    assert book.score_cap == 100
    assert [book.risk_level(s) for s in (0, 29, 30, 59, 60, 100)] == [
        "low", "low", "moderate", "moderate", "high", "high"
    ]  # fmt: skip
    assert all(rule.message.strip() and rule.why.strip() for rule in book.rules)


def test_emergency_messages_say_call_now_and_do_not_drive() -> None:
    for rule in rulebook().rules:
        if rule.level == "emergency":
            text = rule.message.lower()
            assert "emergency" in text and "now" in text, rule.id
            assert "do not drive yourself" in text, rule.id


def test_shipped_data_parses_unchanged() -> None:
    book = parse_rulebook(shipped())
    assert [rule.id for rule in book.rules] == [rule_id for rule_id, _ in SPEC_RULES]


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    """A change that sets the value at `path` (rules and factors may be named by id)."""

    def change(raw: dict[str, Any]) -> None:
        target: Any = raw
        steps = resolve(raw, path)
        for step in steps[:-1]:
            target = target[step]
        target[steps[-1]] = value

    return change


def _drop_factor(factor_id: str) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        raw["factors"] = [f for f in raw["factors"] if f["id"] != factor_id]

    return change


def _where(rule: str, *inner: Any) -> list[Any]:
    return ["rules", rule, "when", *inner]


HAS_FLAGS = {"field": "red_flags", "ids": ["rash"]}
BAD: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    # change, the path the message starts with, a word it must name
    "unknown condition op": (
        _set(_where("cauda_equina"), {"has_any": HAS_FLAGS}),
        "rules[cauda_equina].when", "has_any"),
    "unknown id": (
        _set(_where("cauda_equina", "has", "ids", 1), "bladder_control"),
        "rules[cauda_equina].when.has.ids[1]", "bladder_control"),
    "unknown field": (
        _set(_where("cauda_equina", "has", "field"), "red_flag"),
        "rules[cauda_equina].when.has.field", "red_flag"),
    "fired names a later rule": (
        _set(_where("leg_weakness", "all", 1, "not", "fired"), ["blood_in_urine"]),
        "rules[leg_weakness].when.all[1].not.fired[0]", "blood_in_urine"),
    "fired names the rule itself": (
        _set(_where("leg_weakness", "all", 1, "not", "fired"), ["leg_weakness"]),
        "rules[leg_weakness].when.all[1].not.fired[0]", "leg_weakness"),
    "fired names an unknown rule": (
        _set(_where("fever_or_rash", "all", 1, "not", "fired"), ["kidney_infecton"]),
        "rules[fever_or_rash].when.all[1].not.fired[0]", "kidney_infecton"),
    "nested days": (
        _set(_where("persistent_voiding_difficulty", "days", "where"),
             {"days": {"window": 3, "at_least": 1, "where": {"nonempty": "urinary"}}}),
        "rules[persistent_voiding_difficulty].when.days.where", "nested"),
    "unknown key in a rule": (
        _set(["rules", 0, "severity"], "high"), "rules[0]", "severity"),
    "unknown key in days": (
        _set(_where("frequent_severe_spasms", "days", "at_most"), 5),
        "rules[frequent_severe_spasms].when.days", "at_most"),
    "unknown top-level key": (_set(["rule"], []), "rulebook", "rule"),
    "unknown key in a factor": (
        _set(["factors", "urinary_adjacent_spasm", "max"], 10),
        "factors[urinary_adjacent_spasm]", "max"),
    "bad level": (_set(["rules", 0, "level"], "critical"), "rules[0].level", "level"),
    "self_care is no rule level": (
        _set(["rules", 0, "level"], "self_care"), "rules[0].level", "level"),
    "missing factor": (_drop_factor("spasm_trend"), "factors", "spasm_trend"),
    "unknown factor": (_set(["factors", 0, "id"], "thirst"), "factors[0].id", "thirst"),
    "repeated rule id": (_set(["rules", 1, "id"], "cauda_equina"), "rules[1].id", "cauda_equina"),
    "unknown id in factor": (
        _set(["factors", "electrolyte_risk", "each", 0, "id"], "diuretics"),
        "factors[electrolyte_risk].each[0]", "diuretics"),
    "days with at_least and every": (
        _set(_where("daily_spasms_without_trigger", "days", "at_least"), 3),
        "rules[daily_spasms_without_trigger].when.days", "at_least"),
    "days window 0": (
        _set(_where("persistent_voiding_difficulty", "days", "window"), 0),
        "rules[persistent_voiding_difficulty].when.days.window", "window"),
    "water share above 1": (
        _set(["factors", "dehydration_trend", "when", "days", "where", "water_below_goal"], 1.5),
        "factors[dehydration_trend].when.days.where.water_below_goal", "share"),
    "empty any": (_set(_where("face_spasm", "any"), []), "rules[face_spasm].when.any", "list"),
    "two ops in one condition": (
        _set(_where("renal_colic"), {"has": HAS_FLAGS, "nonempty": "urinary"}),
        "rules[renal_colic].when", "one key"),
    "why with an unknown placeholder": (
        _set(["rules", 0, "why"], "{finding} hurts"), "rules[0].why", "findings"),
    "missing message": (_set(["rules", 0, "message"], " "), "rules[0].message", "text"),
}  # fmt: skip


@pytest.mark.parametrize(("change", "path", "word"), BAD.values(), ids=BAD.keys())
def test_bad_rulebook_is_rejected_naming_the_path(
    change: Callable[[dict[str, Any]], None], path: str, word: str
) -> None:
    raw = shipped()
    path = path_of(raw, path)
    change(raw)
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(raw)
    message = str(caught.value)
    assert message.startswith(path), message
    assert word in message
