"""Properties of the engine over generated valid input (hypothesis), including agreement with a
plain reading of the spec's rule and factor tables."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import engine
from engine.serialize import answer_to_dict, input_to_dict
from engine.types import AssessmentInput, Day
from tests.engine.conftest import (
    LEVEL_RANK,
    SPEC_IDS,
    WINDOW_DAYS,
    because_problems,
    day_dicts,
    history_dates,
    id_lists,
    input_dicts,
    run,
)

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BACK = {"lower_back", "upper_back", "hip", "thigh", "groin", "pelvic_floor"}
# Contract v2's back trouble with trouble peeing: "a back, hip, groin or pelvic spasm".
BACK_FOR_PEEING = {"lower_back", "upper_back", "hip", "groin", "pelvic_floor"}
ADJACENT = {"lower_back", "abdomen", "groin", "pelvic_floor", "hip"}
LOW_TUMMY = {"abdomen", "pelvic_floor", "lower_back"}
VOIDING = {"hesitancy", "weak_stream", "incomplete_emptying"}
ELECTROLYTE = {"vomiting_or_diarrhea", "heat_or_heavy_sweating", "low_potassium_intake",
               "low_magnesium_intake"}  # fmt: skip
KIDNEY = {"kidney_stones_history": 8, "kidney_disease": 8, "recurrent_uti": 6, "diabetes": 4}
ONE_FLAG_RULES = {  # rule id: the red flag that alone fires it
    "breathing_difficulty": "breathing_difficulty",
    "slurred_speech": "slurred_speech",
    "confusion": "confusion",
    "urinary_retention": "cannot_urinate",
    "renal_colic": "flank_pain",
    "rhabdomyolysis": "dark_urine_after_exercise",
    "numbness_or_weakness": "numbness_or_weakness",
    # contract v2
    "early_cauda_equina": "bladder_change_with_back_pain",
    "chest_pain": "chest_pain",
    "stroke_signs": "face_droop_or_arm_weakness",
    "seizure": "seizure",
    "sudden_severe_headache": "sudden_severe_headache",
    "rash_not_fading": "rash_not_fading",
    "cold_pale_limb": "cold_pale_limb",
    "injury_cannot_bear_weight": "injury_cannot_bear_weight",
    "overdose_or_self_injury": "overdose_or_self_injury",
    "possible_leg_clot": "leg_swollen_warm_red",
    "cannot_keep_fluids_down": "cannot_keep_fluids_down",
    "no_urine_passed": "no_urine_passed",
    "fainted": "fainted",
    "palpitations": "palpitations",
}


# ---------------------------------------------------------------- the spec's tables, plainly


def _spasm(day: Day) -> bool:
    return day.spasms.count > 0


def _severity(day: Day) -> int:
    return (day.spasms.max_severity or 0) if _spasm(day) else 0


def _window(value: AssessmentInput) -> dict[int, Day]:
    """Today and the 6 days before it that have a record, by days back."""
    days = {0: value.today}
    for day in value.history:
        back = (value.today.date - day.date).days
        if back < WINDOW_DAYS:
            days[back] = day
    return days


def spec_rules(value: AssessmentInput) -> set[str]:
    """The triage rules that fire, read straight off the spec's tables (v1, then v2's)."""
    today, profile = value.today, value.profile
    flags, urinary, triggers = set(today.red_flags), set(today.urinary), set(today.triggers)
    conditions, meds = set(profile.conditions), set(profile.medications)
    locations = set(today.spasms.locations) if _spasm(today) else set()
    longest = (today.spasms.longest_minutes or 0) if _spasm(today) else 0
    age = profile.age if profile.age is not None else -1
    med_change = "new_medication" in triggers or profile.medication_changed_recently
    window = _window(value).values()
    fever = "fever_or_chills" in flags
    fired = {
        "cauda_equina": bool(flags & {"saddle_numbness", "bladder_control_loss",
                                      "bowel_control_loss"}),
        "leg_weakness_with_back_pain": "leg_weakness" in flags and bool(locations & BACK),
        "kidney_infection": fever and bool(urinary or "blood_in_urine" in flags),
        "fever_with_rash": {"fever_or_chills", "rash"} <= flags,
        "recurrent_uti": "recurrent_uti" in conditions
        and bool(urinary & {"dysuria", "urgency", "frequency"}),
        "persistent_voiding_difficulty": sum(bool(set(d.urinary) & VOIDING) for d in window) >= 3,
        "daily_spasms_without_trigger": len(window) == WINDOW_DAYS
        and all(_spasm(d) and not d.triggers for d in window),
        "spasms_after_medication_change": _spasm(today) and med_change
        and "statin" not in meds,
        "face_spasm": "face_spasm" in flags or "face" in locations,
        "frequent_severe_spasms": sum(_severity(d) >= 8 for d in window) >= 3,
        # contract v2: emergency
        "back_spasm_both_legs": "both_legs_symptoms" in flags and bool(locations & BACK),
        "meningitis_signs": "headache_stiff_neck" in flags
        and bool(flags & {"fever_or_chills", "rash", "confusion"}),
        "possible_sepsis": "mottled_or_blue_skin" in flags or (fever and bool(
            flags & {"no_urine_passed", "widespread_muscle_pain_weakness", "fainted"})),
        "infected_blocked_kidney": fever and "flank_pain" in flags,
        "renal_colic_high_risk": "flank_pain" in flags and (
            bool(conditions & {"pregnancy", "kidney_disease", "single_or_transplanted_kidney"})
            or "cannot_keep_fluids_down" in flags or age >= 60),
        "muscle_breakdown": bool(flags & {"dark_urine_after_exercise", "blood_in_urine"})
        and bool(flags & {"widespread_muscle_pain_weakness", "no_urine_passed"}),
        "no_urine_with_danger_signs": "no_urine_passed" in flags
        and bool(flags & {"cannot_keep_fluids_down", "dark_urine_after_exercise"}),
        "tetany": "tingling_around_mouth" in flags
        and bool(locations & {"hand", "foot", "face"} or "face_spasm" in flags),
        "tetanus_signs": ("jaw_stiffness" in flags and bool(
            "recent_wound" in triggers or "swallowing_difficulty" in flags))
        or ("recent_wound" in triggers
        and bool(flags & {"muscle_rigidity_or_jerking", "swallowing_difficulty"})),
        "drug_reaction_severe": bool(meds & {"ssri", "antipsychotic"})
        and "muscle_rigidity_or_jerking" in flags
        and bool(flags & {"fever_or_chills", "palpitations", "confusion"}),
        "clot_with_chest_symptoms": "leg_swollen_warm_red" in flags
        and bool(flags & {"chest_pain", "breathing_difficulty"}),
        "fainting_warning_signs": "fainted" in flags and bool(
            flags & {"palpitations", "chest_pain", "seizure"} or "intense_exercise" in triggers),
        "palpitations_warning_signs": "palpitations" in flags
        and bool(flags & {"chest_pain", "breathing_difficulty", "fainted"}),
        "pregnancy_bleeding_severe": "vaginal_bleeding" in flags and (
            "fainted" in flags or ("pregnancy" in conditions
            and bool(locations & LOW_TUMMY) and _severity(today) >= 8)),
        # contract v2: urgent
        "voiding_difficulty_with_back_spasm": bool(locations & BACK_FOR_PEEING)
        and bool(urinary & VOIDING),
        "long_cramp": longest >= 10,
        "tetanus_risk": "jaw_stiffness" in flags or ("recent_wound" in triggers and _spasm(today)),
        "drug_reaction_possible": bool(meds & {"ssri", "antipsychotic"}) and (
            bool(flags & {"muscle_rigidity_or_jerking", "swallowing_difficulty"})
            or ("antipsychotic" in meds and med_change
            and ("face_spasm" in flags or bool(locations & {"face", "neck"})))),
        "statin_muscle_symptoms": "statin" in meds
        and bool(flags & {"widespread_muscle_pain_weakness", "dark_urine_after_exercise"}),
        "pregnancy_bleeding": bool(conditions & {"pregnancy", "recently_gave_birth"})
        and "vaginal_bleeding" in flags,
        "pregnancy_warning_signs": "pregnancy" in conditions and (
            bool(flags & {"vision_problems", "sudden_swelling", "flank_pain",
                          "leg_swollen_warm_red"})
            or bool(urinary & {"dysuria", "urgency", "frequency"})
            or (bool(locations & LOW_TUMMY) and (_severity(today) >= 7 or longest >= 30))),
        "palpitations_with_salt_loss": "palpitations" in flags and (
            "diuretic" in meds or "vomiting_or_diarrhea" in triggers
            or bool(conditions & {"kidney_disease", "heart_condition"})),
        "headache_stiff_neck": bool(flags & {"headache_stiff_neck", "swallowing_difficulty"}),
        # contract v2: soon
        "visible_blood_in_urine_45_plus": "blood_in_urine" in flags and age >= 45,
        "spasms_after_statin_change": _spasm(today) and med_change and "statin" in meds,
        "frequent_cramps_on_cramp_medicine": bool(meds & {"diuretic", "statin"})
        and sum(_spasm(d) for d in window) >= 3,
    }  # fmt: skip
    fired.update({rule: flag in flags for rule, flag in ONE_FLAG_RULES.items()})
    # invariant 4: a red flag the rules above did not answer still gets its own rule
    fired["both_legs_symptoms"] = (
        "both_legs_symptoms" in flags and not fired["back_spasm_both_legs"]
    )
    fired["vaginal_bleeding"] = "vaginal_bleeding" in flags and not (
        fired["pregnancy_bleeding_severe"] or fired["pregnancy_bleeding"]
    )
    fired["rigid_or_jerking_muscles"] = "muscle_rigidity_or_jerking" in flags and not (
        fired["tetanus_signs"] or fired["drug_reaction_severe"] or fired["drug_reaction_possible"]
    )
    for flag in ("vision_problems", "sudden_swelling"):
        fired[flag] = flag in flags and not fired["pregnancy_warning_signs"]
    fired["tingling_around_mouth"] = "tingling_around_mouth" in flags and not fired["tetany"]
    fired["aching_all_over"] = "widespread_muscle_pain_weakness" in flags and not (
        fired["muscle_breakdown"] or fired["statin_muscle_symptoms"]
    )
    fired["leg_weakness"] = "leg_weakness" in flags and not fired["leg_weakness_with_back_pain"]
    fired["blood_in_urine"] = "blood_in_urine" in flags and age < 45
    fired["fever_or_rash"] = bool(flags & {"fever_or_chills", "rash"}) and not (
        fired["infected_blocked_kidney"] or fired["meningitis_signs"]
        or fired["kidney_infection"] or fired["fever_with_rash"]
    )  # fmt: skip
    return {rule for rule, fires in fired.items() if fires}


def spec_factors(value: AssessmentInput) -> dict[str, int]:
    """The factors that score, and their points, read straight off the spec's table."""
    today, profile = value.today, value.profile
    goal, water = profile.water_goal_ml, today.water_ml
    urinary, triggers = set(today.urinary), set(today.triggers)
    window = _window(value)
    last3 = [window.get(back) for back in range(3)]
    points = {
        "hydration_deficit": 0 if water is None or water >= goal
        else int(Fraction(25 * (goal - water), goal) + Fraction(1, 2)),
        "spasm_burden": 5 + 2 * min(today.spasms.count, 5) + _severity(today)
        if _spasm(today) else 0,
        "urinary_adjacent_spasm": 10 if _spasm(today) and ADJACENT & set(today.spasms.locations)
        else 0,
        "voiding_difficulty": 15 if urinary & VOIDING else 0,
        "bladder_irritation": 5 if urinary & {"urgency", "frequency", "nocturia"} else 0,
        "electrolyte_risk": min(12, 4 * len(triggers & ELECTROLYTE)
                                + 4 * ("diuretic" in profile.medications)),
        "kidney_history": min(15, sum(KIDNEY.get(c, 0) for c in set(profile.conditions))),
        "lifestyle_triggers": min(9, 3 * len(triggers & {"prolonged_sitting",
                                                         "intense_exercise", "stress"})),
        "dehydration_trend": 5 if all(d is not None and d.water_ml is not None
                                      and 4 * d.water_ml < 3 * goal for d in last3) else 0,
        "spasm_trend": 5 if sum(_spasm(d) for d in window.values()) >= 4 else 0,
    }  # fmt: skip
    return {factor: worth for factor, worth in points.items() if worth > 0}


def spec_risk_level(score: int) -> str:
    return "low" if score < 30 else "moderate" if score < 60 else "high"


# ---------------------------------------------------------------- properties


@PROPERTY
@given(input_dicts())
def test_agrees_with_the_spec_tables(raw: dict[str, Any]) -> None:
    value, answer = run(raw)
    assert {rule.id for rule in answer.triage.rules} == spec_rules(value)
    assert {f.id: f.points for f in answer.risk.factors} == spec_factors(value)


@PROPERTY
@given(input_dicts())
def test_answer_invariants(raw: dict[str, Any]) -> None:
    value, answer = run(raw)
    total = sum(f.points for f in answer.risk.factors)
    assert 0 <= answer.risk.score <= 100
    assert answer.risk.score == min(100, total)
    assert answer.risk.level == spec_risk_level(answer.risk.score)
    assert all(f.points > 0 for f in answer.risk.factors)
    assert because_problems(value, answer) == []
    ranks = [LEVEL_RANK[rule.level] for rule in answer.triage.rules]
    assert ranks == sorted(ranks, reverse=True), "highest level first"
    assert LEVEL_RANK[answer.triage.level] == max(ranks, default=0)
    assert answer.hydration_known is (value.today.water_ml is not None)
    assert answer.engine_version == engine.rulebook().version
    for rule in answer.triage.rules:  # what to do, and why, in plain words
        assert rule.message.strip() and rule.why.strip()
        assert "{" not in rule.why + rule.message, "a placeholder left in the text"


@PROPERTY
@given(input_dicts())
def test_every_red_flag_today_is_named_by_a_fired_rule(raw: dict[str, Any]) -> None:
    value, answer = run(raw)
    named = {item for rule in answer.triage.rules for item in rule.because}
    assert set(value.today.red_flags) <= named


@PROPERTY
@given(input_dicts())
def test_advice_is_at_most_four_and_answers_scored_factors(raw: dict[str, Any]) -> None:
    _, answer = run(raw)
    assert len(answer.advice) <= 4
    points = {f.id: f.points for f in answer.risk.factors}
    answered = [points.get(item.factor, -1) for item in answer.advice if item.factor is not None]
    assert all(p > 0 for p in answered), "advice answers a factor that did not score"
    assert answered == sorted(answered, reverse=True), "ranked by the factor's points"


@PROPERTY
@given(input_dicts())
def test_deterministic_json_and_round_trip(raw: dict[str, Any]) -> None:
    value, answer = run(raw)
    first = answer_to_dict(answer)
    assert answer_to_dict(engine.assess(engine.parse_input(raw))) == first
    assert json.loads(json.dumps(first)) == first
    assert engine.parse_input(input_to_dict(value)) == value
    assert engine.parse_input(json.loads(json.dumps(input_to_dict(value)))) == value


@PROPERTY
@given(input_dicts(), st.randoms(use_true_random=False))
def test_only_the_last_seven_days_count_in_any_order(raw: dict[str, Any], rnd: Any) -> None:
    _, answer = run(raw)
    today = dt.date.fromisoformat(raw["today"]["date"])
    recent = [
        day
        for day in raw.get("history", [])
        if (today - dt.date.fromisoformat(day["date"])).days < WINDOW_DAYS
    ]
    rnd.shuffle(recent)
    _, same = run({**raw, "history": recent})
    assert answer_to_dict(same) == answer_to_dict(answer)


@PROPERTY
@given(input_dicts(), st.sampled_from(SPEC_IDS["red_flags"]))
def test_adding_a_red_flag_never_lowers_triage(raw: dict[str, Any], flag: str) -> None:
    _, before = run(raw)
    raw["today"].setdefault("red_flags", []).append(flag)
    _, after = run(raw)
    assert LEVEL_RANK[after.triage.level] >= LEVEL_RANK[before.triage.level]


@PROPERTY
@given(input_dicts(), st.integers(1, WINDOW_DAYS + 1), st.data())
def test_adding_a_history_day_never_lowers_triage(
    raw: dict[str, Any], back: int, data: st.DataObject
) -> None:
    today = dt.date.fromisoformat(raw["today"]["date"])
    date = today - dt.timedelta(days=back)
    assume(date not in set(history_dates(raw)))
    _, before = run(raw)
    raw.setdefault("history", []).append(data.draw(day_dicts(date)))
    _, after = run(raw)
    assert LEVEL_RANK[after.triage.level] >= LEVEL_RANK[before.triage.level]


@PROPERTY
@given(input_dicts(), st.data())
def test_adding_symptoms_to_history_never_lowers_triage(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    assume(raw.get("history"))
    value, before = run(raw)
    index = data.draw(st.integers(0, len(raw["history"]) - 1))
    day, old = raw["history"][index], value.history[index].spasms
    day["urinary"] = day.get("urinary", []) + data.draw(id_lists("urinary"))
    day["red_flags"] = day.get("red_flags", []) + data.draw(id_lists("red_flags"))
    day["spasms"] = {
        "count": old.count + data.draw(st.integers(0, 3)),
        "max_severity": max(old.max_severity or 0, data.draw(st.integers(0, 10))),
        "locations": [*old.locations, *data.draw(id_lists("spasm_locations"))],
    }
    _, after = run(raw)
    assert LEVEL_RANK[after.triage.level] >= LEVEL_RANK[before.triage.level]


@PROPERTY
@given(input_dicts(), st.integers(0, 4000), st.integers(1, 3000))
def test_more_water_today_never_raises_the_score(
    raw: dict[str, Any], water: int, more: int
) -> None:
    if raw["today"].get("water_ml") is None:
        raw["today"]["water_ml"] = water
    _, before = run(raw)
    raw["today"]["water_ml"] += more
    _, after = run(raw)
    assert after.risk.score <= before.risk.score
