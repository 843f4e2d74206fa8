"""The `checkin-bot assess` and `checkin-bot parse` commands, run as a person would run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from engine.serialize import answer_to_dict
from tests.engine.conftest import run

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(sys.executable).parent / "checkin-bot"
EXIT_INVALID = 2

VALID = {
    "profile": {"water_goal_ml": 2000, "conditions": ["kidney_stones_history"]},
    "today": {
        "date": "2026-11-22",
        "water_ml": 900,
        "spasms": {"count": 3, "max_severity": 7, "locations": ["lower_back", "groin"]},
        "urinary": ["hesitancy"],
        "red_flags": ["blood_in_urine"],
        "triggers": ["prolonged_sitting"],
    },
    "history": [{"date": "2026-11-21", "water_ml": 1200}],
}
INVALID = {"today": {"date": "2026-11-22", "red_flags": ["rash", "blod_in_urine"]}}
ANSWER_KEYS = {  # contract v2 adds ask_next
    "engine_version", "triage", "risk", "advice", "stretches", "hydration_known", "ask_next",
}  # fmt: skip
BACK_QUESTIONS = [
    "bladder_change_with_back_pain", "saddle_numbness", "both_legs_symptoms", "bowel_control_loss",
]  # fmt: skip
PARSE_KEYS = {
    "red_flags", "possible_red_flags", "urinary", "spasm_locations", "triggers", "negated",
    "water_ml", "severity",
    "crisis", "possible_crisis", "water",  # engine contract v2 adds these to the parse shape
}  # fmt: skip


def checkin_bot(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the command line in a fresh interpreter from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def expected_answer(raw: dict[str, Any]) -> dict[str, Any]:
    return answer_to_dict(run(raw)[1])


def test_assess_prints_the_answer() -> None:
    done = checkin_bot("assess", stdin=json.dumps(VALID))
    assert (done.returncode, done.stderr) == (0, "")
    answer = json.loads(done.stdout)
    assert answer == expected_answer(VALID)
    assert set(answer) == ANSWER_KEYS
    assert answer["engine_version"] == "2.0.0"
    # Contract v2 changed this: a back and groin spasm with hesitancy is urgent (was soon) and
    # asks the nerve questions at once.
    assert answer["triage"]["level"] == "urgent"
    assert answer["ask_next"] == BACK_QUESTIONS
    rule = answer["triage"]["rules"][0]
    assert {"id", "level", "because", "message", "why", "if_worse"} <= set(rule)
    assert rule["id"] == "voiding_difficulty_with_back_spasm"
    assert rule["if_worse"]
    assert set(answer["risk"]) == {"score", "level", "factors"}
    assert set(answer["risk"]["factors"][0]) == {"id", "points", "because"}


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
def test_console_script_runs_assess() -> None:
    done = subprocess.run(
        [str(SCRIPT), "assess"], input=json.dumps(VALID), capture_output=True, text=True,
        cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected_answer(VALID)


@pytest.mark.parametrize(
    ("stdin", "path"),
    [
        (json.dumps(INVALID), "today.red_flags[1]"),
        (json.dumps({"today": {"date": "2026-11-22", "red_flag": ["rash"]}}), "today.red_flag"),
        (json.dumps({"today": {"date": "2026-11-22"}, "history": [{"water_ml": 1}]}),
         "history[0].date"),
    ],
    ids=["unknown id", "unknown field", "history without date"],
)  # fmt: skip
def test_assess_invalid_input_exits_2_with_the_path(stdin: str, path: str) -> None:
    done = checkin_bot("assess", stdin=stdin)
    assert done.returncode == EXIT_INVALID
    assert done.stdout == ""
    assert path in done.stderr


def test_assess_names_the_bad_value() -> None:
    done = checkin_bot("assess", stdin=json.dumps(INVALID))
    assert "today.red_flags[1]: unknown red flag 'blod_in_urine'" in done.stderr


@pytest.mark.parametrize("stdin", ['{"today": {"date": "2026-11-22"', "", "[1, 2]", "not json"])
def test_assess_malformed_json_exits_2(stdin: str) -> None:
    done = checkin_bot("assess", stdin=stdin)
    assert done.returncode == EXIT_INVALID
    assert done.stdout == ""
    assert done.stderr.strip()


def test_assess_jsonl_answers_each_line_and_marks_the_invalid_one() -> None:
    second = {"today": {"date": "2026-11-20", "urinary": ["urgency"]}}
    lines = [json.dumps(VALID), json.dumps(INVALID), json.dumps(second)]
    done = checkin_bot("assess", "--jsonl", stdin="\n".join(lines) + "\n")
    assert done.returncode == EXIT_INVALID
    out = done.stdout.splitlines()
    assert len(out) == 3
    assert json.loads(out[0]) == expected_answer(VALID)
    error = json.loads(out[1])
    assert set(error) == {"error"}
    assert set(error["error"]) == {"path", "message"}
    assert error["error"]["path"] == "today.red_flags[1]"
    assert "blod_in_urine" in error["error"]["message"]
    assert json.loads(out[2]) == expected_answer(second)


def test_assess_jsonl_all_valid_exits_0() -> None:
    lines = [json.dumps(VALID)] * 2 + ['{"today": {"date": "2026-01-01"}}']
    done = checkin_bot("assess", "--jsonl", stdin="\n".join(lines) + "\n")
    assert (done.returncode, done.stderr) == (0, "")
    assert [json.loads(line) for line in done.stdout.splitlines()] == [
        expected_answer(json.loads(line)) for line in lines
    ]


def test_assess_jsonl_malformed_line_is_an_error_line() -> None:
    done = checkin_bot("assess", "--jsonl", stdin='{"today": \n' + json.dumps(VALID) + "\n")
    assert done.returncode == EXIT_INVALID
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert set(first["error"]) == {"path", "message"}
    assert second == expected_answer(VALID)


def assert_parse_shape(found: dict[str, Any]) -> None:
    assert set(found) == PARSE_KEYS
    for key in PARSE_KEYS - {"water_ml", "severity", "water"}:
        assert isinstance(found[key], list)
        assert all(isinstance(item, str) for item in found[key])
    for key in ("water_ml", "severity"):
        assert found[key] is None or type(found[key]) is int
    water = found["water"]
    assert water is None or (type(water["ml"]) is int and water["kind"] in ("drink", "day_total"))


def test_parse_prints_the_findings() -> None:
    done = checkin_bot("parse", "calf cramp 8/10 this morning, drank 1.5 l, no fever")
    assert (done.returncode, done.stderr) == (0, "")
    assert_parse_shape(json.loads(done.stdout))


def test_parse_jsonl_prints_one_object_per_line() -> None:
    texts = ["can't pee and my back hurts", "", "3 glasses of water, no blood"]
    lines = [json.dumps({"text": text}) for text in texts]
    done = checkin_bot("parse", "--jsonl", stdin="\n".join(lines) + "\n")
    assert (done.returncode, done.stderr) == (0, "")
    out = done.stdout.splitlines()
    assert len(out) == len(texts)
    for line in out:
        assert_parse_shape(json.loads(line))
