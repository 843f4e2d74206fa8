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
"""

from __future__ import annotations

from engine.parse_amounts import severity, water_reading
from engine.parse_clauses import Tally, is_finding_list, read_clause, settle_patterns
from engine.parse_lexicon import CRISIS_IDS, FINDING_FIELDS, HEALTH_KINDS, lexicon
from engine.parse_words import Piece, clauses, normalise
from engine.types import ParseResult, Reading, WaterReading
from engine.vocabulary import canonical

ParseDict = dict[str, list[str] | int | dict[str, int | str] | None]

_DARK_URINE = "dark_urine_after_exercise"
_EXERCISE = "intense_exercise"


def parse_text(text: str) -> ParseResult:
    """What a person's own words say: ids found, ids negated, water and severity."""
    tally = Tally()
    pieces = clauses(text)
    carries = _carries(pieces)
    negating = False
    lex = lexicon()
    for n, (piece, carry) in enumerate(zip(pieces, carries, strict=True)):
        negating = read_clause(piece, tally, negated=negating and carry)
        if n + 1 == len(pieces) or pieces[n + 1].sentence != piece.sentence:
            settle_patterns(tally.sentence_concepts, lex.patterns, tally)
            tally.sentence_concepts = {}
    settle_patterns(tally.concepts, lex.message_patterns, tally)
    flat = normalise(text)
    return _result(tally, water_reading(flat), severity(flat))


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
