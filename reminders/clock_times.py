"""Local wall-clock times to UTC instants, right across daylight-saving changes.

A time that does not exist (skipped by a spring-forward change) resolves to the first valid
instant after the gap; a time that exists twice (fall-back) resolves to its first occurrence.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

UTC = dt.UTC


def resolve_local(local_date: dt.date, wall: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant at which `wall` happens on `local_date` in `zone`."""
    naive = dt.datetime.combine(local_date, wall)
    first = naive.replace(tzinfo=zone, fold=0)
    instant = first.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == naive:
        return instant  # exists (if it exists twice, fold=0 is the first)
    # In a gap: the clocks jumped over `wall`. The first valid instant is the jump itself,
    # which lies between the two readings of the naive time.
    late = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    low, high = min(instant, late), max(instant, late)
    while high - low > dt.timedelta(seconds=1):
        # Halve in whole seconds: transitions fall on whole seconds, so `high` ends exactly on
        # the jump (halving by `/ 2` lands on fractions and the ceiling below added a second).
        middle = low + dt.timedelta(seconds=(high - low).total_seconds() // 2)
        if middle.astimezone(zone).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return _ceil_second(high) if high.microsecond else high


def _ceil_second(instant: dt.datetime) -> dt.datetime:
    return instant.replace(microsecond=0) + dt.timedelta(seconds=1)


def in_window(wall: dt.time, start: dt.time | None, end: dt.time | None) -> bool:
    """Whether a wall-clock time falls in [start, end), a window that may cross midnight."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= wall < end
    return wall >= start or wall < end
