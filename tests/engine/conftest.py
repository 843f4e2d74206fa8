"""Shared helpers of the engine tests: the spec's vocabulary, case files, `because` checks and
hypothesis strategies that generate valid engine input in its JSON shape."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

import engine
from engine.types import Answer, AssessmentInput, Day

CASES_DIR = Path(__file__).parent / "cases"
TODAY = dt.date(2026, 11, 22)
WINDOW_DAYS = 7  # today and the 6 calendar days before it

# The vocabulary exactly as the spec lists it: contract v1 (engine.md, "Vocabulary") plus the
# 29 ids contract v2 adds (engine-v2.md, "Vocabulary: additions").
SPEC_IDS: dict[str, tuple[str, ...]] = {
    "spasm_locations": (
        "neck", "shoulder", "upper_back", "lower_back", "abdomen", "groin", "pelvic_floor",
        "hip", "thigh", "calf", "foot", "arm", "hand", "face",
    ),
    "urinary": (
        "urgency", "frequency", "nocturia", "hesitancy", "weak_stream",
        "incomplete_emptying", "dysuria",
    ),
    "red_flags": (
        "saddle_numbness", "bladder_control_loss", "bowel_control_loss", "leg_weakness",
        "cannot_urinate", "blood_in_urine", "fever_or_chills", "flank_pain",
        "dark_urine_after_exercise", "breathing_difficulty", "slurred_speech", "confusion",
        "face_spasm", "numbness_or_weakness", "rash",
        # contract v2
        "bladder_change_with_back_pain", "both_legs_symptoms", "chest_pain", "palpitations",
        "fainted", "seizure", "sudden_severe_headache", "headache_stiff_neck",
        "face_droop_or_arm_weakness", "leg_swollen_warm_red", "cold_pale_limb",
        "tingling_around_mouth", "jaw_stiffness", "swallowing_difficulty",
        "muscle_rigidity_or_jerking", "widespread_muscle_pain_weakness", "no_urine_passed",
        "cannot_keep_fluids_down", "injury_cannot_bear_weight", "vaginal_bleeding",
        "vision_problems", "sudden_swelling", "rash_not_fading", "mottled_or_blue_skin",
        "overdose_or_self_injury",
    ),
    "triggers": (
        "prolonged_sitting", "intense_exercise", "heat_or_heavy_sweating", "stress",
        "poor_sleep", "vomiting_or_diarrhea", "alcohol", "caffeine", "cold_exposure",
        "low_potassium_intake", "low_magnesium_intake", "new_medication",
        "recent_wound",  # contract v2
    ),
    "conditions": (
        "kidney_disease", "kidney_stones_history", "recurrent_uti", "diabetes",
        "thyroid_disorder", "pregnancy", "peripheral_artery_disease", "neurological_condition",
        "single_or_transplanted_kidney", "heart_condition", "recently_gave_birth",  # v2
    ),
    "medications": (
        "diuretic", "statin", "ace_inhibitor_or_arb", "ssri", "steroid", "antipsychotic",
        "muscle_relaxant", "alpha_blocker",
    ),
}  # fmt: skip
LEVEL_RANK = {"self_care": 0, "soon": 1, "urgent": 2, "emergency": 3}


def run(raw: Any) -> tuple[AssessmentInput, Answer]:
    """Validate JSON-shaped input and assess it."""
    value = engine.parse_input(raw)
    return value, engine.assess(value)


# ---------------------------------------------------------------- case files


def load_cases(kind: str) -> dict[str, list[dict[str, Any]]]:
    """Every `cases/<kind>/<id>.toml` file's `[[case]]` entries, by id (the file's stem)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((CASES_DIR / kind).glob("*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        assert set(data) == {"case"}, f"{path.name}: only [[case]] entries are allowed"
        found[path.stem] = data["case"]
    return found


def case_params(kind: str) -> list[Any]:
    """One pytest param per case, named `<id>/<case name>`."""
    return [
        pytest.param(item_id, case, id=f"{item_id}/{case.get('name', i)}")
        for item_id, cases in load_cases(kind).items()
        for i, case in enumerate(cases)
    ]


def check_case_keys(case: dict[str, Any], required: set[str], optional: set[str]) -> None:
    """A case file with a misspelt key would silently test less: reject it."""
    keys = set(case)
    assert required <= keys, f"case lacks {sorted(required - keys)}"
    assert keys <= required | optional, (
        f"case has unknown keys {sorted(keys - required - optional)}"
    )


# ---------------------------------------------------------------- `because` entries


def _day_items(day: Day) -> set[str]:
    """What a `because` entry may name about one day: its ids and its values."""
    items = {*day.urinary, *day.red_flags, *day.triggers}
    if day.water_ml is not None:
        items.add(f"water_ml={day.water_ml}")
    if day.spasms.count > 0:  # count 0 means no spasms: its locations are not findings
        items.update(day.spasms.locations)
        items.add(f"spasms.count={day.spasms.count}")
        items.add(f"spasms.max_severity={day.spasms.max_severity or 0}")  # missing counts 0
        if day.spasms.longest_minutes is not None:
            items.add(f"spasms.longest_minutes={day.spasms.longest_minutes}")
    return items


def because_problems(value: AssessmentInput, answer: Answer) -> list[str]:
    """Entries of fired rules' and scored factors' `because` that name nothing in the input."""
    profile = value.profile
    today_items = _day_items(value.today) | {*profile.conditions, *profile.medications}
    today_items.add(f"water_goal_ml={profile.water_goal_ml}")
    flag = "true" if profile.medication_changed_recently else "false"
    today_items.add(f"medication_changed_recently={flag}")
    if profile.age is not None:
        today_items.add(f"age={profile.age}")
    days = {day.date.isoformat(): day for day in (value.today, *value.history)}
    earliest = value.today.date - dt.timedelta(days=WINDOW_DAYS - 1)
    problems: list[str] = []
    explained = [(r.id, r.because) for r in answer.triage.rules]
    explained += [(f.id, f.because) for f in answer.risk.factors]
    for owner, because in explained:
        if not because:
            problems.append(f"{owner}: empty because")
        for entry in because:
            stamp, sep, item = entry.partition(":")
            if not sep:
                ok = entry in today_items
            else:
                day = days.get(stamp)
                in_window = day is not None and earliest <= day.date <= value.today.date
                ok = in_window and item in _day_items(day)  # type: ignore[arg-type]
            if not ok:
                problems.append(f"{owner}: {entry!r}")
    return problems


# ---------------------------------------------------------------- strategies


def _maybe(draw: st.DrawFn, target: dict[str, Any], key: str, values: Any) -> None:
    """Set `key` from `values`, or leave it out (every field but the date may be left out)."""
    if draw(st.booleans()):
        target[key] = draw(values)


def id_lists(field: str, max_size: int = 3) -> st.SearchStrategy[list[str]]:
    """Lists of ids of one field, repeats allowed (a repeated id counts once)."""
    return st.lists(st.sampled_from(SPEC_IDS[field]), max_size=max_size)


@st.composite
def spasm_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """A `spasms` object; any of its fields may be left out."""
    spasms: dict[str, Any] = {}
    _maybe(draw, spasms, "count", st.integers(0, 8))
    _maybe(draw, spasms, "max_severity", st.integers(0, 10))
    _maybe(draw, spasms, "locations", id_lists("spasm_locations"))
    _maybe(draw, spasms, "longest_minutes", st.integers(0, 90))
    return spasms


@st.composite
def day_dicts(draw: st.DrawFn, date: dt.date) -> dict[str, Any]:
    """One day's record in the input's JSON shape."""
    day: dict[str, Any] = {"date": date.isoformat()}
    _maybe(draw, day, "water_ml", st.none() | st.integers(0, 4000) | st.integers(4000, 7000))
    _maybe(draw, day, "spasms", spasm_dicts())
    _maybe(draw, day, "urinary", id_lists("urinary"))
    _maybe(draw, day, "red_flags", id_lists("red_flags", 3))
    _maybe(draw, day, "triggers", id_lists("triggers"))
    _maybe(draw, day, "answered", id_lists("red_flags", 4))
    _maybe(draw, day, "largest_drink_ml", st.none() | st.integers(0, 2500))
    return day


@st.composite
def profile_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """A `profile` object; any of its fields may be left out."""
    profile: dict[str, Any] = {}
    _maybe(draw, profile, "age", st.integers(18, 100))
    _maybe(draw, profile, "water_goal_ml", st.integers(500, 6000))
    _maybe(draw, profile, "conditions", id_lists("conditions"))
    _maybe(draw, profile, "medications", id_lists("medications"))
    _maybe(draw, profile, "medication_changed_recently", st.booleans())
    return profile


@st.composite
def input_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """A valid input: maybe a profile, today, and up to 30 earlier days in any order."""
    today = draw(st.dates(dt.date(2001, 1, 1), dt.date(2099, 12, 31)))
    raw: dict[str, Any] = {"today": draw(day_dicts(today))}
    _maybe(draw, raw, "profile", profile_dicts())
    if draw(st.booleans()):
        # Days inside the 7-day window or just outside it, with gaps (unknown days).
        offsets = draw(st.lists(st.integers(1, 9) | st.integers(1, 60), unique=True, max_size=30))
        history = [draw(day_dicts(today - dt.timedelta(days=n))) for n in offsets]
    else:
        # A run of days like today, maybe with one gap, so that the rules and factors that
        # look at every day or several days of the window get to fire.
        days = draw(st.integers(2, 9))
        gap = draw(st.integers(1, days)) if draw(st.booleans()) else None
        history = [
            {**raw["today"], "date": (today - dt.timedelta(days=n)).isoformat()}
            for n in range(1, days + 1)
            if n != gap
        ]
    if history or draw(st.booleans()):
        raw["history"] = draw(st.permutations(history))  # any order
    return raw


def history_dates(raw: dict[str, Any]) -> Iterator[dt.date]:
    """The dates of an input's history records."""
    for day in raw.get("history", []):
        yield dt.date.fromisoformat(day["date"])
