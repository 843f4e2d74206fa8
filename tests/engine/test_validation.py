"""Input validation: invalid input is rejected with the field path and the bad value; valid edge
input is accepted. Table-driven from one valid input, changed one thing at a time."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import pytest

import engine
from engine import AssessmentInput, Day, InputError, Profile, Spasms
from tests.engine.conftest import SPEC_IDS, run

DROP = object()  # as a value: remove the key

VALID: dict[str, Any] = {
    "profile": {
        "age": 52,
        "water_goal_ml": 2000,
        "conditions": ["kidney_stones_history"],
        "medications": ["diuretic"],
        "medication_changed_recently": False,
    },
    "today": {
        "date": "2026-11-22",
        "water_ml": 900,
        "spasms": {"count": 3, "max_severity": 7, "locations": ["lower_back"],
                   "longest_minutes": 5},
        "urinary": ["hesitancy"],
        "red_flags": [],
        "triggers": ["prolonged_sitting"],
    },
    "history": [
        {"date": "2026-11-21", "water_ml": 1200, "spasms": {"count": 1, "locations": ["calf"]},
         "urinary": [], "red_flags": [], "triggers": []},
        {"date": "2026-11-19"},
    ],
}  # fmt: skip


def changed(**changes: Any) -> dict[str, Any]:
    """VALID with each dotted key (`today__spasms__count`, `history__0__date`) set or dropped."""
    raw = copy.deepcopy(VALID)
    for dotted, value in changes.items():
        *parents, last = [int(p) if p.isdigit() else p for p in dotted.split("__")]
        target: Any = raw
        for part in parents:
            target = target[part]
        if value is DROP:
            del target[last]
        else:
            target[last] = value
    return raw


# (input, expected path, text the message must contain: the bad value, or None)
INVALID: dict[str, tuple[Any, str, str | None]] = {
    # unknown ids, in every list field
    "red flag": (changed(today__red_flags=["rash", "blod_in_urine"]), "today.red_flags[1]",
                 "'blod_in_urine'"),
    "urinary": (changed(today__urinary=["pee_burns"]), "today.urinary[0]", "'pee_burns'"),
    "location": (changed(today__spasms__locations=["lower_back", "knee"]),
                 "today.spasms.locations[1]", "'knee'"),
    "trigger": (changed(today__triggers=["stres"]), "today.triggers[0]", "'stres'"),
    "history trigger": (changed(history__0__triggers=["stres"]), "history[0].triggers[0]",
                        "'stres'"),
    "history red flag": (changed(history__0__red_flags=["fever"]), "history[0].red_flags[0]",
                         "'fever'"),
    "condition": (changed(profile__conditions=["kidney_stones"]), "profile.conditions[0]",
                  "'kidney_stones'"),
    "medication, wrong case": (changed(profile__medications=["Diuretic"]),
                               "profile.medications[0]", "'Diuretic'"),
    # unknown field names anywhere
    "top-level field": (changed(red_flags=["saddle_numbness"]), "red_flags", "red_flags"),
    "today field": (changed(today__red_flag=["saddle_numbness"]), "today.red_flag", "red_flag"),
    "spasms field": (changed(today__spasms__severity=9), "today.spasms.severity", "severity"),
    "profile field": (changed(profile__goal=2000), "profile.goal", "goal"),
    "history field": (changed(history__0__red_flag=["rash"]), "history[0].red_flag", "red_flag"),
    "history spasms field": (changed(history__0__spasms__cnt=2), "history[0].spasms.cnt", "cnt"),
    # numbers out of range or of the wrong type
    "severity 11": (changed(today__spasms__max_severity=11), "today.spasms.max_severity", "11"),
    "severity -1": (changed(today__spasms__max_severity=-1), "today.spasms.max_severity", "-1"),
    "severity as text": (changed(today__spasms__max_severity="7"), "today.spasms.max_severity",
                         "7"),
    "negative water": (changed(today__water_ml=-1), "today.water_ml", "-1"),
    "negative history water": (changed(history__0__water_ml=-250), "history[0].water_ml", "-250"),
    "water as text": (changed(today__water_ml="900"), "today.water_ml", "900"),
    "water as boolean": (changed(today__water_ml=True), "today.water_ml", "true"),
    "count as boolean": (changed(today__spasms__count=True), "today.spasms.count", "true"),
    "negative count": (changed(today__spasms__count=-1), "today.spasms.count", "-1"),
    "negative longest": (changed(today__spasms__longest_minutes=-5),
                         "today.spasms.longest_minutes", "-5"),
    "goal 499": (changed(profile__water_goal_ml=499), "profile.water_goal_ml", "499"),
    "goal 6001": (changed(profile__water_goal_ml=6001), "profile.water_goal_ml", "6001"),
    "goal as boolean": (changed(profile__water_goal_ml=False), "profile.water_goal_ml", "false"),
    "age as text": (changed(profile__age="52"), "profile.age", "52"),
    "flag as text": (changed(profile__medication_changed_recently="yes"),
                     "profile.medication_changed_recently", "yes"),
    # dates
    "history without date": (changed(history__1__date=DROP), "history[1].date", None),
    "malformed date": (changed(history__0__date="2026-11-32"), "history[0].date", "2026-11-32"),
    "day-first date": (changed(history__0__date="21/11/2026"), "history[0].date", "21/11/2026"),
    "date with a time": (changed(history__0__date="2026-11-21T08:00"), "history[0].date",
                         "2026-11-21T08:00"),
    "non-ASCII digits": (changed(history__0__date="２０２６-11-21"), "history[0].date", "11-21"),
    "ISO week date": (changed(history__0__date="2026-W47-6"), "history[0].date", "2026-W47-6"),
    "no leap day in 2026": (changed(history__0__date="2026-02-29"), "history[0].date",
                            "2026-02-29"),
    "date as number": (changed(history__0__date=20261121), "history[0].date", "20261121"),
    "duplicate date": (changed(history__1__date="2026-11-21"), "history[1].date", "2026-11-21"),
    "today's date": (changed(history__1__date="2026-11-22"), "history[1].date", "2026-11-22"),
    "later date": (changed(history__0__date="2026-11-23"), "history[0].date", "2026-11-23"),
    "today without date": (changed(today__date=DROP), "today.date", None),
    "malformed today": (changed(today__date="22.11.2026"), "today.date", "22.11.2026"),
    # wrong types for lists and objects
    "red flags as text": (changed(today__red_flags="rash"), "today.red_flags", None),
    "urinary as object": (changed(today__urinary={"urgency": True}), "today.urinary", None),
    "locations as text": (changed(today__spasms__locations="calf"), "today.spasms.locations",
                          None),
    "conditions as text": (changed(profile__conditions="diabetes"), "profile.conditions", None),
    "id as number": (changed(today__red_flags=[1]), "today.red_flags[0]", "1"),
    "history as object": (changed(history={"date": "2026-11-21"}), "history", None),
    "history item as text": (changed(history=["2026-11-21"]), "history[0]", None),
    "spasms as number": (changed(today__spasms=3), "today.spasms", "3"),
    "profile as list": (changed(profile=[]), "profile", None),
    "today as list": (changed(today=[]), "today", None),
    "missing today": (changed(today=DROP), "today", None),
    # contract v2: answered red flags and the largest single drink
    "answered unknown id": (changed(today__answered=["saddle_numbness", "saddle"]),
                            "today.answered[1]", "'saddle'"),
    "answered urinary id": (changed(today__answered=["hesitancy"]), "today.answered[0]",
                            "'hesitancy'"),
    "answered as text": (changed(today__answered="saddle_numbness"), "today.answered", None),
    "history answered": (changed(history__0__answered=["fever"]), "history[0].answered[0]",
                         "'fever'"),
    "negative largest drink": (changed(today__largest_drink_ml=-1), "today.largest_drink_ml",
                               "-1"),
    "largest drink as text": (changed(today__largest_drink_ml="1600"),
                              "today.largest_drink_ml", "1600"),
    "largest drink as float": (changed(today__largest_drink_ml=1.5),
                               "today.largest_drink_ml", "1.5"),
}  # fmt: skip


@pytest.mark.parametrize(("raw", "path", "bad"), INVALID.values(), ids=INVALID.keys())
def test_invalid_input_names_path_and_value(raw: Any, path: str, bad: str | None) -> None:
    with pytest.raises(InputError) as caught:
        engine.parse_input(raw)
    error = caught.value
    assert error.path == path
    assert str(error) == f"{path}: {error.message}"
    if bad is not None:
        assert bad in error.message


def test_unknown_red_flag_message_is_exact() -> None:
    with pytest.raises(InputError) as caught:
        engine.parse_input(changed(today__red_flags=["rash", "blod_in_urine"]))
    assert str(caught.value) == "today.red_flags[1]: unknown red flag 'blod_in_urine'"


@pytest.mark.parametrize("raw", [[], "today", None, 3, [VALID]], ids=repr)
def test_top_level_must_be_an_object(raw: Any) -> None:
    with pytest.raises(InputError) as caught:
        engine.parse_input(raw)
    assert caught.value.path and caught.value.message


# ---------------------------------------------------------------- valid edges


@pytest.mark.parametrize(
    "raw",
    [
        {"today": {"date": "2026-11-22"}},
        {"profile": {}, "today": {"date": "2026-11-22"}, "history": []},
        changed(today__water_ml=None, history__0__water_ml=None),
        changed(today__urinary=[], today__red_flags=[], today__triggers=[],
                profile__conditions=[], profile__medications=[], today__spasms={}),
        changed(profile=DROP),
        changed(profile__age=DROP, profile__water_goal_ml=500),
        changed(profile__water_goal_ml=6000, today__water_ml=0),
        changed(today__spasms__max_severity=0, history__0__spasms__max_severity=10),
        changed(today__date="2028-02-29", history__0__date="2028-02-28",
                history__1__date="2027-12-31"),
        changed(history__0__date="2026-09-01"),  # long ago, and the records out of order
    ],
)  # fmt: skip
def test_valid_edge_inputs_are_accepted(raw: dict[str, Any]) -> None:
    run(raw)


@pytest.mark.parametrize("field", ["red_flags", "urinary", "triggers", "spasm_locations"])
def test_every_day_id_in_the_spec_is_accepted(field: str) -> None:
    today: dict[str, Any] = {"date": "2026-11-22"}
    if field == "spasm_locations":
        today["spasms"] = {"count": 1, "locations": list(SPEC_IDS[field])}
    else:
        today[field] = list(SPEC_IDS[field])
    run({"today": today})


def test_every_profile_id_in_the_spec_is_accepted() -> None:
    profile = {name: list(SPEC_IDS[name]) for name in ("conditions", "medications")}
    run({"profile": profile, "today": {"date": "2026-11-22"}})


def test_vocabulary_has_exactly_the_spec_ids() -> None:
    vocab = engine.vocabulary()
    assert {name: set(vocab.ids(name)) for name in SPEC_IDS} == {
        name: set(ids) for name, ids in SPEC_IDS.items()
    }


def test_repeated_ids_count_once() -> None:
    raw = {
        "profile": {"conditions": ["diabetes", "diabetes"]},
        "today": {"date": "2026-11-22", "red_flags": ["blood_in_urine", "blood_in_urine"],
                  "triggers": ["stress", "stress"], "urinary": ["urgency", "urgency"]},
    }  # fmt: skip
    _, answer = run(raw)
    assert [(r.id, r.because) for r in answer.triage.rules] == [
        ("blood_in_urine", ("blood_in_urine",))
    ]
    points = {f.id: (f.points, f.because) for f in answer.risk.factors}
    assert points == {
        "bladder_irritation": (5, ("urgency",)),
        "kidney_history": (4, ("diabetes",)),
        "lifestyle_triggers": (3, ("stress",)),
    }


# ---------------------------------------------------------------- typed input

TODAY = dt.date(2026, 11, 22)
TYPED_INVALID: dict[str, tuple[AssessmentInput, str]] = {
    "unknown red flag": (AssessmentInput(Day(TODAY, red_flags=("rash", "blod_in_urine"))),
                         "today.red_flags[1]"),
    "unknown location": (AssessmentInput(Day(TODAY, spasms=Spasms(1, locations=("knee",)))),
                         "today.spasms.locations[0]"),
    "unknown condition": (AssessmentInput(Day(TODAY), Profile(conditions=("gout",))),
                          "profile.conditions[0]"),
    "severity 11": (AssessmentInput(Day(TODAY, spasms=Spasms(1, max_severity=11))),
                    "today.spasms.max_severity"),
    "negative water": (AssessmentInput(Day(TODAY, water_ml=-1)), "today.water_ml"),
    "goal 499": (AssessmentInput(Day(TODAY), Profile(water_goal_ml=499)),
                 "profile.water_goal_ml"),
    "history on today": (AssessmentInput(Day(TODAY), history=(Day(TODAY),)), "history[0].date"),
    "duplicate history": (
        AssessmentInput(Day(TODAY), history=(Day(dt.date(2026, 11, 1)),) * 2),
        "history[1].date",
    ),
    "unknown answered id": (AssessmentInput(Day(TODAY, answered=("rash", "sadle"))),
                            "today.answered[1]"),
    "negative largest drink": (AssessmentInput(Day(TODAY, largest_drink_ml=-5)),
                               "today.largest_drink_ml"),
}  # fmt: skip


@pytest.mark.parametrize(("value", "path"), TYPED_INVALID.values(), ids=TYPED_INVALID.keys())
def test_check_input_rejects_typed_input(value: AssessmentInput, path: str) -> None:
    with pytest.raises(InputError) as caught:
        engine.check_input(value)
    assert caught.value.path == path
    with pytest.raises(InputError):
        engine.assess(value)  # assess checks typed input by default


def test_check_input_names_the_unknown_id() -> None:
    value = AssessmentInput(Day(TODAY, red_flags=("rash", "blod_in_urine")))
    with pytest.raises(InputError, match=re.escape("unknown red flag 'blod_in_urine'")):
        engine.check_input(value)


def test_check_input_accepts_valid_typed_input() -> None:
    engine.check_input(engine.parse_input(VALID))
    engine.check_input(AssessmentInput(Day(TODAY)))
