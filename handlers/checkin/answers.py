"""Render the engine's answer as the messages a person gets, most urgent first.

Emergency and urgent answers go in their own first message, with what to do and why, and
never wait behind advice. Every answer ends with the reminder that the bot is not a clinician.
"""

from __future__ import annotations

import html

from engine import Answer, FiredRule, routine_for, stretch_library
from engine.vocabulary import every_id
from engine.words import rule_why
from i18n import MessageKey, Texts

_LEVEL_TITLES: dict[str, MessageKey] = {
    "emergency": "answers.emergency_title",
    "urgent": "answers.urgent_title",
    "soon": "answers.soon_title",
}


def render_answer(answer: Answer, *, emergency_number: str, texts: Texts) -> list[str]:
    """The messages to send for one answer, in order (one or two)."""
    level = answer.triage.level
    rules = answer.triage.rules
    if level in ("emergency", "urgent"):
        urgent = [r for r in rules if r.level in ("emergency", "urgent")]
        lesser = [r for r in rules if r.level not in ("emergency", "urgent")]
        first = _urgent_message(level, urgent, lesser, emergency_number, texts)
        return [first]
    if level == "soon":
        # The worse-line closes the answer, after the advice (bot-v2 item 5).
        worse = _if_worse_block(list(rules), texts, emergency_number)
        parts = [_soon_message(list(rules), texts), "", _advice_block(answer, texts), *worse]
        return ["\n".join(parts) + "\n\n" + texts.get("common.not_a_clinician")]
    parts = [texts.get("answers.self_care_title"), _advice_block(answer, texts)]
    return ["\n\n".join(p for p in parts if p) + "\n\n" + texts.get("common.not_a_clinician")]


def _urgent_message(
    level: str,
    urgent: list[FiredRule],
    lesser: list[FiredRule],
    number: str,
    texts: Texts,
) -> str:
    lines = [texts.get(_LEVEL_TITLES[level])]
    if level == "emergency":
        lines.append(texts.html("answers.emergency_call", number=number))
    lines.append(
        html.escape(_message(urgent[0], texts))
    )  # the rule's own what-to-do (v2: specifics)
    lines.append("")
    lines.append(texts.get("answers.why"))
    lines += [f"- {html.escape(_why(rule, texts))}" for rule in urgent]
    if lesser:
        lines.append("")
        lines.append(texts.get("answers.also_mention"))
        lines += [f"- {html.escape(_why(rule, texts))}" for rule in lesser]
    # An emergency names its number in its first line; an urgent answer closes with it.
    lines += _if_worse_block([*urgent, *lesser], texts, None if level == "emergency" else number)
    lines.append("")
    lines.append(texts.get("answers.follow_up_promise"))
    lines.append(texts.get("common.not_a_clinician"))
    return "\n".join(lines)


def _soon_message(rules: list[FiredRule], texts: Texts) -> str:
    lines = [
        texts.get("answers.soon_title"),
        html.escape(_message(rules[0], texts)),
        "",
        texts.get("answers.why"),
    ]
    lines += [f"- {html.escape(_why(rule, texts))}" for rule in rules]
    return "\n".join(lines)


def _if_worse_block(rules: list[FiredRule], texts: Texts, number: str | None) -> list[str]:
    """What to do if it gets worse: each urgent or soon rule's sentence, once (emergency rules
    have none, their message already says now), then the local emergency number."""
    keys = dict.fromkeys(f"rule.{rule.id}.if_worse" for rule in rules if rule.if_worse)
    sentences = list(dict.fromkeys(texts.lookup(key) for key in keys))
    if not sentences:
        return []
    block = ["", texts.get("answers.if_worse"), *(f"- {html.escape(s)}" for s in sentences)]
    if number is not None:
        block += ["", texts.html("answers.worse_number", number=number)]
    return block


def _advice_block(answer: Answer, texts: Texts) -> str:
    factors = sorted(answer.risk.factors, key=lambda f: -f.points)
    top = [texts.lookup(f"answers.factor.{f.id}") for f in factors[:2]]
    lines = [risk_line(answer.risk.level, top, texts)]
    if not answer.hydration_known:
        lines.append(texts.get("answers.hydration_unknown"))
    if answer.advice:
        lines += ["", texts.get("answers.advice_title")]
        lines += [f"- {html.escape(texts.lookup(f'advice.{item.id}'))}" for item in answer.advice]
    name = texts.lookup(f"stretch.{_first_stretch_id(answer.stretches)}.name")
    lines += ["", texts.html("answers.suggested_stretch", name=name)]
    return "\n".join(lines)


def risk_line(level: str, top_factors: list[str], texts: Texts) -> str:
    """The educational risk level in plain words with what drives it (never the 0-100 score,
    which means nothing to a person without its scale)."""
    shown_level = texts.lookup(f"answers.risk_level.{level}")
    if not top_factors:
        return texts.get("answers.risk_line", level=shown_level)
    if len(top_factors) == 1:
        joined = top_factors[0]
    else:
        joined = texts.get("findings.list", most=", ".join(top_factors[:-1]), last=top_factors[-1])
    return texts.get("answers.risk_line_factors", level=shown_level, factors=html.escape(joined))


def _first_stretch_id(stretch_ids: tuple[str, ...]) -> str:
    """The engine's first pick for today's spasm spots, else the start of the general routine."""
    known = {s.id for s in stretch_library()}
    for stretch_id in stretch_ids:
        if stretch_id in known:
            return stretch_id
    return routine_for(())[0].id


def _message(rule: FiredRule, texts: Texts) -> str:
    """What to do and how soon, in the person's language."""
    return texts.lookup(f"rule.{rule.id}.message")


def _why(rule: FiredRule, texts: Texts) -> str:
    """Why the rule fired, naming its findings, in the person's language."""
    return rule_why(rule.id, rule.because, texts, known=every_id())
