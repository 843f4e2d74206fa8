"""At most one pattern in a person's own logs, and only when the data support it (bot-v2 item 12).

A candidate splits the days a person checked in into days with something (under a water
amount, no stretches the day before ...) and days without it. It becomes a pattern only when
both sides have at least `MIN_DAYS` days, spasm days are clearly more frequent with it than
without (`MIN_DIFFERENCE`), and a split that lopsided is unlikely to be chance among those days
(one-sided Fisher exact test, `MAX_P`). Of several, the strongest one is chosen. A pattern is
an observation about the person's own logs, never a cause or a diagnosis; the words are the
front end's (it keeps ids and numbers here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import comb

from engine.types import Day

MIN_DAYS = 3  # days on each side, at least
MIN_DIFFERENCE = 0.4  # share of spasm days with it, less the share without it, at least
MAX_P = 0.05  # how likely a split at least this lopsided is by chance, at most
LOW_WATER_SHARE = 0.75  # "under 1500 ml" for a 2000 ml goal

# Candidate ids (the front end words each one).
LOW_WATER = "low_water"
NO_STRETCH_DAY_BEFORE = "no_stretch_day_before"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A way to split days: `exposed` maps each date where it is known to True (with) or
    False (without). `id` names it for the front end; `value` carries its number (e.g. ml)."""

    id: str
    exposed: Mapping[dt.date, bool]
    value: int | None = None


@dataclass(frozen=True, slots=True)
class Pattern:
    """Spasms on `with_spasm` of `with_days` days with the candidate, `without_spasm` of
    `without_days` without it; `p` the chance of a split at least this lopsided."""

    id: str
    value: int | None
    with_spasm: int
    with_days: int
    without_spasm: int
    without_days: int
    p: float

    @property
    def difference(self) -> float:
        """The share of spasm days with it less the share without it."""
        return self.with_spasm / self.with_days - self.without_spasm / self.without_days


def find_pattern(
    spasm_days: Mapping[dt.date, bool], candidates: Iterable[Candidate]
) -> Pattern | None:
    """The one pattern the days support best, or None. `spasm_days` maps each date the
    person checked in to whether they had spasms; other dates are not counted."""
    found = [p for c in candidates if (p := _measure(spasm_days, c)) is not None]
    supported = [p for p in found if _supported(p)]
    if not supported:
        return None
    # Least likely by chance first, then the larger difference; ties keep the given order.
    return min(supported, key=lambda p: (p.p, -p.difference))


def low_water(days: Iterable[Day], goal_ml: int) -> Candidate:
    """Days under three quarters of the water goal (rounded down to 100 ml) against the rest;
    a day without a water amount is not counted. `value` is that amount in ml."""
    under = int(goal_ml * LOW_WATER_SHARE) // 100 * 100
    exposed = {day.date: day.water_ml < under for day in days if day.water_ml is not None}
    return Candidate(LOW_WATER, exposed, under)


def no_stretch_day_before(
    dates: Iterable[dt.date], stretch_logs: Iterable[tuple[dt.date, str]]
) -> Candidate:
    """Days after a day whose stretches were offered but not done, against days after a day
    they were done; a day after one with no stretch routine at all is not counted."""
    offered: set[dt.date] = set()
    done: set[dt.date] = set()
    for date, outcome in stretch_logs:
        offered.add(date)
        if outcome == "done":
            done.add(date)
    day = dt.timedelta(days=1)
    exposed = {d: d - day not in done for d in dates if d - day in offered}
    return Candidate(NO_STRETCH_DAY_BEFORE, exposed)


def one_sided_fisher(
    with_spasm: int, with_days: int, without_spasm: int, without_days: int
) -> float:
    """The chance that, with the same totals, the "with" side gets `with_spasm` or more spasm
    days (hypergeometric tail: Fisher's exact test, one-sided)."""
    days = with_days + without_days
    spasm = with_spasm + without_spasm
    total = comb(days, with_days)
    top = min(spasm, with_days)
    tail = sum(
        comb(spasm, k) * comb(days - spasm, with_days - k) for k in range(with_spasm, top + 1)
    )
    return tail / total


def _measure(spasm_days: Mapping[dt.date, bool], candidate: Candidate) -> Pattern | None:
    both = [date for date in candidate.exposed if date in spasm_days]
    with_ = [spasm_days[d] for d in both if candidate.exposed[d]]
    without = [spasm_days[d] for d in both if not candidate.exposed[d]]
    if not with_ or not without:
        return None
    counts = (sum(with_), len(with_), sum(without), len(without))
    return Pattern(candidate.id, candidate.value, *counts, p=one_sided_fisher(*counts))


def _supported(pattern: Pattern) -> bool:
    return (
        pattern.with_days >= MIN_DAYS
        and pattern.without_days >= MIN_DAYS
        and pattern.difference >= MIN_DIFFERENCE
        and pattern.p <= MAX_P
    )
