"""Charts and PDFs are drawn in a worker process: the bot's own process never loads the
drawing libraries, the worker gives the same bytes the functions give, and a worker that
dies is replaced."""

from __future__ import annotations

import os
import subprocess
import sys

from handlers.reports import worker
from handlers.reports.chart import render_history_chart
from handlers.reports.model import ReportSubject
from tests.reports.sample import END_DATE, typical_assessments, typical_month


def test_the_bot_process_never_imports_matplotlib_or_fpdf() -> None:
    probe = (
        "import sys, bot.app, service.serve, handlers.reports.history; "
        "print(sorted(m for m in ('matplotlib', 'fpdf', 'PIL') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"


async def test_the_worker_draws_what_the_functions_draw_in_another_process() -> None:
    days = typical_month()
    png = await worker.history_chart(days, end_date=END_DATE, goal_ml=2000)
    assert png == render_history_chart(days, end_date=END_DATE, goal_ml=2000)
    pdf = await worker.report_pdf(_subject(), days, typical_assessments(), end_date=END_DATE)
    assert pdf.startswith(b"%PDF")
    assert await worker._in_worker(os.getpid) != os.getpid()


async def test_a_worker_that_dies_is_replaced() -> None:
    first = await worker._in_worker(os.getpid)
    os.kill(first, 9)
    days = typical_month()
    png = await worker.history_chart(days, end_date=END_DATE, goal_ml=2000)
    assert png.startswith(b"\x89PNG")
    assert await worker._in_worker(os.getpid) != first


def _subject() -> ReportSubject:
    return ReportSubject(display_name="Ana", water_goal_ml=2000)
