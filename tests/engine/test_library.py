"""The advice and stretch library: its shipped data, the checks on load and its choices."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from engine import library
from engine.library import (
    AREAS,
    DEFAULT_ROUTINE,
    advice_library,
    parse_advice,
    parse_stretches,
    routine_for,
    select_advice,
    stretch_by_id,
    stretch_library,
    stretches_for,
)
from engine.rulebook import FACTOR_IDS
from engine.types import Day, Factor, Spasms
from engine.vocabulary import ids

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def day(triggers: Iterable[str] = (), locations: Iterable[str] = (), count: int = 1) -> Day:
    spots = tuple(locations)
    spasms = Spasms(count=count if spots else 0, max_severity=5, locations=spots)
    return Day(date=dt.date(2026, 11, 22), spasms=spasms, triggers=tuple(triggers))


def chosen(
    factors: dict[str, int], today: Day, meds: Iterable[str] = (), limit: int = 4
) -> list[str]:
    scored = [Factor(id=f, points=p, because=()) for f, p in factors.items()]
    return [item.id for item in select_advice(scored, today, tuple(meds), limit)]


def test_shipped_data_loads_once() -> None:
    assert len(stretch_library()) >= 12
    assert stretch_library() is stretch_library()
    assert advice_library() is advice_library()
    assert set(FACTOR_IDS) <= {item.factor for item in advice_library()}


def test_required_stretches_exist() -> None:
    for stretch_id in ("figure_four", "cat_cow", "hip_flexor_stretch", "wall_calf_stretch"):
        assert not stretch_by_id(stretch_id).acute
    assert stretch_by_id("calf_cramp_heel_press").acute


def test_every_location_is_served_by_a_gentle_stretch() -> None:
    for location in ids("spasm_locations"):
        gentle = [s for s in stretch_library() if location in s.locations and not s.acute]
        assert gentle, location
        assert stretches_for([location]), location


def test_every_area_can_fill_a_routine_and_defaults_are_gentle() -> None:
    for area in AREAS:
        assert len([s for s in stretch_library() if area in s.areas and not s.acute]) >= 3
    assert all(not stretch_by_id(stretch_id).acute for stretch_id in DEFAULT_ROUTINE)


@pytest.mark.parametrize(
    ("advice_id", "factor", "trigger", "medication"),
    [
        ("hydrate_through_the_day", "hydration_deficit", None, None),
        ("potassium_foods", "electrolyte_risk", "low_potassium_intake", None),
        ("magnesium_foods", "electrolyte_risk", "low_magnesium_intake", None),
        ("replace_fluids_and_salts", "electrolyte_risk", "vomiting_or_diarrhea", None),
        ("heat_and_sweat", "electrolyte_risk", "heat_or_heavy_sweating", None),
        ("diuretic_and_minerals", "electrolyte_risk", None, "diuretic"),
        ("move_every_hour", "lifestyle_triggers", "prolonged_sitting", None),
        ("warm_up_cool_down", "lifestyle_triggers", "intense_exercise", None),
        ("breathe_and_relax", "lifestyle_triggers", "stress", None),
        ("ease_acute_spasm", "spasm_burden", None, None),
        ("calf_cramp_heel_press", "spasm_burden", None, None),
        ("rest_and_sleep", None, "poor_sleep", None),
        ("water_with_alcohol", None, "alcohol", None),
        ("swap_some_caffeine", None, "caffeine", None),
        ("stay_warm", None, "cold_exposure", None),
        ("new_medicine_check", None, "new_medication", None),
    ],
)
def test_required_advice_and_its_gates(
    advice_id: str, factor: str | None, trigger: str | None, medication: str | None
) -> None:
    item = next(a for a in advice_library() if a.id == advice_id)
    assert (item.factor, item.trigger, item.medication) == (factor, trigger, medication)


def test_advice_ranks_by_factor_points_and_unscored_factors_are_ignored() -> None:
    today = day(triggers=["prolonged_sitting", "alcohol"], locations=["lower_back"])
    factors = dict(lifestyle_triggers=3, hydration_deficit=20, spasm_burden=12, spasm_trend=0)
    assert chosen(factors, today) == [
        "hydrate_through_the_day",
        "ease_acute_spasm",
        "move_every_hour",
        "water_with_alcohol",  # no factor: ranks 0, after every scored factor
    ]


def test_advice_ties_keep_file_order_and_limit_applies() -> None:
    today = day(triggers=["low_magnesium_intake", "low_potassium_intake", "heat_or_heavy_sweating"])
    in_file_order = [a.id for a in advice_library() if a.trigger in today.triggers]
    assert chosen({"electrolyte_risk": 12}, today) == in_file_order
    busy = day(
        triggers=["stress", "prolonged_sitting", "caffeine", "alcohol"], locations=["calf", "hip"]
    )
    everything = dict.fromkeys(FACTOR_IDS, 5)
    assert len(chosen(everything, busy)) == 4
    assert len(chosen(everything, busy, limit=2)) == 2
    assert chosen(everything, busy, limit=0) == []


def test_advice_trigger_and_medication_gates() -> None:
    assert chosen({"electrolyte_risk": 4}, day()) == []
    assert chosen({"lifestyle_triggers": 3}, day(triggers=["stress"])) == ["breathe_and_relax"]
    assert "rest_and_sleep" in chosen({}, day(triggers=["poor_sleep"]))
    assert chosen({"electrolyte_risk": 4}, day(), meds=["statin"]) == []
    assert chosen({"electrolyte_risk": 4}, day(), meds=["diuretic"]) == ["diuretic_and_minerals"]


def test_advice_location_gate_needs_a_spasm_there() -> None:
    assert "calf_cramp_heel_press" in chosen({"spasm_burden": 9}, day(locations=["calf"]))
    assert "calf_cramp_heel_press" in chosen({"spasm_burden": 9}, day(locations=["foot"]))
    assert "calf_cramp_heel_press" not in chosen({"spasm_burden": 9}, day(locations=["neck"]))
    no_spasm = day(locations=["calf"], count=0)
    assert "calf_cramp_heel_press" not in chosen({"spasm_burden": 9}, no_spasm)


def test_advice_items_carry_factor_and_text() -> None:
    (item,) = select_advice([Factor("kidney_history", 8, ())], day(), ())
    assert item.factor == "kidney_history"
    assert item.text == next(a.text for a in advice_library() if a.id == item.id)


def test_stretches_for_orders_best_first() -> None:
    assert stretches_for([]) == ()
    assert stretches_for(["not_a_place"]) == ()
    assert stretches_for(["calf"])[0] == "calf_cramp_heel_press"
    assert stretches_for(["foot", "lower_back"])[0] == "calf_cramp_heel_press"
    both = stretches_for(["lower_back", "hip"], limit=10)
    assert all({"lower_back", "hip"} <= set(stretch_by_id(s).locations) for s in both[:2])
    assert len(stretches_for(["lower_back"], limit=2)) == 2
    assert stretches_for(["face"]) == ("jaw_release",)
    for location in set(ids("spasm_locations")) - {"calf", "foot"}:
        assert all(not stretch_by_id(s).acute for s in stretches_for([location], limit=50))


def test_routine_serves_recent_places_first_then_fills_up_with_the_default() -> None:
    assert tuple(s.id for s in routine_for([])) == DEFAULT_ROUTINE
    assert tuple(s.id for s in routine_for([], count=2)) == DEFAULT_ROUTINE[:2]
    (first, *rest) = routine_for(["face"])
    assert first.id == "jaw_release"
    assert [s.id for s in rest] == list(DEFAULT_ROUTINE[:2])
    mixed = routine_for(["calf", "calf", "neck"])
    assert any("calf" in s.locations for s in mixed)
    assert any("neck" in s.locations for s in mixed)


@pytest.mark.parametrize("area", [None, *AREAS])
@pytest.mark.parametrize("recent", [[], ["calf"], ["hand", "lower_back", "hand"], ["face"]])
@pytest.mark.parametrize("count", [2, 3])
def test_routine_shape(area: str | None, recent: list[str], count: int) -> None:
    routine = routine_for(recent, area=area, count=count)
    assert len(routine) == count
    assert len({s.id for s in routine}) == count
    assert not any(s.acute for s in routine)
    if area is not None:
        assert all(area in s.areas for s in routine)
    assert routine == routine_for(list(recent), area=area, count=count)


def test_routine_within_an_area_prefers_recent_places() -> None:
    assert "hand" in routine_for(["hand"], area="arms")[0].locations
    assert "lower_back" in routine_for(["lower_back"], area="legs")[0].locations


@pytest.mark.parametrize(("area", "count"), [("feet", 3), (None, 1), (None, 4)])
def test_routine_rejects_bad_arguments(area: str | None, count: int) -> None:
    with pytest.raises(ValueError):
        routine_for([], area=area, count=count)


GOOD_STRETCH: dict[str, Any] = {
    "id": "toe_curl",
    "name": "Toe curl",
    "locations": ["foot"],
    "areas": ["legs"],
    "steps": ["Curl your toes.", "Let them go."],
    "hold_seconds": 5,
    "repetitions": 5,
}
GOOD_ADVICE: dict[str, Any] = {"id": "sip", "factor": "hydration_deficit", "text": "Sip water."}


def changed(good: dict[str, Any], **changes: Any) -> dict[str, Any]:
    entry = {**good, **changes}
    return {key: value for key, value in entry.items() if value is not None}


def test_good_in_memory_data_parses() -> None:
    (stretch,) = parse_stretches({"stretch": [GOOD_STRETCH]})
    assert stretch.steps == ("Curl your toes.", "Let them go.") and not stretch.acute
    (advice,) = parse_advice({"advice": [GOOD_ADVICE]})
    assert advice.factor == "hydration_deficit" and advice.locations == ()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, r"stretch 'toe_curl': unknown keys \['colour'\]"),
        ({"name": None}, r"stretch 'toe_curl': missing keys \['name'\]"),
        ({"locations": ["toe"]}, r"stretch 'toe_curl': unknown location 'toe'"),
        ({"locations": []}, r"stretch 'toe_curl': 'locations' must be a non-empty list"),
        ({"locations": ["foot", "foot"]}, r"'locations' repeats"),
        ({"areas": ["feet"]}, r"stretch 'toe_curl': unknown area 'feet'"),
        ({"steps": []}, r"stretch 'toe_curl': 'steps'"),
        ({"steps": ["One."]}, r"'steps' must list"),
        ({"steps": ["A."] * 6}, r"'steps' must list"),
        ({"steps": ["Curl.", "  "]}, r"stretch 'toe_curl': 'step' must be non-empty"),
        ({"hold_seconds": 0}, r"'hold_seconds' must be a whole number"),
        ({"hold_seconds": 600}, r"'hold_seconds'"),
        ({"repetitions": 0}, r"'repetitions'"),
        ({"repetitions": True}, r"'repetitions'"),
        ({"repetitions": "5"}, r"'repetitions'"),
        ({"acute": "yes"}, r"'acute' must be true or false"),
        ({"id": "Toe Curl"}, r"id must be lower_snake_case"),
        ({"id": 7}, r"stretch #1: 'id' must be non-empty text"),
    ],
)
def test_bad_stretch_is_rejected_by_name(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_stretches({"stretch": [changed(GOOD_STRETCH, **changes)]})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"factor": "thirst"}, r"advice 'sip': unknown factor 'thirst'"),
        ({"trigger": "sunshine"}, r"advice 'sip': unknown trigger 'sunshine'"),
        ({"medication": "aspirin"}, r"advice 'sip': unknown medication 'aspirin'"),
        ({"locations": ["knee"]}, r"advice 'sip': unknown location 'knee'"),
        ({"url": "x"}, r"advice 'sip': unknown keys \['url'\]"),
        ({"text": ""}, r"advice 'sip': 'text' must be non-empty"),
        ({"text": "One. Two. Three."}, r"one or two sentences"),
        ({"factor": None}, r"needs a factor, trigger or medication"),
        ({"unless_medication": "aspirin"}, r"advice 'sip': unknown unless_medication 'aspirin'"),
        ({"too_much_water": "yes"}, r"advice 'sip': 'too_much_water' must be true or false"),
    ],
)
def test_bad_advice_is_rejected_by_name(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_advice({"advice": [changed(GOOD_ADVICE, **changes)]})


@pytest.mark.parametrize(
    ("parse", "good", "table"),
    [(parse_stretches, GOOD_STRETCH, "stretch"), (parse_advice, GOOD_ADVICE, "advice")],
)
def test_tables_reject_duplicates_and_stray_keys(
    parse: Callable[[dict[str, Any]], object], good: dict[str, Any], table: str
) -> None:
    with pytest.raises(ValueError, match=rf"{table} '{good['id']}': duplicate id"):
        parse({table: [good, good]})
    with pytest.raises(ValueError, match="unknown top-level keys"):
        parse({table: [good], "extra": []})
    with pytest.raises(ValueError, match="no"):
        parse({table: []})


def test_library_imports_stay_pure() -> None:
    source = Path(library.__file__).read_text(encoding="utf-8")
    imported = set(re.findall(r"^(?:from|import) (\w+)", source, re.MULTILINE))
    assert "engine" in imported
    assert not imported & {"os", "telegram", "sqlalchemy", "bot", "handlers", "storage", "time"}


def shown_texts() -> list[str]:
    texts = [item.text for item in advice_library()]
    for stretch in stretch_library():
        texts += [stretch.name, *stretch.steps, stretch.caution or ""]
    return [text for text in texts if text]


def normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def eight_word_runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text)
    return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}


def seed_texts() -> list[str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return [normalise(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


def test_no_sentence_or_long_run_of_words_is_copied_from_the_articles() -> None:
    seeds = seed_texts()
    for text in shown_texts():
        for sentence in re.split(r"(?<=[.!?;])\s+", normalise(text)):
            if len(sentence.split()) >= 8:
                assert not any(sentence.rstrip(".!?;") in seed for seed in seeds), sentence
    # Stricter than whole sentences: no run of eight words in a row is shared either.
    seen = set().union(*(eight_word_runs(seed) for seed in seeds))
    for text in shown_texts():
        assert not eight_word_runs(normalise(text)) & seen, text
