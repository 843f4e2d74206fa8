"""The /history chart: water against the goal, worst spasm and triage level by day, as a PNG.

Drawn with a bare `Figure` on the Agg canvas: no pyplot and no global state, so it may run in
a worker thread (`asyncio.to_thread`); Agg serialises the drawing itself with its own lock.
The card is opaque white with dark text so it reads the same in Telegram's light and dark
themes, and it is sized for a phone screen.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from babel.dates import format_date
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from PIL import Image

from engine.types import TRIAGE_LEVELS, TriageLevel
from handlers.reports.labels import (
    STAND_OUT_LEVELS,
    TRIAGE_COLOUR,
    TRIAGE_SYMBOL,
    texts_or_english,
)
from handlers.reports.model import HISTORY_DAYS, DaySummary, in_window
from i18n import Texts

CHART_SIZE_PX = (1080, 1350)
DPI = 100
VALUE_LABEL_MAX_DAYS = 16
KEY_COLUMNS = (0.06, 0.33, 0.6)  # figure fractions of the key under the chart
KEY_ROWS = (0.055, 0.02)

INK = "#212121"
MUTED = "#616161"
CARD = "#ffffff"
GRID = "#e0e0e0"
WATER_MET = "#1565c0"
WATER_BELOW = "#90caf9"
SEVERITY = "#6a1b9a"
NO_RECORD = "#eeeeee"
NO_RECORD_HATCH = "#bdbdbd"
STAND_OUT_BG = "#ffcdd2"


def _pt(px: float) -> float:
    """Font size in points for a height in pixels at the chart's DPI."""
    return px * 72 / DPI


TITLE_PT = _pt(46)
TEXT_PT = _pt(32)
SMALL_PT = _pt(27)
SYMBOL_PT = _pt(36)


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """The chart's data by day, oldest first. NaN marks an unknown value, never 0."""

    dates: tuple[dt.date, ...]
    has_record: tuple[bool, ...]
    water_ml: tuple[float, ...]
    severity: tuple[float, ...]
    triage: tuple[TriageLevel | None, ...]


def _severity(day: DaySummary | None) -> float:
    # Only a check-in answers the spasm question; a day with logged water alone says nothing.
    if day is None or not day.checked_in:
        return math.nan
    if day.spasm_count == 0:
        return 0.0
    return math.nan if day.max_severity is None else float(day.max_severity)


def chart_series(
    days: Iterable[DaySummary], *, end_date: dt.date, n_days: int = HISTORY_DAYS
) -> ChartSeries:
    """Turn the records into one value per day of the window, NaN where nothing is known."""
    window = in_window(days, end_date=end_date, n_days=n_days)
    return ChartSeries(
        dates=tuple(date for date, _ in window),
        has_record=tuple(day is not None for _, day in window),
        water_ml=tuple(
            math.nan if day is None or day.water_ml is None else float(day.water_ml)
            for _, day in window
        ),
        severity=tuple(_severity(day) for _, day in window),
        triage=tuple(None if day is None else day.triage for _, day in window),
    )


def date_label(date: dt.date, texts: Texts | None = None) -> str:
    """A short two-line label: weekday initial (CLDR's narrow weekday) over the day."""
    language = texts_or_english(texts).language
    return f"{format_date(date, 'EEEEE', locale=language)}\n{date.day}"


def render_history_chart(
    days: Iterable[DaySummary],
    *,
    end_date: dt.date,
    goal_ml: int,
    n_days: int = HISTORY_DAYS,
    texts: Texts | None = None,
) -> bytes:
    """Render the last `n_days` up to `end_date` as a PNG of `CHART_SIZE_PX` pixels."""
    if goal_ml <= 0:
        raise ValueError(f"goal_ml must be positive, got {goal_ml}")
    series = chart_series(days, end_date=end_date, n_days=n_days)
    width_px, height_px = CHART_SIZE_PX
    fig = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI, facecolor=CARD)
    canvas = FigureCanvasAgg(fig)
    grid = fig.add_gridspec(
        3, 1, height_ratios=(5.0, 3.4, 0.9), hspace=0.32,
        left=0.1, right=0.97, top=0.875, bottom=0.155,
    )  # fmt: skip
    # Same x limits rather than sharex: the upper panels then carry no tick artists at all.
    ax_water = fig.add_subplot(grid[0])
    ax_severity = fig.add_subplot(grid[1])
    ax_triage = fig.add_subplot(grid[2])

    n = len(series.dates)
    for ax in (ax_water, ax_severity, ax_triage):
        _style_axes(ax, n)
    # Numbers over every bar and point read well up to ~16 days; beyond that they collide.
    show_values = n <= VALUE_LABEL_MAX_DAYS
    _draw_day_backgrounds((ax_water, ax_severity), series)
    words = texts_or_english(texts)
    _draw_water(ax_water, series, goal_ml, show_values=show_values, texts=words)
    _draw_severity(ax_severity, series, show_values=show_values, texts=words)
    _draw_triage(ax_triage, series, words)
    _draw_date_axis(ax_triage, series.dates, words)
    _draw_title_and_legend(fig, series, goal_ml, words)

    canvas.draw()  # type: ignore[no-untyped-call]
    # The card is opaque, so drop alpha; fast zlib since Telegram recompresses photos anyway
    # (together ~20 ms less than matplotlib's default RGBA at level 6).
    rgb = np.asarray(canvas.buffer_rgba())[..., :3]  # type: ignore[no-untyped-call]
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _style_axes(ax: Axes, n: int) -> None:
    ax.set_facecolor(CARD)
    ax.set_xlim(-0.5, n - 0.5)
    ax.tick_params(labelsize=SMALL_PT, colors=INK, length=0, pad=8)
    ax.set_xticks(())
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(MUTED)


def _day_boxes(indices: list[int]) -> list[list[tuple[float, float]]]:
    return [[(i - 0.5, 0.0), (i - 0.5, 1.0), (i + 0.5, 1.0), (i + 0.5, 0.0)] for i in indices]


def _draw_day_backgrounds(axes: tuple[Axes, ...], series: ChartSeries) -> None:
    # One collection per style rather than a patch per day: far fewer artists to draw.
    missing = [i for i, recorded in enumerate(series.has_record) if not recorded]
    stand_out = [i for i, level in enumerate(series.triage) if level in STAND_OUT_LEVELS]
    for ax in axes:
        span = ax.get_xaxis_transform()  # x in data, y in axes fraction: full height
        if missing:
            ax.add_collection(
                PolyCollection(
                    _day_boxes(missing), facecolors=NO_RECORD, edgecolors=NO_RECORD_HATCH,
                    hatch="//", linewidths=0, transform=span, zorder=0,
                ),
                autolim=False,
            )  # fmt: skip
        if stand_out:
            ax.add_collection(
                PolyCollection(
                    _day_boxes(stand_out), facecolors=STAND_OUT_BG, linewidths=0,
                    transform=span, zorder=0,
                ),
                autolim=False,
            )  # fmt: skip


def _draw_water(
    ax: Axes, series: ChartSeries, goal_ml: int, *, show_values: bool, texts: Texts
) -> None:
    litres = np.array(series.water_ml) / 1000
    goal_l = goal_ml / 1000
    known = litres[~np.isnan(litres)]
    top = max(goal_l, float(known.max()) if known.size else 0.0) * 1.25
    ax.set_ylim(0, top)
    ax.set_title(texts.get("chart.water"), loc="left", fontsize=TEXT_PT, color=INK, pad=12)
    ax.yaxis.grid(True, color=GRID, linewidth=1.5)
    ax.set_axisbelow(True)
    x = np.arange(len(litres))
    colours = [WATER_MET if v >= goal_l else WATER_BELOW for v in np.nan_to_num(litres)]
    # NaN heights draw nothing: an unknown day stays a gap.
    ax.bar(x, litres, width=0.72, color=colours, zorder=2)
    ax.axhline(goal_l, color=INK, linestyle=(0, (5, 3)), linewidth=3, zorder=3)
    for i, level in enumerate(series.triage):
        if level in STAND_OUT_LEVELS:  # a "!" over the red span, so it is not colour alone
            ax.text(
                i, 0.985, "!", transform=ax.get_xaxis_transform(), ha="center", va="top",
                fontsize=SYMBOL_PT, fontweight="bold", color=TRIAGE_COLOUR["emergency"],
            )  # fmt: skip
    for i, (value, recorded) in enumerate(zip(litres, series.has_record, strict=True)):
        if math.isnan(value):
            if recorded:  # a record without water: say unknown, so it cannot pass for 0
                ax.text(
                    i, top * 0.03, "?", ha="center", va="bottom", fontsize=SMALL_PT, color=MUTED
                )
            continue
        if not show_values:
            continue
        # The amount sits inside the bar's top, clear of the goal line; above a short bar.
        inside = value > top * 0.14
        ax.text(
            i, value - top * 0.015 if inside else value + top * 0.015, f"{value:.1f}",
            ha="center", va="top" if inside else "bottom", fontsize=_pt(23),
            color=CARD if inside and value >= goal_l else INK, zorder=4, clip_on=False,
        )  # fmt: skip


def _draw_severity(ax: Axes, series: ChartSeries, *, show_values: bool, texts: Texts) -> None:
    severity = np.array(series.severity)
    ax.set_ylim(-0.8, 12.5)
    ax.set_yticks((0, 5, 10))
    ax.set_title(texts.get("chart.severity"), loc="left", fontsize=TEXT_PT, color=INK, pad=12)
    ax.yaxis.grid(True, color=GRID, linewidth=1.5)
    ax.set_axisbelow(True)
    x = np.arange(len(severity))
    # plot() breaks the line at NaN, so a day without an answer is a gap, not a zero.
    marker = 16 if show_values else 11
    ax.plot(x, severity, color=SEVERITY, linewidth=4, marker="o", markersize=marker, zorder=3)
    for i, value in enumerate(severity):
        if show_values and not math.isnan(value):
            ax.text(
                i, value + 0.9, f"{value:.0f}", ha="center", va="bottom",
                fontsize=_pt(24), color=SEVERITY, fontweight="bold", zorder=4, clip_on=False,
            )  # fmt: skip


def _draw_triage(ax: Axes, series: ChartSeries, texts: Texts) -> None:
    ax.set_ylim(0, 1)
    ax.set_yticks(())
    ax.spines["bottom"].set_visible(False)
    ax.set_title(texts.get("chart.triage"), loc="left", fontsize=TEXT_PT, color=INK, pad=10)
    key = "   ".join(
        f"{TRIAGE_SYMBOL[level]} {texts.lookup(f'chart.key.{level}')}" for level in TRIAGE_LEVELS
    )
    ax.set_title(key, loc="right", fontsize=SMALL_PT, color=MUTED, pad=12)
    symbol_pt = max(_pt(24), SYMBOL_PT * min(1.0, VALUE_LABEL_MAX_DAYS / len(series.triage)))
    for i, level in enumerate(series.triage):
        if level is None:
            ax.add_patch(
                Rectangle((i - 0.4, 0.08), 0.8, 0.84, facecolor="none", edgecolor=GRID, lw=2)
            )
            continue
        ax.add_patch(Rectangle((i - 0.4, 0.08), 0.8, 0.84, facecolor=TRIAGE_COLOUR[level], lw=0))
        ax.text(
            i, 0.5, TRIAGE_SYMBOL[level], ha="center", va="center_baseline",
            fontsize=symbol_pt, fontweight="bold", color=CARD, clip_on=False,
        )  # fmt: skip


def _draw_date_axis(ax: Axes, dates: tuple[dt.date, ...], texts: Texts) -> None:
    # Thin the labels on long windows so they never collide; the last day is always labelled.
    step = max(1, math.ceil(len(dates) / 16))
    ticks = list(range(len(dates) - 1, -1, -step))[::-1]
    ax.set_xticks(ticks, [date_label(dates[i], texts) for i in ticks])
    ax.tick_params(axis="x", labelbottom=True, labelsize=SMALL_PT, colors=INK, pad=6)


def _draw_title_and_legend(fig: Figure, series: ChartSeries, goal_ml: int, texts: Texts) -> None:
    first, last = series.dates[0], series.dates[-1]
    if first == last:
        span = format_date(last, "d MMM", locale=texts.language)
    elif (first.year, first.month) == (last.year, last.month):
        span = f"{first.day}-{format_date(last, 'd MMM', locale=texts.language)}"
    else:
        span = (
            f"{format_date(first, 'd MMM', locale=texts.language)} - "
            f"{format_date(last, 'd MMM', locale=texts.language)}"
        )
    fig.text(
        0.04, 0.94, texts.count("chart.last_days", len(series.dates)), fontsize=TITLE_PT,
        fontweight="bold", color=INK, va="baseline",
    )  # fmt: skip
    fig.text(0.96, 0.94, span, fontsize=TEXT_PT, color=MUTED, ha="right", va="baseline")
    # A hand-placed key: matplotlib's legend layout costs ~20 ms per render.
    swatches: tuple[tuple[str, dict[str, Any]], ...] = (
        (texts.get("chart.at_goal"), {"facecolor": WATER_MET}),
        (texts.get("chart.below_goal"), {"facecolor": WATER_BELOW}),
        (texts.get("chart.goal", ml=goal_ml), {}),
        (
            texts.get("chart.no_record"),
            {"facecolor": NO_RECORD, "hatch": "//", "edgecolor": NO_RECORD_HATCH},
        ),
        (texts.get("chart.stand_out"), {"facecolor": STAND_OUT_BG}),
    )
    for i, (label, style) in enumerate(swatches):
        x, y = KEY_COLUMNS[i % 3], KEY_ROWS[i // 3]
        if style:
            fig.add_artist(Rectangle((x, y), 0.04, 0.014, transform=fig.transFigure, lw=0, **style))
        else:  # the goal line's own dashes
            fig.add_artist(
                Line2D((x, x + 0.04), (y + 0.007,) * 2, transform=fig.transFigure,
                       color=INK, linestyle=(0, (5, 3)), linewidth=3)
            )  # fmt: skip
        fig.text(x + 0.05, y + 0.007, label, fontsize=_pt(26), color=INK, va="center")
