"""The engine's JSON shapes: typed input and answers to plain dicts, ready for `json.dumps`.

`parse_result_to_dict` (what `parse_text` found) lives with the parser and is re-exported here.
"""

from __future__ import annotations

from typing import Any

from engine.parse import parse_result_to_dict
from engine.types import Answer, AssessmentInput, Day, Profile


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    """The answer in the contract's JSON shape."""
    return {
        "engine_version": answer.engine_version,
        "triage": {
            "level": answer.triage.level,
            "rules": [
                {
                    "id": rule.id,
                    "level": rule.level,
                    "because": list(rule.because),
                    "message": rule.message,
                    "why": rule.why,
                    "if_worse": rule.if_worse,
                }
                for rule in answer.triage.rules
            ],
        },
        "risk": {
            "score": answer.risk.score,
            "level": answer.risk.level,
            "factors": [
                {"id": f.id, "points": f.points, "because": list(f.because)}
                for f in answer.risk.factors
            ],
        },
        "advice": [{"id": a.id, "factor": a.factor, "text": a.text} for a in answer.advice],
        "stretches": list(answer.stretches),
        "hydration_known": answer.hydration_known,
        "ask_next": list(answer.ask_next),
    }


def day_to_dict(day: Day) -> dict[str, Any]:
    """One day in the input's JSON shape (what `parse_input` reads back)."""
    spasms = day.spasms
    spasm_dict: dict[str, Any] = {"count": spasms.count, "locations": list(spasms.locations)}
    if spasms.max_severity is not None:
        spasm_dict["max_severity"] = spasms.max_severity
    if spasms.longest_minutes is not None:
        spasm_dict["longest_minutes"] = spasms.longest_minutes
    if spasms.nocturnal:  # written only when set, like the other later fields
        spasm_dict["nocturnal"] = True
    result: dict[str, Any] = {
        "date": day.date.isoformat(),
        "water_ml": day.water_ml,
        "spasms": spasm_dict,
        "urinary": list(day.urinary),
        "red_flags": list(day.red_flags),
        "triggers": list(day.triggers),
    }
    # Contract v2 fields, written only when set, so v1-shaped records stay as they were.
    if day.answered:
        result["answered"] = list(day.answered)
    if day.largest_drink_ml is not None:
        result["largest_drink_ml"] = day.largest_drink_ml
    return result


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """The profile in the input's JSON shape."""
    result: dict[str, Any] = {
        "water_goal_ml": profile.water_goal_ml,
        "conditions": list(profile.conditions),
        "medications": list(profile.medications),
        "medication_changed_recently": profile.medication_changed_recently,
    }
    if profile.age is not None:
        result["age"] = profile.age
    return result


def input_to_dict(value: AssessmentInput) -> dict[str, Any]:
    """The whole input in its JSON shape, so a stored assessment can be replayed."""
    return {
        "profile": profile_to_dict(value.profile),
        "today": day_to_dict(value.today),
        "history": [day_to_dict(day) for day in value.history],
    }


__all__ = [
    "answer_to_dict",
    "day_to_dict",
    "input_to_dict",
    "parse_result_to_dict",
    "profile_to_dict",
]
