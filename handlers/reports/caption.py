"""The /history caption: check-in streak, days at the water goal, the most frequent spasm spot."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from engine.vocabulary import vocabulary
from handlers.reports.labels import plain_label, texts_or_english
from handlers.reports.model import HISTORY_DAYS, DaySummary, by_date, in_window
from i18n import Texts


def checkin_streak(days: Iterable[DaySummary], *, end_date: dt.date) -> int:
    """Consecutive days with a check-in, counted back from `end_date`.

    When `end_date` itself has no check-in yet the count starts the day before: today is not
    over, so an evening check-in still to come does not break the streak.
    """
    index = by_date(days)
    date = end_date
    today = index.get(end_date)
    if today is None or not today.checked_in:
        date -= dt.timedelta(days=1)
    streak = 0
    while (day := index.get(date)) is not None and day.checked_in:
        streak += 1
        date -= dt.timedelta(days=1)
    return streak


def top_location(days: Iterable[DaySummary]) -> tuple[str, int] | None:
    """The spasm location reported on the most days, with that count; ties go by body order."""
    counts = Counter(location for day in days for location in set(day.locations))
    if not counts:
        return None
    order = vocabulary().order("spasm_locations")
    location = min(counts, key=lambda loc: (-counts[loc], order.get(loc, len(order)), loc))
    return location, counts[location]


def history_caption(
    days: Iterable[DaySummary],
    *,
    end_date: dt.date,
    goal_ml: int,
    n_days: int = HISTORY_DAYS,
    texts: Texts | None = None,
) -> str:
    """Three plain lines: streak, days at the water goal, the most frequent spasm location."""
    texts = texts_or_english(texts)
    days = tuple(days)
    recorded = [day for _, day in in_window(days, end_date=end_date, n_days=n_days) if day]

    streak = checkin_streak(days, end_date=end_date)
    streak_line = texts.count("caption.streak", streak)

    water = [day.water_ml for day in recorded if day.water_ml is not None]
    if water:
        at_goal = sum(1 for ml in water if ml >= goal_ml)
        water_line = texts.get("caption.water", goal_ml=goal_ml, met=at_goal, logged=len(water))
    else:
        water_line = texts.get("caption.no_water", days=n_days)

    top = top_location(recorded)
    if top is None:
        spot_line = texts.get("caption.no_spasms")
    else:
        location, count = top
        label = plain_label("spasm_locations", location, texts)
        spot_line = texts.count("caption.top_spot", count, label=label)
    return "\n".join((streak_line, water_line, spot_line))
