"""Every risk factor's own cases, as data (`cases/factors/<factor_id>.toml`), run by one test.

Each case gives the `points` expected for that factor, 0 meaning it is absent from the answer.
"""

from __future__ import annotations

from typing import Any

import pytest

import engine
from tests.engine.conftest import because_problems, case_params, check_case_keys, load_cases, run

KIND = "factors"


@pytest.mark.parametrize(("factor_id", "case"), case_params(KIND))
def test_factor_case(factor_id: str, case: dict[str, Any]) -> None:
    check_case_keys(
        case, required={"name", "points", "input"}, optional={"hydration_known", "score"}
    )
    value, answer = run(case["input"])
    scored = {factor.id: factor.points for factor in answer.risk.factors}
    assert scored.get(factor_id, 0) == case["points"], f"scored: {scored}"
    assert 0 not in scored.values(), "a factor that scores 0 is left out of the answer"
    if "hydration_known" in case:
        assert answer.hydration_known is case["hydration_known"]
    if "score" in case:
        assert answer.risk.score == case["score"], f"scored: {scored}"
    assert because_problems(value, answer) == []


def test_every_factor_has_scoring_and_absent_cases() -> None:
    cases = load_cases(KIND)
    lacking = []
    for factor in engine.rulebook().factors:
        points = [case.get("points") for case in cases.get(factor.id, [])]
        if 0 not in points or not any(points):
            lacking.append(factor.id)
    assert lacking == [], "factors without a scoring and an absent case"


def test_case_files_name_known_factors() -> None:
    known = {factor.id for factor in engine.rulebook().factors}
    assert set(load_cases(KIND)) - known == set()


def test_case_names_are_unique_per_factor() -> None:
    for factor_id, cases in load_cases(KIND).items():
        names = [case.get("name") for case in cases]
        assert len(names) == len(set(names)), factor_id
