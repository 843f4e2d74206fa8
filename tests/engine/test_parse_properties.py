"""`parse_text` properties: never raises, only valid ids in canonical order, no red flag both
found and negated, the same text gives the same answer, and it is fast."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.parse import parse_text
from engine.parse_lexicon import FINDING_FIELDS
from engine.types import ParseResult
from engine.vocabulary import canonical, ids

# Words the parser knows, so generated messages hit real phrases, negations and numbers.
_WORDS = [
    "no", "not", "never", "without", "didn't", "can't", "and", "or", "but", "nor", "maybe",
    "fever", "chills", "blood", "in", "my", "pee", "wee", "urine", "numb", "down", "there",
    "leg", "gave", "way", "weak", "back", "lower", "calf", "cramp", "spasm", "pain", "fine",
    "wet", "myself", "dark", "after", "gym", "run", "hot", "cold", "coffee", "beer", "sat",
    "all", "day", "slept", "badly", "tingly", "confused", "rash", "burning", "when", "i",
    "glass", "glasses", "litre", "500ml", "1.5", "l", "3", "8/10", "out", "of", "10", "a",
    ",", ".", "!", "?", "side", "kidney", "breathe", "face", "twitching", "sure", "if",
]  # fmt: skip
messages = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_WORDS), max_size=25).map(" ".join),
)

_FIELDS = FINDING_FIELDS


def _check_ids(result: ParseResult) -> None:
    for field in _FIELDS:
        values = getattr(result, field)
        assert set(values) <= set(ids(field))
        assert values == canonical(field, values)
    assert result.possible_red_flags == canonical("red_flags", result.possible_red_flags)
    negated = result.negated
    assert len(set(negated)) == len(negated)
    every_id = {term for field in _FIELDS for term in ids(field)}
    assert set(negated) <= every_id


@settings(max_examples=400, deadline=None)
@given(messages)
def test_never_raises_and_gives_only_valid_ids_in_canonical_order(text: str) -> None:
    result = parse_text(text)
    _check_ids(result)
    assert result.water_ml is None or 0 <= result.water_ml <= 10_000
    assert result.severity is None or 0 <= result.severity <= 10


@settings(max_examples=400, deadline=None)
@given(messages)
def test_nothing_is_both_found_and_negated_or_possible(text: str) -> None:
    result = parse_text(text)
    found = {*result.red_flags, *result.urinary, *result.spasm_locations, *result.triggers}
    assert not found & set(result.negated)
    assert not set(result.red_flags) & set(result.possible_red_flags)
    assert not set(result.possible_red_flags) & set(result.negated)


@settings(max_examples=200, deadline=None)
@given(messages)
def test_same_text_same_answer(text: str) -> None:
    assert parse_text(text) == parse_text(text)


@settings(max_examples=200, deadline=None)
@given(messages, messages)
def test_adding_words_after_a_full_stop_never_hides_a_red_flag(first: str, second: str) -> None:
    before = set(parse_text(first).red_flags)
    assert before <= set(parse_text(f"{first}.\n{second}").red_flags)


def test_long_and_repetitive_messages_stay_linear() -> None:
    for text in ("no fever, " * 5000, " " * 20000 + "drank", "drank" + " " * 20000, ",no" * 5000):
        start = time.perf_counter()
        parse_text(text)
        assert time.perf_counter() - start < 2, text[:20]
