"""The /report PDF for a doctor visit: who, a daily table, red flags, assessments and the chart.

Laid out with fpdf2 on A4. Text uses DejaVu Sans from matplotlib's own data (fpdf2 ships no
unicode font) so any name prints; a character the font lacks is left out or shown as "?",
never an error.
"""

from __future__ import annotations

import datetime as dt
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace, TTFFont

from engine.types import TriageLevel
from handlers.reports.labels import STAND_OUT_LEVELS, TRIAGE_COLOUR, TRIAGE_LABEL
from handlers.reports.model import (
    REPORT_DAYS,
    AssessmentSummary,
    DaySummary,
    ReportSubject,
    in_window,
)
from handlers.reports.report_text import (
    DAILY_HEADINGS,
    DASH,
    DISCLAIMER,
    DailyRow,
    assessment_rows,
    daily_rows,
    glance_line,
    period_line,
    red_flag_rows,
    subject_lines,
)

FONT = "DejaVu"
_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"

Rgb = tuple[int, int, int]


def _rgb(hex_colour: str) -> Rgb:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


INK: Rgb = (33, 33, 33)
MUTED: Rgb = (117, 117, 117)
RULE: Rgb = (200, 200, 200)
HEADING_FILL: Rgb = (55, 71, 79)
STRIPE: Rgb = (244, 246, 248)
RED: Rgb = _rgb(TRIAGE_COLOUR["emergency"])
WHITE: Rgb = (255, 255, 255)

TABLE_PT = 7.5
TABLE_LINE_MM = 3.5
CHART_MAX_H_MM = 150.0
CHART_MIN_H_MM = 75.0


class _ReportPdf(FPDF):
    """A4 pages with the not-a-diagnosis line and page numbers in every footer."""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=7)
        self.set_text_color(*MUTED)
        self.cell(0, 4, DISCLAIMER, align="C", new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="C")


def render_report_pdf(
    subject: ReportSubject,
    days: Iterable[DaySummary],
    assessments: Iterable[AssessmentSummary],
    *,
    end_date: dt.date,
    n_days: int = REPORT_DAYS,
    chart_png: bytes | None = None,
) -> bytes:
    """Render the report of the `n_days` up to `end_date` as PDF bytes."""
    window = in_window(days, end_date=end_date, n_days=n_days)
    start = window[0][0]
    goal_ml = subject.water_goal_ml
    pdf = _new_pdf()

    _title(pdf, period_line(end_date, n_days))
    _who(pdf, subject)
    has_records = any(day is not None for _, day in window)
    _heading(pdf, "Daily record")
    if has_records:
        _paragraph(pdf, glance_line(window, goal_ml))
        _daily_table(pdf, daily_rows(window, goal_ml))
    else:
        _paragraph(pdf, "No records in this period: no check-ins, water or symptoms were logged.")

    _heading(pdf, "Red flags")
    flags = red_flag_rows(window)
    if flags:
        _red_flag_table(pdf, flags)
    else:
        _paragraph(pdf, "None reported in this period.")

    _heading(pdf, "Assessments")
    rows = assessment_rows(assessments, start=start, end=end_date, time_zone=subject.time_zone)
    if rows:
        _assessment_table(pdf, rows)
    else:
        _paragraph(pdf, "None in this period.")

    if chart_png is not None and has_records:
        _chart(pdf, chart_png)
    return bytes(pdf.output())


def _new_pdf() -> _ReportPdf:
    pdf = _ReportPdf(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FONT, "", _FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", _FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_title("Spasm check-in summary")
    pdf.set_creator("spasm-checkin-bot")
    pdf.set_draw_color(*RULE)
    pdf.add_page()
    return pdf


def _printable(pdf: FPDF, text: str) -> str:
    """Drop symbols the font lacks (emoji) and show other missing characters as "?"."""
    font = pdf.fonts[FONT.lower()]
    cmap = font.cmap if isinstance(font, TTFFont) else {}

    def shown(ch: str) -> str:
        if ord(ch) in cmap or ch.isspace():
            return ch
        return "" if unicodedata.category(ch).startswith("S") else "?"

    return " ".join("".join(map(shown, text)).split()) or "?"


def _title(pdf: FPDF, period: str) -> None:
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 8, "Spasm check-in summary", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, f"Period: {period}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _who(pdf: FPDF, subject: ReportSubject) -> None:
    pdf.set_font(FONT, "", 9)
    for label, value in subject_lines(subject):
        pdf.set_text_color(*MUTED)
        pdf.cell(28, 4.6, f"{label}:")
        pdf.set_text_color(*INK)
        shown = _printable(pdf, value) if label == "Name" else value
        pdf.multi_cell(0, 4.6, shown, new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, text: str) -> None:
    # Keep a heading with at least a few lines of what follows it.
    if pdf.get_y() > pdf.h - pdf.b_margin - 22:
        pdf.add_page()
    pdf.ln(2.5)
    pdf.set_font(FONT, "B", 11)
    pdf.set_text_color(*INK)
    pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 4.2, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _table_options(col_widths: Sequence[float]) -> dict[str, object]:
    return {
        "col_widths": tuple(col_widths),
        "width": None,
        "text_align": "LEFT",
        "line_height": TABLE_LINE_MM,
        "padding": (0.7, 1.2),
        "borders_layout": "HORIZONTAL_LINES",
        "cell_fill_mode": "ROWS",
        "cell_fill_color": STRIPE,
        "headings_style": FontFace(emphasis="B", color=WHITE, fill_color=HEADING_FILL),
    }


def _triage_style(level: TriageLevel | None) -> FontFace | None:
    if level in STAND_OUT_LEVELS:
        return FontFace(emphasis="B", color=WHITE, fill_color=_rgb(TRIAGE_COLOUR[level]))
    if level == "soon":
        return FontFace(emphasis="B", color=_rgb(TRIAGE_COLOUR["soon"]))
    return None


def _daily_table(pdf: FPDF, rows: Sequence[DailyRow]) -> None:
    pdf.set_font(FONT, "", TABLE_PT)
    pdf.set_text_color(*INK)
    muted = FontFace(color=MUTED)
    red = FontFace(emphasis="B", color=RED)
    # Widths in mm (summing to the 186 mm between margins), measured on the longest cells.
    with pdf.table(**_table_options((25, 20, 18, 27, 29.5, 47, 19.5))) as table:
        heading = table.row()
        for title in DAILY_HEADINGS:
            heading.cell(title)
        for daily in rows:
            row = table.row()
            if daily.cells is None:
                row.cell(daily.date, style=muted)
                row.cell("no record", style=muted, colspan=len(DAILY_HEADINGS) - 1)
                continue
            row.cell(daily.date)
            *middle, flags, triage = daily.cells
            for text in middle:
                row.cell(text)
            row.cell(flags, style=red if flags != DASH else None)
            row.cell(triage, style=_triage_style(daily.triage))


def _red_flag_table(pdf: FPDF, rows: Sequence[tuple[str, str, TriageLevel | None]]) -> None:
    pdf.set_font(FONT, "", TABLE_PT + 0.5)
    pdf.set_text_color(*INK)
    red = FontFace(emphasis="B", color=RED)
    with pdf.table(**_table_options((26, 70, 32))) as table:
        heading = table.row()
        for title in ("Date", "Red flag", "Triage that day"):
            heading.cell(title)
        for date, flag, level in rows:
            row = table.row()
            row.cell(date)
            row.cell(flag, style=red)
            row.cell(TRIAGE_LABEL[level] if level else DASH, style=_triage_style(level))


def _assessment_table(pdf: FPDF, rows: Sequence[tuple[str, TriageLevel, str, str]]) -> None:
    pdf.set_font(FONT, "", TABLE_PT + 0.5)
    pdf.set_text_color(*INK)
    headings = ("Local time", "Triage", "Rules that fired", "Why")
    with pdf.table(**_table_options((26, 22, 32, 48))) as table:
        heading = table.row()
        for title in headings:
            heading.cell(title)
        for when, level, rules, reason in rows:
            row = table.row()
            row.cell(when)
            row.cell(TRIAGE_LABEL[level], style=_triage_style(level))
            row.cell(rules)
            row.cell(_printable(pdf, reason))


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("chart_png is not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _chart(pdf: FPDF, png: bytes) -> None:
    width_px, height_px = _png_size(png)
    available = pdf.h - pdf.b_margin - pdf.get_y() - 10
    if available < CHART_MIN_H_MM:
        pdf.add_page()
        available = pdf.h - pdf.b_margin - pdf.get_y() - 10
    _heading(pdf, "Chart")
    height = min(CHART_MAX_H_MM, available)
    width = height * width_px / height_px
    pdf.image(png, x=(pdf.w - width) / 2, w=width, h=height)
