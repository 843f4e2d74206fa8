"""What contract v2 adds to the answer: `ask_next` (and how "answered" reaches the input),
`if_worse`, the too-much-water advice, the statin carve-out and the version; with the v2
invariants as hypothesis properties (monotone in profile facts and today's symptoms,
`ask_next` never lists an answered id, every urgent and soon rule says what to do if worse)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.serialize import answer_to_dict, day_to_dict
from tests.engine.conftest import LEVEL_RANK, SPEC_IDS, id_lists, input_dicts, run

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DATE = "2026-11-22"
BACK_QUESTIONS = (
    "bladder_change_with_back_pain", "saddle_numbness", "both_legs_symptoms", "bowel_control_loss",
)  # fmt: skip
BACK_TROUBLE = {"spasms": {"count": 2, "locations": ["lower_back"]}, "urinary": ["hesitancy"]}


def today(**fields: Any) -> dict[str, Any]:
    return {"today": {"date": DATE, **fields}}


# ---------------------------------------------------------------- ask_next


def test_back_trouble_asks_the_nerve_questions_in_order() -> None:
    _, answer = run(today(**BACK_TROUBLE))
    assert answer.triage.level == "urgent"
    assert answer.ask_next == BACK_QUESTIONS


def test_answered_questions_are_not_asked_again() -> None:
    _, answer = run(today(**BACK_TROUBLE, answered=["saddle_numbness", "bowel_control_loss"]))
    assert answer.ask_next == ("bladder_change_with_back_pain", "both_legs_symptoms")
    assert answer.triage.level == "urgent"  # a no changes what is asked, never the level


def test_a_yes_is_a_present_red_flag_and_raises_the_level() -> None:
    raw = today(**BACK_TROUBLE, red_flags=["both_legs_symptoms"], answered=["saddle_numbness"])
    _, answer = run(raw)
    assert answer.triage.level == "emergency"
    assert "back_spasm_both_legs" in {rule.id for rule in answer.triage.rules}
    assert answer.ask_next == ("bladder_change_with_back_pain", "bowel_control_loss")


def test_all_answered_leaves_nothing_to_ask() -> None:
    _, answer = run(today(**BACK_TROUBLE, answered=list(BACK_QUESTIONS)))
    assert answer.ask_next == ()
    assert answer_to_dict(answer)["ask_next"] == []


def test_ask_next_collects_several_rules_highest_level_first_without_repeats() -> None:
    _, answer = run(today(red_flags=["palpitations", "leg_swollen_warm_red"]))
    # possible_leg_clot (urgent) asks first, then palpitations (soon) adds what is new.
    assert answer.ask_next == ("chest_pain", "breathing_difficulty", "fainted")


def test_only_today_answers_count() -> None:
    raw = today(**BACK_TROUBLE)
    raw["history"] = [{"date": "2026-11-21", "answered": list(BACK_QUESTIONS)}]
    _, answer = run(raw)
    assert answer.ask_next == BACK_QUESTIONS


def test_answered_round_trips_and_old_records_keep_their_shape() -> None:
    value, _ = run(today(answered=["saddle_numbness"], largest_drink_ml=600))
    assert day_to_dict(value.today)["answered"] == ["saddle_numbness"]
    assert day_to_dict(value.today)["largest_drink_ml"] == 600
    plain, _ = run(today())
    assert "answered" not in day_to_dict(plain.today)
    assert "largest_drink_ml" not in day_to_dict(plain.today)


# ---------------------------------------------------------------- if_worse, version, statins


def test_urgent_and_soon_rules_carry_if_worse_in_the_answer() -> None:
    _, answer = run(today(red_flags=["flank_pain", "blood_in_urine", "chest_pain"]))
    by_level = {rule.id: (rule.level, rule.if_worse) for rule in answer.triage.rules}
    assert by_level["renal_colic"][0] == "urgent" and by_level["renal_colic"][1]
    assert by_level["blood_in_urine"][0] == "soon" and by_level["blood_in_urine"][1]
    assert by_level["chest_pain"] == ("emergency", None)
    shaped = answer_to_dict(answer)["triage"]["rules"]
    assert all("if_worse" in rule for rule in shaped)


def test_engine_version_is_2_0_0() -> None:
    _, answer = run(today())
    assert answer.engine_version == engine.ENGINE_VERSION == "2.0.0"


def test_blood_in_urine_at_45_names_the_specialist_check() -> None:
    _, answer = run({"profile": {"age": 52}, **today(red_flags=["blood_in_urine"])})
    (rule,) = answer.triage.rules
    assert (rule.id, rule.level, rule.because) == (
        "visible_blood_in_urine_45_plus",
        "soon",
        ("blood_in_urine", "age=52"),
    )
    assert "specialist" in rule.why and "even" in rule.why


def test_a_statin_change_never_says_do_not_stop() -> None:
    cramp = today(spasms={"count": 1, "locations": ["calf"]}, triggers=["new_medication"])
    raw = {"profile": {"medications": ["statin"], "medication_changed_recently": True}, **cramp}
    _, answer = run(raw)
    words = json.dumps(answer_to_dict(answer)).lower()
    assert "do not stop" not in words
    assert [rule.id for rule in answer.triage.rules] == ["spasms_after_statin_change"]
    assert answer.ask_next == ("widespread_muscle_pain_weakness",)
    assert "new_statin_check" in {item.id for item in answer.advice}


def test_another_medicine_change_still_says_do_not_stop() -> None:
    cramp = today(spasms={"count": 1, "locations": ["calf"]}, triggers=["new_medication"])
    raw = {"profile": {"medications": ["ssri"]}, **cramp}
    _, answer = run(raw)
    assert "Do not stop a medicine" in answer.triage.rules[0].message
    assert "new_medicine_check" in {item.id for item in answer.advice}


def test_long_cramp_because_names_the_minutes() -> None:
    _, answer = run(today(spasms={"count": 1, "locations": ["calf"], "longest_minutes": 20}))
    (rule,) = answer.triage.rules
    assert (rule.id, rule.because) == ("long_cramp", ("spasms.longest_minutes=20",))


# ---------------------------------------------------------------- too much water


def _advice_ids(raw: dict[str, Any]) -> list[str]:
    return [item.id for item in run(raw)[1].advice]


def test_too_much_water_in_a_day_comes_first() -> None:
    assert _advice_ids(today(water_ml=5000))[0] == "too_much_water"
    assert "too_much_water" not in _advice_ids(today(water_ml=4999))


def test_one_big_drink_over_the_limit() -> None:
    assert _advice_ids(today(water_ml=1600, largest_drink_ml=1600))[0] == "too_much_water"
    assert "too_much_water" not in _advice_ids(today(water_ml=1500, largest_drink_ml=1500))


def test_too_much_water_only_reads_today() -> None:
    raw = today(water_ml=2000)
    raw["history"] = [{"date": "2026-11-21", "water_ml": 6000, "largest_drink_ml": 3000}]
    assert "too_much_water" not in _advice_ids(raw)


def test_too_much_water_keeps_at_most_four_items() -> None:
    raw = {"profile": {"medications": ["diuretic"], "conditions": ["kidney_disease"]},
           **today(water_ml=6000, spasms={"count": 5, "max_severity": 9,
                                          "locations": ["calf", "lower_back"]},
                   urinary=["hesitancy", "urgency"],
                   triggers=["stress", "vomiting_or_diarrhea"])}  # fmt: skip
    advice = _advice_ids(raw)
    assert advice[0] == "too_much_water" and len(advice) == 4


# ---------------------------------------------------------------- properties


@PROPERTY
@given(input_dicts())
def test_ask_next_never_lists_an_answered_id(raw: dict[str, Any]) -> None:
    value, answer = run(raw)
    answered = {*value.today.red_flags, *value.today.answered}
    assert answered.isdisjoint(answer.ask_next)
    assert len(set(answer.ask_next)) == len(answer.ask_next)
    asked = {term for rule in engine.rulebook().rules for term in rule.ask
             if rule.id in {r.id for r in answer.triage.rules}}  # fmt: skip
    assert set(answer.ask_next) == asked - answered


@PROPERTY
@given(input_dicts())
def test_every_urgent_and_soon_rule_in_an_answer_has_if_worse(raw: dict[str, Any]) -> None:
    _, answer = run(raw)
    for rule in answer.triage.rules:
        if rule.level == "emergency":
            text = rule.message.lower()
            assert "emergency" in text and "now" in text and "do not drive yourself" in text
        else:
            assert rule.if_worse and rule.if_worse.strip()


@PROPERTY
@given(input_dicts(), st.data())
def test_adding_a_profile_fact_never_lowers_triage(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    _, before = run(raw)
    profile = raw.setdefault("profile", {})
    fact = data.draw(st.sampled_from(["conditions", "medications", "flag", "age"]))
    if fact == "flag":
        profile["medication_changed_recently"] = True
    elif fact == "age":
        profile["age"] = max(profile.get("age", 0), data.draw(st.integers(18, 100)))
    else:
        profile[fact] = [*profile.get(fact, []), data.draw(st.sampled_from(SPEC_IDS[fact]))]
    _, after = run(raw)
    assert LEVEL_RANK[after.triage.level] >= LEVEL_RANK[before.triage.level]


@PROPERTY
@given(input_dicts(), st.data())
def test_adding_symptoms_today_never_lowers_triage(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    value, before = run(raw)
    day, old = raw["today"], value.today.spasms
    day["urinary"] = day.get("urinary", []) + data.draw(id_lists("urinary"))
    day["red_flags"] = day.get("red_flags", []) + data.draw(id_lists("red_flags"))
    spasms: dict[str, Any] = {
        "count": old.count + data.draw(st.integers(0, 3)),
        "max_severity": max(old.max_severity or 0, data.draw(st.integers(0, 10))),
        "locations": [*old.locations, *data.draw(id_lists("spasm_locations"))],
    }
    longest = data.draw(st.none() | st.integers(0, 60))
    if old.longest_minutes is not None or longest is not None:
        spasms["longest_minutes"] = max(old.longest_minutes or 0, longest or 0)
    day["spasms"] = spasms
    _, after = run(raw)
    assert LEVEL_RANK[after.triage.level] >= LEVEL_RANK[before.triage.level]


@PROPERTY
@given(input_dicts(), st.lists(st.sampled_from(SPEC_IDS["red_flags"]), max_size=6))
def test_answering_no_changes_only_what_is_asked(raw: dict[str, Any], said_no: list[str]) -> None:
    _, before = run(raw)
    raw["today"]["answered"] = [*raw["today"].get("answered", []), *said_no]
    _, after = run(raw)
    assert answer_to_dict(after)["triage"] == answer_to_dict(before)["triage"]
    assert set(after.ask_next) <= set(before.ask_next)


@PROPERTY
@given(input_dicts())
def test_a_rule_skipped_for_want_of_its_ids_would_not_have_fired(raw: dict[str, Any]) -> None:
    """The engine skips a rule when none of the ids it needs is present; running its condition
    anyway must say no, so skipping never changes an answer."""
    from engine.assess import _facts  # the facts the rules read

    value, _ = run(raw)
    book = engine.rulebook()
    facts = _facts(value, book)
    facts.fired.clear()  # no rule fired: `not fired` then never masks a hit
    present = {*value.profile.conditions, *value.profile.medications, *value.today.red_flags,
               *value.today.urinary, *value.today.triggers}  # fmt: skip
    if value.today.spasms.count > 0:
        present.update(value.today.spasms.locations)
    for rule in book.rules:
        if rule.needs is not None and rule.needs.isdisjoint(present):
            held, _ = rule.when(facts, facts.today)
            assert not held, rule.id
