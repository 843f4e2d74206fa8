"""Reading one clause: phrase matching, the reach of a negation or a doubt, spasm locations.

The rules, in order:

- Phrases match whole words, longest first, left to right, skipping filler words. A phrase
  that holds a negator is a finding, not a negation: "can't pee", "no sleep", "didn't sleep
  well", "not able to pee" (rewritten to "can't pee").
- A negator ("no", "not", "never", "without", "didn't", "didn't see", "no sign of", "free of",
  "ruled out", "denies"...) negates the findings after it in its own clause. It stops at the
  clause's end, at a word that starts a cause, time or place ("after", "because", "when",
  "during", "at"...), and at an "and"/"plus"/"with" followed by a word that starts a new
  clause: a subject ("i", "my", "it"...), a verb ("had", "can't", "slept"...) or a past form
  ending in -ed. So "no fever and chills" and "no fever or chills" negate both, while
  "no fever and my leg gave way" and "no cramps and slept badly" negate only the first.
- A comma ends a clause, but a negation carries across commas into a list that is nothing
  but findings and ends in "or"/"nor": "no fever, chills or rash" and "no fever, chills, or
  rash" negate all three. Without the "or" it does not: "no fever, blood in my pee" and
  "no fever, chills and rash" report what follows the comma (when in doubt, report).
- A doubt ("not sure", "maybe", "might", "don't know"...) turns the red flags after it in its
  clause into possible red flags; other findings after it count as said.
- A spasm location is reported when its clause has a symptom cue that is not negated
  ("cramp", "pain", "tight", "twitch"...), or when its phrase carries one ("charley horse",
  "bad back"); it is negated when it sits in a negation's reach or every cue of its clause is
  negated ("no pain in my back", "calf hasn't cramped"); it is left out when its and-segment
  says it is fine ("my back is fine", "calf cramp and my back is better"), and when its clause
  names a skin complaint ("acne on my face", "eczema on my hands").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from engine.parse_lexicon import FINDING_FIELDS, Lexicon, Pattern, Sense, lexicon
from engine.parse_words import Piece
from engine.vocabulary import FieldName

_LIST_WORDS = frozenset({"or", "nor", "and", "any", "other"})
_SKIN = "skin_condition"
# a denied health-talk pattern is no health talk ("no burning when I pee"), but a denied
# working word is the complaint itself ("my bladder is not working")
_DENIAL_IS_THE_COMPLAINT = frozenset({"pee_complaint"})


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase found at words[start:end] (fillers inside it included)."""

    start: int
    end: int
    sense: Sense


# How a concept was doubted: not (False), plainly (True), or by a doubt phrase that is itself
# a concept ("no idea" in "no idea where I am"): a doubt about every pattern that does not use
# one of those concepts ("no idea whether my leg is weak" doubts leg + weak).
Doubt = bool | frozenset[str]
Occurrence = tuple[bool, Doubt, str]  # (negated, doubted, the words as written)


def _by_field() -> dict[FieldName, set[str]]:
    return {name: set() for name in FINDING_FIELDS}


@dataclass(slots=True)
class Tally:
    """What the clauses of one message said, gathered before the answer is built."""

    present: dict[FieldName, set[str]] = field(default_factory=_by_field)
    negated: dict[FieldName, set[str]] = field(default_factory=_by_field)
    possible: set[str] = field(default_factory=set)
    negated_possible: set[str] = field(default_factory=set)
    only_locations: bool = True
    bare_locations: set[str] = field(default_factory=set)
    crisis: set[str] = field(default_factory=set)
    possible_crisis: set[str] = field(default_factory=set)
    health: set[str] = field(default_factory=set)
    readings: list[tuple[str, str]] = field(default_factory=list)
    concepts: dict[str, list[Occurrence]] = field(default_factory=dict)
    sentence_concepts: dict[str, list[Occurrence]] = field(default_factory=dict)


@dataclass(slots=True)
class _Location:
    id: str
    negated: bool
    segment: int
    cued: bool


@dataclass(slots=True)
class _Clause:
    """The running state of one clause as it is read left to right."""

    negating: bool = False
    doubting: bool = False
    # a doubt that patterns heed: one a concept phrase carries ("didn't know" in "didn't know
    # where she was") doubts only the patterns that do not use its concepts (see `Doubt`)
    pattern_doubt: Doubt = False
    segment: int = 0
    cues: list[bool] = field(default_factory=list)  # each cue: was it negated?
    fine_segments: set[int] = field(default_factory=set)
    locations: list[_Location] = field(default_factory=list)
    # each concept said in the clause: (negated, doubted, the words as written)
    concepts: dict[str, list[Occurrence]] = field(default_factory=dict)


@lru_cache(maxsize=4096)
def clause_matches(words: tuple[str, ...]) -> tuple[Match, ...]:
    """The shipped lexicon's phrases in a clause (cached: a clause is read, then maybe asked
    whether a negation carries into it)."""
    return tuple(match_phrases(words, lexicon()))


def match_phrases(words: Sequence[str], lex: Lexicon) -> list[Match]:
    """The phrases in a clause, longest first from left to right, fillers skipped."""
    content = [i for i, word in enumerate(words) if word not in lex.fillers]
    matches: list[Match] = []
    k = 0
    kept = [words[i] for i in content]
    while k < len(content):
        for size in lex.sizes.get(kept[k], ()):
            if size > len(content) - k:
                continue
            sense = lex.senses.get(tuple(kept[k : k + size]))
            if sense is not None:
                matches.append(Match(content[k], content[k + size - 1] + 1, sense))
                k += size
                break
        else:
            k += 1
    return matches


def read_clause(piece: Piece, tally: Tally, *, negated: bool = False) -> bool:
    """Add what one clause says to the tally; True when a negation still holds at its end.
    `negated` starts the clause inside a negation (a list carried across a comma)."""
    lex = lexicon()
    words = piece.words
    matches = clause_matches(words)
    starts = {m.start: m for m in matches}
    state = _Clause(negating=negated)
    i = 0
    while i < len(words):
        match = starts.get(i)
        if match is None:
            _plain_word(piece, i, state, lex)
            _count_word(piece, i, state, lex)
            i += 1
        else:
            written = " ".join((piece.shown or piece.surface)[match.start : match.end])
            _apply(match.sense, state, tally, written)
            i = match.end
    _settle_patterns(state, tally, lex)
    _settle_locations(state, tally)
    _note_bare_locations(words, matches, state, tally, lex)
    return state.negating


def is_finding_list(words: Sequence[str]) -> tuple[bool, bool]:
    """(nothing but findings and list words, holds an "or"/"nor"): can a negation carry into
    this comma piece, as in "no fever, chills or rash"?"""
    lex = lexicon()
    covered: set[int] = set()
    for match in clause_matches(tuple(words)):
        if match.sense.findings or match.sense.possible or match.sense.role == "negator":
            covered.update(range(match.start, match.end))
    only = all(
        i in covered or word in lex.fillers or word in _LIST_WORDS for i, word in enumerate(words)
    )
    return only, any(word in ("or", "nor") for word in words)


def _plain_word(piece: Piece, i: int, state: _Clause, lex: Lexicon) -> None:
    word = piece.words[i]
    if word in lex.scope_enders:
        state.negating = state.doubting = state.pattern_doubt = False
    elif word in lex.and_words or word == "or":
        state.segment += 1
        if word != "or" and _starts_clause(piece, i + 1, lex):
            state.negating = state.doubting = state.pattern_doubt = False


def _count_word(piece: Piece, i: int, state: _Clause, lex: Lexicon) -> None:
    """A whole number ("20", "twenty") is a count concept unless a unit follows ("20 mg")."""
    following = piece.words[i + 1] if i + 1 < len(piece.words) else None
    concept = lex.counts.concept(piece.words[i], following)
    if concept is not None:
        occurrence = (state.negating, state.pattern_doubt, piece.surface[i])
        state.concepts.setdefault(concept, []).append(occurrence)


def _starts_clause(piece: Piece, i: int, lex: Lexicon) -> bool:
    """Does the word at i start a new clause: a subject, a verb or a past form (-ed)?"""
    if i >= len(piece.words):
        return True
    written = piece.surface[i]
    return (
        piece.words[i] in lex.clause_starters
        or written in lex.clause_starters
        or (len(written) > 3 and written.endswith("ed"))
    )


def _apply(sense: Sense, state: _Clause, tally: Tally, written: str) -> None:
    _apply_extras(sense, state, tally, written)
    if sense.role == "negator":
        state.negating = True
    elif sense.role == "uncertainty":
        state.doubting = True
        if not sense.concepts:
            state.pattern_doubt = True
        elif state.pattern_doubt is not True:
            state.pattern_doubt = frozenset(sense.concepts) | (state.pattern_doubt or frozenset())
    elif sense.role == "all_clear":
        if state.negating:
            state.cues.append(False)  # "not fine" is a complaint
        else:
            state.fine_segments.add(state.segment)
    if sense.cue:
        state.cues.append(state.negating)
    for field_name, term_id in sense.findings:
        if field_name == "spasm_locations":
            state.locations.append(_Location(term_id, state.negating, state.segment, sense.cue))
        elif state.doubting and field_name == "red_flags":
            tally.possible.add(term_id)
            tally.readings.append((written, f"possible:{term_id}"))
        elif state.negating and not state.doubting:
            tally.negated[field_name].add(term_id)
            tally.readings.append((written, f"negated:{term_id}"))
        else:
            tally.present[field_name].add(term_id)
            tally.readings.append((written, f"{field_name}:{term_id}"))
    if state.negating and not state.doubting:
        tally.negated_possible.update(sense.possible)
    else:
        tally.possible.update(sense.possible)
        tally.readings.extend((written, f"possible:{term_id}") for term_id in sense.possible)


def _apply_extras(sense: Sense, state: _Clause, tally: Tally, written: str) -> None:
    """Crisis words, health talk and concepts: a negated crisis phrase is still a possible
    crisis (asked gently, never ignored)."""
    for term_id in sense.crisis:
        definite = not (state.negating or state.doubting)
        (tally.crisis if definite else tally.possible_crisis).add(term_id)
        tally.readings.append((written, f"{'crisis' if definite else 'possible_crisis'}:{term_id}"))
    for term_id in sense.possible_crisis:
        tally.possible_crisis.add(term_id)
        tally.readings.append((written, f"possible_crisis:{term_id}"))
    if not state.negating:
        tally.health.update(sense.health)
    for concept in sense.concepts:
        state.concepts.setdefault(concept, []).append(
            (state.negating, state.pattern_doubt, written)
        )


def _settle_patterns(state: _Clause, tally: Tally, lex: Lexicon) -> None:
    """Concepts said together in one clause: "can't" + "feel" + a saddle-area word. A pattern
    holds when each of its concepts was said; it is negated when one was said only under a
    negation, and possible when one was said only in doubt."""
    for concept, occurrences in state.concepts.items():
        tally.concepts.setdefault(concept, []).extend(occurrences)
        tally.sentence_concepts.setdefault(concept, []).extend(occurrences)


def settle_patterns(
    concepts: dict[str, list[Occurrence]], patterns: Sequence[Pattern], tally: Tally
) -> None:
    """Apply every pattern whose concepts were all said (and none of its absent ones)."""
    if not concepts:
        return
    said = concepts.keys()
    for pattern in patterns:
        if not pattern.concepts <= said or pattern.absent & said:
            continue
        occurrences = [concepts[c] for c in pattern.order or sorted(pattern.concepts)]
        negated = any(all(neg for neg, _, _ in occ) for occ in occurrences)
        denied = {c for c in pattern.concepts if all(neg for neg, _, _ in concepts[c])}
        if pattern.target == "health" and denied - _DENIAL_IS_THE_COMPLAINT:
            continue  # "no burning when I pee", "no pain in my back": denied, not health talk
        doubted = any(all(_doubts(doubt, pattern) for _, doubt, _ in occ) for occ in occurrences)
        words = " + ".join(occ[0][2] for occ in occurrences)
        _apply_pattern(pattern.target, pattern.id, negated, doubted, tally)
        state_word = "negated" if negated else "possible" if doubted else pattern.target
        tally.readings.append((words, f"{state_word}:{pattern.id}"))


def _doubts(doubt: Doubt, pattern: Pattern) -> bool:
    if isinstance(doubt, frozenset):
        return not doubt & pattern.concepts
    return doubt


def _apply_pattern(target: str, term_id: str, negated: bool, doubted: bool, tally: Tally) -> None:
    if target == "health":
        tally.health.add(term_id)  # "my bladder is not working" is health talk too
    elif target in ("crisis", "possible_crisis"):
        if target == "crisis" and not (negated or doubted):
            tally.crisis.add(term_id)
        else:
            tally.possible_crisis.add(term_id)
    elif target == "possible":
        (tally.negated_possible if negated and not doubted else tally.possible).add(term_id)
    elif negated and not doubted:
        tally.negated[target].add(term_id)  # type: ignore[index]
    elif doubted and target == "red_flags":
        tally.possible.add(term_id)
    else:
        tally.present[target].add(term_id)  # type: ignore[index]


def _settle_locations(state: _Clause, tally: Tally) -> None:
    live_cue = any(not negated for negated in state.cues)
    if _SKIN in state.concepts:
        return  # "acne on my face", "eczema on my hands": a skin complaint, not a spasm
    for loc in state.locations:
        if loc.negated:
            tally.negated["spasm_locations"].add(loc.id)
        elif loc.segment in state.fine_segments:
            continue
        elif loc.cued or live_cue:
            tally.present["spasm_locations"].add(loc.id)
        elif state.cues:
            tally.negated["spasm_locations"].add(loc.id)


def _note_bare_locations(
    words: Sequence[str], matches: Sequence[Match], state: _Clause, tally: Tally, lex: Lexicon
) -> None:
    """Keep track of whether the message is nothing but locations ("lower back and neck")."""
    covered: set[int] = set()
    for match in matches:
        if match.sense.findings and all(f == "spasm_locations" for f, _ in match.sense.findings):
            covered.update(range(match.start, match.end))
    for i, word in enumerate(words):
        if not (
            i in covered or word in lex.fillers or word in lex.standalone_glue or word.isdigit()
        ):
            tally.only_locations = False
            return
    tally.bare_locations.update(loc.id for loc in state.locations)
