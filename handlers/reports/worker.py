"""Charts and PDFs are drawn in a worker process, never in the bot's own.

Drawing with matplotlib and laying out PDFs allocates a lot and gives little back: in the bot's
process that showed as memory growing with every /history and /report (148 MB to 294 MB in a
10-minute soak). Here one spawned worker process draws, one request at a time, and is replaced
by a fresh one after `RENDERS_PER_WORKER` renders, so whatever drawing leaves behind goes with
it. The bot process never imports matplotlib or fpdf2 at all, and its event loop stays free.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from handlers.reports.model import (
    HISTORY_DAYS,
    REPORT_DAYS,
    AssessmentSummary,
    DaySummary,
    FollowUpAnswer,
    ReportSubject,
)
from i18n import DEFAULT_LANGUAGE, texts_for

logger = logging.getLogger(__name__)

RENDERS_PER_WORKER = 100
PARENT_CHECK_SECONDS = 1.0
T = TypeVar("T")


class _Worker:
    """The one drawing process of this bot process, replaced after RENDERS_PER_WORKER renders
    (the old one finishes what it holds, then exits)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._renders = 0

    def executor(self) -> ProcessPoolExecutor:
        """The current worker, counting one more render."""
        with self._lock:
            if self._pool is not None and self._renders >= RENDERS_PER_WORKER:
                self._pool.shutdown(wait=False)
                self._pool = None
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_exit_with_parent,
                    initargs=(os.getpid(),),
                )
                self._renders = 0
            self._renders += 1
            return self._pool

    def forget(self, pool: ProcessPoolExecutor) -> None:
        """Drop a worker that died, so the next render starts a new one."""
        with self._lock:
            if self._pool is pool:
                self._pool = None

    def shutdown(self) -> None:
        """Stop the worker (it finishes what it holds first)."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


_WORKER = _Worker()


async def _in_worker(function: Callable[[], T]) -> T:
    loop = asyncio.get_running_loop()
    for attempt in (1, 2):
        pool = _WORKER.executor()
        try:
            return await loop.run_in_executor(pool, function)
        except BrokenProcessPool:  # the worker died (killed, out of memory): one fresh try
            _WORKER.forget(pool)
            if attempt == 2:
                raise
            logger.warning("the drawing worker stopped; starting a new one")
    raise AssertionError("unreachable")  # pragma: no cover


def warm_up() -> None:
    """Start the worker and load the drawing libraries there, without waiting for it."""
    _WORKER.executor().submit(_load_drawing)


def shutdown() -> None:
    """Stop the worker (it finishes what it holds first)."""
    _WORKER.shutdown()


async def history_chart(
    days: Sequence[DaySummary],
    *,
    end_date: dt.date,
    goal_ml: int,
    n_days: int = HISTORY_DAYS,
    language: str = DEFAULT_LANGUAGE,
) -> bytes:
    """The /history chart as PNG bytes, drawn in the worker (labels in `language`)."""
    return await _in_worker(
        functools.partial(_draw_chart, tuple(days), end_date, goal_ml, n_days, language)
    )


async def report_pdf(
    subject: ReportSubject,
    days: Sequence[DaySummary],
    assessments: Iterable[AssessmentSummary],
    *,
    end_date: dt.date,
    n_days: int = REPORT_DAYS,
    language: str = DEFAULT_LANGUAGE,
    followups: Iterable[FollowUpAnswer] = (),
) -> bytes:
    """The /report PDF (with its chart when there are days) as bytes, drawn in the worker."""
    return await _in_worker(
        functools.partial(
            _draw_report,
            subject,
            tuple(days),
            tuple(assessments),
            end_date,
            n_days,
            language,
            tuple(followups),
        )
    )


# -- in the worker process ------------------------------------------------------------------


def _exit_with_parent(parent: int) -> None:
    """Leave when the bot process is gone (SIGKILL, out of memory): an orphaned worker would
    hold the bot's stderr and memory."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _load_drawing() -> None:
    from handlers.reports import chart, pdf  # noqa: F401


def _draw_chart(
    days: tuple[DaySummary, ...], end_date: dt.date, goal_ml: int, n_days: int, language: str
) -> bytes:
    from handlers.reports.chart import render_history_chart

    return render_history_chart(
        days, end_date=end_date, goal_ml=goal_ml, n_days=n_days, texts=texts_for(language)
    )


def _draw_report(
    subject: ReportSubject,
    days: tuple[DaySummary, ...],
    assessments: tuple[AssessmentSummary, ...],
    end_date: dt.date,
    n_days: int,
    language: str,
    followups: tuple[FollowUpAnswer, ...] = (),
) -> bytes:
    from handlers.reports.chart import render_history_chart
    from handlers.reports.pdf import render_report_pdf

    texts = texts_for(language)
    # The brief on page one shows the last 14 days, as /history does.
    chart = (
        render_history_chart(days, end_date=end_date, goal_ml=subject.water_goal_ml, texts=texts)
        if days
        else None
    )
    return render_report_pdf(
        subject,
        days,
        assessments,
        end_date=end_date,
        n_days=n_days,
        chart_png=chart,
        texts=texts,
        followups=followups,
    )
