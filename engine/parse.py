"""Free text to vocabulary ids: `parse_text` reads a person's own words into a `ParseResult`.

The words come from `data/lexicon.toml`; clause and negation rules live in `parse_clauses`,
numbers (water, severity) in `parse_amounts`. How the pieces combine:

- An id said anywhere in the message is present, even if another clause negates it (safety).
- A possible red flag is one a vague phrase or a doubt pointed at; it is dropped when the red
  flag is present, and it wins over a negation elsewhere (asking is safer than assuming no).
- `dark_urine_after_exercise` needs dark urine and hard exercise in the same message ("dark
  pee after the gym"); dark urine alone is a possible red flag.
- A message that is nothing but locations ("lower back and neck") reports them as spasm
  locations; elsewhere a location needs a symptom word (see `parse_clauses`).
- `negated` lists what was negated and not also said: red flags, then urinary symptoms, spasm
  locations and triggers, each in the vocabulary's order.
- A sentence clearly in the past (a past-time marker and no present one: "last year I
  couldn't pee") reports its red flags as possible ones only (asked, never asserted), and its
  symptoms and health talk not at all: they are not the writer's now. A sentence about
  someone else's past (a person or pronoun other than the writer, no "I"/"me", and a past
  marker: "my gran had a stroke years ago") is a story: it reports nothing. Crisis words are
  read as everywhere else (safety). Someone else NOW ("his mouth is drooping") is read in
  full: a carer may write for the person.
"""

from __future__ import annotations

import itertools
from typing import Final

from engine.parse_amounts import severity, water_reading
from engine.parse_clauses import Tally, is_finding_list, read_clause, settle_patterns
from engine.parse_lexicon import CRISIS_IDS, FINDING_FIELDS, HEALTH_KINDS, lexicon
from engine.parse_words import Piece, clauses, normalise
from engine.types import ParseResult, Reading, WaterReading
from engine.vocabulary import canonical

ParseDict = dict[str, list[str] | int | dict[str, int | str] | None]

# Who and when a sentence is about (words as `clauses` gives them; pairs are two words).
_WRITER: Final = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "myself", "im", "ive"})
_OTHER_PEOPLE: Final = frozenset({
    "he", "she", "they", "him", "her", "his", "them", "hes", "shes", "he's", "she's",
    "mum", "mom", "mother", "dad", "father", "grandmother", "grandma", "gran", "granny", "nan",
    "grandfather", "grandpa", "granddad", "aunt", "auntie", "uncle", "son", "daughter",
    "brother", "sister", "wife", "husband", "partner", "friend", "boyfriend", "girlfriend",
    "child", "kid", "baby", "cousin", "nephew", "niece", "neighbour", "neighbor", "colleague",
    "patient", "grandson", "granddaughter", "grandad", "grandmum", "nana", "stepdad",
    "stepmum", "stepmom", "mummy", "daddy", "toddler", "teenager", "flatmate", "roommate",
})  # fmt: skip
_PAST: Final = frozenset({
    "last year", "years ago", "year ago", "months ago", "decades ago", "as a child",
    "as a kid", "when i was young", "years back", "long ago", "in childhood", "used to",
    "previous year",
})  # fmt: skip
_NOW: Final = frozenset({
    "now", "today", "tonight", "still", "again", "currently", "since", "this morning",
    "right now", "this evening", "this week", "at the moment",
})  # fmt: skip

_DARK_URINE = "dark_urine_after_exercise"
_EXERCISE = "intense_exercise"


def parse_text(text: str) -> ParseResult:
    """What a person's own words say: ids found, ids negated, water and severity."""
    tally = Tally()
    pieces = clauses(text)
    carries = _carries(pieces)
    distant = _distant_sentences(pieces)
    negating = False
    lex = lexicon()
    scratch = Tally()
    for n, (piece, carry) in enumerate(zip(pieces, carries, strict=True)):
        if -1 - piece.sentence in distant:
            continue
        into = scratch if piece.sentence in distant else tally
        negating = read_clause(piece, into, negated=negating and carry)
        if n + 1 == len(pieces) or pieces[n + 1].sentence != piece.sentence:
            settle_patterns(into.sentence_concepts, lex.patterns, into)
            into.sentence_concepts = {}
            if into is scratch:
                _merge_distant(scratch, tally)
                scratch = Tally()
    settle_patterns(tally.concepts, lex.message_patterns, tally)
    flat = normalise(text)
    return _result(tally, water_reading(flat), severity(flat))


def _distant_sentences(pieces: list[Piece]) -> set[int]:
    """The sentences about someone else or clearly in the past (see the module docstring)."""
    words_of: dict[int, list[str]] = {}
    for piece in pieces:
        words_of.setdefault(piece.sentence, []).extend(piece.words)
    distant: set[int] = set()
    for sentence, words in words_of.items():
        said = set(words)
        pairs = {f"{a} {b}" for a, b in itertools.pairwise(words)}
        writer = bool(said & _WRITER)
        other = bool(said & _OTHER_PEOPLE) or any(
            w.endswith("'s") and w[:-2] in _OTHER_PEOPLE for w in said
        )
        past = bool(pairs & _PAST) or bool(said & _PAST)
        now = bool(said & _NOW) or bool(pairs & _NOW)
        if other and not writer and past and not now:
            distant.add(-1 - sentence)  # someone else's past: a story, nothing to ask
        elif past and not now:
            distant.add(sentence)
    return distant


def _merge_distant(scratch: Tally, tally: Tally) -> None:
    """Add a distant sentence's reading: red flags as possible ones, crisis words as they are,
    negations kept, symptoms and health talk left out."""
    tally.possible |= scratch.present["red_flags"] | scratch.possible
    tally.negated_possible |= scratch.negated_possible
    for name, negated in scratch.negated.items():
        tally.negated[name] |= negated
    tally.crisis |= scratch.crisis
    tally.possible_crisis |= scratch.possible_crisis
    tally.only_locations = tally.only_locations and scratch.only_locations
    for words, meaning in scratch.readings:
        kind, _, term = meaning.partition(":")
        if kind == "red_flags":
            tally.readings.append((words, f"possible:{term}"))
        elif kind not in FINDING_FIELDS and kind != "health":
            tally.readings.append((words, meaning))


def _carries(pieces: list[Piece]) -> list[bool]:
    """For each piece, could a negation carry into it: is it part of a comma-joined run of
    finding lists that holds an "or" at or after it ("no fever, chills, or rash")?"""
    carries = [False] * len(pieces)
    later = False  # does the run that follows this piece reach an "or"?
    for n in range(len(pieces) - 1, -1, -1):
        if pieces[n].after_comma:
            only_findings, has_or = is_finding_list(pieces[n].words)
            later = only_findings and (has_or or later)
        else:
            later = False
        carries[n] = later
    return carries


def parse_result_to_dict(result: ParseResult) -> ParseDict:
    """The command line's JSON shape of a parse result."""
    return {
        "red_flags": list(result.red_flags),
        "possible_red_flags": list(result.possible_red_flags),
        "urinary": list(result.urinary),
        "spasm_locations": list(result.spasm_locations),
        "triggers": list(result.triggers),
        "negated": list(result.negated),
        "water_ml": result.water_ml,
        "severity": result.severity,
        "crisis": list(result.crisis),
        "possible_crisis": list(result.possible_crisis),
        "water": None
        if result.water is None
        else {"ml": result.water.ml, "kind": result.water.kind},
    }


def _result(tally: Tally, water: WaterReading | None, worst: int | None) -> ParseResult:
    present = {name: set(ids) for name, ids in tally.present.items()}
    if tally.only_locations:
        present["spasm_locations"] |= tally.bare_locations
    red_flags = present["red_flags"]
    possible = tally.possible - red_flags
    if _DARK_URINE in possible and _EXERCISE in present["triggers"]:
        possible.discard(_DARK_URINE)
        red_flags.add(_DARK_URINE)
    negated_red = (tally.negated["red_flags"] | tally.negated_possible) - red_flags - possible
    negated = canonical("red_flags", negated_red)
    for name in FINDING_FIELDS[1:]:
        negated += canonical(name, tally.negated[name] - present[name])
    return ParseResult(
        red_flags=canonical("red_flags", red_flags),
        possible_red_flags=canonical("red_flags", possible),
        urinary=canonical("urinary", present["urinary"]),
        spasm_locations=canonical("spasm_locations", present["spasm_locations"]),
        triggers=canonical("triggers", present["triggers"]),
        negated=negated,
        water_ml=None if water is None else water.ml,
        water=water,
        severity=worst,
        crisis=tuple(c for c in CRISIS_IDS if c in tally.crisis),
        possible_crisis=tuple(
            c for c in CRISIS_IDS if c in tally.possible_crisis and c not in tally.crisis
        ),
        health_talk=tuple(k for k in HEALTH_KINDS if k in tally.health),
        readings=tuple(Reading(words, meaning) for words, meaning in tally.readings),
    )
