"""What the server remembers about the calls it answered, for tests to assert on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class ApiCall:
    """One answered Bot API call."""

    method: str
    params: dict[str, object] = field(repr=False)
    status: int
    at: float
    result: object = field(default=None, repr=False)
    error: str | None = None
    fault: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the call succeeded."""
        return self.status == 200


@dataclass(frozen=True)
class SchemaViolation:
    """A call the Bot API schema rejects (``side="call"``), or a result of this server that
    does not match the schema (``side="result"``, a bug in the fake)."""

    method: str
    problems: tuple[str, ...]
    params: dict[str, object] = field(repr=False)
    side: Literal["call", "result"] = "call"

    def __str__(self) -> str:
        return f"{self.side} {self.method}: " + "; ".join(self.problems)
