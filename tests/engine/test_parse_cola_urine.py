"""Cola-coloured urine is blood in the urine to ask about, and after hard exercise also dark
urine after exercise (engine contract v2), however the colour is put."""

from __future__ import annotations

import pytest

from engine import parse_text


@pytest.mark.parametrize(
    "text",
    [
        "my pee looks like coke after the marathon",
        "my pee looks like cola after a run",
        "after leg day my urine was cola colour",
    ],
)
def test_cola_coloured_urine_after_exercise(text: str) -> None:
    result = parse_text(text)
    assert "dark_urine_after_exercise" in result.red_flags, text


def test_cola_coloured_urine_without_exercise_asks_about_exercise() -> None:
    result = parse_text("my pee looks like coke")
    assert "dark_urine_after_exercise" in result.possible_red_flags
    assert "dark_urine_after_exercise" not in result.red_flags
