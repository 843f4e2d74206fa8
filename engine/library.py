"""The advice and stretch library: checked packaged data and the choices made from it."""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final, TypeVar

from engine.rulebook import FACTOR_IDS
from engine.types import AdviceItem, Day, Factor
from engine.vocabulary import ids
from engine.words import with_advice_words, with_stretch_words

AREAS: Final[tuple[str, ...]] = ("back", "legs", "pelvis", "neck_shoulders", "arms")

# The routine that fills up when recent spasms do not point anywhere in particular.
DEFAULT_ROUTINE: Final[tuple[str, ...]] = ("figure_four", "cat_cow", "hip_flexor_stretch")
ROUTINE_SIZES: Final[range] = range(2, 4)

# For a cramp in these places the move that stops it now beats a slow stretch.
CRAMP_FIRST_LOCATIONS: Final[frozenset[str]] = frozenset({"calf", "foot"})

HOLD_SECONDS: Final[range] = range(1, 121)
REPETITIONS: Final[range] = range(1, 21)
STEP_COUNT: Final[range] = range(2, 6)
MAX_SENTENCES: Final[int] = 2

_T = TypeVar("_T")
_STRETCH_KEYS = frozenset(
    {"id", "name", "locations", "areas", "steps", "hold_seconds", "repetitions"}
)
_STRETCH_OPTIONAL = frozenset({"caution", "acute"})
_ADVICE_KEYS = frozenset({"id", "text"})
_ADVICE_OPTIONAL = frozenset(
    {"factor", "trigger", "locations", "medication", "unless_medication", "too_much_water"}
)


@dataclass(frozen=True, slots=True)
class Stretch:
    """One gentle move: where it helps, how to do it and for how long."""

    id: str
    name: str
    locations: tuple[str, ...]
    areas: tuple[str, ...]
    steps: tuple[str, ...]
    hold_seconds: int
    repetitions: int
    acute: bool = False
    caution: str | None = None


@dataclass(frozen=True, slots=True)
class Advice:
    """One piece of advice and the conditions under which it applies."""

    id: str
    text: str
    factor: str | None = None
    trigger: str | None = None
    locations: tuple[str, ...] = ()
    medication: str | None = None
    unless_medication: str | None = None
    too_much_water: bool = False  # only when today's water is over the rulebook's limits


def _entries(raw: Mapping[str, object], table: str) -> list[Mapping[str, object]]:
    extra = sorted(set(raw) - {table})
    if extra:
        raise ValueError(f"unknown top-level keys {extra}; expected only [[{table}]] entries")
    entries = raw.get(table, [])
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        raise ValueError(f"'{table}' must be a list of tables")
    if not entries:
        raise ValueError(f"no [[{table}]] entries")
    return entries


def _name(table: str, index: int, entry: Mapping[str, object]) -> str:
    entry_id = entry.get("id")
    return f"{table} '{entry_id}'" if isinstance(entry_id, str) else f"{table} #{index + 1}"


def _check_keys(
    entry: Mapping[str, object], where: str, required: frozenset[str], optional: frozenset[str]
) -> None:
    unknown = sorted(set(entry) - required - optional)
    if unknown:
        raise ValueError(f"{where}: unknown keys {unknown}")
    missing = sorted(required - set(entry))
    if missing:
        raise ValueError(f"{where}: missing keys {missing}")


def _text(entry: Mapping[str, object], key: str, where: str) -> str:
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: '{key}' must be non-empty text, got {value!r}")
    return value.strip()


def _identifier(entry: Mapping[str, object], where: str) -> str:
    value = _text(entry, "id", where)
    if not (value[0].isalpha() and value.replace("_", "").isalnum() and value.islower()):
        raise ValueError(f"{where}: id must be lower_snake_case, got {value!r}")
    return value


def _optional(
    entry: Mapping[str, object], key: str, where: str, allowed: Sequence[str] | None = None
) -> str | None:
    if key not in entry:
        return None
    value = _text(entry, key, where)
    if allowed is not None and value not in allowed:
        raise ValueError(f"{where}: unknown {key} {value!r}")
    return value


def _ids(
    entry: Mapping[str, object], key: str, where: str, allowed: Sequence[str], *, optional: bool
) -> tuple[str, ...]:
    if optional and key not in entry:
        return ()
    values = entry.get(key)
    if not isinstance(values, list) or not values:
        raise ValueError(f"{where}: '{key}' must be a non-empty list")
    for value in values:
        if value not in allowed:
            raise ValueError(f"{where}: unknown {key.removesuffix('s')} {value!r}")
    if len(set(values)) != len(values):
        raise ValueError(f"{where}: '{key}' repeats an id")
    return tuple(values)


def _flag(entry: Mapping[str, object], key: str, where: str) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{where}: '{key}' must be true or false, got {value!r}")
    return value


def _whole_number(entry: Mapping[str, object], key: str, where: str, allowed: range) -> int:
    value = entry[key]
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise ValueError(
            f"{where}: '{key}' must be a whole number from {allowed.start} to "
            f"{allowed.stop - 1}, got {value!r}"
        )
    return value


def _unique(items: tuple[Stretch, ...] | tuple[Advice, ...], table: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"{table} '{item.id}': duplicate id")
        seen.add(item.id)


def parse_stretches(raw: Mapping[str, object]) -> tuple[Stretch, ...]:
    """Check the parsed stretches.toml and build the stretches; ValueError names a bad entry."""
    stretches = []
    for index, entry in enumerate(_entries(raw, "stretch")):
        where = _name("stretch", index, entry)
        _check_keys(entry, where, _STRETCH_KEYS, _STRETCH_OPTIONAL)
        steps = entry["steps"]
        if not isinstance(steps, list) or len(steps) not in STEP_COUNT:
            raise ValueError(f"{where}: 'steps' must list {STEP_COUNT.start}-5 steps")
        acute = entry.get("acute", False)
        if not isinstance(acute, bool):
            raise ValueError(f"{where}: 'acute' must be true or false, got {acute!r}")
        stretches.append(
            Stretch(
                id=_identifier(entry, where),
                name=_text(entry, "name", where),
                locations=_ids(entry, "locations", where, ids("spasm_locations"), optional=False),
                areas=_ids(entry, "areas", where, AREAS, optional=False),
                steps=tuple(_text({"step": s}, "step", where) for s in steps),
                hold_seconds=_whole_number(entry, "hold_seconds", where, HOLD_SECONDS),
                repetitions=_whole_number(entry, "repetitions", where, REPETITIONS),
                acute=acute,
                caution=_optional(entry, "caution", where),
            )
        )
    result = tuple(stretches)
    _unique(result, "stretch")
    return result


def parse_advice(raw: Mapping[str, object]) -> tuple[Advice, ...]:
    """Check the parsed advice.toml and build the advice; ValueError names a bad entry."""
    items = []
    for index, entry in enumerate(_entries(raw, "advice")):
        where = _name("advice", index, entry)
        _check_keys(entry, where, _ADVICE_KEYS, _ADVICE_OPTIONAL)
        text = _text(entry, "text", where)
        if 1 + sum(text.count(end) for end in (". ", "! ", "? ")) > MAX_SENTENCES:
            raise ValueError(f"{where}: 'text' must be one or two sentences")
        item = Advice(
            id=_identifier(entry, where),
            text=text,
            factor=_optional(entry, "factor", where, FACTOR_IDS),
            trigger=_optional(entry, "trigger", where, ids("triggers")),
            locations=_ids(entry, "locations", where, ids("spasm_locations"), optional=True),
            medication=_optional(entry, "medication", where, ids("medications")),
            unless_medication=_optional(entry, "unless_medication", where, ids("medications")),
            too_much_water=_flag(entry, "too_much_water", where),
        )
        if not (item.factor or item.trigger or item.medication or item.too_much_water):
            raise ValueError(
                f"{where}: needs a factor, trigger or medication (or too_much_water) to apply"
            )
        items.append(item)
    result = tuple(items)
    _unique(result, "advice")
    return result


def _load(name: str, parse: Callable[[Mapping[str, object]], _T]) -> _T:
    text = resources.files("engine.data").joinpath(name).read_text("utf-8")
    try:
        return parse(tomllib.loads(text))
    except ValueError as error:  # TOMLDecodeError is a ValueError too
        raise ValueError(f"{name}: {error}") from error


@cache
def stretch_library() -> tuple[Stretch, ...]:
    """Every stretch shipped with the package, in file order, with its English words, checked
    once."""
    return _load("stretches.toml", lambda raw: parse_stretches(with_stretch_words(raw)))


@cache
def advice_library() -> tuple[Advice, ...]:
    """Every advice item shipped with the package, in file order, with its English words,
    checked once."""
    return _load("advice.toml", lambda raw: parse_advice(with_advice_words(raw)))


def stretch_by_id(stretch_id: str) -> Stretch:
    """The stretch with this id; KeyError when there is none."""
    for stretch in stretch_library():
        if stretch.id == stretch_id:
            return stretch
    raise KeyError(stretch_id)


def select_advice(
    factors: Sequence[Factor],
    today: Day,
    medications: Sequence[str],
    limit: int = 4,
    *,
    too_much_water: bool = False,
) -> tuple[AdviceItem, ...]:
    """The advice that applies today, at most `limit` items: a too-much-water warning first,
    then by the points of the factor each item answers."""
    points: dict[str, int] = {}
    for factor in factors:
        if factor.points > 0:
            points[factor.id] = max(points.get(factor.id, 0), factor.points)
    triggers = set(today.triggers)
    locations = set(today.spasms.locations) if today.has_spasm else set()
    applicable = [
        item
        for item in advice_library()
        if (item.factor is None or item.factor in points)
        and (item.trigger is None or item.trigger in triggers)
        and (not item.locations or locations.intersection(item.locations))
        and (item.medication is None or item.medication in medications)
        and (item.unless_medication is None or item.unless_medication not in medications)
        and (too_much_water or not item.too_much_water)
    ]
    # sorted() is stable, so equal points keep the file's order; a too-much-water warning
    # outranks any factor (points stay far below _FIRST).
    ranked = sorted(
        applicable,
        key=lambda item: -(_FIRST if item.too_much_water else points.get(item.factor or "", 0)),
    )
    items = _advice_items()
    return tuple(items[a.id] for a in ranked[: max(limit, 0)])


_FIRST: Final = 1_000_000


@cache
def _advice_items() -> Mapping[str, AdviceItem]:
    """Each advice item as the answer carries it, built once (they never change)."""
    return {a.id: AdviceItem(a.id, a.factor, a.text) for a in advice_library()}


def stretches_for(locations: Iterable[str], limit: int = 3) -> tuple[str, ...]:
    """Ids of the stretches that suit these spasm locations, best first."""
    wanted = set(locations)
    ranked: list[tuple[int, int, int, str]] = []
    for index, stretch in enumerate(stretch_library()):
        matched = wanted.intersection(stretch.locations)
        if not matched:
            continue
        # Non-acute first, except that the move for a calf or foot cramp happening now leads.
        tier = (0 if matched & CRAMP_FIRST_LOCATIONS else 2) if stretch.acute else 1
        ranked.append((-len(matched), tier, index, stretch.id))
    return tuple(stretch_id for *_, stretch_id in sorted(ranked)[: max(limit, 0)])


def _weight(stretch: Stretch, weights: Mapping[str, int]) -> int:
    return sum(weights.get(location, 0) for location in stretch.locations)


def routine_for(
    locations: Iterable[str], area: str | None = None, count: int = 3
) -> tuple[Stretch, ...]:
    """A short routine of distinct, non-acute stretches for an area or for recent spasms.

    `locations` may repeat (one entry per day a location was reported): places that come up
    more often weigh more. Each pick first covers a place the routine does not serve yet.
    """
    if area is not None and area not in AREAS:
        raise ValueError(f"unknown area {area!r}; expected one of {AREAS}")
    if count not in ROUTINE_SIZES:
        raise ValueError(f"a routine has 2 or 3 stretches, not {count}")
    pool = [s for s in stretch_library() if not s.acute and (area is None or area in s.areas)]
    weights = Counter(locations)
    uncovered = dict(weights)
    chosen: list[Stretch] = []
    while len(chosen) < count:
        candidates = [s for s in pool if s not in chosen and _weight(s, weights)]
        if not candidates:
            break
        best = max(
            candidates,
            key=lambda s: (_weight(s, uncovered), _weight(s, weights), -pool.index(s)),
        )
        chosen.append(best)
        for location in best.locations:
            uncovered.pop(location, None)
    defaults = [stretch_by_id(stretch_id) for stretch_id in DEFAULT_ROUTINE]
    for stretch in [*(d for d in defaults if d in pool), *pool, *defaults]:
        if len(chosen) == count:
            break
        if stretch not in chosen:
            chosen.append(stretch)
    return tuple(chosen)
