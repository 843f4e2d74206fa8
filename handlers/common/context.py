"""The typed context every handler gets: `context.bot_data` is a `BotData`, never string keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram.ext import Application, CallbackContext, ExtBot

from reminders.dispatcher import Dispatcher
from storage.db import Database
from storage.records import Schedule

Clock = Callable[[], dt.datetime]
# Which of a person's wall-clock times are spread out ("around 09:00"): (schedule, time zone)
# -> those times. Handed in by the composition root from the scheduler.
AroundTimes = Callable[[Schedule, str], frozenset[dt.time]]


def no_spread(_schedule: Schedule, _zone: str) -> frozenset[dt.time]:
    """No time is spread (before the scheduler starts, and in tests without one)."""
    return frozenset()


def system_clock() -> dt.datetime:
    """The current instant, aware UTC."""
    return dt.datetime.now(dt.UTC)


@dataclass
class BotData:
    """What every handler may use: the database, the clock and a few settings."""

    database_or_none: Database | None = None
    admin_ids: frozenset[int] = frozenset()
    store_raw_text: bool = False
    clock: Clock = system_clock
    # Groups already told that the bot works in private chats only (kept in memory on purpose:
    # nothing about a group is stored).
    groups_told: set[int] = field(default_factory=set)
    # The scheduled-prompt dispatcher (started by bot/app.py; tests and `chat` tick it).
    dispatcher: Dispatcher | None = None
    # The process lifecycle: ready, stopping, token rejected (owned and typed by bot/).
    lifecycle: object | None = None
    # This process's id: it names the claims it holds (outbox messages, updates, prompts).
    instance_id: str = "local"
    # The inbox (owned and typed by bot/).
    intake: object | None = None
    # Which of a person's times are spread out ("around 09:00"); set from the dispatcher.
    around_times: AroundTimes = no_spread

    @property
    def database(self) -> Database:
        """The database opened in post_init."""
        if self.database_or_none is None:
            raise RuntimeError("the database is opened in post_init; no handler runs before it")
        return self.database_or_none


class BotContext(
    CallbackContext[ExtBot[None], dict[object, object], dict[object, object], BotData]
):
    """CallbackContext with typed bot_data."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def data(self) -> BotData:
        """Shortcut for the typed bot_data."""
        return self.bot_data
