"""The weekly setting's words: day names typed in the person's language or English, and the
options a settings menu offers (each one accepted by `/settings weekly VALUE`)."""

from __future__ import annotations

import pytest

from handlers.weekly.setting import weekday_name, weekday_number, weekly_options, weekly_value
from i18n import texts_for

T = texts_for("en")


@pytest.mark.parametrize(
    ("typed", "day"),
    [("monday", 1), ("Mon", 1), ("TUE", 2), ("sun.", 7), ("Sunday", 7), (" friday ", 5)],
)
def test_day_names_full_or_short_in_any_case(typed: str, day: int) -> None:
    assert weekday_number(typed, T) == day


@pytest.mark.parametrize("typed", ["", "someday", "mo", "8", "weekend"])
def test_anything_else_is_no_day(typed: str) -> None:
    assert weekday_number(typed, T) is None


def test_every_option_of_a_menu_is_a_value_the_setting_takes() -> None:
    options = weekly_options(T)
    assert [label for label, _ in options][:2] == ["Monday", "Tuesday"]
    assert options[-1] == (T.get("settings.button_off"), "off")
    for day, (label, value) in enumerate(options[:7], start=1):
        assert weekday_number(value, T) == day and weekday_name(day, T) == label


def test_the_value_reads_in_words() -> None:
    assert weekly_value(None, T) == T.get("settings.off")
    assert weekly_value(7, T) == T.get("weekly.setting_value", day="Sunday")
