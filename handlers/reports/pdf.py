"""The /report PDF for a doctor visit.

Page one is a brief a doctor can read in a minute: who (with medicines), the period at a
glance, the 14-day chart, red flags with the date and time they were told, and the answers to
follow-up questions. Then the daily table (runs of days with no record as one row) and the
assessments. Laid out with fpdf2 on A4; fonts in `fonts` (any name prints, CJK included when
the font package is installed; a character no font has is left out or shown as "?").
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Iterable, Sequence

from fpdf import FPDF
from fpdf.fonts import FontFace

from engine.types import TriageLevel
from handlers.reports.fonts import FONT, add_fonts, printable
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
    FollowUpAnswer,
    ReportSubject,
    in_window,
)
from handlers.reports.report_text import (
    DASH,
    DailyRow,
    RedFlagRow,
    assessment_rows,
    clean_name,
    daily_headings,
    daily_rows,
    followup_rows,
    glance_line,
    no_record_text,
    period_line,
    quiet_assessments,
    red_flag_rows,
    subject_lines,
)
from i18n import Texts

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
BRIEF_CHART_H_MM = 100.0


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
    followups: Iterable[FollowUpAnswer] = (),
) -> bytes:
    """Render the report of the `n_days` up to `end_date` as PDF bytes; `chart_png` is the
    14-day chart for the brief on page one."""
    texts = texts_or_english(texts)
    window = in_window(days, end_date=end_date, n_days=n_days)
    runs = tuple(assessments)
    start = window[0][0]
    zone = subject.time_zone
    pdf = _new_pdf(texts, clean_name(subject.display_name))

    # Page one: the brief.
    _title(pdf, period_line(end_date, n_days, texts))
    _who(pdf, subject)
    has_records = any(day is not None for _, day in window)
    glance = glance_line(window, subject.water_goal_ml, texts) if has_records else None
    _paragraph(pdf, glance or texts.get("report.no_records"))
    if chart_png is not None and has_records:
        _chart(pdf, chart_png)
    _heading(pdf, texts.get("report.heading.red_flags"))
    flags = red_flag_rows(window, texts, runs, zone)
    if flags:
        _red_flag_table(pdf, flags)
        _note(pdf, texts.get("report.brief_note"))
    else:
        _paragraph(pdf, texts.get("report.no_red_flags"))
    _heading(pdf, texts.get("report.heading.followups"))
    answered = followup_rows(followups, start=start, time_zone=zone, texts=texts)
    if answered:
        _followup_table(pdf, answered)
    else:
        _paragraph(pdf, texts.get("report.no_followups"))

    # Then the detail, from a new page.
    rows = assessment_rows(runs, start=start, end=end_date, time_zone=zone, texts=texts)
    if has_records or rows:
        pdf.add_page()
    if has_records:
        _heading(pdf, texts.get("report.heading.daily"))
        _daily_table(pdf, daily_rows(window, subject.water_goal_ml, texts))
    _heading(pdf, texts.get("report.heading.assessments"))
    if rows:
        _assessment_table(pdf, rows)
    quiet = quiet_assessments(runs, start=start, end=end_date)
    if quiet:
        _paragraph(pdf, texts.count("report.quiet_assessments", quiet))
    elif not rows:
        _paragraph(pdf, texts.get("report.no_assessments"))
    return bytes(pdf.output())


def _new_pdf(texts: Texts, name: str) -> _ReportPdf:
    pdf = _ReportPdf(texts)
    add_fonts(pdf, name)
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_title(texts.get("report.title"))
    pdf.set_creator("spasm-checkin-bot")
    pdf.set_draw_color(*RULE)
    pdf.add_page()
    return pdf


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
        shown = printable(pdf, value) if i == 0 else value  # the name, as the person gave it
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
                no_record = no_record_text(daily, pdf.texts)
                row.cell(no_record, style=muted, colspan=len(headings) - 1)
                continue
            row.cell(daily.date)
            *middle, flags, triage = daily.cells
            for text in middle:
                row.cell(text)
            row.cell(flags, style=red if flags != DASH else None)
            row.cell(triage, style=_triage_style(daily.triage))


def _red_flag_table(pdf: _ReportPdf, rows: Sequence[RedFlagRow]) -> None:
    pdf.set_font(FONT, "", TABLE_PT + 0.5)
    pdf.set_text_color(*INK)
    red = FontFace(emphasis="B", color=RED)
    with pdf.table(**_table_options((28, 14, 100, 44))) as table:
        heading = table.row()
        for column in ("date", "time", "red_flag", "triage_that_day"):
            heading.cell(pdf.texts.lookup(f"report.column.{column}"))
        for flag in rows:
            row = table.row()
            row.cell(flag.date)
            row.cell(flag.time)
            row.cell(flag.flag, style=red)
            shown = triage_label(flag.triage, pdf.texts) if flag.triage else DASH
            row.cell(shown, style=_triage_style(flag.triage))


def _followup_table(pdf: _ReportPdf, rows: Sequence[tuple[str, str, str]]) -> None:
    pdf.set_font(FONT, "", TABLE_PT + 0.5)
    pdf.set_text_color(*INK)
    with pdf.table(**_table_options((42, 44, 100))) as table:
        heading = table.row()
        for column in ("answered", "after", "answer"):
            heading.cell(pdf.texts.lookup(f"report.column.{column}"))
        for cells in rows:
            row = table.row()
            for text in cells:
                row.cell(text)


def _note(pdf: FPDF, text: str) -> None:
    pdf.set_font(FONT, "", 7)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 3.4, text, new_x="LMARGIN", new_y="NEXT")


def _assessment_table(pdf: _ReportPdf, rows: Sequence[tuple[str, TriageLevel, str, str]]) -> None:
    pdf.set_font(FONT, "", TABLE_PT + 0.5)
    pdf.set_text_color(*INK)
    columns = ("local_time", "triage", "advice", "why")
    headings = [pdf.texts.lookup(f"report.column.{column}") for column in columns]
    with pdf.table(**_table_options((34, 30, 66, 56))) as table:
        heading = table.row()
        for title in headings:
            heading.cell(title)
        for when, level, rules, reason in rows:
            row = table.row()
            row.cell(when)
            row.cell(triage_label(level, pdf.texts), style=_triage_style(level))
            row.cell(rules)
            row.cell(printable(pdf, reason))


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("chart_png is not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _chart(pdf: _ReportPdf, png: bytes) -> None:
    width_px, height_px = _png_size(png)
    pdf.ln(1.5)  # the chart carries its own title ("Last 14 days")
    height = BRIEF_CHART_H_MM
    width = height * width_px / height_px
    pdf.image(png, x=(pdf.w - width) / 2, w=width, h=height)
