"""The safety data: the crisis-line table and the red-flag screen's tiers load, are complete,
and say where they come from; the button masks round-trip."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.vocabulary import ids
from handlers.safety.masks import from_mask, to_mask
from handlers.safety.tables import crisis_table, screen_for, screen_order, screen_tiers


def test_every_crisis_line_has_its_source_and_a_checked_date() -> None:
    table = crisis_table()
    assert {"US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR"} <= set(table.lines)
    for lines in table.lines.values():
        for line in lines:
            assert line.service and line.number and line.channels and line.hours
            assert line.source.startswith("https://")
            dt.date.fromisoformat(line.checked)
    assert table.directory.url == "https://findahelpline.com"
    assert [x.number for x in table.for_country("US")] == ["988"]
    assert table.for_country(None) == () and table.for_country("XX") == ()


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
