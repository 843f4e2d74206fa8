"""docs/engine.md's "Clinical status" table lists every rule with its level, what it asks and its
source exactly as the rulebook keeps them, so the document cannot drift from the data."""

from __future__ import annotations

from pathlib import Path

from engine.rulebook import Rule, rulebook

DOC = Path(__file__).resolve().parents[2] / "docs" / "engine.md"


def table_row(rule: Rule) -> str:
    """The rule's row in the Clinical status table."""
    asks = f" (asks {', '.join(f'`{term}`' for term in rule.ask)})" if rule.ask else ""
    return f"| `{rule.id}` | {rule.level}{asks} | {rule.source} |"


def test_clinical_status_lists_every_rule_and_its_source() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "## Clinical status" in text
    assert "No clinician has reviewed this rulebook yet" in text
    section = text.split("## Clinical status", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    expected = [table_row(rule) for rule in rulebook().rules]
    assert rows == expected, "regenerate the table:\n" + "\n".join(expected)
    assert rulebook().too_much_water.source in section
