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
from engine.words import with_rule_words

# The triage table of contract v1 (engine.md) with each rule's level, as contract v2 leaves it:
# rhabdomyolysis and leg_weakness became emergencies.
V1_RULES = (
    ("cauda_equina", "emergency"), ("leg_weakness_with_back_pain", "emergency"),
    ("breathing_difficulty", "emergency"), ("slurred_speech", "emergency"),
    ("confusion", "emergency"), ("urinary_retention", "emergency"),
    ("kidney_infection", "urgent"), ("fever_with_rash", "urgent"), ("renal_colic", "urgent"),
    ("rhabdomyolysis", "emergency"), ("leg_weakness", "emergency"),
    ("blood_in_urine", "soon"), ("recurrent_uti", "soon"),
    ("persistent_voiding_difficulty", "soon"), ("daily_spasms_without_trigger", "soon"),
    ("spasms_after_medication_change", "soon"), ("face_spasm", "soon"),
    ("numbness_or_weakness", "soon"), ("frequent_severe_spasms", "soon"),
    ("fever_or_rash", "soon"),
)  # fmt: skip
# The rules contract v2 adds (engine-v2.md: rulebook-delta.toml's 23 emergency, 12 urgent and
# 4 soon), and the statin rule that speaks instead of spasms_after_medication_change.
V2_EMERGENCY = (
    "chest_pain", "stroke_signs", "seizure", "sudden_severe_headache", "rash_not_fading",
    "meningitis_signs", "possible_sepsis", "infected_blocked_kidney", "renal_colic_high_risk",
    "early_cauda_equina", "back_spasm_both_legs", "tetany", "tetanus_signs",
    "drug_reaction_severe", "muscle_breakdown", "clot_with_chest_symptoms", "cold_pale_limb",
    "injury_cannot_bear_weight", "fainting_warning_signs", "palpitations_warning_signs",
    "pregnancy_bleeding_severe", "no_urine_with_danger_signs", "overdose_or_self_injury",
)  # fmt: skip
V2_URGENT = (
    "voiding_difficulty_with_back_spasm", "possible_leg_clot", "long_cramp", "tetanus_risk",
    "drug_reaction_possible", "statin_muscle_symptoms", "pregnancy_bleeding",
    "pregnancy_warning_signs", "cannot_keep_fluids_down", "no_urine_passed",
    "palpitations_with_salt_loss", "headache_stiff_neck",
)  # fmt: skip
V2_SOON = ("visible_blood_in_urine_45_plus", "fainted", "palpitations",
           "frequent_cramps_on_cramp_medicine", "spasms_after_statin_change")  # fmt: skip
# Invariant 4 (a red flag is never hidden): a rule for each new red flag that the delta only
# weighs together with something else.
ALONE_RULES = (
    ("both_legs_symptoms", "urgent"), ("vaginal_bleeding", "urgent"),
    ("rigid_or_jerking_muscles", "urgent"), ("vision_problems", "urgent"),
    ("sudden_swelling", "urgent"), ("tingling_around_mouth", "soon"),
    ("aching_all_over", "soon"),
)  # fmt: skip
SPEC_RULES = {
    *V1_RULES,
    *((rule_id, "emergency") for rule_id in V2_EMERGENCY),
    *((rule_id, "urgent") for rule_id in V2_URGENT),
    *((rule_id, "soon") for rule_id in V2_SOON),
    *ALONE_RULES,
}
BACK_QUESTIONS = (
    "bladder_change_with_back_pain", "saddle_numbness", "both_legs_symptoms", "bowel_control_loss",
)  # fmt: skip
SPEC_FACTORS = (
    "hydration_deficit", "spasm_burden", "urinary_adjacent_spasm", "voiding_difficulty",
    "bladder_irritation", "electrolyte_risk", "kidney_history", "lifestyle_triggers",
    "dehydration_trend", "spasm_trend",
)  # fmt: skip


def shipped() -> dict[str, Any]:
    """A fresh copy of the shipped rulebook data, with its words from the English catalog."""
    text = resources.files("engine.data").joinpath("rulebook.toml").read_text(encoding="utf-8")
    return with_rule_words(tomllib.loads(text))


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

    return re.sub(r"(rules|factors)\[([a-z][a-z0-9_]*)\]", index, template)


def test_shipped_rulebook_has_the_spec_rules_and_factors() -> None:
    book = rulebook()
    assert book.version == ENGINE_VERSION == "2.0.0"
    assert (len(V2_EMERGENCY), len(V2_URGENT), len(V2_SOON) - 1) == (23, 12, 4)
    assert {(rule.id, rule.level) for rule in book.rules} == SPEC_RULES
    assert len(book.rules) == len(SPEC_RULES)
    ranks = [("emergency", "urgent", "soon").index(rule.level) for rule in book.rules]
    assert ranks == sorted(ranks), "the rulebook lists emergency, then urgent, then soon"
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


def test_every_urgent_and_soon_rule_says_what_to_do_if_it_gets_worse() -> None:
    for rule in rulebook().rules:
        if rule.level in ("urgent", "soon"):
            assert rule.if_worse and rule.if_worse.strip(), rule.id
        else:
            assert rule.if_worse is None, rule.id


def test_every_rule_keeps_its_source() -> None:
    assert all(rule.source.strip() for rule in rulebook().rules)
    assert rulebook().too_much_water.source.strip()


def test_back_trouble_with_trouble_peeing_is_urgent_and_asks_the_nerve_questions() -> None:
    (rule,) = [r for r in rulebook().rules if r.id == "voiding_difficulty_with_back_spasm"]
    assert rule.level == "urgent"
    assert rule.ask == BACK_QUESTIONS
    text = rule.message.lower()  # says plainly when it is an emergency now
    assert "emergency" in text and "now" in text
    assert "since the back pain began" in text and "both legs" in text
    assert "numb between your legs" in text


def test_too_much_water_limits_are_the_contract_s() -> None:
    limits = rulebook().too_much_water
    assert (limits.day_total_at_least_ml, limits.single_drink_over_ml) == (5000, 1500)
    assert limits.exceeded(5000, None) and not limits.exceeded(4999, None)
    assert limits.exceeded(None, 1501) and not limits.exceeded(None, 1500)
    assert not limits.exceeded(None, None)


def test_shipped_data_parses_unchanged() -> None:
    book = parse_rulebook(shipped())
    assert [rule.id for rule in book.rules] == [rule.id for rule in rulebook().rules]


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    """A change that sets the value at `path` (rules and factors may be named by id)."""

    def change(raw: dict[str, Any]) -> None:
        target: Any = raw
        steps = resolve(raw, path)
        for step in steps[:-1]:
            target = target[step]
        target[steps[-1]] = value

    return change


def _drop(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    """A change that removes the key at `path` (rules may be named by id)."""

    def change(raw: dict[str, Any]) -> None:
        target: Any = raw
        steps = resolve(raw, path)
        for step in steps[:-1]:
            target = target[step]
        del target[steps[-1]]

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
    # contract v2
    "urgent rule without if_worse": (
        _drop(["rules", "renal_colic", "if_worse"]), "rules[renal_colic].if_worse", "text"),
    "soon rule with an empty if_worse": (
        _set(["rules", "face_spasm", "if_worse"], ""), "rules[face_spasm].if_worse", "text"),
    "emergency rule with if_worse": (
        _set(["rules", "chest_pain", "if_worse"], "Rest."), "rules[chest_pain].if_worse", "now"),
    "rule without a source": (
        _drop(["rules", "long_cramp", "source"]), "rules[long_cramp].source", "text"),
    "rule with an empty source": (
        _set(["rules", "cauda_equina", "source"], " "), "rules[cauda_equina].source", "text"),
    "ask names an unknown red flag": (
        _set(["rules", "voiding_difficulty_with_back_spasm", "ask", 1], "saddle_numbnes"),
        "rules[voiding_difficulty_with_back_spasm].ask[1]", "saddle_numbnes"),
    "ask names a urinary symptom": (
        _set(["rules", "fainted", "ask"], ["hesitancy"]), "rules[fainted].ask[0]", "hesitancy"),
    "ask repeats an id": (
        _set(["rules", "fainted", "ask"], ["seizure", "seizure"]), "rules[fainted].ask[1]",
        "twice"),
    "age_at_least not a number": (
        _set(_where("visible_blood_in_urine_45_plus", "all", 1, "age_at_least"), "45"),
        "rules[visible_blood_in_urine_45_plus].when.all[1].age_at_least", "whole number"),
    "age_at_least 0": (
        _set(_where("visible_blood_in_urine_45_plus", "all", 1, "age_at_least"), 0),
        "rules[visible_blood_in_urine_45_plus].when.all[1].age_at_least", "at least 1"),
    "longest_minutes_at_least negative": (
        _set(_where("long_cramp", "longest_minutes_at_least"), -10),
        "rules[long_cramp].when.longest_minutes_at_least", "whole number"),
    "longest_minutes_at_least true": (
        _set(_where("long_cramp", "longest_minutes_at_least"), True),
        "rules[long_cramp].when.longest_minutes_at_least", "whole number"),
    "too_much_water missing": (_drop(["too_much_water"]), "too_much_water", "table"),
    "too_much_water limit not a number": (
        _set(["too_much_water", "single_drink_over_ml"], "1500"),
        "too_much_water.single_drink_over_ml", "ml"),
    "too_much_water without a source": (
        _drop(["too_much_water", "source"]), "too_much_water.source", "text"),
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
