"""The pure risk and red-flag engine shared by every front end.

No I/O beyond its own packaged data, no clock, no Telegram or database: dates come in the input.
"""

from engine.assess import assess
from engine.library import Stretch, routine_for, stretch_library, stretches_for
from engine.parse import parse_text
from engine.rulebook import ENGINE_VERSION, rulebook
from engine.types import (
    TRIAGE_LEVELS,
    AdviceItem,
    Answer,
    AssessmentInput,
    Day,
    Factor,
    FiredRule,
    ParseResult,
    Profile,
    Risk,
    Spasms,
    Triage,
    TriageLevel,
)
from engine.validation import InputError, check_input, parse_input
from engine.vocabulary import Term, Vocabulary, vocabulary

__all__ = [
    "ENGINE_VERSION",
    "TRIAGE_LEVELS",
    "AdviceItem",
    "Answer",
    "AssessmentInput",
    "Day",
    "Factor",
    "FiredRule",
    "InputError",
    "ParseResult",
    "Profile",
    "Risk",
    "Spasms",
    "Stretch",
    "Term",
    "Triage",
    "TriageLevel",
    "Vocabulary",
    "assess",
    "check_input",
    "parse_input",
    "parse_text",
    "routine_for",
    "rulebook",
    "stretch_library",
    "stretches_for",
    "vocabulary",
]
