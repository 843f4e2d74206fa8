"""Every setting in one table: its typed words, its name, how its value reads, what its step
asks and offers, and what a value does. /settings (the listing, the button menu and the typed
`/settings KEY VALUE`) is driven by this table alone: a new setting is one more row (and its
words in the catalog).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.vocabulary import FieldName, ids
from handlers.preferences import changes, reading
from handlers.preferences.changes import Apply
from handlers.preferences.reading import Seen
from handlers.setup.steps import GOAL_CHOICES
from handlers.weekly import setting as weekly
from i18n import Texts, available_languages
from i18n.keys import MessageKey

# A step's buttons: (label, value); the value goes to `apply` as if typed.
Choices = Callable[[Texts], list[tuple[str, str]]]


def no_choices(_texts: Texts) -> list[tuple[str, str]]:
    """A step answered by typing only."""
    return []


def _off(texts: Texts) -> list[tuple[str, str]]:
    return [(texts.get("settings.button_off"), "off")]


def _goals(texts: Texts) -> list[tuple[str, str]]:
    return [(texts.get("settings.goal_value", ml=ml), str(ml)) for ml in GOAL_CHOICES]


def _languages(_texts: Texts) -> list[tuple[str, str]]:
    return [(code, code) for code in sorted(available_languages())]


def _pause(texts: Texts) -> list[tuple[str, str]]:
    days = [(texts.count("settings.button_pause_days", n), str(n)) for n in (1, 3, 7)]
    return [
        *days,
        (texts.get("settings.button_pause_open"), "on"),
        (texts.get("settings.button_resume"), "off"),
    ]


def _pregnancy(texts: Texts) -> list[tuple[str, str]]:
    return [
        (texts.get("settings.button_pregnant"), "yes"),
        (texts.get("settings.button_gave_birth"), "birth"),
        (texts.get("settings.button_not_pregnant"), "no"),
    ]


def _today(texts: Texts) -> list[tuple[str, str]]:
    return [(texts.get("settings.button_today"), "today")]


@dataclass(frozen=True)
class Setting:
    """One setting: a row of the table."""

    key: str  # the first typed word, and how its step is named
    words: tuple[str, ...]  # every word `/settings WORD VALUE` accepts for it
    name: MessageKey  # settings.name.*: in the listing, on its button and in "Saved: ..."
    ask: MessageKey  # what its step asks
    apply: Apply
    read: Callable[[Seen], str] | None  # its value in the listing; None: not listed
    choices: Choices = no_choices
    many: FieldName | None = None  # a multi-select of these vocabulary ids instead of choices
    only: Callable[[], tuple[str, ...]] | None = None  # which ids of `many` are offered
    in_menu: bool = True  # False: a step reached from another (the due date)
    example: MessageKey | None = None  # how to type it, when a typed change leads to it


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "timezone", ("timezone", "tz", "zone"), "settings.name.timezone",
        "settings.ask_timezone", changes.timezone, reading.timezone,
    ),
    Setting(
        "checkin", ("checkin", "check-in"), "settings.name.checkin", "settings.ask_time",
        changes.checkin, reading.checkin, _off,
    ),
    Setting(
        "stretch", ("stretch",), "settings.name.stretch", "settings.ask_time",
        changes.stretch, reading.stretch, _off,
    ),
    Setting(
        "hydration", ("hydration", "water"), "settings.name.water_reminders",
        "settings.ask_hydration", changes.hydration, reading.hydration, _off,
    ),
    Setting(
        "quiet", ("quiet",), "settings.name.quiet_hours", "settings.ask_quiet",
        changes.quiet, reading.quiet, _off,
    ),
    Setting(
        "weekly", weekly.KEYS, "settings.name.weekly", "weekly.ask", weekly.apply_weekly,
        weekly.read_weekly, weekly.weekly_options,
    ),
    Setting(
        "goal", ("goal",), "settings.name.water_goal", "settings.ask_goal", changes.goal,
        reading.goal, _goals,
    ),
    Setting(
        "language", ("language",), "settings.name.language", "settings.ask_language",
        changes.language, reading.language, _languages,
    ),
    Setting(
        "pause", ("pause",), "settings.name.reminders", "settings.ask_pause", changes.pause,
        reading.reminders, _pause,
    ),
    Setting(
        "conditions", ("conditions", "condition"), "settings.name.conditions",
        "settings.ask_conditions", changes.conditions, reading.conditions,
        many="conditions", only=changes.listed_conditions,
    ),
    Setting(
        "medicines", ("medicines", "medicine", "medications", "medication", "meds"),
        "settings.name.medicines", "settings.ask_medicines", changes.medicines,
        reading.medicines, many="medications", only=lambda: ids("medications"),
    ),
    Setting(
        "age", ("age",), "settings.name.age", "settings.ask_age", changes.age, reading.age,
        _off,
    ),
    Setting(
        "pregnancy", ("pregnancy", "pregnant"), "settings.name.pregnancy",
        "settings.ask_pregnancy", changes.pregnancy, reading.pregnancy, _pregnancy,
    ),
    Setting(
        "due", ("due",), "settings.name.due_date", "settings.ask_due_date", changes.due, None,
        in_menu=False, example="settings.example_due",
    ),
    Setting(
        "birth", ("birth",), "settings.name.birth_date", "settings.ask_birth_date",
        changes.birth, None, _today, in_menu=False, example="settings.example_birth",
    ),
)  # fmt: skip

BY_WORD: dict[str, Setting] = {word: s for s in SETTINGS for word in s.words}
BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS}


def setting_for(word: str) -> Setting | None:
    """The setting a typed word names ("tz", "medicines"), or None."""
    return BY_WORD.get(word.lower())


def settings_lines(seen: Seen) -> dict[str, str]:
    """Each listed setting's name and current value, in the person's language."""
    return {seen.texts.get(s.name): s.read(seen) for s in SETTINGS if s.read is not None}
