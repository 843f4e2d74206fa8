"""A dispatcher driven by hand against the local Bot API and a SQLite file: the test rig.

Nothing of ours is mocked: the real Dispatcher sends through a real ExtBot with the real
PriorityRateLimiter over HTTP to the local server; the clock is the only thing the test moves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from delivery.ratelimit import PriorityRateLimiter
from fakegram import LocalBotApi
from handlers.prompts import builders
from reminders.dispatcher import Dispatcher
from storage.db import Database
from storage.records import Person

UTC = dt.UTC
# 11:30 in Berlin on an ordinary Wednesday (default schedule: the next slot is 12:00).
START = dt.datetime(2026, 11, 18, 10, 30, tzinfo=UTC)
TODAY = dt.date(2026, 11, 18)
# A timed-out send is given up after this long (PTB's default is 5 s; tests need less).
READ_TIMEOUT = 0.5


PROMPT_OPENINGS = {
    "Time for some water": "hydration",
    "Stretch time": "stretch",
    "Evening check-in": "checkin",
    "Earlier today I suggested": "follow_up",
}


def prompt_kind(text: str) -> str:
    """Which scheduled prompt a message is, from its opening words."""
    return next((kind for words, kind in PROMPT_OPENINGS.items() if words in text), "other")


class SettableClock:
    """A clock tests set and move; it does not tick by itself."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, at: dt.datetime) -> None:
        """Jump to `at` (forwards only: the dispatcher never sees time go back)."""
        assert at >= self.now, "the clock only moves forward"
        self.now = at

    def advance(self, **delta: float) -> None:
        """Move the clock forward."""
        self.now += dt.timedelta(**delta)


def open_chat(server: LocalBotApi, user_id: int) -> None:
    """The person has written to the bot before, so it may write to them."""
    server.user(user_id)
    server.state.chats[user_id].started = True


def make_bot(server: LocalBotApi, limiter: PriorityRateLimiter) -> ExtBot[dict[str, Any]]:
    """The bot a Dispatcher sends with: PTB's ExtBot, our rate limiter, short timeouts."""
    request = HTTPXRequest(connection_pool_size=64, read_timeout=READ_TIMEOUT, pool_timeout=5.0)
    return ExtBot(
        server.token,
        base_url=server.base_url,
        base_file_url=server.base_file_url,
        request=request,
        rate_limiter=limiter,
    )


@dataclass
class Rig:
    """The local server, a database, a bot, a clock and the Dispatcher under test."""

    server: LocalBotApi
    database: Database
    bot: ExtBot[dict[str, Any]]
    limiter: PriorityRateLimiter
    clock: SettableClock
    dispatcher: Dispatcher = field(init=False)

    def __post_init__(self) -> None:
        self.dispatcher = self.new_dispatcher()

    def new_dispatcher(self) -> Dispatcher:
        """A started Dispatcher on the rig's database, bot and clock."""
        dispatcher = Dispatcher(self.database, self.bot, self.clock, builders)
        dispatcher.start()
        return dispatcher

    async def run(self, at: dt.datetime | None = None) -> int:
        """Move the clock to `at` (if given), then tick and drain twice (the second tick picks
        up anyone whose next look was refused because they changed a setting meanwhile).
        Returns how many people and follow-ups were queued."""
        if at is not None:
            self.clock.set(at)
        handled = 0
        for _ in range(2):
            handled += await self.dispatcher.tick()
            await self.dispatcher.drain()
        return handled

    async def restart(self) -> None:
        """Stop the dispatcher and start a brand-new one (as after a deploy or a crash)."""
        await self.dispatcher.stop()
        self.dispatcher = self.new_dispatcher()

    async def add_person(
        self, user_id: int, zone: str | None = "Europe/Berlin", **schedule: object
    ) -> Person:
        """A consented person with the default schedule, changed by `schedule`
        (hydration=(start, end, every), stretch=, checkin=, quiet=(start, end))."""
        open_chat(self.server, user_id)
        async with self.database.unit_of_work() as uow:
            person = await uow.people.create_with_consent(
                user_id, user_id, consented_at=self.clock(), timezone=zone
            )
            if "hydration" in schedule:
                await uow.schedules.set_hydration(person.id, *schedule["hydration"])  # type: ignore[misc]
            if "stretch" in schedule:
                await uow.schedules.set_stretch(person.id, schedule["stretch"])  # type: ignore[arg-type]
            if "checkin" in schedule:
                await uow.schedules.set_checkin(person.id, schedule["checkin"])  # type: ignore[arg-type]
            if "quiet" in schedule:
                await uow.schedules.set_quiet_hours(person.id, *schedule["quiet"])  # type: ignore[misc]
        return person

    def texts(self, user_id: int) -> list[str]:
        """The text of every message the bot sent to this person, in order."""
        return [m.text or "" for m in self.server.user(user_id).messages]

    def kinds(self, user_id: int) -> list[str]:
        """What each message the bot sent this person was: hydration, stretch, checkin,
        follow_up (or other)."""
        return [prompt_kind(text) for text in self.texts(user_id)]

    def sends(self, user_id: int) -> int:
        """How many messages the server accepted for this chat."""
        return self.server.stats.sent_per_chat[user_id]
