"""Time zones from what people type or share, and the emergency number for each zone."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.checkin.emergency import FALLBACK_NUMBER, emergency_number
from handlers.setup.timezones import (
    canonical_zone,
    country_of_zone,
    zone_from_location,
    zones_for_local_time,
    zones_from_text,
)


@pytest.mark.parametrize(
    ("zone", "number"),
    [
        ("Europe/Berlin", "112"),
        ("Europe/Paris", "112"),
        ("Europe/Madrid", "112"),
        ("Europe/Warsaw", "112"),
        ("Europe/London", "999"),
        ("Europe/Dublin", "112 or 999"),
        ("America/New_York", "911"),
        ("America/Los_Angeles", "911"),
        ("America/Toronto", "911"),
        ("America/Mexico_City", "911"),
        ("Australia/Sydney", "000"),
        ("Australia/Perth", "000"),
        ("Pacific/Auckland", "111"),
        ("Asia/Kolkata", "112"),
        ("Asia/Calcutta", "112"),  # an old name of the same zone
        ("Europe/Moscow", "112"),
        ("Asia/Vladivostok", "112"),
        ("US/Eastern", "911"),
        ("Asia/Tokyo", "119"),
        ("Etc/UTC", FALLBACK_NUMBER),
        (None, FALLBACK_NUMBER),
    ],
)
def test_emergency_number_by_zone(zone: str | None, number: str) -> None:
    assert emergency_number(zone) == number


def test_unknown_countries_fall_back_to_112() -> None:
    assert FALLBACK_NUMBER == "112"
    assert emergency_number("Antarctica/Troll") == "112"


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("NYC", "America/New_York"),
        ("UK", "Europe/London"),
        ("India", "Asia/Kolkata"),
        ("Mumbai", "Asia/Kolkata"),
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("US/Pacific", "America/Los_Angeles"),
        ("Auckland", "Pacific/Auckland"),
        ("Kathmandu", "Asia/Kathmandu"),
    ],
)
def test_a_typed_place_finds_its_zone(typed: str, zone: str) -> None:
    assert zones_from_text(typed)[0] == zone


def test_a_country_with_several_zones_offers_them_all() -> None:
    zones = zones_from_text("Australia")
    assert zones == ("Australia/Sydney",)  # the everyday answer for the name alone
    brazil = zones_from_text("Brazil")
    assert "America/Sao_Paulo" in brazil and len(brazil) > 5


def test_nonsense_finds_nothing() -> None:
    assert zones_from_text("xyzzy") == ()
    assert canonical_zone("UTC+2") is None  # an offset is never a zone


def test_typed_local_time_offers_zones_whose_clock_reads_it() -> None:
    now = dt.datetime(2026, 11, 22, 13, 0, tzinfo=dt.UTC)
    assert "Europe/Berlin" in zones_for_local_time(14, 5, now)
    assert "Asia/Kolkata" in zones_for_local_time(18, 30, now)
    assert "Asia/Kathmandu" in zones_for_local_time(18, 45, now)
    assert zones_for_local_time(14, 0, now) == zones_for_local_time(14, 10, now)


def test_summer_time_moves_the_offered_zones() -> None:
    winter = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 7, 15, 12, 0, tzinfo=dt.UTC)
    assert "Europe/London" in zones_for_local_time(12, 0, winter)
    assert "Europe/London" in zones_for_local_time(13, 0, summer)


def test_a_shared_location_finds_its_zone() -> None:
    assert zone_from_location(52.52, 13.405) == "Europe/Berlin"
    assert zone_from_location(-33.87, 151.21) == "Australia/Sydney"
    assert country_of_zone("Europe/Berlin") == "DE"
