"""Engine benchmark: assessments per second and p50/p99 latency with 30 days of history,
in process and through `checkin-bot assess --jsonl` on 10,000 inputs.

    .venv/bin/python bench/engine.py [--inputs 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a file, this script's folder comes first on sys.path, and this file would shadow the
# `engine` package it measures.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from engine import assess, parse_input  # noqa: E402
from engine.vocabulary import ids  # noqa: E402

TODAY = dt.date(2026, 11, 22)


def make_day(rng: random.Random, date: dt.date) -> dict[str, object]:
    """A plausible day record."""
    spasms = rng.random() < 0.6
    return {
        "date": date.isoformat(),
        "water_ml": rng.choice([None, *range(600, 3000, 150)]),
        "spasms": {
            "count": rng.randint(1, 6),
            "max_severity": rng.randint(1, 10),
            "locations": rng.sample(ids("spasm_locations"), rng.randint(1, 3)),
        }
        if spasms
        else {"count": 0},
        "urinary": rng.sample(ids("urinary"), rng.choice([0, 0, 1, 2])),
        "red_flags": rng.sample(ids("red_flags"), 1) if rng.random() < 0.05 else [],
        "triggers": rng.sample(ids("triggers"), rng.choice([0, 1, 2])),
    }


def make_input(rng: random.Random) -> dict[str, object]:
    """One input with today and 30 days of history."""
    return {
        "profile": {
            "age": rng.randint(20, 85),
            "water_goal_ml": rng.choice([1500, 2000, 2500]),
            "conditions": rng.sample(ids("conditions"), rng.choice([0, 1, 2])),
            "medications": rng.sample(ids("medications"), rng.choice([0, 1])),
        },
        "today": make_day(rng, TODAY),
        "history": [make_day(rng, TODAY - dt.timedelta(days=d)) for d in range(1, 31)],
    }


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the sorted values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def in_process(inputs: list[dict[str, object]]) -> None:
    """Typed input assessed in process, and JSON validated + assessed in process."""
    typed = [parse_input(raw) for raw in inputs]
    for value in typed[:200]:  # warm-up
        assess(value)
    for label, run in (
        ("assess(typed input)", lambda i: assess(typed[i])),
        ("parse_input + assess", lambda i: assess(parse_input(inputs[i]), validate=False)),
    ):
        timings = []
        started = time.perf_counter()
        for i in range(len(inputs)):
            t0 = time.perf_counter_ns()
            run(i)
            timings.append((time.perf_counter_ns() - t0) / 1000)
        total = time.perf_counter() - started
        print(
            f"{label:24} {len(inputs) / total:10,.0f}/s  p50 {statistics.median(timings):6.1f} us"
            f"  p99 {percentile(timings, 0.99):6.1f} us"
        )


def through_cli(inputs: list[dict[str, object]]) -> None:
    """`checkin-bot assess --jsonl` on all inputs, timed end to end (process start included)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.write("\n".join(json.dumps(raw) for raw in inputs) + "\n")
        path = Path(handle.name)
    script = Path(sys.executable).with_name("checkin-bot")
    started = time.perf_counter()
    with path.open() as source:
        done = subprocess.run(
            [str(script), "assess", "--jsonl"], stdin=source, capture_output=True, check=False
        )
    total = time.perf_counter() - started
    lines = done.stdout.decode().splitlines()
    assert done.returncode == 0 and len(lines) == len(inputs), done.stderr.decode()[:500]
    print(
        f"{'checkin-bot assess --jsonl':24} {len(inputs) / total:10,.0f}/s  ({total:.2f} s in all)"
    )
    path.unlink()


def main() -> None:
    """Run both measurements."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    inputs = [make_input(rng) for _ in range(args.inputs)]
    print(f"{args.inputs} inputs, each with 30 days of history")
    in_process(inputs)
    through_cli(inputs)


if __name__ == "__main__":
    main()
