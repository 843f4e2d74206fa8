"""The risk score's total and levels: every score 0..100 built from real factors, the cap at 100,
and the level boundaries low 0-29, moderate 30-59, high 60-100."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from engine.serialize import answer_to_dict
from tests.engine.conftest import run

GOAL = 2000
# Factors with fixed points and what to report for them (spec, "Risk score").
FIXED: tuple[tuple[int, dict[str, list[str]]], ...] = (
    (15, {"urinary": ["hesitancy"]}),  # voiding_difficulty
    (15, {"conditions": ["kidney_stones_history", "kidney_disease"]}),  # kidney_history, capped
    (12, {"triggers": ["vomiting_or_diarrhea", "heat_or_heavy_sweating", "low_potassium_intake"]}),
    (9, {"triggers": ["prolonged_sitting", "intense_exercise", "stress"]}),  # lifestyle_triggers
    (5, {"urinary": ["urgency"]}),  # bladder_irritation
)


def spec_level(score: int) -> str:
    """The risk level the spec gives a score."""
    return "low" if score < 30 else "moderate" if score < 60 else "high"


def input_scoring(target: int) -> dict[str, Any]:
    """An input whose factors add up to `target` (0..100) with one day of data."""
    for size in range(len(FIXED) + 1):
        for chosen in itertools.combinations(FIXED, size):
            fixed = sum(points for points, _ in chosen)
            for burden in (0, *range(7, 26)):  # spasm_burden is 0 or 7..25
                hydration = target - fixed - burden
                if 0 <= hydration <= 25:
                    return _build(chosen, burden, hydration)
    raise AssertionError(f"no input scores {target}")


def _build(chosen: Any, burden: int, hydration: int) -> dict[str, Any]:
    lists: dict[str, list[str]] = {}
    for _, adds in chosen:
        for name, ids in adds.items():
            lists.setdefault(name, []).extend(ids)
    # 25 x (goal - water) / goal == hydration exactly when water = goal - 80 x hydration.
    today: dict[str, Any] = {"date": "2026-11-22", "water_ml": GOAL - 80 * hydration}
    for name in ("urinary", "triggers"):
        today[name] = lists.get(name, [])
    if burden:
        count = min(5, (burden - 5) // 2)
        today["spasms"] = {"count": count, "max_severity": burden - 5 - 2 * count}
        today["spasms"]["locations"] = ["calf"]
    profile = {"water_goal_ml": GOAL, "conditions": lists.get("conditions", [])}
    return {"profile": profile, "today": today}


@pytest.mark.parametrize("target", range(101))
def test_every_score_has_its_level(target: int) -> None:
    _, answer = run(input_scoring(target))
    assert sum(f.points for f in answer.risk.factors) == target
    assert answer.risk.score == target
    assert answer.risk.level == spec_level(target)


@pytest.mark.parametrize(
    ("score", "level"),
    [(0, "low"), (29, "low"), (30, "moderate"), (59, "moderate"), (60, "high"), (100, "high")],
)
def test_level_boundaries(score: int, level: str) -> None:
    _, answer = run(input_scoring(score))
    assert (answer.risk.score, answer.risk.level) == (score, level)


def test_total_is_capped_at_100() -> None:
    raw = {
        "profile": {"conditions": ["kidney_stones_history", "kidney_disease", "diabetes"],
                    "medications": ["diuretic"]},
        "today": {
            "date": "2026-11-22",
            "water_ml": 0,
            "spasms": {"count": 9, "max_severity": 10, "locations": ["lower_back"]},
            "urinary": ["hesitancy", "urgency"],
            "triggers": ["vomiting_or_diarrhea", "heat_or_heavy_sweating", "prolonged_sitting",
                         "intense_exercise", "stress"],
        },
        "history": [
            {"date": f"2026-11-{day}", "water_ml": 100, "spasms": {"count": 1}}
            for day in (21, 20, 19)
        ],
    }  # fmt: skip
    _, answer = run(raw)
    points = {f.id: f.points for f in answer.risk.factors}
    assert points == {
        "hydration_deficit": 25,
        "spasm_burden": 25,
        "urinary_adjacent_spasm": 10,
        "voiding_difficulty": 15,
        "bladder_irritation": 5,
        "electrolyte_risk": 12,
        "kidney_history": 15,
        "lifestyle_triggers": 9,
        "dehydration_trend": 5,
        "spasm_trend": 5,
    }
    assert (answer.risk.score, answer.risk.level) == (100, "high")


def test_nothing_reported_scores_zero() -> None:
    _, answer = run({"today": {"date": "2026-11-22"}})
    assert (answer.risk.score, answer.risk.level, answer.risk.factors) == (0, "low", ())


@pytest.mark.parametrize("today", [{"water_ml": None}, {}], ids=["null", "left out"])
def test_unknown_water_scores_nothing_and_says_so(today: dict[str, Any]) -> None:
    raw = {"today": {"date": "2026-11-22", "urinary": ["urgency"], **today}}
    raw["history"] = [{"date": "2026-11-21", "water_ml": None}, {"date": "2026-11-20"}]
    _, answer = run(raw)
    assert [f.id for f in answer.risk.factors] == ["bladder_irritation"]
    assert answer.hydration_known is False
    assert answer_to_dict(answer)["hydration_known"] is False


def test_dehydration_trend_needs_a_known_water_on_each_day() -> None:
    dry = {"date": "2026-11-22", "water_ml": 100}
    history = [{"date": "2026-11-21", "water_ml": None}, {"date": "2026-11-20", "water_ml": 100}]
    _, answer = run({"today": dry, "history": history})
    assert "dehydration_trend" not in {f.id for f in answer.risk.factors}


def test_the_spec_example_input() -> None:
    raw = {
        "profile": {"age": 52, "water_goal_ml": 2000, "conditions": ["kidney_stones_history"],
                    "medications": ["diuretic"], "medication_changed_recently": False},
        "today": {"date": "2026-11-22", "water_ml": 900,
                  "spasms": {"count": 3, "max_severity": 7, "locations": ["lower_back", "groin"],
                             "longest_minutes": 5},
                  "urinary": ["hesitancy"], "red_flags": [], "triggers": ["prolonged_sitting"]},
        "history": [{"date": "2026-11-21", "water_ml": 1200,
                     "spasms": {"count": 1, "max_severity": 4, "locations": ["calf"]},
                     "urinary": [], "red_flags": [], "triggers": []}],
    }  # fmt: skip
    _, answer = run(raw)
    # Contract v2 changed this (was self_care): back trouble with trouble peeing is urgent, and
    # the answer asks the nerve questions at once.
    assert answer.triage.level == "urgent"
    assert [rule.id for rule in answer.triage.rules] == ["voiding_difficulty_with_back_spasm"]
    assert answer.ask_next == (
        "bladder_change_with_back_pain", "saddle_numbness", "both_legs_symptoms",
        "bowel_control_loss",
    )  # fmt: skip
    points = {f.id: f.points for f in answer.risk.factors}
    assert points == {
        "hydration_deficit": 14,  # 25 x 1100 / 2000 = 13.75
        "spasm_burden": 18,  # 5 + 2 x 3 + 7
        "urinary_adjacent_spasm": 10,
        "voiding_difficulty": 15,
        "electrolyte_risk": 4,
        "kidney_history": 8,
        "lifestyle_triggers": 3,
    }
    assert (answer.risk.score, answer.risk.level) == (72, "high")
    factors = {f.id: f.because for f in answer.risk.factors}
    assert factors["hydration_deficit"] == ("water_ml=900", "water_goal_ml=2000")
