"""Pure rendering of /history (a chart and a caption) and /report (a PDF): plain data in, bytes out.

Nothing here talks to Telegram or the database; the handlers fetch the data, build the
dataclasses in `model` and send what these functions return.
"""

from handlers.reports.caption import history_caption
from handlers.reports.chart import CHART_SIZE_PX, render_history_chart
from handlers.reports.model import AssessmentSummary, DaySummary, ReportSubject
from handlers.reports.pdf import render_report_pdf

__all__ = [
    "CHART_SIZE_PX",
    "AssessmentSummary",
    "DaySummary",
    "ReportSubject",
    "history_caption",
    "render_history_chart",
    "render_report_pdf",
]
