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
