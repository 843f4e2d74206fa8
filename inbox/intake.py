"""The inbox at work: store, hand to the application, settle; recover what others left.

- `receive(raws)`: store the updates (one transaction) and only then queue the new ones for
  the application. It raises while the database is away, so the webhook answers 503 and the
  poller does not confirm: Telegram keeps the updates and sends them again.
- `around(update, handle)`: wraps each update's handling (the application's update processor
  calls it). It sends the person's waiting notes first, watches the handling (`Handling`), and
  then finishes the update, tries it again later (the database or Telegram was away and nothing
  was stored yet), or keeps a note of the lost reply (its data was stored).
- `Intake.run()`: every few seconds, beat the heart, take over dead instances' claims, pick up
  unclaimed updates (left by a stopped or dead instance), resend outbox answers, prune.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from delivery.outbox import send_due_answers, send_notes
from delivery.retry import certainly_not_applied
from inbox.background import BackgroundTask
from inbox.liveness import SILENT_AFTER, Liveness
from inbox.updates import inbox_entry, parse_update, update_id_of
from storage.db import Database
from storage.handling import CURRENT_HANDLING, Handling, is_transient
from storage.repositories.inbox import InboxItem
from storage.repositories.outbox import NOTE
from telemetry.metrics import INBOX_UPDATES

logger = logging.getLogger(__name__)

BEAT_EVERY = 2.0  # seconds between heartbeats (and recovery passes)
KEEP = dt.timedelta(hours=24)  # Telegram's redelivery window
MAX_ATTEMPTS = 12  # tries of one update while the database or Telegram is away (~10 min)
NOTE_KEEP = dt.timedelta(days=2)
PRUNE_EVERY = dt.timedelta(hours=1)


def wall_clock() -> dt.datetime:
    """Real time: liveness and the 24-hour window never follow a test's settable clock."""
    return dt.datetime.now(dt.UTC)


def retry_delay(attempt: int) -> float:
    """Seconds before another try: 1, 2, 4 ... capped at 60."""
    return float(min(60, 2 ** (attempt - 1)))


class Intake:
    """One instance's inbox: see the module docstring."""

    def __init__(
        self,
        database: Database,
        application: Application,  # type: ignore[type-arg]
        *,
        instance_id: str | None = None,
        clock: Callable[[], dt.datetime] = wall_clock,
        beat_every: float = BEAT_EVERY,
        silent_after: dt.timedelta = SILENT_AFTER,
        note: Callable[[str, str], str] = lambda _language, text: text,
    ) -> None:
        self.database = database
        self.application = application
        self.instance_id = instance_id or uuid.uuid4().hex
        self.clock = clock
        self.beat_every = beat_every
        self.liveness = Liveness(database, self.instance_id, clock, silent_after=silent_after)
        self.note = note  # (language, lost reply) -> the note that goes before the next answer
        self._in_hand: dict[int, int] = {}  # update_id -> tries so far
        self._unfinished: dict[int, str] = {}  # settled, but the database did not hear it yet
        self._timers: list[asyncio.TimerHandle] = []
        self._pruned_at: dt.datetime | None = None
        self._pass = BackgroundTask("inbox", self._run)

    @property
    def idle(self) -> bool:
        """Nothing in hand: every update taken in was settled and recorded."""
        return not self._in_hand and not self._unfinished

    def debug_state(self) -> str:
        """What is in hand, for benchmarks and failure messages (ids and counts only)."""
        tries = Counter(self._in_hand.values())
        by_tries = ", ".join(f"{count} at {n}" for n, count in sorted(tries.items()))
        return (
            f"{len(self._in_hand)} in hand (tries so far: {by_tries or 'none'}), "
            f"{len(self._unfinished)} settled but not recorded, {len(self._timers)} timers"
        )

    # -- taking updates in ------------------------------------------------------------------

    async def receive(self, raws: list[dict[str, Any]]) -> int:
        """Store updates, then queue the new ones; how many were new. Raises when the
        database is away (nothing is acknowledged then)."""
        entries = [inbox_entry(raw) for raw in raws if update_id_of(raw) is not None]
        async with self.database.unit_of_work() as uow:
            new = await uow.inbox.store(entries, self.clock(), self.instance_id)
        INBOX_UPDATES.labels(outcome="duplicate").inc(len(entries) - len(new))
        for entry in entries:
            if entry.update_id in new and entry.update_id not in self._in_hand:
                await self._queue(entry.update_id, entry.payload, tries=0)
        return len(new)

    async def _queue(self, update_id: int, raw: dict[str, Any] | None, *, tries: int) -> None:
        update = parse_update(raw, self.application.bot) if raw is not None else None
        if update is None:
            await self._finish(update_id, "poison")
            return
        self._in_hand[update_id] = tries
        await self.application.update_queue.put(update)

    # -- handling ----------------------------------------------------------------------------

    async def around(self, update: object, handle: Awaitable[Any]) -> None:
        """Run one update's handling and settle it in the inbox (see the module docstring)."""
        update_id = getattr(update, "update_id", None)
        if not isinstance(update, Update) or update_id not in self._in_hand:
            await handle  # not from the inbox (a test feeding updates directly)
            return
        await self._notes_first(update)
        handling = Handling(update_id)
        token = CURRENT_HANDLING.set(handling)
        try:
            await handle
        finally:
            CURRENT_HANDLING.reset(token)
        await self._settle(update, handling)

    async def _notes_first(self, update: Update) -> None:
        chat = update.effective_chat
        if chat is None or chat.type != "private":
            return
        with contextlib.suppress(Exception):  # best effort: the answer itself matters more
            await send_notes(self.database, self.application.bot, chat.id, self.instance_id)

    async def _settle(self, update: Update, handling: Handling) -> None:
        error = handling.error
        update_id = update.update_id
        if error is None:
            outcome = "reply_lost" if handling.lost_replies else "handled"
        elif handling.writes == 0 and _worth_another_try(error):
            tries = self._in_hand.get(update_id, 0) + 1
            if tries < MAX_ATTEMPTS:
                self._retry_later(update, tries)
                return
            outcome = "failed"
        elif handling.lost_replies:
            outcome = "reply_lost"
        else:
            outcome = "failed"
        if outcome == "reply_lost":
            await self._keep_notes(update, handling)
        await self._finish(update_id, outcome)

    def _retry_later(self, update: Update, tries: int) -> None:
        INBOX_UPDATES.labels(outcome="retried").inc()
        self._in_hand[update.update_id] = tries
        delay = retry_delay(tries)
        logger.warning(
            "update %s not handled (attempt %d); trying again in %.0f s",
            update.update_id,
            tries,
            delay,
            extra={"update_id": update.update_id},
        )
        loop = asyncio.get_running_loop()
        self._timers.append(
            loop.call_later(delay, self.application.update_queue.put_nowait, update)
        )

    async def _keep_notes(self, update: Update, handling: Handling) -> None:
        user = update.effective_user
        chat = update.effective_chat
        if user is None or chat is None:
            return
        now = self.clock()
        try:
            async with self.database.unit_of_work() as uow:
                person = await uow.people.get(user.id)
                if person is None:
                    return
                for text in handling.lost_replies:
                    note = self.note(person.language, text)
                    await uow.outbox.add(
                        person.id, chat.id, NOTE, note, now, deadline=now + NOTE_KEEP
                    )
        except Exception as error:
            logger.warning("could not keep a lost reply's note: %s", type(error).__name__)

    async def _finish(self, update_id: int, outcome: str) -> None:
        INBOX_UPDATES.labels(outcome=outcome).inc()
        self._unfinished[update_id] = outcome
        self._in_hand.pop(update_id, None)
        await self._flush_finished()

    async def _flush_finished(self) -> None:
        """Record settled updates; while the database is away they wait here (still claimed
        by this instance, so nobody else handles them again)."""
        if not self._unfinished:
            return
        now = self.clock()
        batch = dict(self._unfinished)  # others may settle more while this one writes
        try:
            async with self.database.unit_of_work() as uow:
                for update_id, outcome in batch.items():
                    await uow.inbox.finish(update_id, outcome, now)
        except Exception as error:
            logger.warning("could not record handled updates yet: %s", type(error).__name__)
            return
        for update_id in batch:
            self._unfinished.pop(update_id, None)

    # -- the periodic pass -------------------------------------------------------------------

    def start(self) -> None:
        """Start the periodic pass (call from the running loop)."""
        self._pass.start()

    async def stop(self) -> None:
        """Stop the pass and give back what this instance holds (a graceful stop)."""
        await self._pass.stop()
        for timer in self._timers:
            timer.cancel()
        await self._flush_finished()
        with contextlib.suppress(Exception):
            await self.liveness.leave()

    async def _run(self) -> None:
        while True:
            try:
                await self.pass_once()
            except Exception as error:
                logger.warning("inbox pass failed: %s", type(error).__name__)
            await asyncio.sleep(self.beat_every)

    async def pass_once(self) -> None:
        """Heartbeat, flush, take over the dead, pick up what is unclaimed, resend answers."""
        # Our own records go first: an instance that was cut off records what it did before
        # anyone may decide it is dead, and before it takes anyone over.
        await self.liveness.beat(before_takeover=self._flush_finished)
        now = self.clock()
        soon = asyncio.get_running_loop().time()
        self._timers = [t for t in self._timers if t.when() > soon]  # not fired yet
        async with self.database.unit_of_work() as uow:
            items = await uow.inbox.claim_ready(self.instance_id, now)
        for item in items:
            await self._pick_up(item)
        await send_due_answers(self.database, self.application.bot, self.instance_id)
        if self._pruned_at is None or now - self._pruned_at >= PRUNE_EVERY:
            async with self.database.unit_of_work() as uow:
                await uow.inbox.prune(now - KEEP)
            self._pruned_at = now

    async def _pick_up(self, item: InboxItem) -> None:
        if item.writes > 0:
            # Its data was stored before its instance died: handling it again would store it
            # twice. What the person sees is at worst a missing confirmation.
            await self._finish(item.update_id, "interrupted")
            return
        await self._queue(item.update_id, item.payload, tries=item.attempts - 1)


def _worth_another_try(error: BaseException) -> bool:
    """The database or Telegram was away; a reply that may have arrived (a timeout): no retry."""
    if isinstance(error, TelegramError):
        return certainly_not_applied(error)
    return is_transient(error)
