"""Find a person's IANA time zone from what they give us: a place name, a location or a time.

Telegram never tells a bot anyone's time zone, so we ask. The tz database's own tables
(shipped by the `tzdata` package) map zones to countries; timezonefinder maps coordinates;
rapidfuzz finds the place someone meant when they misspell it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones

from rapidfuzz import process
from rapidfuzz.distance import OSA

# Everyday names people type that are not a zone's city or a country's official name.
_ALIASES: dict[str, str] = {
    "uk": "Europe/London",
    "england": "Europe/London",
    "scotland": "Europe/London",
    "wales": "Europe/London",
    "great britain": "Europe/London",
    "britain": "Europe/London",
    "nyc": "America/New_York",
    "washington": "America/New_York",
    "boston": "America/New_York",
    "miami": "America/New_York",
    "atlanta": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "sf": "America/Los_Angeles",
    "la": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "dallas": "America/Chicago",
    "houston": "America/Chicago",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "munich": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "cologne": "Europe/Berlin",
    "saint petersburg": "Europe/Moscow",
    "st petersburg": "Europe/Moscow",
    "wellington": "Pacific/Auckland",
    "canberra": "Australia/Sydney",
    "montreal": "America/Toronto",
    "ottawa": "America/Toronto",
    "usa": "America/New_York",
    "us": "America/New_York",
    "united states": "America/New_York",
    "russia": "Europe/Moscow",
    "australia": "Australia/Sydney",
    "canada": "America/Toronto",
}

# Zones offered when someone types their local time: one well-known zone per offset.
COMMON_ZONES: tuple[str, ...] = (
    "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Denver",
    "America/Chicago", "America/New_York", "America/Halifax", "America/St_Johns",
    "America/Sao_Paulo", "Atlantic/Azores", "Europe/London", "Europe/Berlin", "Europe/Athens",
    "Europe/Moscow", "Asia/Tehran", "Asia/Dubai", "Asia/Kabul", "Asia/Karachi", "Asia/Kolkata",
    "Asia/Kathmandu", "Asia/Dhaka", "Asia/Yangon", "Asia/Bangkok", "Asia/Shanghai",
    "Australia/Eucla", "Asia/Tokyo", "Australia/Adelaide", "Australia/Sydney",
    "Australia/Lord_Howe", "Pacific/Noumea", "Pacific/Auckland", "Pacific/Chatham",
    "Pacific/Tongatapu", "Pacific/Kiritimati",
)  # fmt: skip


def _normalise(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower().replace("’", "'"))


@cache
def _zone_table() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(zone -> country code, country code -> zones) from the tz database's zone.tab."""
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text()
    zone_country: dict[str, str] = {}
    country_zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, _coords, zone = line.split("\t")[:3]
        zone_country[zone] = code
        country_zones.setdefault(code, []).append(zone)
    return zone_country, {code: tuple(zones) for code, zones in country_zones.items()}


@cache
def _links() -> dict[str, str]:
    """Old or alternative zone names -> canonical names (from tzdata.zi's link lines)."""
    text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text()
    links: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()
            links[alias] = target
    return links


@cache
def _countries() -> dict[str, str]:
    """Normalised country name -> code (from iso3166.tab)."""
    text = resources.files("tzdata.zoneinfo").joinpath("iso3166.tab").read_text()
    names: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, name = line.split("\t")[:2]
        names[_normalise(name)] = code
        names.setdefault(_normalise(code), code)
    return names


@cache
def _by_place_name() -> dict[str, str]:
    """Normalised last part of every canonical zone ("new york") -> zone."""
    zone_country, _ = _zone_table()
    return {_normalise(zone.rsplit("/", 1)[-1]): zone for zone in zone_country}


def canonical_zone(name: str) -> str | None:
    """The canonical IANA name for a zone name (any case, old aliases resolved), or None."""
    wanted = name.strip()
    zones = available_timezones()
    exact = {zone.lower(): zone for zone in zones}.get(wanted.lower())
    if exact is None:
        return None
    return _links().get(exact, exact)


def zones_from_text(text: str) -> tuple[str, ...]:
    """Candidate zones for a typed place: a zone name, a city, a country or a common alias."""
    zone = canonical_zone(text)
    if zone is not None:
        return (zone,)
    key = _normalise(text)
    if key in _ALIASES:
        return (_ALIASES[key],)
    if key in _by_place_name():
        return (_by_place_name()[key],)
    code = _countries().get(key)
    if code is not None:
        return _zone_table()[1].get(code, ())
    return ()


# A misspelling may differ from the place by about one edit in five letters ("Lisbn", "Tokio");
# below that, "Atlantis" would become "Atlanta".
_NEAR_MISS_SIMILARITY = 0.79  # a hair under 0.8: the cutoff comparison is on floats


@cache
def _place_names() -> tuple[str, ...]:
    """Every normalised place name we know: aliases, zone cities and countries."""
    return tuple(dict.fromkeys([*_ALIASES, *_by_place_name(), *_countries()]))


def nearest_place(text: str) -> str | None:
    """The known place name a misspelt one most likely means ("lisbn" -> "lisbon"), or None."""
    key = _normalise(text)
    if len(key) < 4 or zones_from_text(text):
        return None  # too short to guess from safely, or not misspelt at all
    best = process.extractOne(
        key,
        _place_names(),
        scorer=OSA.normalized_similarity,
        score_cutoff=_NEAR_MISS_SIMILARITY,
    )
    return best[0] if best else None


_OFFSET = re.compile(r"^\s*(?:utc|gmt)\s*(?:([+\-−])\s*(\d{1,2})(?:[:.]?(\d{2}))?)?\s*$", re.I)


def parse_utc_offset(text: str) -> int | None:
    """Minutes east of UTC from "UTC+3", "GMT-5", "UTC+05:30" or "UTC"; None otherwise."""
    match = _OFFSET.match(text)
    if not match:
        return None
    if match[1] is None:
        return 0
    hours, minutes = int(match[2]), int(match[3] or 0)
    if hours > 14 or minutes >= 60:
        return None
    total = hours * 60 + minutes
    return -total if match[1] in "-−" else total


def offset_label(minutes: int) -> str:
    """ "UTC+3", "UTC-05:30", "UTC" for an offset in minutes."""
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" if rest == 0 else f"UTC{sign}{hours:02d}:{rest:02d}"


def zone_for_offset(minutes: int) -> str | None:
    """A fixed-offset tz database zone for a whole-hour offset (Etc/GMT-3 is UTC+3), or None."""
    if minutes == 0:
        return "Etc/UTC"
    hours, rest = divmod(abs(minutes), 60)
    if rest or hours > 14:
        return None  # the tz database has fixed zones for whole hours only
    # POSIX signs are inverted: Etc/GMT-3 is three hours ahead of UTC.
    return f"Etc/GMT{'-' if minutes > 0 else '+'}{hours}"


def zones_at_offset(minutes: int, now_utc: dt.datetime) -> tuple[str, ...]:
    """Common zones whose clocks are `minutes` ahead of UTC right now."""
    return tuple(
        zone
        for zone in COMMON_ZONES
        if now_utc.astimezone(ZoneInfo(zone)).utcoffset() == dt.timedelta(minutes=minutes)
    )


def country_of_zone(zone: str) -> str | None:
    """The ISO country code the tz database gives a zone, or None (e.g. Etc/UTC).

    The zone's own row comes first: since 2022 Europe/Oslo is a link to Europe/Berlin and
    Europe/Amsterdam to Europe/Brussels, but zone.tab still says Norway and the Netherlands."""
    zone_country = _zone_table()[0]
    return zone_country.get(zone) or zone_country.get(_links().get(zone, zone))


def zones_for_local_time(hour: int, minute: int, now_utc: dt.datetime) -> tuple[str, ...]:
    """Common zones whose clock now reads within 15 minutes of the time the person typed."""
    typed = hour * 60 + minute
    matches = []
    for zone in COMMON_ZONES:
        local = now_utc.astimezone(ZoneInfo(zone))
        difference = abs(local.hour * 60 + local.minute - typed)
        if min(difference, 24 * 60 - difference) <= 15:
            matches.append(zone)
    return tuple(matches)


@cache
def _finder() -> object:
    from timezonefinder import TimezoneFinder  # imported late: it loads its data on creation

    return TimezoneFinder()


def zone_from_location(latitude: float, longitude: float) -> str | None:
    """The zone at a shared location, or None at sea or off the map."""
    zone = _finder().timezone_at(lat=latitude, lng=longitude)  # type: ignore[attr-defined]
    return canonical_zone(zone) if isinstance(zone, str) else None
