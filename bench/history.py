"""Time the /history chart and the /report PDF on a typical month; the chart's goal is < 300 ms.

Run from the repository root: `.venv/bin/python bench/history.py [--runs 20]`. Prints the
first call in a fresh process, then the median and p95 of `--runs` calls after a warm-up.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# The fixture lives with the tests (tests/reports/sample.py), so put the repository on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHART_GOAL_MS = 300.0


def timed(call: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one call (CPU time shrugs off a busy machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def p95(samples: list[float]) -> float:
    """The 95th percentile (inclusive method, so it stays inside the observed range)."""
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def measure(name: str, call: Callable[[], object], runs: int) -> float:
    """First call, one warm-up, then `runs` timed calls; prints the figures, returns wall p95."""
    first, _ = timed(call)
    call()
    samples = [timed(call) for _ in range(runs)]
    wall = [w for w, _ in samples]
    cpu = [c for _, c in samples]
    print(
        f"{name:<28} first {first:6.1f} ms | median {statistics.median(wall):6.1f} ms"
        f" | p95 {p95(wall):6.1f} ms | CPU median {statistics.median(cpu):6.1f} ms"
    )
    return p95(wall)


def main() -> int:
    """Run the benchmark; exit status 1 when the 14-day chart's p95 misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    start = time.perf_counter()
    from handlers.reports import render_history_chart, render_report_pdf
    from tests.reports.sample import (
        END_DATE,
        GOAL_ML,
        SUBJECT,
        typical_assessments,
        typical_month,
    )

    import_ms = (time.perf_counter() - start) * 1000
    days, assessments = typical_month(), typical_assessments()

    print(f"Python {platform.python_version()} on {platform.machine()}, runs={args.runs}")
    print(f"{'import handlers.reports':<28} {import_ms:7.1f} ms")
    chart_p95 = measure(
        "history chart, 14 days",
        lambda: render_history_chart(days, end_date=END_DATE, goal_ml=GOAL_ML),
        args.runs,
    )
    measure(
        "history chart, 30 days",
        lambda: render_history_chart(days, end_date=END_DATE, goal_ml=GOAL_ML, n_days=30),
        args.runs,
    )
    chart_30 = render_history_chart(days, end_date=END_DATE, goal_ml=GOAL_ML, n_days=30)
    measure(
        "report PDF, 30 days + chart",
        lambda: render_report_pdf(
            SUBJECT, days, assessments, end_date=END_DATE, chart_png=chart_30
        ),
        args.runs,
    )
    verdict = "meets" if chart_p95 < CHART_GOAL_MS else "MISSES"
    print(f"14-day chart p95 {chart_p95:.1f} ms {verdict} the {CHART_GOAL_MS:.0f} ms goal")
    return 0 if chart_p95 < CHART_GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
