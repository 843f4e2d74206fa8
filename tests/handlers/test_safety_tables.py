"""The safety data: the crisis-line table and the red-flag screen's tiers load, are complete,
and say where they come from; the button masks round-trip."""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources

import pytest

from engine.vocabulary import ids
from handlers.checkin.emergency import emergency_number
from handlers.safety.crisis import line_text
from handlers.safety.masks import from_mask, to_mask
from handlers.safety.tables import (
    LINE_FIELDS,
    crisis_table,
    parse_line,
    screen_for,
    screen_order,
    screen_tiers,
)
from i18n import texts_for

REMOVED_UNVERIFIED = ("NZ", "BE", "ES", "DK", "SE", "NO", "IN", "ZA", "SG")


def test_every_crisis_line_has_its_source_and_a_checked_date() -> None:
    table = crisis_table()
    assert {"US", "CA", "GB", "IE", "AU", "DE", "AT", "CH", "FR", "NL"} == set(table.lines)
    for lines in table.lines.values():
        for line in lines:
            assert line.service and line.number and line.channels and line.hours
            assert line.source.startswith("https://")
            assert dt.date.fromisoformat(line.checked) >= dt.date(2026, 12, 6)
    assert table.directory.url == "https://findahelpline.com"
    assert [x.number for x in table.for_country("US")] == ["988"]
    assert table.for_country(None) == () and table.for_country("XX") == ()


def test_no_row_is_unverified_and_one_that_says_so_is_refused() -> None:
    text = (
        resources.files("handlers.safety.data")
        .joinpath("crisis_lines.toml")
        .read_text(encoding="utf-8")
    )
    assert "verified" not in tomllib.loads(text)["line"][0]
    assert all(set(entry) == LINE_FIELDS for entry in tomllib.loads(text)["line"])
    row = dict(tomllib.loads(text)["line"][0])
    with pytest.raises(ValueError):
        parse_line({**row, "verified": False})
    for missing in ("source", "checked"):
        with pytest.raises((ValueError, KeyError)):
            parse_line({k: v for k, v in row.items() if k != missing} | {missing: ""})


@pytest.mark.parametrize("country", REMOVED_UNVERIFIED)
def test_a_country_whose_line_could_not_be_verified_gets_the_directory(country) -> None:
    assert crisis_table().for_country(country) == ()
    zone = {
        "NZ": "Pacific/Auckland",
        "BE": "Europe/Brussels",
        "ES": "Europe/Madrid",
        "DK": "Europe/Copenhagen",
        "SE": "Europe/Stockholm",
        "NO": "Europe/Oslo",
        "IN": "Asia/Kolkata",
        "ZA": "Africa/Johannesburg",
        "SG": "Asia/Singapore",
    }[country]
    text, guessed = line_text(zone, texts_for("en"))
    assert not guessed
    assert "findahelpline.com" in text and emergency_number(zone) in text


def test_the_core_screen_is_short_and_every_tier_names_its_source() -> None:
    core = screen_for()
    assert 8 <= len(core) <= 12
    assert {"saddle_numbness", "cannot_urinate", "chest_pain"} <= set(core)
    assert set(screen_order()) <= set(ids("red_flags"))
    assert all(tier.red_flags for tier in screen_tiers())


@pytest.mark.parametrize(
    ("conditions", "medications", "extra"),
    [
        ((), (), set()),
        (("pregnancy",), (), {"vaginal_bleeding", "sudden_swelling"}),
        (("recently_gave_birth",), (), {"vaginal_bleeding"}),
        ((), ("ssri",), {"muscle_rigidity_or_jerking"}),
        ((), ("antipsychotic",), {"muscle_rigidity_or_jerking"}),
        ((), ("statin",), {"widespread_muscle_pain_weakness"}),
        (("diabetes",), ("diuretic",), set()),
    ],
)
def test_tiers_open_only_for_the_profile_they_concern(conditions, medications, extra) -> None:
    shown = screen_for(conditions, medications)
    assert shown[: len(screen_for())] == screen_for(), "the core list always comes first"
    assert extra <= set(shown)
    assert "vaginal_bleeding" in shown or "pregnancy" not in conditions
    if not conditions:
        assert "vaginal_bleeding" not in shown
    if "statin" not in medications:
        assert "widespread_muscle_pain_weakness" not in shown


def test_masks_round_trip_and_refuse_what_is_not_one() -> None:
    order = screen_order()
    chosen = (order[0], order[3], order[-1])
    assert from_mask(to_mask(chosen, order), order) == chosen
    assert from_mask("0", order) == ()
    assert from_mask("zz", order) is None
    assert from_mask(format(1 << len(order), "x"), order) is None


def test_a_zone_the_tz_database_links_abroad_keeps_its_own_country() -> None:
    """Europe/Oslo is a link to Europe/Berlin and Europe/Amsterdam to Europe/Brussels since
    2022: a person in Oslo must not be shown Germany's line, nor one in Amsterdam Belgium's."""
    texts = texts_for("en")
    oslo, guessed = line_text("Europe/Oslo", texts)
    assert not guessed and "TelefonSeelsorge" not in oslo and "findahelpline.com" in oslo
    amsterdam, guessed = line_text("Europe/Amsterdam", texts)
    (line,) = crisis_table().for_country("NL")
    assert guessed and line.number in amsterdam and "the Netherlands" in amsterdam
