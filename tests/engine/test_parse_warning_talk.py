"""Only talk that could hide one of our warning signs reaches the red-flag screen (issue 12):
our own phrasings, never the corpus's."""

from __future__ import annotations

import pytest

from engine import parse_text
from engine.safety_step import Step, safety_step

NOT_OUR_WARNING_SIGNS = [
    "my tooth aches",
    "my acne is itchy again",
    "my ear hurts a bit since the swim",
    "feeling a bit constipated this week",
    "my wee smells funny after eating asparagus",
    "I'm worried about my exam tomorrow",
    "I always feel tired in the afternoon",
    "I get dizzy if I stand up too fast",
]


@pytest.mark.parametrize("text", NOT_OUR_WARNING_SIGNS)
def test_health_talk_outside_our_warning_signs_raises_nothing(text: str) -> None:
    assert safety_step(parse_text(text)).step is Step.NOTHING


OUR_WARNING_TALK = [
    "my back is killing me today",
    "my legs feel weird and heavy",
    "feeling really poorly",
    "my chest feels tight",
    "had a nasty cramp overnight",
]


@pytest.mark.parametrize("text", OUR_WARNING_TALK)
def test_talk_about_our_warning_places_still_reaches_a_safety_step(text: str) -> None:
    assert safety_step(parse_text(text)).is_safety_answer


@pytest.mark.parametrize(
    "text",
    [
        "I'm confused about when my next period is due",
        "the leaflet is so confusing",
        "we were confused by the test results",
    ],
)
def test_puzzled_about_a_thing_is_not_confusion(text: str) -> None:
    found = parse_text(text)
    assert "confusion" not in found.red_flags
    assert "confusion" not in found.possible_red_flags


def test_a_chill_is_a_possible_fever_but_chilling_out_is_not() -> None:
    assert "fever_or_chills" in parse_text("I felt a chill all evening").possible_red_flags
    found = parse_text("just chilling on the sofa")
    assert "fever_or_chills" not in found.possible_red_flags + found.red_flags


def test_back_pain_with_no_pee_gets_an_answer() -> None:
    step = safety_step(parse_text("my back is killing me and I can't pee"))
    assert step.step is Step.ANSWER


THE_WRITERS_PAST = [
    ("last year I couldn't feel my bum for a week", "saddle_numbness"),
    ("years ago I lost all feeling in my left leg after a fall", "numbness_or_weakness"),
    ("as a kid I used to get blood in my pee", "blood_in_urine"),
]


@pytest.mark.parametrize(("text", "flag"), THE_WRITERS_PAST)
def test_a_past_warning_sign_is_asked_not_asserted(text: str, flag: str) -> None:
    found = parse_text(text)
    assert flag not in found.red_flags
    assert flag in found.possible_red_flags


def test_someone_elses_past_logs_nothing_for_the_writer() -> None:
    found = parse_text("my son had a terrible cramp in his calf last year")
    assert found.spasm_locations == ()
    assert not found.health_talk


def test_someone_else_now_is_read_in_full() -> None:
    assert "breathing_difficulty" in parse_text("my husband can't breathe properly").red_flags


def test_the_writer_now_after_a_story_is_read_in_full() -> None:
    found = parse_text("My mum had kidney stones years ago. Now I can't feel my bum at all.")
    assert "saddle_numbness" in found.red_flags


def test_the_writer_in_a_sentence_with_someone_else_is_the_writer() -> None:
    assert "breathing_difficulty" in parse_text("my wife says I can't breathe properly").red_flags


def test_puzzled_about_the_way_home_is_still_a_possible_confusion() -> None:
    assert "confusion" in parse_text("I was confused about how to get home").possible_red_flags


def test_lost_sensation_in_a_leg_is_numbness() -> None:
    assert "numbness_or_weakness" in parse_text("I've lost sensation in my left leg").red_flags


def test_blood_with_pee_words_is_blood_in_urine() -> None:
    found = parse_text("some blood and a strong urge to pee")
    assert "blood_in_urine" in found.red_flags


def test_a_place_with_a_skin_complaint_is_not_a_spasm_location() -> None:
    found = parse_text("my eczema is playing up on my hands")
    assert found.spasm_locations == ()
    assert safety_step(found).step is Step.NOTHING


def test_a_tummy_ache_alone_is_not_screened_but_a_cramp_there_is() -> None:
    assert safety_step(parse_text("my tummy aches after fizzy drinks")).step is Step.NOTHING
    assert safety_step(parse_text("awful stomach cramps tonight")).is_safety_answer


def test_someone_elses_past_is_a_story() -> None:
    found = parse_text("my grandad couldn't breathe properly years ago")
    assert safety_step(found).step is Step.NOTHING


def test_a_relatives_stroke_last_year_is_no_definite_alarm() -> None:
    assert not parse_text("my dad had a stroke last year and couldn't move his arm").red_flags


def test_a_denied_symptom_is_no_health_talk_but_a_bladder_not_working_is() -> None:
    assert not parse_text("no burning when I pee").health_talk
    assert "peeing" in parse_text("my bladder is not working").health_talk
