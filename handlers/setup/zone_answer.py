"""What the time-zone step does with a typed answer: set a zone, ask a question, or try again.

Pure (the clock comes in), so the rules are easy to read in one place: a clock time never sets
a zone by itself because the zone decides the emergency number; an offset is kept only for now
because it cannot follow clock changes; a near-miss place name is offered, never assumed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from handlers.setup.steps import parse_local_time
from handlers.setup.timezones import (
    nearest_place,
    offset_label,
    parse_utc_offset,
    zone_for_offset,
    zones_at_offset,
    zones_for_local_time,
    zones_from_text,
)


class ZoneOutcome(StrEnum):
    """What to do next in the time-zone step."""

    SET = "set"  # one zone, set it and go on
    PICK = "pick"  # several zones for the place, pick one
    DID_YOU_MEAN = "did_you_mean"  # a near-miss place name, offer it
    CONFIRM_COUNTRY = "confirm_country"  # guessed from a clock time or offset: which country?
    OFFSET_FOR_NOW = "offset"  # a fixed offset, set for now, then ask for the city
    OFFSET_UNUSED = "offset_unused"  # an offset no place keeps today
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class ZoneAnswer:
    """The outcome, the zones it concerns and what the step should remember."""

    outcome: ZoneOutcome
    zones: tuple[str, ...] = ()
    remember: dict[str, Any] = field(default_factory=dict)


def answer_zone_text(text: str, now_utc: dt.datetime) -> ZoneAnswer:
    """Decide what a typed answer to "where are you?" means."""
    offset = parse_utc_offset(text)
    if offset is not None:
        return _offset_answer(offset, now_utc)
    local = parse_local_time(text)
    if local is not None:
        zones = zones_for_local_time(*local, now_utc)
        if not zones:
            return ZoneAnswer(ZoneOutcome.NOT_FOUND)
        return ZoneAnswer(ZoneOutcome.CONFIRM_COUNTRY, zones[:8])
    zones = zones_from_text(text)
    if len(zones) == 1:
        return ZoneAnswer(ZoneOutcome.SET, zones)
    if zones:
        return ZoneAnswer(ZoneOutcome.PICK, zones[:8])
    place = nearest_place(text)
    if place is not None:
        return ZoneAnswer(
            ZoneOutcome.DID_YOU_MEAN, zones_from_text(place)[:8], {"place": place.title()}
        )
    return ZoneAnswer(ZoneOutcome.NOT_FOUND)


def _offset_answer(offset: int, now_utc: dt.datetime) -> ZoneAnswer:
    label = offset_label(offset)
    zone = zone_for_offset(offset)
    if zone is None:
        # Half-hour offsets have no fixed zone in the tz database: offer the places that keep it.
        zones = zones_at_offset(offset, now_utc)
        if not zones:
            return ZoneAnswer(ZoneOutcome.OFFSET_UNUSED, remember={"offset": label})
        return ZoneAnswer(ZoneOutcome.CONFIRM_COUNTRY, zones)
    local_time = now_utc.astimezone(ZoneInfo(zone)).strftime("%H:%M")
    return ZoneAnswer(
        ZoneOutcome.OFFSET_FOR_NOW, (zone,), {"offset": label, "local_time": local_time}
    )


def zone_display_name(zone: str) -> str:
    """How a zone is shown: "Europe/Berlin", but "UTC+3" for the fixed zone Etc/GMT-3."""
    if not zone.startswith("Etc/"):
        return zone
    offset = dt.datetime(2000, 1, 1, tzinfo=ZoneInfo(zone)).utcoffset()
    return offset_label(int(offset.total_seconds() // 60)) if offset is not None else zone
