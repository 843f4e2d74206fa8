"""The /history chart and caption: the PNG, the gaps, and the caption's numbers."""

from __future__ import annotations

import datetime as dt
import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from handlers.reports.caption import checkin_streak, history_caption, top_location
from handlers.reports.chart import CHART_SIZE_PX, chart_series, date_label, render_history_chart
from handlers.reports.model import DaySummary
from tests.reports.sample import (
    END_DATE,
    GOAL_ML,
    MISSING_OFFSETS,
    UNKNOWN_WATER_OFFSET,
    WATER_ONLY_OFFSET,
    typical_month,
)

D = dt.date(2026, 5, 14)  # a Thursday


def ago(n: int) -> dt.date:
    return D - dt.timedelta(days=n)


def test_png_decodes_to_the_phone_size_with_an_opaque_card(tmp_path: Path) -> None:
    png = render_history_chart(typical_month(), end_date=END_DATE, goal_ml=GOAL_ML)
    path = tmp_path / "history.png"
    path.write_bytes(png)
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == CHART_SIZE_PX
        assert image.mode == "RGB"  # no alpha: reads the same on dark and light themes
        assert image.getpixel((3, 3)) == (255, 255, 255)


@pytest.mark.parametrize("n_days", [1, 14, 30])
def test_any_window_renders_at_the_same_size(tmp_path: Path, n_days: int) -> None:
    png = render_history_chart(typical_month(), end_date=END_DATE, goal_ml=GOAL_ML, n_days=n_days)
    path = tmp_path / f"history-{n_days}.png"
    path.write_bytes(png)
    with Image.open(path) as image:
        assert image.size == CHART_SIZE_PX


def test_renders_from_several_threads_at_once() -> None:
    days = typical_month()
    with ThreadPoolExecutor(max_workers=3) as pool:
        pngs = list(
            pool.map(
                lambda n: render_history_chart(days, end_date=END_DATE, goal_ml=GOAL_ML, n_days=n),
                (14, 14, 30),
            )
        )
    assert pngs[0] == pngs[1] != pngs[2]


def test_no_records_at_all_still_renders(tmp_path: Path) -> None:
    png = render_history_chart((), end_date=END_DATE, goal_ml=GOAL_ML)
    (tmp_path / "empty.png").write_bytes(png)
    with Image.open(tmp_path / "empty.png") as image:
        assert image.size == CHART_SIZE_PX


def test_days_without_a_record_are_nan_not_zero() -> None:
    series = chart_series(typical_month(), end_date=END_DATE, n_days=14)
    assert len(series.dates) == 14
    assert series.dates[-1] == END_DATE
    for i, date in enumerate(series.dates):
        offset = (END_DATE - date).days
        if offset in MISSING_OFFSETS:
            assert not series.has_record[i]
            assert math.isnan(series.water_ml[i])
            assert math.isnan(series.severity[i])
            assert series.triage[i] is None
        else:
            assert series.has_record[i]
    assert math.isnan(series.water_ml[13 - UNKNOWN_WATER_OFFSET])
    # Water logged without a check-in: water known, spasms unknown (not "no spasms").
    assert not math.isnan(series.water_ml[13 - WATER_ONLY_OFFSET])
    assert math.isnan(series.severity[13 - WATER_ONLY_OFFSET])


def test_a_checked_in_day_without_spasms_is_zero_and_water_zero_is_zero() -> None:
    days = (DaySummary(D, water_ml=0, checked_in=True, triage="self_care"),)
    series = chart_series(days, end_date=D, n_days=2)
    assert math.isnan(series.water_ml[0]) and math.isnan(series.severity[0])
    assert series.water_ml[1] == 0.0
    assert series.severity[1] == 0.0


def test_unknown_severity_of_a_spasm_day_is_nan() -> None:
    days = (DaySummary(D, spasm_count=2, checked_in=True),)
    assert math.isnan(chart_series(days, end_date=D, n_days=1).severity[0])


@given(st.sets(st.integers(min_value=0, max_value=13)))
def test_water_is_nan_exactly_where_nothing_is_known(offsets: set[int]) -> None:
    days = [DaySummary(ago(n), water_ml=100 * n, checked_in=True) for n in offsets]
    series = chart_series(days, end_date=D, n_days=14)
    for date, water in zip(series.dates, series.water_ml, strict=True):
        assert math.isnan(water) == ((D - date).days not in offsets)


def test_two_records_for_one_date_are_refused() -> None:
    with pytest.raises(ValueError, match="two records"):
        chart_series((DaySummary(D), DaySummary(D)), end_date=D)


def test_date_labels_are_weekday_initial_and_day() -> None:
    assert date_label(D) == "T\n14"
    assert date_label(ago(3)) == "M\n11"


FIXTURE = (
    DaySummary(ago(6), water_ml=2500, checked_in=True, spasm_count=1, locations=("calf",)),
    DaySummary(ago(4), water_ml=1000, checked_in=True),
    DaySummary(ago(3), water_ml=2000, checked_in=True, spasm_count=2, locations=("calf", "hip")),
    DaySummary(ago(2), water_ml=None, checked_in=True, spasm_count=1, locations=("hip",)),
    DaySummary(ago(1), water_ml=1500, checked_in=True, spasm_count=1, locations=("hip", "hip")),
    DaySummary(D, water_ml=600, checked_in=False),
    DaySummary(ago(20), water_ml=3000, checked_in=True, locations=("neck",), spasm_count=1),
)


def test_caption_for_a_known_fixture() -> None:
    caption = history_caption(FIXTURE, end_date=D, goal_ml=2000)
    assert caption.splitlines() == [
        "Check-in streak: 4 days",
        "Water goal (2000 ml) met on 2 of 5 days logged",
        "Most frequent spasm spot: Hip (3 days)",
    ]


def test_caption_without_water_or_spasms() -> None:
    caption = history_caption((DaySummary(D, checked_in=True),), end_date=D, goal_ml=2000)
    assert caption.splitlines() == [
        "Check-in streak: 1 day",
        "No water logged in the last 14 days",
        "Spasms: none reported",
    ]


def test_caption_of_an_empty_history() -> None:
    lines = history_caption((), end_date=D, goal_ml=2000).splitlines()
    assert lines[0] == "Check-in streak: 0 days"
    assert len(lines) == 3


def test_streak_counts_from_yesterday_while_today_is_open() -> None:
    days = [DaySummary(ago(n), checked_in=True) for n in (1, 2, 3, 5)]
    assert checkin_streak(days, end_date=D) == 3
    assert checkin_streak([*days, DaySummary(D, checked_in=True)], end_date=D) == 4
    assert checkin_streak(days, end_date=ago(4)) == 1
    assert checkin_streak(days[1:], end_date=D) == 0  # neither today nor yesterday


def test_top_location_ties_go_by_body_order() -> None:
    days = (
        DaySummary(D, spasm_count=1, locations=("calf",)),
        DaySummary(ago(1), spasm_count=1, locations=("neck",)),
    )
    assert top_location(days) == ("neck", 1)
    assert top_location(()) is None


def test_a_goal_of_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="goal_ml"):
        render_history_chart((), end_date=D, goal_ml=0)
