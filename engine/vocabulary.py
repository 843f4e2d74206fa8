"""The engine's vocabulary: the exact ids of every list field, with a plain label and question."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Final, Literal

from engine.words import term_label, term_question

FieldName = Literal[
    "spasm_locations", "urinary", "red_flags", "triggers", "conditions", "medications"
]
FIELDS: Final[tuple[FieldName, ...]] = (
    "spasm_locations",
    "urinary",
    "red_flags",
    "triggers",
    "conditions",
    "medications",
)

# How validation errors name each field's ids ("unknown red flag 'x'").
SINGULAR: Final[Mapping[FieldName, str]] = MappingProxyType(
    {
        "spasm_locations": "spasm location",
        "urinary": "urinary symptom",
        "red_flags": "red flag",
        "triggers": "trigger",
        "conditions": "condition",
        "medications": "medication",
    }
)


@dataclass(frozen=True, slots=True)
class Term:
    """One vocabulary id with the words every front end uses for it."""

    id: str
    field: FieldName
    label: str
    question: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """All ids by field, in their canonical order."""

    terms: Mapping[FieldName, tuple[Term, ...]]

    def ids(self, field: FieldName) -> tuple[str, ...]:
        """The ids of one field, in canonical order."""
        return tuple(term.id for term in self.terms[field])

    def term(self, field: FieldName, term_id: str) -> Term:
        """The term for an id; KeyError when the id is not in that field."""
        for term in self.terms[field]:
            if term.id == term_id:
                return term
        raise KeyError(f"{field}: {term_id}")

    def label(self, field: FieldName, term_id: str) -> str:
        """The plain label of an id."""
        return self.term(field, term_id).label

    def order(self, field: FieldName) -> Mapping[str, int]:
        """Each id's position, for sorting lists into canonical order."""
        return _orders()[field]


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary shipped with the package, loaded and checked once."""
    raw = tomllib.loads(resources.files("engine.data").joinpath("vocabulary.toml").read_text())
    if set(raw) != set(FIELDS):
        raise ValueError(f"vocabulary.toml must have exactly the sections {FIELDS}")
    terms: dict[FieldName, tuple[Term, ...]] = {}
    for field in FIELDS:
        terms[field] = tuple(
            Term(
                id=term_id, field=field, label=term_label(term_id), question=term_question(term_id)
            )
            for term_id in raw[field]
        )
    every = [term.id for field in FIELDS for term in terms[field]]
    repeated = sorted({term_id for term_id in every if every.count(term_id) > 1})
    if repeated:  # the engine tells ids apart without their field (rules it can skip)
        raise ValueError(f"vocabulary.toml: ids must be unique across fields: {repeated}")
    return Vocabulary(terms=MappingProxyType(terms))


@cache
def _orders() -> Mapping[FieldName, Mapping[str, int]]:
    vocab = vocabulary()
    return MappingProxyType(
        {
            field: MappingProxyType({tid: i for i, tid in enumerate(vocab.ids(field))})
            for field in FIELDS
        }
    )


@cache
def every_id() -> frozenset[str]:
    """Every id of every field (ids are unique across fields)."""
    vocab = vocabulary()
    return frozenset(term.id for field in FIELDS for term in vocab.terms[field])


def ids(field: FieldName) -> tuple[str, ...]:
    """Shortcut: the ids of one field."""
    return vocabulary().ids(field)


def canonical(
    field: FieldName, values: frozenset[str] | set[str] | tuple[str, ...]
) -> tuple[str, ...]:
    """Known ids of a field, deduplicated, in canonical order."""
    order = vocabulary().order(field)
    return tuple(sorted(set(values), key=order.__getitem__))
