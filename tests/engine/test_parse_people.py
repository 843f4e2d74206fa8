"""`parse_text` reads people, not keywords: crisis words and hyperbole, what happens rather than
the textbook word, places, word senses, misspellings and the explanation of a reading. Every
phrase here is our own wording (the lay-phrase corpus is read only by the bench)."""

from __future__ import annotations

import pytest

from engine import parse_text
from engine.safety_step import Step, safety_step

CRISIS = [
    ("some days I just want to die", ["suicidal_thoughts"]),
    ("I keep thinking everyone is better off without me", ["suicidal_thoughts"]),
    ("my spasms are so bad I want to end my life", ["suicidal_thoughts"]),
    ("been cutting myself again", ["self_harm"]),
]


@pytest.mark.parametrize(("text", "crisis"), CRISIS)
def test_crisis_words(text: str, crisis: list[str]) -> None:
    found = parse_text(text)
    assert list(found.crisis) == crisis
    assert safety_step(found).step is Step.CRISIS


@pytest.mark.parametrize(
    "text",
    ["I'm not suicidal, just exhausted", "maybe I want to die, I don't know", "I can't cope"],
)
def test_a_negated_or_vague_crisis_phrase_is_asked_gently(text: str) -> None:
    found = parse_text(text)
    assert found.crisis == ()
    assert "suicidal_thoughts" in found.possible_crisis
    assert safety_step(found).check_crisis


@pytest.mark.parametrize(
    "text",
    [
        "this cramp is killing me",
        "dying for a pee",
        "my calves are murdering me after that hike",
        "I could kill for a coffee",
    ],
)
def test_hyperbole_is_not_a_crisis(text: str) -> None:
    found = parse_text(text)
    assert (found.crisis, found.possible_crisis) == ((), ())


def test_an_overdose_is_a_red_flag_and_a_crisis() -> None:
    found = parse_text("I swallowed all my painkillers in one go")
    assert "overdose_or_self_injury" in found.red_flags
    step = safety_step(found)
    assert step.step is Step.CRISIS
    assert step.emergency_first


WHAT_HAPPENS = [
    ("tried to go but nothing came out at all", "cannot_urinate"),
    ("gone without peeing for about 16 hours", "no_urine_passed"),
    ("can't really feel my backside when I sit down", "saddle_numbness"),
    ("wiping feels different, like it's not my skin", "saddle_numbness"),
    ("having a really hard time catching my breath", "breathing_difficulty"),
    ("after the long run my pee came out the colour of strong tea", "dark_urine_after_exercise"),
    ("my wee is brown like cola", "blood_in_urine"),
    ("a deep throbbing ache wrapped around my side", "flank_pain"),
    ("sharp pain just under my ribs on the right", "flank_pain"),
    ("lost all sensation in my left foot", "numbness_or_weakness"),
    ("my legs had no strength and I dropped to the floor", "leg_weakness"),
    ("his mouth was drooping on one side", "face_droop_or_arm_weakness"),
    ("my eyelid won't stop twitching", "face_spasm"),
]


@pytest.mark.parametrize(("text", "flag"), WHAT_HAPPENS)
def test_phrasing_by_what_happens(text: str, flag: str) -> None:
    assert flag in parse_text(text).red_flags


URINARY = [
    ("it burns every time I wee", "dysuria"),
    ("the stream is really slow these days", "weak_stream"),
    ("been to the loo about 20 times today", "frequency"),
    ("I have to strain to get any pee out", "hesitancy"),
    ("woke three times in the night to pee", "nocturia"),
    ("I can't pee fully, there's always some left", "incomplete_emptying"),
]


@pytest.mark.parametrize(("text", "symptom"), URINARY)
def test_lay_urinary_words(text: str, symptom: str) -> None:
    assert symptom in parse_text(text).urinary


WORD_SENSES = [
    ("I'm confused about my period dates", "confusion"),
    ("bleeding from a cut on my thumb", "blood_in_urine"),
    ("I'm unable to urinate fully", "cannot_urinate"),
    ("tingling in both my hands", "saddle_numbness"),
    ("side effects of the new tablets", "flank_pain"),
    ("drank fewer glasses than usual", "fever_or_chills"),
]


@pytest.mark.parametrize(("text", "not_meant"), WORD_SENSES)
def test_word_senses_are_not_red_flags(text: str, not_meant: str) -> None:
    assert not_meant not in parse_text(text).red_flags


MISSPELT = [
    ("I've had diarrhoeaa since Monday", "triggers", "vomiting_or_diarrhea"),
    ("bad numbnesss in my foot", "red_flags", "numbness_or_weakness"),
    ("my bladdder feels full all the time", "urinary", "incomplete_emptying"),
]


@pytest.mark.parametrize(("text", "field", "term"), MISSPELT)
def test_misspellings_find_the_nearest_word(text: str, field: str, term: str) -> None:
    assert term in getattr(parse_text(text), field)


def test_the_reading_says_which_words_meant_what() -> None:
    found = parse_text("no fever, but I can't feel my bum")
    meanings = {reading.meaning for reading in found.readings}
    assert "negated:fever_or_chills" in meanings
    assert "red_flags:saddle_numbness" in meanings


HEALTH_TALK = [
    "my knee is swollen and stiff",
    "I feel really unwell today",
    "I'm worried about my bladder, it's not working right",
]


@pytest.mark.parametrize("text", HEALTH_TALK)
def test_health_talk_without_a_red_flag_gets_the_screen(text: str) -> None:
    step = safety_step(parse_text(text))
    assert step.step is not Step.NOTHING


@pytest.mark.parametrize("text", ["thanks!", "hello there", "500ml", "see you tomorrow"])
def test_no_health_content_gets_nothing(text: str) -> None:
    assert safety_step(parse_text(text)).step is Step.NOTHING


V2_BY_WHAT_HAPPENS = [
    ("my heart has been pounding really fast all evening", "palpitations"),
    ("this is the worst headache I have ever had", "sudden_severe_headache"),
    ("headache and bright light hurts my eyes", "headache_stiff_neck"),
    ("I throw up everything, even water", "cannot_keep_fluids_down"),
    ("my foot is ice cold and has gone white", "cold_pale_limb"),
    ("her face and fingers are swollen since this morning", "sudden_swelling"),
    ("the spots don't fade when I press a glass on them", "rash_not_fading"),
    ("his lips look blue and his skin is mottled", "mottled_or_blue_skin"),
    ("every muscle aches and I'm on atorvastatin", "widespread_muscle_pain_weakness"),
    ("food keeps getting stuck when I swallow", "swallowing_difficulty"),
    ("she didn't know where she was this morning", "confusion"),
]


@pytest.mark.parametrize(("text", "flag"), V2_BY_WHAT_HAPPENS)
def test_v2_red_flags_by_what_happens(text: str, flag: str) -> None:
    assert flag in parse_text(text).red_flags


MORE_WAYS = [
    ("I have not been able to pass water since last night", "cannot_urinate"),
    ("I haven't had a wee since 7am", "no_urine_passed"),
    ("I need to go but nothing will come out", "cannot_urinate"),
    ("my words keep coming out wrong", "slurred_speech"),
    ("my legs keep giving way under me", "leg_weakness"),
    ("I took way too much of my pain medicine", "overdose_or_self_injury"),
]


@pytest.mark.parametrize(("text", "flag"), MORE_WAYS)
def test_more_ways_of_saying_it(text: str, flag: str) -> None:
    assert flag in parse_text(text).red_flags


NOT_RED_FLAGS = [
    ("I can't sleep because I keep needing to pee", "cannot_urinate"),
    ("I was sick after drinking water too fast", "cannot_keep_fluids_down"),
    ("I took my vitamins and a bottle of water to work", "overdose_or_self_injury"),
    ("I don't know where this pain comes from", "confusion"),
]


@pytest.mark.parametrize(("text", "flag"), NOT_RED_FLAGS)
def test_words_near_a_red_flag_that_are_not_one(text: str, flag: str) -> None:
    assert flag not in parse_text(text).red_flags
