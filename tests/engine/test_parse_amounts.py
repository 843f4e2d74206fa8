"""`parse_text`: water amounts in millilitres and 0-10 severities."""

from __future__ import annotations

import pytest

from engine.parse import parse_text

WATER = [
    ("drank 1.5 l", 1500),
    ("1.5 litres", 1500),
    ("1,5l", 1500),
    ("500ml", 500),
    ("500 ml", 500),
    ("0.5 liter", 500),
    ("1,500 ml", 1500),
    ("33cl can of water", 330),
    ("3 glasses", 750),
    ("a glass", 250),
    ("two glasses", 500),
    ("a bottle", 500),
    ("2 cups", 500),
    ("a mug", 300),
    ("16 oz", 473),
    ("12 fl oz of water", 355),
    ("half a litre", 500),
    ("one and a half litres", 1500),
    ("a litre and a half", 1500),
    ("a couple of glasses", 500),
    ("2 x 500ml bottles", 1000),
    ("a 1 litre bottle", 1000),
    ("a big glass of water", 250),
    ("a glass of water and a 500ml bottle", 750),
    ("two glasses and a mug", 800),
    ("drank 500", 500),
    ("water 1500 today", 1500),
    ("300", 300),
    ("  1200. ", 1200),
    ("2 cups of tea", 500),  # tea and coffee count as fluid
    ("peed about 300 ml, drank a litre", 1000),
    ("drank 2 litres, peed 400ml", 2000),
    ("3 GLASSES", 750),
]


@pytest.mark.parametrize(("text", "ml"), WATER)
def test_water_amounts(text: str, ml: int) -> None:
    assert parse_text(text).water_ml == ml


NO_WATER = [
    "2",  # a bare number under 50: litres, glasses, a count or a severity?
    "8",
    "6000",  # a bare number over 5000
    "peed 300ml",
    "300ml of urine",
    "a glass of wine",
    "3 beers",
    "500ml beer",
    "20 litres",  # absurd: over 10 litres
    "8 litres and 5 litres",  # the total is over 10 litres
    "drank a lot",
    "pain 7",
    "8/10",
    "cramp 3 times",
    "had 3 cramps",
    "my glasses broke",
    "ran 5k",
]


@pytest.mark.parametrize("text", NO_WATER)
def test_not_water(text: str) -> None:
    assert parse_text(text).water_ml is None


SEVERITY = [
    ("8/10", 8),
    ("8 / 10", 8),
    ("8 out of 10", 8),
    ("eight out of ten", 8),
    ("10/10", 10),
    ("0/10", 0),
    ("11/10", 10),  # hyperbole reads as the top of the scale
    ("pain 7", 7),
    ("pain is a 7", 7),
    ("pain level 5", 5),
    ("pain at 7 today", 7),
    ("severity 6", 6),
    ("severity: 4", 4),
    ("rated it 8", 8),
    ("it was a 9", 9),
    ("it's a 10", 10),
    ("7.5/10", 8),
    ("back cramp, 6/10, then later 9/10", 9),
    ("had 3 cramps, worst was 9/10", 9),
]


@pytest.mark.parametrize(("text", "value"), SEVERITY)
def test_severity(text: str, value: int) -> None:
    assert parse_text(text).severity == value


NO_SEVERITY = [
    "pain 15",
    "cramp 3 times",
    "pain for 2 hours",
    "a 5 minute walk",
    "on 18/10 I had a cramp",
    "8/10/2026",
    "3 glasses",
    "7",
]


@pytest.mark.parametrize("text", NO_SEVERITY)
def test_no_severity(text: str) -> None:
    assert parse_text(text).severity is None


def test_water_and_severity_together() -> None:
    found = parse_text("drank 3 glasses, pain 6 out of 10")
    assert (found.water_ml, found.severity) == (750, 6)
    assert found.possible_red_flags == ()


# Engine contract v2: the water reading says whether an amount is one drink or the day's total,
# and leaves out goals, advice, past habits, plans and other days when today is named.
WATER_READINGS = [
    ("just had a large glass of water", 250, "drink"),
    ("about 2 litres today in all", 2000, "day_total"),
    ("my total so far is 6 cups", 1500, "day_total"),
    ("on Monday I managed 3 l, today only 1.2 l", 1200, "day_total"),
    ("a 330 ml can (11 oz) with lunch", 325, "drink"),
    ("poured a 250ml glass, then another: I've drunk half a litre", 500, "day_total"),
    ("glass #4 of the day", 1000, "day_total"),
    # "today" alone makes a total, but not of one serving or of an amount said to come on top
    ("I had 1.5 l today", 1500, "day_total"),
    ("I drank a glass of water today", 250, "drink"),
    ("had another 500 ml today", 500, "drink"),
    ("had 2 more glasses today", 500, "drink"),
    ("another glass of water", 250, "drink"),
    ("I had 1.5 l today and another glass", 1750, "day_total"),
]


@pytest.mark.parametrize(("text", "ml", "kind"), WATER_READINGS)
def test_water_reading(text: str, ml: int, kind: str) -> None:
    found = parse_text(text)
    assert found.water is not None
    assert (found.water.ml, found.water.kind) == (ml, kind)


NOT_DRUNK = [
    "my goal is 2.5 litres a day",
    "the nurse told me to drink 3 litres",
    "you should drink 8 glasses",
    "I used to drink 4 litres every day",
    "trying to get 2 l in tomorrow",
    "the bladder scan showed 600ml",
    "how much water should I drink, 2 l?",
]


@pytest.mark.parametrize("text", NOT_DRUNK)
def test_amounts_that_were_not_drunk(text: str) -> None:
    found = parse_text(text)
    assert (found.water, found.water_ml) == (None, None)
