"""Crisis talk said without the usual words: being a burden, wishing not to exist, feeling
trapped, and contractions typed without an apostrophe. Each is a possible crisis (asked
gently, never asserted); hyperbole about a cramp is not a crisis at all."""

from __future__ import annotations

import pytest

from engine import parse_text

ASKED = [
    "Whats the point anymore, nobody would miss me",
    "no one would care if I just disappeared",
    "I'm such a burden to my family",
    "honestly I don't want to be here",
    "I wish I could disappear",
    "I wish I could sleep and never wake up",
    "theres no way out of this",
    "I cant go on like this",
]
NOT_A_CRISIS = [
    "this cramp is killing me",
    "I'm dying for a pee",
    "nobody would believe how tight my calves are",
    "I could sleep for a week after that hike",
]


@pytest.mark.parametrize("text", ASKED)
def test_crisis_talk_without_the_usual_words_is_asked_about(text: str) -> None:
    result = parse_text(text)
    assert "suicidal_thoughts" in result.possible_crisis, text
    assert not result.crisis  # asked, not asserted


@pytest.mark.parametrize("text", NOT_A_CRISIS)
def test_hyperbole_and_ordinary_talk_are_not_a_crisis(text: str) -> None:
    result = parse_text(text)
    assert not result.crisis and not result.possible_crisis, text
