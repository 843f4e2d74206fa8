"""'Passing water' is peeing (British and older usage): not having passed any is no urine,
passing it painfully is dysuria, and passing it normally is nothing to ask about."""

from __future__ import annotations

import pytest

from engine import parse_text


@pytest.mark.parametrize(
    "text",
    [
        "I have not passed water since last night",
        "I havent passed any water all day",
        "I've not passed any water since last night and my tummy is swollen",
    ],
)
def test_not_having_passed_water_is_no_urine(text: str) -> None:
    assert "no_urine_passed" in parse_text(text).red_flags, text


def test_passing_water_that_burns_is_dysuria_and_normal_passing_is_nothing() -> None:
    assert "dysuria" in parse_text("passing water burns").urinary
    normal = parse_text("I passed water normally today")
    assert not normal.red_flags and not normal.possible_red_flags
    assert normal.water_ml is None  # water passed is not water drunk
