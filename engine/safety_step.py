"""The bot's safety step for a typed message, decided from what `parse_text` found (bot-v2 1-3).

Pure: a `ParseResult` in, a `SafetyStep` out; the Telegram router calls it before anything
else, in every state (before consent, in setup, paused, inside a flow). The step is the first
thing to do; the other fields list everything the message needs, in this order:

1. `crisis` (definite crisis ids): the crisis conversation at once. When `emergency_first`
   (an overdose or self-injury, a red flag too) the emergency number comes first.
2. `red_flags` (definite): assess and answer at once.
3. `check_crisis` (possible crisis ids, a negated crisis phrase included): ask gently.
4. `ask` (possible red flags): yes/no questions at once.
5. The core red-flag screen, when the message is health talk and nothing above was found:
   `screen == "first"` when the parser could place nothing (the screen is the first
   question), `"questionnaire"` when it found symptoms to prefill (the questionnaire's screen
   step). `step == NOTHING` only for text with no health content (thanks, hello, a water
   amount): the "here is what I can do" answer, which offers the screen with one tap.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

from engine.types import ParseResult

ScreenKind = Literal["first", "questionnaire"]

_SELF_INJURY: Final = "overdose_or_self_injury"
_NOT_WARNING_PLACES: Final = frozenset({"abdomen"})


class Step(StrEnum):
    """The first thing the bot does with a typed message."""

    CRISIS = "crisis"  # suicidal thoughts or self-harm: the crisis conversation
    ANSWER = "answer"  # a definite red flag: assess and answer at once
    ASK = "ask"  # a possible red flag or possible crisis: ask yes/no at once
    SCREEN = "screen"  # health talk without a found red flag: the core red-flag screen
    NOTHING = "nothing"  # no health content: what the bot can do, with the screen one tap away


@dataclass(frozen=True, slots=True)
class SafetyStep:
    """What a typed message needs for safety; see the module docstring for the order."""

    step: Step
    crisis: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    check_crisis: tuple[str, ...] = ()
    ask: tuple[str, ...] = ()
    screen: ScreenKind | None = None
    emergency_first: bool = False

    @property
    def is_safety_answer(self) -> bool:
        """Whether the message gets a safety answer, question or screen (not a shrug)."""
        return self.step is not Step.NOTHING


def safety_step(found: ParseResult) -> SafetyStep:
    """The safety step a message needs, from what `parse_text` found in it."""
    crisis = found.crisis
    if _SELF_INJURY in found.red_flags and "self_harm" not in crisis:
        crisis = (*crisis, "self_harm")  # engine v2: an overdose or self-injury implies crisis
    check = tuple(c for c in found.possible_crisis if c not in crisis)
    # triggers alone ("played football", "a cold day") are not health talk, nor is a tummy
    # ache alone (the abdomen is none of our warning places; a cramp there is health talk)
    places = [place for place in found.spasm_locations if place not in _NOT_WARNING_PLACES]
    health = bool(found.health_talk or found.urinary or places or found.severity is not None)
    nothing_else = not (crisis or found.red_flags or check or found.possible_red_flags)
    screen: ScreenKind | None = None
    if health and nothing_else:
        placed = found.urinary or found.spasm_locations or found.triggers
        screen = "questionnaire" if placed else "first"
    if crisis:
        step = Step.CRISIS
    elif found.red_flags:
        step = Step.ANSWER
    elif check or found.possible_red_flags:
        step = Step.ASK
    elif screen is not None:
        step = Step.SCREEN
    else:
        step = Step.NOTHING
    return SafetyStep(
        step=step,
        crisis=crisis,
        red_flags=found.red_flags,
        check_crisis=check,
        ask=found.possible_red_flags,
        screen=screen,
        emergency_first=_SELF_INJURY in found.red_flags,
    )
