"""A word in another sense: "by accident" says how something happened, not that someone wet
or soiled themselves, which "had an accident" still asks about."""

from __future__ import annotations

from engine import parse_text


def test_by_accident_is_not_an_accident() -> None:
    for text in ("I took double my baclofen by accident", "accidentally took 20 of my pills"):
        result = parse_text(text)
        assert "bladder_control_loss" not in result.possible_red_flags, text
        assert "bowel_control_loss" not in result.possible_red_flags, text


def test_having_an_accident_is_still_asked_about() -> None:
    result = parse_text("I had an accident last night and did not notice")
    assert "bladder_control_loss" in result.possible_red_flags
