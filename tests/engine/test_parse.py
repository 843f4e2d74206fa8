"""`parse_text`: everyday and clinical words for every red flag, possible red flags, harmless
messages, misspellings, urinary symptoms, triggers, spasm locations and the JSON shape."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from engine.parse import parse_result_to_dict, parse_text
from engine.parse_lexicon import compile_lexicon
from engine.types import ParseResult
from engine.vocabulary import ids

EMPTY: dict[str, Any] = {
    "red_flags": [],
    "possible_red_flags": [],
    "urinary": [],
    "spasm_locations": [],
    "triggers": [],
    "negated": [],
    "water_ml": None,
    "severity": None,
    # engine contract v2 adds the crisis ids and the water reading to the parse shape
    "crisis": [],
    "possible_crisis": [],
    "water": None,
}


def parsed(text: str) -> dict[str, Any]:
    return parse_result_to_dict(parse_text(text))


# Every red flag id, in the words people use for it.
RED_FLAG_WORDS = [
    ("saddle_numbness", "numb down there"),
    ("saddle_numbness", "my bum is numb"),
    ("saddle_numbness", "numbness between my legs"),
    ("saddle_numbness", "it's gone numb in my groin"),
    ("saddle_numbness", "saddle area feels numb"),
    ("saddle_numbness", "tingling down there"),
    ("bladder_control_loss", "I wet myself"),
    ("bladder_control_loss", "peed myself on the way home"),
    ("bladder_control_loss", "leaking pee"),
    ("bladder_control_loss", "I can't hold my wee"),
    ("bowel_control_loss", "I pooed myself"),
    ("bowel_control_loss", "soiled myself"),
    ("bowel_control_loss", "lost control of my bowels"),
    ("leg_weakness", "my leg gave way"),
    ("leg_weakness", "left leg buckled"),
    ("leg_weakness", "weak leg since this morning"),
    ("leg_weakness", "weakness in my right leg"),
    ("cannot_urinate", "I can't pee"),
    ("cannot_urinate", "cannot pee at all"),
    ("cannot_urinate", "unable to pee"),
    ("cannot_urinate", "I'm not able to pee"),
    ("cannot_urinate", "couldn't pee all afternoon"),
    ("blood_in_urine", "blood in my pee"),
    ("blood_in_urine", "red pee"),
    ("blood_in_urine", "pink urine"),
    ("blood_in_urine", "cola-coloured urine"),
    ("blood_in_urine", "there was blood when I weed"),
    ("fever_or_chills", "I have a fever"),
    ("fever_or_chills", "running a temperature"),
    ("fever_or_chills", "chills all evening"),
    ("fever_or_chills", "I'm shivering"),
    ("flank_pain", "pain in my side"),
    ("flank_pain", "kidney pain"),
    ("flank_pain", "loin pain on the left"),
    ("flank_pain", "my kidneys hurt"),
    ("dark_urine_after_exercise", "dark urine after the gym"),
    ("dark_urine_after_exercise", "my pee was dark after my run"),
    ("dark_urine_after_exercise", "after a workout my pee was dark brown"),
    ("breathing_difficulty", "I can't breathe"),
    ("breathing_difficulty", "short of breath"),
    ("breathing_difficulty", "struggling to breathe"),
    ("slurred_speech", "slurring my words"),
    ("slurred_speech", "my speech is slurred"),
    ("confusion", "I feel confused"),
    ("confusion", "disorientated this morning"),
    ("face_spasm", "face twitching"),
    ("face_spasm", "my mouth keeps twitching"),
    ("numbness_or_weakness", "I keep dropping things"),
    ("numbness_or_weakness", "my hand went numb"),
    ("rash", "I have a rash"),
    ("rash", "hives on my arms"),
    # engine contract v2: the new red flags in plain words
    ("bladder_change_with_back_pain", "new trouble peeing since my back went"),
    ("both_legs_symptoms", "pins and needles down both legs"),
    ("both_legs_symptoms", "both of my legs feel weak"),
    ("chest_pain", "chest pain and leg cramps"),
    ("chest_pain", "a heavy pain across my chest"),
    ("palpitations", "my heart keeps racing"),
    ("fainted", "I passed out in the kitchen"),
    ("fainted", "blacked out for a moment"),
    ("seizure", "she had a fit last night"),
    ("sudden_severe_headache", "the worst headache of my life came on suddenly"),
    ("headache_stiff_neck", "bad headache with a stiff neck"),
    ("face_droop_or_arm_weakness", "my face dropped on one side"),
    ("face_droop_or_arm_weakness", "his mouth is drooping on the left"),
    ("leg_swollen_warm_red", "calf swollen, red and hot"),
    ("leg_swollen_warm_red", "my lower leg is hot and swollen"),
    ("cold_pale_limb", "my leg is cold and white"),
    ("tingling_around_mouth", "hands cramping with tingling round my mouth"),
    ("tingling_around_mouth", "my lips are tingly"),
    ("jaw_stiffness", "jaw locked, can't open my mouth"),
    ("swallowing_difficulty", "I can't swallow properly"),
    ("muscle_rigidity_or_jerking", "on olanzapine, muscles rigid, high fever"),
    ("widespread_muscle_pain_weakness", "on a statin and aching all over"),
    ("no_urine_passed", "haven't peed since this morning"),
    ("no_urine_passed", "went without a wee for 15 hours"),
    ("cannot_keep_fluids_down", "vomiting all day, can't keep water down"),
    ("injury_cannot_bear_weight", "fell and can't put weight on it"),
    ("vaginal_bleeding", "8 weeks pregnant and bleeding"),
    ("vision_problems", "seeing flashing lights in front of my eyes"),
    ("sudden_swelling", "my face and hands swelled up suddenly"),
    ("rash_not_fading", "the rash doesn't fade under a glass"),
    ("mottled_or_blue_skin", "his lips have turned blue"),
    ("overdose_or_self_injury", "I took all my muscle relaxants at once"),
    ("overdose_or_self_injury", "took too many pills on purpose"),
]

# Engine contract v2 reroutes (review.md section 2 e, f, j, k): what these words are NOT.
REROUTES = [
    ("lockjaw since I stood on a nail", "jaw_stiffness", "face_spasm"),
    ("face drooping on the right", "face_droop_or_arm_weakness", "numbness_or_weakness"),
    ("calf swollen, red and hot", "leg_swollen_warm_red", "heat_or_heavy_sweating"),
    ("fell and can't put weight on it", "injury_cannot_bear_weight", "intense_exercise"),
    ("tingling round my mouth", "tingling_around_mouth", "saddle_numbness"),
    ("pregnant and bleeding", "vaginal_bleeding", "blood_in_urine"),
    ("haven't peed since this morning", "no_urine_passed", "cannot_urinate"),
]


@pytest.mark.parametrize(("text", "meant", "not_meant"), REROUTES)
def test_v2_reroutes(text: str, meant: str, not_meant: str) -> None:
    found = parse_text(text)
    assert meant in found.red_flags
    said = {*found.red_flags, *found.possible_red_flags, *found.triggers, *found.spasm_locations}
    assert not_meant not in said


@pytest.mark.parametrize(("flag", "text"), RED_FLAG_WORDS)
def test_lay_words_find_the_red_flag(flag: str, text: str) -> None:
    assert flag in parsed(text)["red_flags"]


def test_every_red_flag_has_lay_words() -> None:
    assert {flag for flag, _ in RED_FLAG_WORDS} == set(ids("red_flags"))


POSSIBLE = [
    ("my leg feels funny", ["leg_weakness"]),
    ("legs feel like jelly", ["leg_weakness"]),
    ("tingly", ["saddle_numbness", "numbness_or_weakness"]),
    ("bit numb", ["saddle_numbness", "numbness_or_weakness"]),
    ("feel weird peeing", ["saddle_numbness", "bladder_control_loss", "cannot_urinate"]),
    ("hot and cold all night", ["fever_or_chills"]),
    ("dark urine", ["blood_in_urine", "dark_urine_after_exercise"]),
    # engine contract v2 (review.md 2j): "haven't peed" is no pee passed, not retention;
    # with a time it is definite (test_v2_red_flags), alone it is asked
    ("I haven't peed", ["no_urine_passed"]),
    ("not sure if there's blood in my pee", ["blood_in_urine"]),
    ("maybe a fever", ["fever_or_chills"]),
    ("I feel drowsy", ["confusion"]),
    ("a bit confused about the app", ["confusion"]),
    ("I had an accident", ["bladder_control_loss", "bowel_control_loss"]),
    ("out of breath", ["breathing_difficulty"]),
    ("my face feels weird", ["face_spasm"]),
]


@pytest.mark.parametrize(("text", "possible"), POSSIBLE)
def test_vague_words_are_possible_red_flags(text: str, possible: list[str]) -> None:
    found = parsed(text)
    assert found["possible_red_flags"] == possible
    assert found["red_flags"] == []


def test_a_red_flag_said_plainly_is_not_also_possible() -> None:
    found = parsed("numb down there and tingly")
    assert found["red_flags"] == ["saddle_numbness"]
    assert found["possible_red_flags"] == ["numbness_or_weakness"]


HARMLESS = [
    "all good today",
    "feeling great",
    "thanks!",
    "what can you do?",
    "hello",
    "I had a nice walk",
    "my back is fine",
    "my back is better today",
    "my neck is ok now",
    "good morning",
    "yes",
    "no",
    "see you tomorrow",
    "nothing to report",
    "not too bad today",
    "I'm back from holiday",
    "had a good night",
    "what is a spasm?",
    "busy day at work",
    "I walked the dog",
    "",
    "   ",
    "🙂👍",
]


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_messages_find_nothing(text: str) -> None:
    assert parsed(text) == EMPTY


MISSPELLINGS = [
    ("I have a fevre", "red_flags", "fever_or_chills"),
    ("bit of a fevar", "red_flags", "fever_or_chills"),
    ("bloood in my urin", "red_flags", "blood_in_urine"),
    ("numbnes in my bum", "red_flags", "saddle_numbness"),
    ("numbess down there", "red_flags", "saddle_numbness"),
    ("tingeling", "possible_red_flags", "saddle_numbness"),
    ("diarhea all day", "triggers", "vomiting_or_diarrhea"),
    ("diarrea", "triggers", "vomiting_or_diarrhea"),
    ("diarrhoea", "triggers", "vomiting_or_diarrhea"),
    ("stomache cramps", "spasm_locations", "abdomen"),
    ("my calf is crampin", "spasm_locations", "calf"),
    ("back spazm", "spasm_locations", "lower_back"),
    ("back spams all day", "spasm_locations", "lower_back"),
    ("cramppppp in my neck", "spasm_locations", "neck"),
    ("I cant pee", "red_flags", "cannot_urinate"),
    ("can’t pee", "red_flags", "cannot_urinate"),
    ("CAN'T PEE!!!", "red_flags", "cannot_urinate"),
    ("I can't breath", "red_flags", "breathing_difficulty"),
    ("sooo stresed", "triggers", "stress"),
    ("too much caffine", "triggers", "caffeine"),
]


@pytest.mark.parametrize(("text", "key", "term"), MISSPELLINGS)
def test_common_misspellings(text: str, key: str, term: str) -> None:
    assert term in parsed(text)[key]


URINARY = [
    ("sudden urge to pee", "urgency"),
    ("I keep needing to pee", "frequency"),
    ("up 3 times last night to pee", "nocturia"),
    ("hard to start peeing", "hesitancy"),
    ("weak flow, just a dribble", "weak_stream"),
    ("feels like my bladder isn't empty", "incomplete_emptying"),
    ("burning when I pee", "dysuria"),
    ("it stings when I wee", "dysuria"),
]


@pytest.mark.parametrize(("text", "term"), URINARY)
def test_urinary_symptoms(text: str, term: str) -> None:
    assert parsed(text)["urinary"] == [term]


TRIGGERS = [
    ("sat all day at my desk", "prolonged_sitting"),
    ("long drive to my mum's", "prolonged_sitting"),
    ("went to the gym", "intense_exercise"),
    ("ran a marathon", "intense_exercise"),
    ("heatwave, so sweaty", "heat_or_heavy_sweating"),
    ("really stressed and anxious", "stress"),
    ("slept badly", "poor_sleep"),
    ("didn't sleep well", "poor_sleep"),
    ("threw up twice", "vomiting_or_diarrhea"),
    ("got the runs", "vomiting_or_diarrhea"),
    ("few beers last night", "alcohol"),
    ("two coffees", "caffeine"),
    ("freezing outside", "cold_exposure"),
    ("started a new medicine", "new_medication"),
    ("new pills from the GP", "new_medication"),
]


@pytest.mark.parametrize(("text", "term"), TRIGGERS)
def test_triggers(text: str, term: str) -> None:
    assert term in parsed(text)["triggers"]


LOCATIONS = [
    ("lower back spasm", ["lower_back"]),
    ("my back is killing me", ["lower_back"]),
    ("neck is so stiff", ["neck"]),
    ("charley horse last night", ["calf"]),
    ("hamstring cramp", ["thigh"]),
    ("cramp in my tummy", ["abdomen"]),
    ("pain between my shoulder blades", ["upper_back"]),
    ("bum cramp", ["hip"]),
    ("eyelid twitching all day", ["face"]),
    ("calf and foot cramps", ["calf", "foot"]),
    ("lower back and neck", ["neck", "lower_back"]),  # a message of nothing but locations
    ("calf", ["calf"]),
    ("calf cramp and my back is fine", ["calf"]),
    ("the cramp came back in my calf", ["calf"]),
]


@pytest.mark.parametrize(("text", "locations"), LOCATIONS)
def test_spasm_locations(text: str, locations: list[str]) -> None:
    assert parsed(text)["spasm_locations"] == locations


def test_a_location_without_a_symptom_is_not_a_spasm() -> None:
    assert parsed("I washed my hands and my face")["spasm_locations"] == []


def test_the_dict_has_exactly_the_command_line_shape() -> None:
    found = parsed("back cramp 7/10, no fever, drank 2 glasses, can't pee")
    assert list(found) == list(EMPTY)
    assert found == {
        **EMPTY,
        "red_flags": ["cannot_urinate"],
        "spasm_locations": ["lower_back"],
        "negated": ["fever_or_chills"],
        "water_ml": 500,
        "severity": 7,
        "water": {"ml": 500, "kind": "drink"},  # engine contract v2: the water reading
    }
    assert parse_result_to_dict(ParseResult()) == EMPTY


def _raw_lexicon() -> dict[str, Any]:
    return tomllib.loads(resources.files("engine.data").joinpath("lexicon.toml").read_text())


@pytest.mark.parametrize(
    ("section", "key", "value", "message"),
    [
        ("red_flags", "blod_in_urine", ["blood"], "unknown id"),
        ("possible_red_flags", "dysuria", ["sting"], "unknown id"),
        ("triggers", "alcohol", ["be.r"], "plain lower-case"),
        ("triggers", "alcohol", ["(wine|beer)"], "plain lower-case"),
        ("urinary", "urgency", ["the"], "filler"),
    ],
)
def test_bad_lexicon_data_is_refused(section: str, key: str, value: Any, message: str) -> None:
    raw = _raw_lexicon()
    raw[section][key] = value
    with pytest.raises(ValueError, match=message):
        compile_lexicon(raw)


def test_a_phrase_cannot_be_both_a_finding_and_a_negation() -> None:
    raw = _raw_lexicon()
    raw["grammar"]["negators"].append("fever")
    with pytest.raises(ValueError, match="clashing"):
        compile_lexicon(raw)


@pytest.mark.parametrize("phrase", ["took a lot of", "after", "right after"])
def test_a_concept_phrase_may_not_shrink_to_one_word(phrase: str) -> None:
    raw = _raw_lexicon()
    raw["concepts"]["took_lot"].append(phrase)
    with pytest.raises(ValueError, match="shrink to one word"):
        compile_lexicon(raw)


def test_a_pattern_names_known_concepts() -> None:
    raw = _raw_lexicon()
    raw["patterns"]["red_flags.rash"] = [["no_such_concept"]]
    with pytest.raises(ValueError, match="unknown ones"):
        compile_lexicon(raw)


def test_a_plural_must_be_its_own_word() -> None:
    raw = _raw_lexicon()
    raw["plural"]["arm"] = "arms"  # "arms" is a [spelling] variant of "arm"
    with pytest.raises(ValueError, match="its own word"):
        compile_lexicon(raw)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"levels": {"many": 0}}, "above 0"),
        ({"levels": {"many": 10}, "words": {"twenty": "20"}}, "whole number"),
        ({"levels": {"many": 10}, "sizes": {}}, "only levels"),
    ],
)
def test_bad_counts_are_refused(table: dict[str, Any], message: str) -> None:
    raw = _raw_lexicon()
    raw["counts"] = table
    with pytest.raises(ValueError, match=message):
        compile_lexicon(raw)
