"""`assess`: triage and risk for one person's day, explained by the inputs behind them."""

from __future__ import annotations

from functools import cache

from engine.conditions import DayFacts, Facts
from engine.library import select_advice, stretches_for
from engine.rulebook import Rulebook, rulebook
from engine.types import (
    TRIAGE_LEVELS,
    Answer,
    AssessmentInput,
    Factor,
    FiredRule,
    Risk,
    Triage,
)
from engine.validation import check_input
from engine.vocabulary import FIELDS, vocabulary
from engine.words import engine_texts, findings_phrase

_RANK = {level: i for i, level in enumerate(TRIAGE_LEVELS)}


def assess(value: AssessmentInput, *, validate: bool = True) -> Answer:
    """Assess one input. Raises InputError when `validate` is on and the input is invalid."""
    if validate:
        check_input(value)
    book = rulebook()
    facts = _facts(value, book)
    triage, asks = _triage(facts, book)
    risk = _risk(facts, book)
    today = value.today
    locations = facts.today.lists["spasm_locations"]
    too_much = book.too_much_water.exceeded(today.water_ml, today.largest_drink_ml)
    answered = {*today.red_flags, *today.answered}
    return Answer(
        engine_version=book.version,
        triage=triage,
        risk=risk,
        advice=select_advice(
            risk.factors, today, value.profile.medications, too_much_water=too_much
        ),
        stretches=stretches_for(locations) if locations else (),
        hydration_known=today.water_ml is not None,
        ask_next=tuple(term for term in asks if term not in answered),
    )


def _facts(value: AssessmentInput, book: Rulebook) -> Facts:
    today = DayFacts.of(value.today)
    by_offset = {0: today}
    for day in value.history:
        offset = (value.today.date - day.date).days
        if 0 < offset < book.max_window:
            by_offset[offset] = DayFacts.of(day)
    profile = value.profile
    return Facts(
        water_goal_ml=profile.water_goal_ml,
        age=profile.age,
        profile_lists={
            "conditions": frozenset(profile.conditions),
            "medications": frozenset(profile.medications),
        },
        profile_flags={"medication_changed_recently": profile.medication_changed_recently},
        today=today,
        by_offset=by_offset,
    )


def _triage(facts: Facts, book: Rulebook) -> tuple[Triage, tuple[str, ...]]:
    """The triage, and the red flags its fired rules ask about (highest level first)."""
    fired: list[tuple[FiredRule, tuple[str, ...]]] = []
    present = frozenset().union(*facts.today.lists.values(), *facts.profile_lists.values())
    for rule in book.rules:
        if rule.needs is not None and rule.needs.isdisjoint(present):
            continue  # none of the ids it needs is here: it cannot fire
        held, because = rule.when(facts, facts.today)
        if held:
            facts.fired.add(rule.id)
            why = rule.why.format(findings=_findings(because, rule.why))
            found = FiredRule(rule.id, rule.level, because, rule.message, why, rule.if_worse)
            fired.append((found, rule.ask))
    fired.sort(key=lambda pair: -_RANK[pair[0].level])  # stable: rulebook order within a level
    rules = tuple(found for found, _ in fired)
    level = rules[0].level if rules else "self_care"
    asks = tuple(dict.fromkeys(term for _, ask in fired for term in ask))
    return Triage(level=level, rules=rules), asks


def _risk(facts: Facts, book: Rulebook) -> Risk:
    factors: list[Factor] = []
    for factor in book.factors:
        points, because = factor.score(facts)
        if points > 0:
            factors.append(Factor(factor.id, points, because))
    score = min(sum(f.points for f in factors), book.score_cap)
    return Risk(score=score, level=book.risk_level(score), factors=tuple(factors))


def _findings(because: tuple[str, ...], template: str) -> str:
    """The plain labels of the ids behind a rule, as a phrase that fits the template."""
    return findings_phrase(because, template, engine_texts(), _labels())


@cache
def _labels() -> dict[str, str]:
    vocab = vocabulary()
    return {term.id: term.label for field in FIELDS for term in vocab.terms[field]}
