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
from handlers.reports.labels import (
    STAND_OUT_LEVELS,
    TRIAGE_COLOUR,
    texts_or_english,
    triage_label,
)
from handlers.reports.model import (
    REPORT_DAYS,
    AssessmentSummary,
    DaySummary,
    ReportSubject,
    in_window,
)
from handlers.reports.report_text import (
    DASH,
    DailyRow,
    assessment_rows,
    daily_headings,
    daily_rows,
    glance_line,
    period_line,
    red_flag_rows,
    subject_lines,
)
from i18n import Texts

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
# fpdf2's alias for the number of pages, filled in when the document is done.
PAGE_COUNT = "{nb}"
TABLE_LINE_MM = 3.5
CHART_MAX_H_MM = 150.0
CHART_MIN_H_MM = 75.0


class _ReportPdf(FPDF):
    """A4 pages with the not-a-diagnosis line and page numbers in every footer."""

    def __init__(self, texts: Texts) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.texts = texts

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=7)
        self.set_text_color(*MUTED)
        disclaimer = self.texts.get("report.disclaimer")
        self.cell(0, 4, disclaimer, align="C", new_x="LMARGIN", new_y="NEXT")
        page = self.texts.get("report.page", page=self.page_no(), pages=PAGE_COUNT)
        self.cell(0, 4, page, align="C")


def render_report_pdf(
    subject: ReportSubject,
    days: Iterable[DaySummary],
    assessments: Iterable[AssessmentSummary],
    *,
    end_date: dt.date,
    n_days: int = REPORT_DAYS,
    chart_png: bytes | None = None,
    texts: Texts | None = None,
) -> bytes:
    """Render the report of the `n_days` up to `end_date` as PDF bytes."""
    texts = texts_or_english(texts)
    window = in_window(days, end_date=end_date, n_days=n_days)
    start = window[0][0]
    goal_ml = subject.water_goal_ml
    pdf = _new_pdf(texts)

    _title(pdf, period_line(end_date, n_days, texts))
    _who(pdf, subject)
    has_records = any(day is not None for _, day in window)
    _heading(pdf, texts.get("report.heading.daily"))
    if has_records:
        _paragraph(pdf, glance_line(window, goal_ml, texts))
        _daily_table(pdf, daily_rows(window, goal_ml, texts))
    else:
        _paragraph(pdf, texts.get("report.no_records"))

    _heading(pdf, texts.get("report.heading.red_flags"))
    flags = red_flag_rows(window, texts)
    if flags:
        _red_flag_table(pdf, flags)
    else:
        _paragraph(pdf, texts.get("report.no_red_flags"))

    _heading(pdf, texts.get("report.heading.assessments"))
    rows = assessment_rows(
        assessments, start=start, end=end_date, time_zone=subject.time_zone, texts=texts
    )
    if rows:
        _assessment_table(pdf, rows)
    else:
        _paragraph(pdf, texts.get("report.no_assessments"))

    if chart_png is not None and has_records:
        _chart(pdf, chart_png)
    return bytes(pdf.output())


def _new_pdf(texts: Texts) -> _ReportPdf:
    pdf = _ReportPdf(texts)
    pdf.add_font(FONT, "", _FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", _FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_title(texts.get("report.title"))
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


def _title(pdf: _ReportPdf, period: str) -> None:
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 8, pdf.texts.get("report.title"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*MUTED)
    pdf.cell(
        0, 5, pdf.texts.get("report.period_line", period=period), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(2)


def _who(pdf: _ReportPdf, subject: ReportSubject) -> None:
    pdf.set_font(FONT, "", 9)
    for i, (label, value) in enumerate(subject_lines(subject, pdf.texts)):
        pdf.set_text_color(*MUTED)
        pdf.cell(28, 4.6, f"{label}:")
        pdf.set_text_color(*INK)
        shown = _printable(pdf, value) if i == 0 else value  # the name, as the person gave it
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


def _daily_table(pdf: _ReportPdf, rows: Sequence[DailyRow]) -> None:
    pdf.set_font(FONT, "", TABLE_PT)
    pdf.set_text_color(*INK)
    muted = FontFace(color=MUTED)
    red = FontFace(emphasis="B", color=RED)
    # Widths in mm (summing to the 186 mm between margins), measured on the longest cells.
    with pdf.table(**_table_options((25, 20, 18, 27, 29.5, 47, 19.5))) as table:
        heading = table.row()
        headings = daily_headings(pdf.texts)
        for title in headings:
            heading.cell(title)
        for daily in rows:
            row = table.row()
            if daily.cells is None:
                row.cell(daily.date, style=muted)
                no_record = pdf.texts.get("report.cell.no_record")
                row.cell(no_record, style=muted, colspan=len(headings) - 1)
                continue
            row.cell(daily.date)
            *middle, flags, triage = daily.cells
            for text in middle:
                row.cell(text)
            row.cell(flags, style=red if flags != DASH else None)
            row.cell(triage, style=_triage_style(daily.triage))


def _red_flag_table(pdf: _ReportPdf, rows: Sequence[tuple[str, str, TriageLevel | None]]) -> None:
    pdf.set_font(FONT, "", TABLE_PT + 0.5)
    pdf.set_text_color(*INK)
    red = FontFace(emphasis="B", color=RED)
    with pdf.table(**_table_options((26, 70, 32))) as table:
        heading = table.row()
        for column in ("date", "red_flag", "triage_that_day"):
            heading.cell(pdf.texts.lookup(f"report.column.{column}"))
        for date, flag, level in rows:
            row = table.row()
            row.cell(date)
            row.cell(flag, style=red)
            shown = triage_label(level, pdf.texts) if level else DASH
            row.cell(shown, style=_triage_style(level))


def _assessment_table(pdf: _ReportPdf, rows: Sequence[tuple[str, TriageLevel, str, str]]) -> None:
    pdf.set_font(FONT, "", TABLE_PT + 0.5)
    pdf.set_text_color(*INK)
    columns = ("local_time", "triage", "rules", "why")
    headings = [pdf.texts.lookup(f"report.column.{column}") for column in columns]
    with pdf.table(**_table_options((26, 22, 32, 48))) as table:
        heading = table.row()
        for title in headings:
            heading.cell(title)
        for when, level, rules, reason in rows:
            row = table.row()
            row.cell(when)
            row.cell(triage_label(level, pdf.texts), style=_triage_style(level))
            row.cell(rules)
            row.cell(_printable(pdf, reason))


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("chart_png is not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _chart(pdf: _ReportPdf, png: bytes) -> None:
    width_px, height_px = _png_size(png)
    available = pdf.h - pdf.b_margin - pdf.get_y() - 10
    if available < CHART_MIN_H_MM:
        pdf.add_page()
        available = pdf.h - pdf.b_margin - pdf.get_y() - 10
    _heading(pdf, pdf.texts.get("report.heading.chart"))
    height = min(CHART_MAX_H_MM, available)
    width = height * width_px / height_px
    pdf.image(png, x=(pdf.w - width) / 2, w=width, h=height)
