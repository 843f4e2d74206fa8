"""The safety data tables as typed records: crisis lines by country and the screen's tiers."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from engine.vocabulary import ids


@dataclass(frozen=True, slots=True)
class CrisisLine:
    """One crisis service of one country, with where its number comes from."""

    country: str
    country_name: str
    service: str
    number: str
    channels: tuple[str, ...]
    hours: str
    free: bool
    languages: tuple[str, ...]
    source: str
    checked: str


@dataclass(frozen=True, slots=True)
class Directory:
    """The international helpline directory for countries not in the table."""

    name: str
    url: str


@dataclass(frozen=True, slots=True)
class CrisisTable:
    """Every crisis line by country code, and the fallback directory."""

    lines: Mapping[str, tuple[CrisisLine, ...]]
    directory: Directory

    def for_country(self, country: str | None) -> tuple[CrisisLine, ...]:
        """The lines of a country (empty when the country is unknown or not in the table)."""
        return self.lines.get(country or "", ())


@dataclass(frozen=True, slots=True)
class Tier:
    """A part of the red-flag screen, shown when the profile matches (always when no `when`)."""

    name: str
    red_flags: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()

    def applies(self, conditions: tuple[str, ...], medications: tuple[str, ...]) -> bool:
        """Whether a person with these conditions and medicines sees this tier."""
        if not self.conditions and not self.medications:
            return True
        return bool(set(self.conditions) & set(conditions)) or bool(
            set(self.medications) & set(medications)
        )


def _read(name: str) -> dict[str, Any]:
    text = resources.files("handlers.safety.data").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


LINE_FIELDS = frozenset(
    (
        "country",
        "country_name",
        "service",
        "number",
        "channels",
        "hours",
        "free",
        "languages",
        "source",
        "checked",
    )
)


def parse_line(entry: dict[str, Any]) -> CrisisLine:
    """One row, refused unless it is complete and says where its number was checked."""
    country = entry.get("country", "?")
    if set(entry) != LINE_FIELDS:
        raise ValueError(f"crisis_lines.toml: {country} has fields {sorted(set(entry))}")
    line = CrisisLine(
        country=entry["country"],
        country_name=entry["country_name"],
        service=entry["service"],
        number=entry["number"],
        channels=tuple(entry["channels"]),
        hours=entry["hours"],
        free=bool(entry["free"]),
        languages=tuple(entry["languages"]),
        source=entry["source"],
        checked=entry["checked"],
    )
    if len(line.country) != 2 or not line.country.isupper() or not line.number:
        raise ValueError(f"crisis_lines.toml: bad row for {line.country!r}")
    if not line.source.startswith("https://"):
        raise ValueError(f"crisis_lines.toml: {line.country} has no source page")
    dt.date.fromisoformat(line.checked)  # a row without the date it was checked is refused
    return line


@cache
def crisis_table() -> CrisisTable:
    """The crisis-line table shipped with the bot, checked once."""
    raw = _read("crisis_lines.toml")
    by_country: dict[str, list[CrisisLine]] = {}
    for entry in raw["line"]:
        line = parse_line(entry)
        by_country.setdefault(line.country, []).append(line)
    directory = Directory(name=raw["directory"]["name"], url=raw["directory"]["url"])
    return CrisisTable(
        lines=MappingProxyType({k: tuple(v) for k, v in by_country.items()}),
        directory=directory,
    )


@cache
def screen_tiers() -> tuple[Tier, ...]:
    """The red-flag screen's tiers, every id checked against the engine's vocabulary."""
    known = set(ids("red_flags"))
    tiers = []
    for entry in _read("screen.toml")["tier"]:
        tier = Tier(
            name=entry["name"],
            red_flags=tuple(entry["red_flags"]),
            conditions=tuple(entry.get("conditions", ())),
            medications=tuple(entry.get("medications", ())),
        )
        unknown = (set(tier.red_flags) - known) | (set(tier.conditions) - set(ids("conditions")))
        unknown |= set(tier.medications) - set(ids("medications"))
        if unknown:
            raise ValueError(f"screen.toml: unknown ids {sorted(unknown)} in {tier.name}")
        tiers.append(tier)
    if not tiers or tiers[0].conditions or tiers[0].medications:
        raise ValueError("screen.toml: the first tier is the core screen for everyone")
    return tuple(tiers)


def screen_order() -> tuple[str, ...]:
    """Every id any tier can show, in one fixed order (a button's bit is its place here)."""
    seen: dict[str, None] = {}
    for tier in screen_tiers():
        seen.update(dict.fromkeys(tier.red_flags))
    return tuple(seen)


def screen_for(
    conditions: tuple[str, ...] = (), medications: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """The red flags a person's screen shows: the core list, then the tiers their profile opens."""
    seen: dict[str, None] = {}
    for tier in screen_tiers():
        if tier.applies(conditions, medications):
            seen.update(dict.fromkeys(tier.red_flags))
    return tuple(seen)
