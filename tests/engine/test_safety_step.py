"""The free-text safety step (bot-v2 items 1-3), decided from a ParseResult alone."""

from __future__ import annotations

from engine import ParseResult, parse_text
from engine.safety_step import Step, safety_step


def test_a_crisis_comes_before_everything() -> None:
    found = ParseResult(crisis=("suicidal_thoughts",), red_flags=("chest_pain",))
    step = safety_step(found)
    assert step.step is Step.CRISIS
    assert step.red_flags == ("chest_pain",)
    assert not step.emergency_first


def test_an_overdose_is_a_crisis_with_the_emergency_number_first() -> None:
    step = safety_step(ParseResult(red_flags=("overdose_or_self_injury",)))
    assert step.step is Step.CRISIS
    assert step.crisis == ("self_harm",)
    assert step.emergency_first


def test_a_definite_red_flag_is_answered_and_possible_ones_still_asked() -> None:
    found = ParseResult(red_flags=("fever_or_chills",), possible_red_flags=("flank_pain",))
    step = safety_step(found)
    assert step.step is Step.ANSWER
    assert step.ask == ("flank_pain",)
    assert step.screen is None


def test_a_possible_crisis_is_asked_gently() -> None:
    step = safety_step(ParseResult(possible_crisis=("suicidal_thoughts",)))
    assert step.step is Step.ASK
    assert step.check_crisis == ("suicidal_thoughts",)


def test_health_talk_without_a_red_flag_gets_the_screen_first() -> None:
    step = safety_step(ParseResult(health_talk=("feeling_unwell",)))
    assert step.step is Step.SCREEN
    assert step.screen == "first"


def test_symptoms_without_a_red_flag_get_the_questionnaire_screen() -> None:
    step = safety_step(ParseResult(spasm_locations=("calf",)))
    assert step.step is Step.SCREEN
    assert step.screen == "questionnaire"


def test_no_health_content_is_nothing_to_log() -> None:
    step = safety_step(ParseResult(water_ml=250))
    assert step.step is Step.NOTHING
    assert not step.is_safety_answer


def test_from_the_parser_end_to_end() -> None:
    assert safety_step(parse_text("thanks, see you tomorrow")).step is Step.NOTHING
    assert safety_step(parse_text("blood in my pee today")).step is Step.ANSWER
