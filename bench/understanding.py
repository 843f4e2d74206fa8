"""How well the free-text parser understands people: `parse_text` and the bot's safety step
on the labelled lay phrases of `../shared/corpus/lay-phrases.jsonl` (never copied here).

    .venv/bin/python bench/understanding.py [CORPUS] [--show misses|alarms|questions|water]

Labels use contract v1 ids (`a|b`: either is right). A v2 id that the clinical review moved a
v1 reading to counts for that v1 label (`V2_COUNTS_FOR`): "haven't peed" is now
`no_urine_passed`, not `cannot_urinate`. `optional_red_flags` are never false alarms, and a
phrase marked `out_of_vocabulary_emergency` is found when it gets a v2 red flag or crisis.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Run as a file, this script's folder comes first on sys.path, and this file would shadow the
# `engine` package it measures.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from engine import ParseResult, parse_text  # noqa: E402
from engine.safety_step import Step, safety_step  # noqa: E402
from engine.vocabulary import FieldName, ids  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
DEFAULT_CORPUS = DEFAULT_CORPUS / "lay-phrases.jsonl"

# v2 ids that take over a v1 reading (review.md section 2 reroutes and section 3): finding
# the v2 id counts for the v1 label it replaced.
V2_COUNTS_FOR: dict[str, frozenset[str]] = {
    "no_urine_passed": frozenset({"cannot_urinate"}),
    "face_droop_or_arm_weakness": frozenset(
        {"numbness_or_weakness", "slurred_speech", "face_spasm"}
    ),
    "jaw_stiffness": frozenset({"face_spasm"}),
    "chest_pain": frozenset({"breathing_difficulty"}),
    "both_legs_symptoms": frozenset({"leg_weakness", "numbness_or_weakness"}),
    "bladder_change_with_back_pain": frozenset(
        {"cannot_urinate", "bladder_control_loss", "saddle_numbness"}
    ),
    "cold_pale_limb": frozenset({"numbness_or_weakness"}),
    "rash_not_fading": frozenset({"rash"}),
    "tingling_around_mouth": frozenset({"numbness_or_weakness"}),
}
# Contract v1's red flags, the ids the corpus labels use (the vocabulary now holds v2's too).
V1_RED_FLAGS = frozenset({
    "saddle_numbness", "bladder_control_loss", "bowel_control_loss", "leg_weakness",
    "cannot_urinate", "blood_in_urine", "fever_or_chills", "flank_pain",
    "dark_urine_after_exercise", "breathing_difficulty", "slurred_speech", "confusion",
    "face_spasm", "numbness_or_weakness", "rash",
})  # fmt: skip
GROUPS: tuple[FieldName, ...] = ("spasm_locations", "triggers", "urinary")


@dataclass
class Tally:
    """Counts for one slice (a category or a red flag)."""

    labels: int = 0
    definite: int = 0
    either: int = 0


@dataclass
class Report:
    """Everything the bench measures."""

    phrases: Counter[str] = field(default_factory=Counter)
    by_category: dict[str, Tally] = field(default_factory=dict)
    by_flag: dict[str, Tally] = field(default_factory=dict)
    no_step: list[str] = field(default_factory=list)
    false_alarms: dict[str, list[str]] = field(default_factory=dict)
    needless: list[str] = field(default_factory=list)
    symptoms: dict[str, Tally] = field(default_factory=dict)
    water_right: int = 0
    water_scored: int = 0
    water_wrong: list[str] = field(default_factory=list)
    water_invented: list[str] = field(default_factory=list)
    steps: dict[str, Counter[str]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    symptom_misses: list[str] = field(default_factory=list)
    timings_us: list[float] = field(default_factory=list)


def load(path: Path) -> list[dict[str, Any]]:
    """The corpus rows, one JSON object a line."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def reads_as(found_ids: Iterable[str]) -> set[str]:
    """The v1 ids a set of found ids satisfies (each id itself, plus what it took over)."""
    out: set[str] = set()
    for term in found_ids:
        out.add(term)
        out |= V2_COUNTS_FOR.get(term, frozenset())
    return out


def measure(rows: Sequence[dict[str, Any]]) -> Report:
    """Run the parser and the safety step on every row and count."""
    report = Report()
    v1_flags = set(V1_RED_FLAGS)
    for row in rows:
        _measure_row(row, report, v1_flags)
    return report


def _measure_row(row: dict[str, Any], report: Report, v1_flags: set[str]) -> None:
    text, category, expect = row["text"], row["category"], row["expect"]
    started = time.perf_counter()
    found = parse_text(text)
    report.timings_us.append((time.perf_counter() - started) * 1e6)
    step = safety_step(found)
    report.phrases[category] += 1
    report.steps.setdefault(category, Counter())[step.step.value] += 1
    definite = reads_as(found.red_flags)
    either = definite | reads_as(found.possible_red_flags)
    labels = [set(label.split("|")) for label in expect["red_flags"]]
    cat = report.by_category.setdefault(category, Tally())
    missed = False
    for label in labels:
        flag = report.by_flag.setdefault("|".join(sorted(label)), Tally())
        hit_definite, hit_either = bool(label & definite), bool(label & either)
        for tally in (cat, flag):
            tally.labels += 1
            tally.definite += hit_definite
            tally.either += hit_either
        missed = missed or not hit_definite
    if expect.get("out_of_vocabulary_emergency"):
        oov = report.by_flag.setdefault("(out of v1 vocabulary)", Tally())
        new_flag = bool(set(found.red_flags) - v1_flags) or bool(found.crisis)
        new_any = new_flag or bool(set(found.possible_red_flags) - v1_flags)
        oov.labels += 1
        oov.definite += new_flag
        oov.either += new_any or bool(found.possible_crisis)
    if missed:
        report.misses.append(f"{text}  [want {expect['red_flags']}; got {_brief(found)}]")
    if category == "A" and not step.is_safety_answer:
        report.no_step.append(text)
    if category in "BC":
        allowed = {f for label in labels for f in label} | set(expect.get("optional_red_flags", []))
        wrong = [f for f in found.red_flags if not reads_as([f]) & allowed]
        if expect.get("out_of_vocabulary_emergency"):
            wrong = [f for f in wrong if f in v1_flags]
        if wrong:
            report.false_alarms.setdefault(category, []).append(f"{text}  [{wrong}]")
        if category == "C" and step.step in (Step.ASK, Step.SCREEN) and not wrong:
            report.needless.append(f"{text}  [{step.step.value}: {_brief(found)}]")
    _measure_symptoms(text, expect, found, report)
    _measure_water(text, expect, found, report)


def _measure_symptoms(
    text: str, expect: dict[str, Any], found: ParseResult, report: Report
) -> None:
    group_of = {term: name for name in GROUPS for term in ids(name)}
    said = {name: set(getattr(found, name)) for name in GROUPS}
    for label in expect["symptoms"]:
        options = set(label.split("|"))
        group = group_of[next(iter(options))]
        tally = report.symptoms.setdefault(group, Tally())
        tally.labels += 1
        tally.definite += bool(options & said[group])
        if not options & said[group]:
            report.symptom_misses.append(f"{text}  [want {label}; got {_brief(found)}]")


def _measure_water(text: str, expect: dict[str, Any], found: ParseResult, report: Report) -> None:
    if expect.get("water_scored") is False:
        return
    got = found.water.ml if found.water is not None else found.water_ml
    want = expect.get("water_ml")
    if want is None:
        if got is not None:
            report.water_invented.append(f"{text}  [got {got}]")
        return
    report.water_scored += 1
    low, high = expect.get("water_accept", [want, want])
    if got is not None and low <= got <= high:
        report.water_right += 1
    else:
        report.water_wrong.append(f"{text}  [want {want}, got {got}]")


def _brief(found: ParseResult) -> str:
    parts = [f"{name}={list(getattr(found, name))}" for name in (
        "red_flags", "possible_red_flags", "crisis", "possible_crisis", "urinary",
        "spasm_locations", "triggers", "health_talk",
    ) if getattr(found, name, ())]  # fmt: skip
    return " ".join(parts) or "nothing"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}% ({part}/{whole})" if whole else "   -"


def render(report: Report) -> str:
    """The figures as plain text."""
    lines = ["Red flags (definite / definite or possible):"]
    for name, tally in sorted(report.by_category.items()):
        if tally.labels:
            lines.append(
                f"  category {name}: {_pct(tally.definite, tally.labels)}"
                f"  /  {_pct(tally.either, tally.labels)}"
            )
    lines.append("  per red flag:")
    for name, tally in sorted(report.by_flag.items(), key=lambda kv: -kv[1].labels):
        lines.append(
            f"    {name:<48} {_pct(tally.definite, tally.labels)}"
            f"  /  {_pct(tally.either, tally.labels)}"
        )
    a_count = report.phrases["A"]
    lines.append(f"Red-flag messages with no safety step: {len(report.no_step)} of {a_count}")
    for category in "BC":
        lines.append(
            f"False definite alarms on {category}: "
            f"{_pct(len(report.false_alarms.get(category, [])), report.phrases[category])}"
        )
    lines.append(f"Questions or screens on C: {_pct(len(report.needless), report.phrases['C'])}")
    lines.append("Safety steps by category:")
    for category, counts in sorted(report.steps.items()):
        lines.append(f"  {category}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    total = Tally()
    lines.append("Symptom recall:")
    for group in GROUPS:
        tally = report.symptoms.get(group, Tally())
        total.labels += tally.labels
        total.definite += tally.definite
        lines.append(f"  {group:<16} {_pct(tally.definite, tally.labels)}")
    lines.append(f"  {'all':<16} {_pct(total.definite, total.labels)}")
    lines.append(f"Water amounts right: {_pct(report.water_right, report.water_scored)}")
    lines.append(f"Amounts reported where none was drunk: {len(report.water_invented)}")
    timings = sorted(report.timings_us)
    p95 = timings[int(0.95 * (len(timings) - 1))]
    lines.append(
        f"parse_text per message: p50 {statistics.median(timings):.0f} us, p95 {p95:.0f} us"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the bench and print its figures (and, on request, the phrases behind one)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="read only the first N lines")
    parser.add_argument(
        "--show",
        choices=("misses", "nostep", "alarms", "questions", "water", "symptoms"),
        action="append",
    )
    args = parser.parse_args(argv)
    rows = load(args.corpus)[: args.limit]
    parse_text("warm up: lexicon load")
    report = measure(rows)
    print(render(report))
    shown = {
        "misses": report.misses,
        "nostep": report.no_step,
        "alarms": [t for texts in report.false_alarms.values() for t in texts],
        "questions": report.needless,
        "water": report.water_wrong + report.water_invented,
        "symptoms": report.symptom_misses,
    }
    for name in args.show or ():
        print(f"\n--- {name} ---")
        print("\n".join(shown[name]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
