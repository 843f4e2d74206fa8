"""Pure rendering of /history (a chart and a caption) and /report (a PDF): plain data in, bytes out.

Nothing here talks to Telegram or the database; the handlers fetch the data, build the
dataclasses in `model` and send what these functions return. The drawing modules (matplotlib,
fpdf2) load only when first used: the bot's own process draws nothing (see `worker`).
"""

from __future__ import annotations

from typing import Any

from handlers.reports.caption import history_caption
from handlers.reports.model import AssessmentSummary, DaySummary, ReportSubject

_LAZY = {
    "CHART_SIZE_PX": "handlers.reports.chart",
    "render_history_chart": "handlers.reports.chart",
    "render_report_pdf": "handlers.reports.pdf",
}

__all__ = [
    "CHART_SIZE_PX",
    "AssessmentSummary",
    "DaySummary",
    "ReportSubject",
    "history_caption",
    "render_history_chart",
    "render_report_pdf",
]


def __getattr__(name: str) -> Any:
    """The drawing functions, imported on first use (they pull in matplotlib and fpdf2)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
