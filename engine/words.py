"""The engine's words, by id and language, from the message catalogs (i18n).

The data files keep ids, conditions, numbers and sources; every word a person reads (rule
messages, whys and if-worse lines, advice, stretch names, steps and cautions, vocabulary labels
and questions) is a catalog message named after its id: `rule.<id>.message`, `advice.<id>`,
`stretch.<id>.step.<n>`, `vocab.<id>.label` ... The loaders fill each entry's words in English,
the engine's own language (`checkin-bot assess` answers in English); a front end speaking
another language looks the same ids up in its own `Texts`.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from typing import Any

from i18n import Texts, texts_for

ENGINE_LANGUAGE = "en"


def engine_texts() -> Texts:
    """The texts the engine's own answers use (English)."""
    return texts_for(ENGINE_LANGUAGE)


def with_rule_words(raw: Mapping[str, Any], texts: Texts | None = None) -> dict[str, Any]:
    """Raw rulebook data with each rule's message, why and (when it has one) if_worse added."""
    texts = texts or engine_texts()
    rules = [dict(rule) for rule in raw.get("rules", [])]
    for rule in rules:
        rule_id = rule.get("id")
        for word in ("message", "why", "if_worse"):
            key = f"rule.{rule_id}.{word}"
            if isinstance(rule_id, str) and word not in rule and texts.has(key):
                rule[word] = texts.lookup(key)
    return {**raw, "rules": rules}


def with_advice_words(raw: Mapping[str, Any], texts: Texts | None = None) -> dict[str, Any]:
    """Raw advice data with each item's text added."""
    texts = texts or engine_texts()
    items = [dict(item) for item in raw.get("advice", [])]
    for item in items:
        key = f"advice.{item.get('id')}"
        if "text" not in item and texts.has(key):
            item["text"] = texts.lookup(key)
    return {**raw, "advice": items}


def with_stretch_words(raw: Mapping[str, Any], texts: Texts | None = None) -> dict[str, Any]:
    """Raw stretch data with each stretch's name, steps and caution added."""
    texts = texts or engine_texts()
    stretches = [dict(entry) for entry in raw.get("stretch", [])]
    for entry in stretches:
        stretch_id = entry.get("id")
        if "name" not in entry and texts.has(f"stretch.{stretch_id}.name"):
            entry["name"] = texts.lookup(f"stretch.{stretch_id}.name")
        if "steps" not in entry:
            entry["steps"] = stretch_steps(str(stretch_id), texts)
        if "caution" not in entry and texts.has(f"stretch.{stretch_id}.caution"):
            entry["caution"] = texts.lookup(f"stretch.{stretch_id}.caution")
    return {**raw, "stretch": stretches}


def stretch_steps(stretch_id: str, texts: Texts) -> list[str]:
    """A stretch's steps in order (stretch.<id>.step.1, .2, ... while they last)."""
    steps: list[str] = []
    while texts.has(key := f"stretch.{stretch_id}.step.{len(steps) + 1}"):
        steps.append(texts.lookup(key))
    return steps


def term_label(term_id: str, texts: Texts | None = None) -> str:
    """A vocabulary id's plain label."""
    return (texts or engine_texts()).lookup(f"vocab.{term_id}.label")


def term_question(term_id: str, texts: Texts | None = None) -> str:
    """The yes/no question a front end asks about a vocabulary id."""
    return (texts or engine_texts()).lookup(f"vocab.{term_id}.question")


def rule_why(rule_id: str, because: Iterable[str], texts: Texts, known: Container[str]) -> str:
    """A fired rule's why in a language, naming the findings behind it (`known`: the ids that
    have a plain label, so that anything else is left out of the phrase)."""
    template = texts.lookup(f"rule.{rule_id}.why")
    return template.format(findings=findings_phrase(because, template, texts, known))


def findings_phrase(
    because: Iterable[str], template: str, texts: Texts, known: Container[str]
) -> str:
    """The plain labels of the ids behind a rule, as a phrase that fits the template."""
    labels = [_lower_first(term_label(item, texts)) for item in because if item in known]
    if not labels:
        return texts.get("findings.unknown")
    if len(labels) == 1:
        phrase = labels[0]
    else:
        phrase = texts.get("findings.list", most=", ".join(labels[:-1]), last=labels[-1])
    return phrase[0].upper() + phrase[1:] if template.startswith("{findings}") else phrase


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text
