"""Render the engine's answer as the messages a person gets, most urgent first.

Emergency and urgent answers go in their own first message, with what to do and why, and
never wait behind advice. Every answer ends with the reminder that the bot is not a clinician.
"""

from __future__ import annotations

import html
from types import ModuleType

from engine import Answer, FiredRule, routine_for, stretch_library

_LEVEL_TITLES = {
    "emergency": "EMERGENCY_TITLE",
    "urgent": "URGENT_TITLE",
    "soon": "SOON_TITLE",
}


def render_answer(answer: Answer, *, emergency_number: str, texts: ModuleType) -> list[str]:
    """The messages to send for one answer, in order (one or two)."""
    t = texts.answers
    level = answer.triage.level
    rules = answer.triage.rules
    if level in ("emergency", "urgent"):
        urgent = [r for r in rules if r.level in ("emergency", "urgent")]
        lesser = [r for r in rules if r.level not in ("emergency", "urgent")]
        first = _urgent_message(level, urgent, lesser, emergency_number, texts)
        return [first]
    if level == "soon":
        return [_soon_message(list(rules), texts) + "\n\n" + _advice_block(answer, texts)]
    parts = [t.SELF_CARE_TITLE, _advice_block(answer, texts)]
    return ["\n\n".join(p for p in parts if p) + "\n\n" + texts.common.NOT_A_CLINICIAN]


def _urgent_message(
    level: str,
    urgent: list[FiredRule],
    lesser: list[FiredRule],
    number: str,
    texts: ModuleType,
) -> str:
    t = texts.answers
    lines = [getattr(t, _LEVEL_TITLES[level])]
    if level == "emergency":
        lines.append(t.emergency_call(number))
    else:
        lines.append(html.escape(urgent[0].message))
    lines.append("")
    lines.append(t.WHY)
    lines += [f"- {html.escape(rule.why)}" for rule in urgent]
    if lesser:
        lines.append("")
        lines.append(t.ALSO_MENTION)
        lines += [f"- {html.escape(rule.why)}" for rule in lesser]
    lines.append("")
    lines.append(t.FOLLOW_UP_PROMISE)
    lines.append(texts.common.NOT_A_CLINICIAN)
    return "\n".join(lines)


def _soon_message(rules: list[FiredRule], texts: ModuleType) -> str:
    t = texts.answers
    lines = [t.SOON_TITLE, html.escape(rules[0].message), "", t.WHY]
    lines += [f"- {html.escape(rule.why)}" for rule in rules]
    return "\n".join(lines)


def _advice_block(answer: Answer, texts: ModuleType) -> str:
    t = texts.answers
    factors = sorted(answer.risk.factors, key=lambda f: -f.points)
    top = [t.FACTOR_LABELS[f.id] for f in factors[:2]]
    lines = [t.risk_line(answer.risk.score, answer.risk.level, top)]
    if not answer.hydration_known:
        lines.append(t.HYDRATION_UNKNOWN)
    if answer.advice:
        lines += ["", t.ADVICE_TITLE]
        lines += [f"- {html.escape(item.text)}" for item in answer.advice]
    lines += ["", t.suggested_stretch(_first_stretch_name(answer.stretches))]
    if answer.triage.level == "soon":
        lines += ["", texts.common.NOT_A_CLINICIAN]
    return "\n".join(lines)


def _first_stretch_name(stretch_ids: tuple[str, ...]) -> str:
    """The engine's first pick for today's spasm spots, else the start of the general routine."""
    names = {s.id: s.name for s in stretch_library()}
    for stretch_id in stretch_ids:
        if stretch_id in names:
            return names[stretch_id]
    return routine_for(())[0].name
