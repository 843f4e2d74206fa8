"""The words, colours and symbols the chart and the PDF share for ids and triage levels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

from engine.types import TriageLevel
from engine.vocabulary import FieldName, ids
from engine.words import term_label
from i18n import Texts, texts_for


def triage_label(level: TriageLevel, texts: Texts) -> str:
    """The level in words, for the PDF's tables (triage.label.<level>)."""
    return texts.lookup(f"triage.label.{level}")


def triage_short(level: TriageLevel, texts: Texts) -> str:
    """The level in one word, for the daily table (triage.short.<level>)."""
    return texts.lookup(f"triage.short.{level}")


# A symbol per level so that the chart never relies on colour alone.
TRIAGE_SYMBOL: Final[Mapping[TriageLevel, str]] = MappingProxyType(
    {"self_care": "✓", "soon": "S", "urgent": "U", "emergency": "!"}
)

# Mid-to-dark tones that hold white text and stand out on a white card.
TRIAGE_COLOUR: Final[Mapping[TriageLevel, str]] = MappingProxyType(
    {"self_care": "#2e7d32", "soon": "#b26a00", "urgent": "#d84315", "emergency": "#b71c1c"}
)

# Levels that make a day stand out: the person was told to get help today or now.
STAND_OUT_LEVELS: Final[frozenset[TriageLevel]] = frozenset({"urgent", "emergency"})


def plain_label(field: FieldName, term_id: str, texts: Texts | None = None) -> str:
    """The vocabulary's plain label, or the id in words when the id is unknown (a record
    older than the vocabulary)."""
    if term_id in ids(field):
        return term_label(term_id, texts_or_english(texts))
    return term_id.replace("_", " ").capitalize()


def plain_labels(field: FieldName, term_ids: Iterable[str], texts: Texts | None = None) -> str:
    """Plain labels joined with commas; "" when there are none."""
    return ", ".join(plain_label(field, term_id, texts) for term_id in term_ids)


def texts_or_english(texts: Texts | None) -> Texts:
    """The texts given, or English for a caller that names no language (tests, benchmarks)."""
    return texts if texts is not None else texts_for(None)
