"""The union of a day's answers (spec item 5), as a pure function to test as properties."""

from __future__ import annotations

from collections.abc import Iterable

from engine.types import NO_SPASMS, Day, Spasms


def _union(first: Iterable[str], second: Iterable[str]) -> tuple[str, ...]:
    """Ids of both, each once, in the order first seen."""
    return tuple(dict.fromkeys((*first, *second)))


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _sum(a: int | None, b: int | None) -> int | None:
    """None is unknown: unknown plus unknown stays unknown, unknown plus 300 is 300."""
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def merge_spasms(a: Spasms, b: Spasms) -> Spasms:
    """Summed count, largest severity and longest duration, union of locations.

    A `Spasms` with count 0 means none, whatever else it holds, so it adds nothing.
    """
    if b.count <= 0:
        return a if a.count > 0 else NO_SPASMS
    if a.count <= 0:
        return b
    return Spasms(
        count=a.count + b.count,
        max_severity=_max(a.max_severity, b.max_severity),
        locations=_union(a.locations, b.locations),
        longest_minutes=_max(a.longest_minutes, b.longest_minutes),
        nocturnal=a.nocturnal or b.nocturnal,
    )


def merge_days(a: Day, b: Day) -> Day:
    """The union of two answers for the same date: summed water, merged spasms, union of lists."""
    if a.date != b.date:
        raise ValueError(f"cannot merge answers of {a.date} and {b.date}")
    return Day(
        date=a.date,
        water_ml=_sum(a.water_ml, b.water_ml),
        spasms=merge_spasms(a.spasms, b.spasms),
        urinary=_union(a.urinary, b.urinary),
        red_flags=_union(a.red_flags, b.red_flags),
        triggers=_union(a.triggers, b.triggers),
    )
