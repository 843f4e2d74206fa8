"""Every triage rule's own cases, as data (`cases/rules/<rule_id>.toml`), run by one test.

A rule without cases, or without both a firing and a silent case, fails the suite.
"""

from __future__ import annotations

from typing import Any

import pytest

import engine
from tests.engine.conftest import (
    LEVEL_RANK,
    because_problems,
    case_params,
    check_case_keys,
    load_cases,
    run,
)

KIND = "rules"


@pytest.mark.parametrize(("rule_id", "case"), case_params(KIND))
def test_rule_case(rule_id: str, case: dict[str, Any]) -> None:
    check_case_keys(case, required={"name", "fires", "input"}, optional={"level"})
    value, answer = run(case["input"])
    fired = [rule.id for rule in answer.triage.rules]
    assert (rule_id in fired) is case["fires"], f"fired: {fired}"
    if "level" in case:
        assert answer.triage.level == case["level"], f"fired: {fired}"
    # The triage level is the highest among the rules that fired, self_care when none did.
    levels = [rule.level for rule in answer.triage.rules]
    assert answer.triage.level == max(levels, key=LEVEL_RANK.__getitem__, default="self_care")
    if case["fires"]:
        assert because_problems(value, answer) == []


def test_every_rule_has_firing_and_silent_cases() -> None:
    cases = load_cases(KIND)
    lacking = []
    for rule in engine.rulebook().rules:
        outcomes = {case.get("fires") for case in cases.get(rule.id, [])}
        if outcomes != {True, False}:
            lacking.append(rule.id)
    assert lacking == [], "rules without a firing and a silent case"


def test_case_files_name_known_rules() -> None:
    known = {rule.id for rule in engine.rulebook().rules}
    assert set(load_cases(KIND)) - known == set()


def test_case_names_are_unique_per_rule() -> None:
    for rule_id, cases in load_cases(KIND).items():
        names = [case.get("name") for case in cases]
        assert len(names) == len(set(names)), rule_id
