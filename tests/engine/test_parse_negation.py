"""`parse_text`: how far a negation or a doubt reaches, and negated spasm locations."""

from __future__ import annotations

from typing import Any

import pytest

from engine.parse import parse_result_to_dict, parse_text


def parsed(text: str) -> dict[str, Any]:
    return parse_result_to_dict(parse_text(text))


# (text, red flags present, ids negated)
NEGATIONS = [
    ("no fever", [], ["fever_or_chills"]),
    ("no fever or chills", [], ["fever_or_chills"]),
    ("no fever and no blood", [], ["blood_in_urine", "fever_or_chills"]),
    ("no fever and chills", [], ["fever_or_chills"]),
    ("didn't see any blood", [], ["blood_in_urine"]),
    ("without numbness", [], ["saddle_numbness", "numbness_or_weakness"]),
    ("no blood but I can't pee", ["cannot_urinate"], ["blood_in_urine"]),
    ("no fever but blood in my pee", ["blood_in_urine"], ["fever_or_chills"]),
    ("no fever, but I wet myself", ["bladder_control_loss"], ["fever_or_chills"]),
    ("no fever however my leg gave way", ["leg_weakness"], ["fever_or_chills"]),
    ("never had blood in my urine", [], ["blood_in_urine"]),
    ("haven't had a temperature", [], ["fever_or_chills"]),
    ("I don't have a rash", [], ["rash"]),
    ("no sign of blood", [], ["blood_in_urine"]),
    ("free of fever for two days", [], ["fever_or_chills"]),
    ("doctor ruled out a kidney stone", [], ["flank_pain"]),
    ("denies saddle numbness", [], ["saddle_numbness"]),
    ("neither fever nor chills", [], ["fever_or_chills"]),
    ("I can't see any blood in my pee", [], ["blood_in_urine"]),
    ("no numbness down there and no leg weakness", [], ["saddle_numbness", "leg_weakness"]),
    # A comma ends a clause; a negation carries across it only into an "or" list.
    ("No fever, chills or rash", [], ["fever_or_chills", "rash"]),
    ("no fever, chills, or rash", [], ["fever_or_chills", "rash"]),
    ("no fever, blood in my pee", ["blood_in_urine"], ["fever_or_chills"]),
    # The negation's own clause only: "and" + a new subject or verb starts a new clause.
    ("no fever and my leg gave way", ["leg_weakness"], ["fever_or_chills"]),
    ("no fever and I can't pee", ["cannot_urinate"], ["fever_or_chills"]),
    ("no rash and slurred my words", ["slurred_speech"], ["rash"]),
    ("no chills. can't breathe", ["breathing_difficulty"], ["fever_or_chills"]),
    ("no fever since I started shivering", ["fever_or_chills"], []),
    # A phrase that holds a negator is a finding, not a negation.
    ("I can't pee", ["cannot_urinate"], []),
    ("not able to pee", ["cannot_urinate"], []),
    ("haven't been able to pee since lunch", ["cannot_urinate"], []),
    ("no bladder control today", ["bladder_control_loss"], []),
    # Said in one clause and denied in another: present, never negated (safety).
    ("no fever earlier. now I have a fever", ["fever_or_chills"], []),
    ("no blood yesterday but blood in my pee today", ["blood_in_urine"], []),
]


@pytest.mark.parametrize(("text", "present", "negated"), NEGATIONS)
def test_negation_reaches_its_own_clause(text: str, present: list[str], negated: list[str]) -> None:
    found = parsed(text)
    assert found["red_flags"] == present
    assert found["negated"] == negated


def test_negation_covers_triggers_and_urinary_symptoms() -> None:
    found = parsed("no coffee, no burning when I pee, and no urge to pee")
    assert found["triggers"] == []
    assert found["urinary"] == []
    assert found["negated"] == ["urgency", "dysuria", "caffeine"]


def test_negation_does_not_reach_a_cause() -> None:
    found = parsed("no cramps after the gym")
    assert found["triggers"] == ["intense_exercise"]


def test_a_later_trigger_is_not_negated_by_an_earlier_negation() -> None:
    found = parsed("no cramps and slept badly")
    assert found["triggers"] == ["poor_sleep"]
    assert found["negated"] == []


def test_negated_dark_urine_stays_negated_after_exercise() -> None:
    found = parsed("went for a run, no dark pee")
    assert found["red_flags"] == []
    assert found["possible_red_flags"] == []
    assert "dark_urine_after_exercise" in found["negated"]


def test_a_vague_phrase_wins_over_a_negation_elsewhere() -> None:
    found = parsed("no fever but I feel hot and cold")
    assert found["possible_red_flags"] == ["fever_or_chills"]
    assert found["negated"] == []


@pytest.mark.parametrize(
    ("text", "possible"),
    [
        ("not sure if I have a fever", ["fever_or_chills"]),
        ("don't know if that was blood", ["blood_in_urine"]),
        ("might have wet myself a little", ["bladder_control_loss"]),
        ("no idea whether my leg is weak", ["leg_weakness"]),
    ],
)
def test_a_doubt_makes_a_red_flag_possible_not_negated(text: str, possible: list[str]) -> None:
    found = parsed(text)
    assert found["possible_red_flags"] == possible
    assert found["red_flags"] == []
    assert found["negated"] == []


# (text, spasm locations, negated)
LOCATION_NEGATIONS = [
    ("no pain in my back", [], ["lower_back"]),
    ("no cramps in my calf or foot", [], ["calf", "foot"]),
    ("calf hasn't cramped today", [], ["calf"]),
    ("my back doesn't hurt", [], ["lower_back"]),
    ("my back is fine", [], []),
    ("back is ok, neck is better", [], []),
    ("no cramps in my calf but my neck hurts", ["neck"], ["calf"]),
    ("my back isn't good", ["lower_back"], []),
    ("neck pain, no back pain", ["neck"], ["lower_back"]),
]


@pytest.mark.parametrize(("text", "locations", "negated"), LOCATION_NEGATIONS)
def test_negated_and_fine_locations(text: str, locations: list[str], negated: list[str]) -> None:
    found = parsed(text)
    assert found["spasm_locations"] == locations
    assert found["negated"] == negated


def test_negated_list_is_in_field_then_vocabulary_order() -> None:
    found = parsed("no coffee, no cramp in my neck, no urgency, no rash, no fever")
    assert found["negated"] == ["fever_or_chills", "rash", "urgency", "neck", "caffeine"]
