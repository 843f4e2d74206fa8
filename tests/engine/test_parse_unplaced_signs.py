"""Warning signs described with no health word get a safety step (issue 12): confusion by
class (perception, orientation, reality, comprehension), vague bladder talk, not walking,
overdoses as a count, and both legs swollen. Every phrase is our own wording; each class has
paraphrases that must be asked or answered and near misses that must not alarm."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine import parse_text
from engine.safety_step import Step, safety_step


def _flags(text: str) -> tuple[set[str], set[str]]:
    found = parse_text(text)
    return set(found.red_flags), set(found.possible_red_flags)


CONFUSION_ASKED = [
    # perception: seeing, hearing or feeling what is not there
    "the wallpaper keeps moving when I look at it",
    "the walls keep moving when I look at them",
    "the ceiling is melting above my bed",
    "I keep hearing voices when nobody is in the house",
    "I have been hearing voices in my head telling me things",
    "there are insects swarming all over the bedroom walls",
    "I could feel something crawling under my skin all night",
    "my late husband was sitting at the end of my bed last night talking to me",
    # orientation: where, when, who
    "I woke up and had no idea where I was",
    "honestly I don't know what year it is",
    "dad doesn't recognise me any more",
    "I got lost walking back from the shop, on a route I know so well",
    # reality: others plotting against the writer
    "the staff here are trying to poison me",
    "my neighbours are watching me through the walls",
    "somebody keeps putting something in my tea",
    # comprehension: following what others say
    "I can't understand what people are saying to me today",
    "I couldn't follow the conversation at all at lunch",
    # a carer's words
    "my nan is convinced there are people living in her attic",
    "grandad doesn't seem to know us any more",
    "mum's just not herself today",
]


@pytest.mark.parametrize("text", CONFUSION_ASKED)
def test_confusion_without_a_health_word_is_asked(text: str) -> None:
    definite, possible = _flags(text)
    assert "confusion" in possible, parse_text(text).readings
    assert "confusion" not in definite, "asked, not asserted"
    assert safety_step(parse_text(text)).step is Step.ASK


@pytest.mark.parametrize(
    "text",
    [
        "she didn't know who she was this morning",
        "he forgot his own name when the nurse asked",
        "I didn't recognise my own son at the door",
    ],
)
def test_someone_not_knowing_their_own_name_or_family_is_answered(text: str) -> None:
    assert "confusion" in parse_text(text).red_flags


NOT_CONFUSION = [
    "I can't understand the instructions for this app",
    "I can't understand why my bill went up",
    "nobody understands me at work",
    "I don't know where I'm going with this, sorry",
    "I don't know what day my physio appointment is",
    "I don't know where I left my water bottle",
    "I got lost in the new hospital car park",
    "we have ants in the kitchen again",
    "I saw a spider in the bath this morning",
    "we're painting the walls this weekend",
    "I moved my bed away from the wall",
    "the nurse is following me up next week",
    "my daughter looks after me on Sundays",
    "I dreamt about my late husband last night",
    "my landlord is trying to evict me",
    "I can't talk right now, will check in later",
    "I can't stand this weather",
    "he thinks I'm his best mate",
    "I'm sure I left my phone in the house",
    "I heard voices outside, it was the neighbours",
]


@pytest.mark.parametrize("text", NOT_CONFUSION)
def test_near_misses_of_confusion_raise_nothing(text: str) -> None:
    definite, possible = _flags(text)
    assert not ({"confusion", "slurred_speech", "leg_weakness"} & (definite | possible))
    assert safety_step(parse_text(text)).step is Step.NOTHING


BLADDER_ASKED = [
    "my bladder just feels weird lately",
    "something is off down there when I wee",
    "something isn't right with my bladder",
    "peeing feels off since yesterday",
    "I can't tell when my bladder is full any more",
    "I never know when I need to pee now",
    "I just don't feel the urge to go any more",
    "I can't tell if I'm weeing or not",
    "my waterworks just aren't right",
    "my bladder doesn't feel like my own",
    "things have felt off down below since Tuesday",
]


@pytest.mark.parametrize("text", BLADDER_ASKED)
def test_vague_bladder_talk_is_asked(text: str) -> None:
    definite, possible = _flags(text)
    assert not definite
    assert possible & {"saddle_numbness", "bladder_control_loss", "cannot_urinate"}
    assert safety_step(parse_text(text)).step is Step.ASK


@pytest.mark.parametrize(
    "text",
    [
        "my wee smells off after asparagus",
        "that's not right, I only drank a litre",
        "something is wrong with the reminder times",
        "my wee is a different colour since the new vitamins",
        "I don't know why peeing hurts",
    ],
)
def test_a_vague_wrongness_without_the_bladder_is_not_bladder_talk(text: str) -> None:
    definite, possible = _flags(text)
    assert not (definite | possible) & {"saddle_numbness", "bladder_control_loss"}


def test_a_worry_about_the_bladder_gets_the_screen_and_a_worry_alone_does_not() -> None:
    assert safety_step(parse_text("I'm worried about my bladder")).step is Step.SCREEN
    assert safety_step(parse_text("I'm worried about my exam")).step is Step.NOTHING


WEAK_LEGS = [
    "I got out of the chair and my legs just went from under me",
    "my legs stopped working halfway up the stairs",
    "my knees gave out and I couldn't walk, then I fell",
    "I tried to stand up and couldn't, my legs felt like jelly",
    "went numb from the waist down and I couldn't walk",
    "I collapsed in the hallway. I couldn't get up off the floor for ages",
    "I can't get my legs to move this morning",
    "my legs turned to jelly and I ended up on the floor",
]


@pytest.mark.parametrize("text", WEAK_LEGS)
def test_not_walking_with_a_fall_numbness_or_legs_giving_way_is_leg_weakness(text: str) -> None:
    assert "leg_weakness" in parse_text(text).red_flags, parse_text(text).readings


@pytest.mark.parametrize(
    "text",
    [
        "I couldn't walk for most of the afternoon",
        "I tried to get up twice but couldn't",
        "my knees buckled on the stairs",
        "I keep falling over",
    ],
)
def test_not_walking_alone_is_asked(text: str) -> None:
    definite, possible = _flags(text)
    assert "leg_weakness" in possible and "leg_weakness" not in definite


NOT_LEG_WEAKNESS = [
    "my legs are tired after the hike",
    "my legs are weak after leg day at the gym",
    "heavy legs after my long run",
    "I slipped on the ice and couldn't walk on my ankle",
    "the cramp in my calf was so bad I couldn't walk for a minute",
    "the pain in my back was so bad I collapsed and couldn't walk",
]


@pytest.mark.parametrize("text", NOT_LEG_WEAKNESS)
def test_tired_legs_after_exercise_or_an_injury_is_not_leg_weakness(text: str) -> None:
    assert "leg_weakness" not in parse_text(text).red_flags


OVERDOSES = [
    "took 20 of my muscle relaxants",
    "I've taken about 30 paracetamol",
    "swallowed the whole pack",
    "I downed a full bottle of my sleeping pills",
    "took a dozen of my painkillers with vodka",
    "I took twenty of my tablets an hour ago",
    "I took all my tizanidine at once",
    "I emptied the bottle of co-codamol",
    "I've taken 2 boxes of paracetamol",
    "I've taken the rest of my oxycodone",
]


@pytest.mark.parametrize("text", OVERDOSES)
def test_an_overdose_as_a_count_or_a_whole_pack_is_a_crisis(text: str) -> None:
    found = parse_text(text)
    assert "overdose_or_self_injury" in found.red_flags, found.readings
    step = safety_step(found)
    assert step.step is Step.CRISIS and step.emergency_first


@pytest.mark.parametrize(
    "text",
    [
        "I took 6 ibuprofen at once",
        "took all my meds",
        "I took the whole box of them",
        "I doubled up on my painkillers",
        "I've taken 14 ibuprofen over the last week",
        "I think I took about twice what I should",
    ],
)
def test_a_smaller_count_or_an_unclear_whole_is_asked(text: str) -> None:
    definite, possible = _flags(text)
    assert "overdose_or_self_injury" in possible and "overdose_or_self_injury" not in definite


NOT_OVERDOSES = [
    "took 2 ibuprofen",
    "I took 2 paracetamol at 8am and 2 more at lunch",
    "I take 20mg of baclofen",
    "took 10 mg of my medicine before bed",
    "it took 15 minutes for my tablets to work",
    "I take 12 tablets a day for my heart",
    "I took all my meds this morning as prescribed",
    "I took a whole bottle of water on my hike",
    "took the whole box of tissues to work",
    "I injected 20 units of insulin",
    "can you overdose on magnesium?",
    "I overdid it at the gym",
    "I took more than I should at the buffet",
    "I emptied the bottle of water on my run",
    "I took the boxes out to the car",
]


@pytest.mark.parametrize("text", NOT_OVERDOSES)
def test_a_normal_dose_or_a_question_is_not_an_overdose(text: str) -> None:
    definite, possible = _flags(text)
    assert "overdose_or_self_injury" not in definite | possible
    assert not safety_step(parse_text(text)).crisis


BOTH_LEGS_SWOLLEN = [
    "my legs are swollen",
    "both legs are puffy tonight",
    "my calves have swollen up",
    "both of my legs look puffy",
    "my legs are like balloons tonight",
]


@pytest.mark.parametrize("text", BOTH_LEGS_SWOLLEN)
def test_both_legs_swollen_is_asked_and_is_not_a_clot(text: str) -> None:
    definite, possible = _flags(text)
    assert "leg_swollen_warm_red" not in definite | possible
    assert "sudden_swelling" in possible


@pytest.mark.parametrize(
    "text",
    [
        "my left calf is swollen and warm",
        "one of my legs is swollen and hot",
        "my leg is swollen",
        "one leg is twice the size of the other",
    ],
)
def test_one_swollen_leg_is_still_a_possible_clot(text: str) -> None:
    assert "leg_swollen_warm_red" in parse_text(text).red_flags


@pytest.mark.parametrize(
    "text", ["little red bumps all over her arm and leg", "red pimples on my shin"]
)
def test_red_bumps_on_a_leg_are_the_skin_not_a_clot(text: str) -> None:
    definite, possible = _flags(text)
    assert "leg_swollen_warm_red" not in definite | possible


def test_a_rash_described_but_not_named_is_asked() -> None:
    definite, possible = _flags("small purple dots came up on his tummy")
    assert "rash" in definite | possible


def test_both_legs_numb_or_weak_said_as_a_plural_is_both_legs() -> None:
    assert "both_legs_symptoms" in parse_text("my legs are numb").red_flags
    assert "both_legs_symptoms" in parse_text("my legs have gone weak").red_flags


def test_a_skin_complaint_tingling_is_not_health_talk() -> None:
    step = safety_step(parse_text("my eczema tingles when I scratch it"))
    assert step.step is Step.NOTHING


@pytest.mark.parametrize(
    "text", ["no idea whether my leg is weak", "I don't know if my leg is weak or just tired"]
)
def test_a_doubt_that_is_also_a_concept_still_doubts_other_patterns(text: str) -> None:
    # "no idea" is what "no idea where I am" says, and a doubt about a weak leg
    definite, possible = _flags(text)
    assert "leg_weakness" in possible and "leg_weakness" not in definite


def test_the_reading_names_every_word_of_a_rewritten_form_in_the_data_order() -> None:
    meanings = {(r.words, r.meaning) for r in parse_text("I don't know where I am").readings}
    assert ("don't know + where i am", "possible:confusion") in meanings
    meanings = {(r.words, r.meaning) for r in parse_text("took 20 of my pills").readings}
    assert ("took + 20 + pills", "red_flags:overdose_or_self_injury") in meanings


def test_readings_do_not_depend_on_the_process_hash_seed() -> None:
    code = (
        "from engine import parse_text;"
        "print([(r.words, r.meaning) for r in parse_text("
        "'my legs gave way, I took 20 of my pills and the walls are melting').readings])"
    )
    root = Path(__file__).resolve().parents[2]
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize(
    "text",
    [
        "they are plotting a surprise party for me",
        "my hip was replaced by the doctors last year",
        "people follow me on instagram",
        "I visit my late husband's grave on Sundays",
    ],
)
def test_everyday_words_near_the_reality_and_perception_classes_raise_nothing(text: str) -> None:
    definite, possible = _flags(text)
    assert "confusion" not in definite | possible
