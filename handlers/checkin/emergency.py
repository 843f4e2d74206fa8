"""The emergency number to tell a person, from the country of their time zone."""

from __future__ import annotations

from handlers.setup.timezones import country_of_zone

FALLBACK_NUMBER = "112"

# Ambulance / general emergency numbers. Every EU country answers 112 (the fallback), as do
# India and Russia; the others differ.
_NUMBERS: dict[str, str] = {
    "GB": "999",
    "IE": "112 or 999",
    "US": "911",
    "CA": "911",
    "MX": "911",
    "AU": "000",
    "NZ": "111",
    "IN": "112",
    "RU": "112",
    "JP": "119",
    "KR": "119",
    "CN": "120",
    "HK": "999",
    "SG": "995",
    "BR": "192",
    "AR": "107",
    "ZA": "10177 (or 112 from a mobile)",
    "IL": "101",
    "AE": "998",
    "SA": "997",
    "TR": "112",
    "UA": "103",
    "PH": "911",
    "TH": "1669",
    "MY": "999",
    "ID": "118 or 119",
    "PK": "1122",
    "EG": "123",
    "NG": "112",
    "KE": "999",
}


def emergency_number(zone: str | None) -> str:
    """The number to call in an emergency for someone living in `zone`."""
    country = country_of_zone(zone) if zone else None
    return _NUMBERS.get(country or "", FALLBACK_NUMBER)
