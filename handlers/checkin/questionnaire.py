"""The check-in and /assess questionnaire as a pure state machine (no Telegram, no database).

State is a JSON-ready dict kept in the database between presses, so any instance can carry a
questionnaire on after a restart. `step` names what is being asked; `apply_press` and
`apply_text` return the next state and what to do about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any, Literal

from engine import ParseResult, parse_text
from engine.vocabulary import FieldName, canonical, ids
from i18n import Texts
from storage.records import MAX_WATER_AT_ONCE_ML, MAX_WATER_DAY_TOTAL_ML

MAX_SEVERITY = 10
COUNT_CHOICES = (1, 2, 3, 4, 5)
# The water buttons of the questionnaire answer "about how much today?" with a range's middle.
WATER_CHOICES = {"lt1": 750, "1to15": 1250, "15to2": 1750, "2plus": 2250}

# The most typed words may log: one drink, or a day's total ("I had 6 l today").
_WATER_LIMIT: dict[str, int] = {"drink": MAX_WATER_AT_ONCE_ML, "day_total": MAX_WATER_DAY_TOTAL_ML}
_NUMBER = re.compile(r"^\s*(\d{1,2})(\s*\+)?\s*(/\s*10)?\s*$")


@dataclass(frozen=True)
class AnswerWords:
    """The typed words a language takes as yes, as no, and as "all good" (from its catalog)."""

    yes: re.Pattern[str]
    no: re.Pattern[str]
    good: re.Pattern[str]

    @classmethod
    def of(cls, texts: Texts) -> AnswerWords:
        """The words of the texts' language (words.yes, words.no, words.all_good)."""
        return _answer_words(
            texts.get("words.yes"), texts.get("words.no"), texts.get("words.all_good")
        )


@cache
def _answer_words(yes: str, no: str, good: str) -> AnswerWords:
    return AnswerWords(
        yes=re.compile(rf"^\s*({_alternatives(yes)})\b", re.I),
        no=re.compile(rf"^\s*({_alternatives(no)})\b", re.I),
        good=re.compile(rf"^\s*({_alternatives(good)})\W*$", re.I),
    )


def _alternatives(words: str) -> str:
    """A comma-separated list of words as a regex alternation, longest first."""
    listed = sorted({w.strip() for w in words.split(",") if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(word) for word in listed)


class Step(StrEnum):
    """What the questionnaire is asking now."""

    START = "start"  # "How was today?" (daily check-in only)
    SPASMS = "spasms"
    WHERE = "where"
    SEVERITY = "severity"
    COUNT = "count"
    URINARY = "urinary"
    RED_FLAGS = "red_flags"
    CONFIRM = "confirm"  # a possible red flag found in typed words: yes or no?
    WATER = "water"
    DONE = "done"


_ORDER = (Step.SPASMS, Step.WHERE, Step.SEVERITY, Step.COUNT, Step.URINARY, Step.RED_FLAGS)
_MULTI: dict[Step, FieldName] = {
    Step.WHERE: "spasm_locations",
    Step.URINARY: "urinary",
    Step.RED_FLAGS: "red_flags",
}


@dataclass
class State:
    """A questionnaire in progress."""

    kind: Literal["checkin", "assess"]
    step: Step
    ask_water: bool = True
    spasms: bool | None = None
    locations: list[str] = field(default_factory=list)
    severity: int | None = None
    count: int | None = None
    nocturnal: bool = False  # a spasm came at night (the count step's night row)
    urinary: list[str] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    water_ml: int | None = None
    water_drink: bool = False  # typed words named one drink (added), not the day's total (set)
    pending: list[str] = field(default_factory=list)  # possible red flags still to confirm
    ruled_out: list[str] = field(default_factory=list)  # possible red flags answered "no"
    resume: Step | None = None  # where to go back to after CONFIRM
    confirm_only: bool = False  # only the pending questions are left to ask
    screen: list[str] = field(default_factory=list)  # the red flags the screen step shows
    then: str | None = None  # the prompt's press ("good"/"bad") to apply after CONFIRM

    def to_json(self) -> dict[str, Any]:
        """The state as stored."""
        data = dict(self.__dict__)
        data["step"] = str(self.step)
        data["resume"] = None if self.resume is None else str(self.resume)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> State:
        """A stored state; ValueError if it is not one."""
        try:
            values = dict(data)
            values["step"] = Step(values["step"])
            values["resume"] = None if values.get("resume") is None else Step(values["resume"])
            return cls(**values)
        except (KeyError, TypeError) as error:
            raise ValueError("not a questionnaire state") from error

    def selected(self, step: Step) -> list[str]:
        """The ids chosen so far at a multi-select step."""
        return {Step.WHERE: self.locations, Step.URINARY: self.urinary}.get(step, self.red_flags)


Outcome = Literal["ask", "finish", "invalid"]


@dataclass(frozen=True)
class Result:
    """What happened: ask the (new) current step, finish, or not understood."""

    state: State
    outcome: Outcome


def start(
    kind: Literal["checkin", "assess"],
    *,
    water_logged: bool,
    still_there: tuple[str, ...] = (),
    first_press: str | None = None,
) -> Result:
    """A fresh questionnaire: the daily check-in opens with "How was today?" (or goes on from
    the prompt's `first_press`).

    `still_there` are red flags reported on recent days: they are asked about first, so a
    warning sign is raised again rather than silently dropped; the prompt's press is applied
    once they are answered, not asked for again.
    """
    first = Step.START if kind == "checkin" else Step.SPASMS
    state = State(kind=kind, step=first, ask_water=not water_logged)
    if still_there:
        state.pending = list(still_there)
        state.resume, state.step = first, Step.CONFIRM
        state.then = first_press
        return Result(state, "ask")
    return apply_press(state, first_press, None) if first_press else Result(state, "ask")


def prefilled(
    found: ParseResult,
    kind: Literal["checkin", "assess"],
    *,
    water_logged: bool,
    confirm_only: bool = False,
) -> Result:
    """A questionnaire started from a person's own words, skipping what they already said.

    With `confirm_only`, it asks about the possible red flags and nothing else.
    """
    state = State(kind=kind, step=Step.SPASMS, ask_water=not water_logged)
    state.confirm_only = confirm_only
    _absorb(state, found)
    state.step = _first_open_step(state)
    return _settle(state)


def apply_press(state: State, action: str, value: str | None) -> Result:
    """Apply a button press; an action that does not belong to this step is invalid."""
    step = state.step
    if action == "skip" and step not in (Step.CONFIRM, Step.DONE):
        return _next(state)
    if step is Step.START and action in ("good", "bad"):
        # The evening check-in never waits for water (bot-v2 item 6): it is offered on the
        # closing message instead. "Not so good" goes straight to where it hurt, with a
        # "no spasms" button, rather than asking "any spasms?" again (item 8).
        state.ask_water = False
        if action == "good":
            state.spasms = False
            state.step = Step.DONE
            return _settle(state)
        state.step = Step.WHERE
        return Result(state, "ask")
    if step in (Step.SPASMS, Step.WHERE) and action in ("yes", "no"):
        state.spasms = action == "yes"
        if not state.spasms:
            state.locations, state.severity, state.count = [], None, None
            state.nocturnal = False
        return _next(state)
    if (
        step is Step.WHERE
        and action == "tog"
        and not state.locations
        and value in ids("spasm_locations")
    ):
        # The first place picked moves on at once (most spasms are in one place); the next
        # step offers "another place" for more.
        state.spasms, state.locations = True, [str(value)]
        return _next(state)
    if step in _MULTI:
        return _press_multi(state, step, action, value)
    if step is Step.SEVERITY and action == "more" and state.locations:
        state.step = Step.WHERE
        return Result(state, "ask")
    if step is Step.SEVERITY and action == "set" and _in_range(value, 1, MAX_SEVERITY):
        state.severity = int(str(value))
        return _next(state)
    if step is Step.COUNT and action in ("set", "night") and _in_range(value, 1, COUNT_CHOICES[-1]):
        state.count = int(str(value))
        state.nocturnal = action == "night"
        return _next(state)
    if step is Step.WATER and action == "set" and value in WATER_CHOICES:
        state.water_ml = WATER_CHOICES[value]
        return _next(state)
    if step is Step.CONFIRM and action in ("yes", "no") and state.pending:
        return _confirm(state, action == "yes")
    return Result(state, "invalid")


def apply_text(state: State, text: str, words: AnswerWords) -> Result:
    """Apply a typed answer. Red flags found in the words are kept at every step."""
    found = parse_text(text)
    new_flags = set(found.red_flags) - set(state.red_flags)
    state.red_flags = _union(state.red_flags, found.red_flags, "red_flags")
    state.triggers = _union(state.triggers, found.triggers, "triggers")
    step = state.step
    if new_flags:  # a warning sign typed mid-way is answered at once
        _absorb(state, found)
        state.step, state.resume = Step.DONE, None
        return Result(state, "finish")
    if step is Step.CONFIRM:
        if words.yes.match(text) or words.no.match(text):
            return _confirm(state, bool(words.yes.match(text)))
        return Result(state, "invalid")
    return _typed_answer(state, step, text, found, words)


def _typed_answer(
    state: State, step: Step, text: str, found: ParseResult, words: AnswerWords
) -> Result:
    number = _number(text) if found.water_ml is None or step is not Step.WATER else None
    if step is Step.START and words.good.match(text) and not found.symptoms_found:
        return apply_press(state, "good", None)
    if step is Step.SEVERITY and (number or found.severity) is not None:
        severity = found.severity if found.severity is not None else number
        if severity is not None and 1 <= severity <= MAX_SEVERITY:
            return apply_press(state, "set", str(severity))
    if step is Step.COUNT and number is not None and number >= 1:
        return apply_press(state, "set", str(min(number, COUNT_CHOICES[-1])))
    if step is Step.WATER and found.water_ml is not None:
        if found.water_ml > MAX_WATER_AT_ONCE_ML:  # "9 litres": asked again, never logged
            return Result(state, "invalid")
        state.water_ml = found.water_ml
        return _next(state)
    if step in (Step.SPASMS, Step.URINARY, Step.RED_FLAGS, Step.WHERE) and words.no.match(text):
        if step is Step.SPASMS or (step is Step.WHERE and state.spasms is None):
            return apply_press(state, "no", None)
        if not found.symptoms_found:
            return apply_press(state, "none", None) if step is not Step.WHERE else _next(state)
    if step is Step.SPASMS and words.yes.match(text) and not found.symptoms_found:
        return apply_press(state, "yes", None)
    if found.symptoms_found:
        _absorb(state, found)
        if step in (Step.START, Step.SPASMS, Step.WHERE, Step.URINARY, Step.RED_FLAGS):
            state.step = _first_open_step(state, after=step)
        return _settle(state)
    return Result(state, "invalid")


def _press_multi(state: State, step: Step, action: str, value: str | None) -> Result:
    field_name = _MULTI[step]
    chosen = state.selected(step)
    if action == "tog" and value in ids(field_name):
        if value in chosen:
            chosen.remove(value)
        else:
            chosen.append(value)
        chosen[:] = canonical(field_name, tuple(chosen))
        return Result(state, "ask")
    if action == "done":
        if step is Step.WHERE and not chosen:
            return Result(state, "invalid")  # "Done" with no place: "No spasms" says that
        state.spasms = True if step is Step.WHERE else state.spasms
        return _next(state)
    if action == "none" and step is not Step.WHERE:
        chosen.clear()
        return _next(state)
    return Result(state, "invalid")


def _next(state: State) -> Result:
    """Move past the current step to the next one that still needs asking."""
    current = state.step
    if current is Step.START:
        state.step = Step.SPASMS
    elif current is Step.RED_FLAGS and state.red_flags:
        # A warning sign is answered at once, as when typed or confirmed; no water question first.
        state.step, state.resume = Step.DONE, None
        return Result(state, "finish")
    elif current in _ORDER:
        state.step = _first_open_step(state, after=current)
    else:
        state.step = Step.DONE
    return _settle(state)


def _first_open_step(state: State, *, after: Step | None = None) -> Step:
    """The first step after `after` still worth asking, given what is known."""
    later = _ORDER if after is None or after is Step.START else _ORDER[_ORDER.index(after) + 1 :]
    for step in later:
        if step is Step.SPASMS and state.spasms is None:
            return step
        if step in (Step.WHERE, Step.SEVERITY, Step.COUNT) and not state.spasms:
            continue
        if step is Step.WHERE and not state.locations:
            return step
        if step is Step.SEVERITY and state.severity is None:
            return step
        if step is Step.COUNT and state.count is None:
            return step
        if step in (Step.URINARY, Step.RED_FLAGS):
            return step
    return Step.WATER if state.ask_water and state.water_ml is None else Step.DONE


def _settle(state: State) -> Result:
    """Finish, or ask the current step; possible red flags are asked about before anything."""
    if state.step is Step.WATER and (not state.ask_water or state.water_ml is not None):
        state.step = Step.DONE
    if state.pending and state.step is not Step.CONFIRM:
        state.resume, state.step = state.step, Step.CONFIRM
    return Result(state, "finish" if state.step is Step.DONE else "ask")


def _confirm(state: State, present: bool) -> Result:
    flag = state.pending.pop(0)
    if present:  # a warning sign is answered at once; any other open question comes after
        state.red_flags = _union(state.red_flags, (flag,), "red_flags")
        state.step, state.resume = Step.DONE, None
        return Result(state, "finish")
    else:
        state.ruled_out = [*state.ruled_out, flag]
    if state.pending:
        return Result(state, "ask")
    state.step = Step.DONE if state.confirm_only else (state.resume or Step.DONE)
    state.resume = None
    if state.step is Step.START and state.then is not None:
        press, state.then = state.then, None
        return apply_press(state, press, None)
    return _settle(state)


def _absorb(state: State, found: ParseResult) -> None:
    state.red_flags = _union(state.red_flags, found.red_flags, "red_flags")
    state.urinary = _union(state.urinary, found.urinary, "urinary")
    state.triggers = _union(state.triggers, found.triggers, "triggers")
    if found.spasm_locations:
        state.spasms = True
        state.locations = _union(state.locations, found.spasm_locations, "spasm_locations")
    if found.severity is not None and found.severity > 0:
        state.spasms = True
        state.severity = max(state.severity or 0, found.severity)
    asked = set(state.red_flags) | set(state.ruled_out) | set(state.pending)
    state.pending = [*state.pending, *(f for f in found.possible_red_flags if f not in asked)]
    water = found.water
    if water is not None and water.ml <= _WATER_LIMIT[water.kind]:
        state.water_ml, state.water_drink, state.ask_water = water.ml, water.kind == "drink", False


def _union(current: list[str], extra: tuple[str, ...] | list[str], name: FieldName) -> list[str]:
    return list(canonical(name, (*current, *extra)))


def _number(text: str) -> int | None:
    match = _NUMBER.match(text)
    return int(match.group(1)) if match else None


def _in_range(value: str | None, low: int, high: int) -> bool:
    return value is not None and value.isdigit() and low <= int(value) <= high
