"""The dispatcher: a periodic JobQueue job finds who is due in the database and hands them to
a few sender workers. No per-person job lives in memory, so start-up cost and memory do not
grow with the number of people.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Collection
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from telegram.ext import ExtBot

from delivery.prompt_sender import Outcome, Prompt, deliver
from reminders.clock_times import in_window, resolve_local
from reminders.closing import Recent, read_recent, tidy_prompts
from reminders.slots import Slot, SlotKind, due_now, next_look, slots_on, snooze_slot
from reminders.spread import SlotSizes
from storage.db import Database
from storage.errors import database_error_kind
from storage.records import (
    Claim,
    DeliveryKey,
    DueCandidate,
    DueFollowUp,
    Schedule,
)
from telemetry.metrics import DISPATCHER_LAG

logger = logging.getLogger(__name__)

RETRY_SOON = dt.timedelta(minutes=1)  # after a failed send, look again this soon
LOOK_LEASE = dt.timedelta(minutes=2)  # a claimed person is due again if not handled by then
KEEP_DELIVERIES = dt.timedelta(days=30)  # delivery rows only stop repeats; then they go
ABANDONED_FLOW = dt.timedelta(days=2)  # a questionnaire untouched this long is dropped
SIZES_EVERY = dt.timedelta(minutes=5)  # how often slot sizes (for spreading) are counted again
# A prompt the free budget would bring too late (SlotSizes.may_pay) may go as a paid broadcast
# once it is this far behind its place.
PAY_WHEN_LATE = dt.timedelta(minutes=1)
Item = DueCandidate | DueFollowUp


class PromptBuilders(Protocol):
    """What each scheduled prompt says, built at send time. The composition root hands the
    handlers' builders (`handlers.prompts.builders`) in, so reminders/ never imports handlers/."""

    async def hydration(
        self, database: Database, person: DueCandidate, local_date: dt.date, now: dt.datetime
    ) -> Prompt | None:
        """The water reminder, or None when none is wanted (goal met)."""

    async def stretch(
        self, database: Database, person: DueCandidate, local_date: dt.date, now: dt.datetime
    ) -> Prompt:
        """The day's stretch routine (and its "offered" log)."""

    async def checkin(
        self, database: Database, person: DueCandidate, local_date: dt.date, now: dt.datetime
    ) -> Prompt | None:
        """The evening check-in question, or None when today was told already."""

    async def weekly(
        self, database: Database, person: DueCandidate, local_date: dt.date
    ) -> Prompt | None:
        """The weekly summary of the seven days before `local_date`, or None when nothing
        was logged in them."""

    def follow_up(self, due: DueFollowUp) -> Prompt:
        """The question after an urgent or emergency answer."""


class Dispatcher:
    """Finds due prompts (`tick`) and sends them (`workers`), exactly once per slot."""

    def __init__(
        self,
        database: Database,
        bot: ExtBot[Any],
        clock: Callable[[], dt.datetime],
        prompts: PromptBuilders,
        *,
        workers: int = 40,
        batch: int = 1000,
        lease: dt.timedelta = dt.timedelta(minutes=5),
        claimant: str | None = None,
        send_rate: float = 29.0,
    ) -> None:
        self.database = database
        # The instance id its claims carry, so they are taken over as soon as it dies.
        self.claimant = claimant
        self.bot = bot
        self.clock = clock
        self.prompts = prompts
        self.lease = lease
        self.batch = batch
        self._worker_count = workers
        self._queue: asyncio.Queue[Item] = asyncio.Queue()
        self._queued: set[tuple[str, int]] = set()
        self._workers: list[asyncio.Task[None]] = []
        self.lag_seconds = 0.0
        self.outcomes: dict[str, int] = {}
        # Prompts have the send budget less the place kept for replies.
        self.sizes = SlotSizes(per_second=send_rate)
        self._sizes_counted: dt.datetime | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Start the sender workers (call from a running event loop)."""
        self._workers = [
            asyncio.create_task(self._work(), name=f"prompt-sender-{i}")
            for i in range(self._worker_count)
        ]

    async def stop(self) -> None:
        """Stop the workers. Unsent claims are taken over after their lease; unclaimed slots
        are still due in the database, so nothing is lost."""
        for task in self._workers:
            task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers.clear()

    async def drain(self) -> None:
        """Wait until every queued person has been handled (for tests and benchmarks)."""
        await self._queue.join()

    # -- finding what is due ---------------------------------------------------------------

    async def tick(self, _context: object = None) -> int:
        """Queue everyone who is due now; returns how many were queued."""
        now = self.clock()
        await self.count_slot_sizes(now)
        async with self.database.unit_of_work() as uow:
            # Claimed, not just read: with several instances each person goes to one of them.
            people = await uow.schedules.claim_due(
                now, lease=LOOK_LEASE, limit=self.batch, by=self.claimant
            )
            followups = await uow.followups.due(now)
        oldest = min((p.next_due_at for p in people if p.next_due_at.year > 1970), default=now)
        self.lag_seconds = max(0.0, (now - oldest).total_seconds())
        DISPATCHER_LAG.set(self.lag_seconds)
        queued = 0
        items: list[Item] = [*followups, *people]
        for item in items:
            key = (
                ("f", item.followup.id) if isinstance(item, DueFollowUp) else ("p", item.person_id)
            )
            if key not in self._queued:
                self._queued.add(key)
                self._queue.put_nowait(item)
                queued += 1
        return queued

    async def count_slot_sizes(self, now: dt.datetime, *, force: bool = False) -> None:
        """Count how many people share each slot (for spreading), every few minutes."""
        last = self._sizes_counted
        if not force and last is not None and last <= now < last + SIZES_EVERY:
            return
        async with self.database.unit_of_work() as uow:
            patterns = await uow.schedules.shared_patterns()
        self.sizes.refresh(patterns, now)
        self._sizes_counted = now

    def around_times(self, schedule: Schedule, timezone: str) -> frozenset[dt.time]:
        """A person's wall-clock times whose prompts are spread out today ("around 09:00")."""
        zone = ZoneInfo(timezone)
        today = self.clock().astimezone(zone).date()
        return self.sizes.spread_times(slots_on(schedule, zone, today))

    async def housekeeping(self, _context: object = None) -> None:
        """Drop old delivery bookkeeping and abandoned questionnaires."""
        now = self.clock()
        async with self.database.unit_of_work() as uow:
            pruned = await uow.deliveries.prune((now - KEEP_DELIVERIES).date())
            dropped = await uow.flows.clear_idle(now - ABANDONED_FLOW)
        logger.info("housekeeping: %d deliveries pruned, %d idle flows dropped", pruned, dropped)

    async def _work(self) -> None:
        while True:
            item = await self._queue.get()
            try:
                if isinstance(item, DueFollowUp):
                    await self._follow_up(item)
                else:
                    await self._person(item)
            except Exception as error:
                kind = database_error_kind(error) or type(error).__name__
                logger.error(
                    "dispatching failed for one person: %s", kind, exc_info=error,
                    extra={"error_kind": kind},
                )  # fmt: skip
            finally:
                key = (
                    ("f", item.followup.id)
                    if isinstance(item, DueFollowUp)
                    else ("p", item.person_id)
                )
                self._queued.discard(key)
                self._queue.task_done()

    # -- one person ------------------------------------------------------------------------

    async def _person(self, person: DueCandidate) -> None:
        zone = ZoneInfo(person.timezone)
        now = self.clock()
        extra, recent = await self._look_back(person, zone, now)

        def spread(slot: Slot) -> dt.timedelta:
            return self.sizes.offset(person.person_id, slot)

        def may_pay(slot: Slot) -> bool:
            late = now - slot.due_at > PAY_WHEN_LATE
            return late and self.sizes.may_pay(person.person_id, slot)

        retry, arrived = False, set[str]()
        for slot in due_now(person.schedule, zone, now, extra, spread):
            outcome = await self._slot(person, slot, may_pay=may_pay(slot))
            self.outcomes[outcome.value] = self.outcomes.get(outcome.value, 0) + 1
            if outcome is Outcome.BLOCKED:
                return  # marked inactive; nothing more is due
            retry = retry or outcome in (Outcome.FAILED, Outcome.HELD)
            if outcome is Outcome.SENT:
                arrived.add(slot.kind)
        day_end = await self._tidy(person, zone, now, recent, arrived)
        # The next look is the next slot after the instant we looked, not after the sends
        # finished: a slot that fell due while they waited in the queue (or in a RetryAfter
        # pause) is then due at once, instead of being stepped over and lost.
        upcoming = next_look(person.schedule, zone, now, extra, spread)
        for sooner in (self.clock() + RETRY_SOON if retry else None, day_end):
            if sooner is not None:
                upcoming = sooner if upcoming is None else min(upcoming, sooner)
        async with self.database.unit_of_work() as uow:
            await uow.schedules.set_next_due(
                person.person_id, upcoming, expected_version=person.version
            )

    async def _tidy(
        self,
        person: DueCandidate,
        zone: ZoneInfo,
        now: dt.datetime,
        recent: Recent,
        arrived: Collection[str],
    ) -> dt.datetime | None:
        """Take the buttons off prompts the person let pass; when today's day ends, if one of
        today's prompts is still open then (that look tidies it)."""
        today = now.astimezone(zone).date()
        try:
            still_open = await tidy_prompts(
                self.database, self.bot, person.chat_id, recent, today, self.clock(), arrived
            )
        except Exception as error:  # tidying is best effort; the prompts themselves went out
            logger.warning("tidying old prompts failed: %s", type(error).__name__)
            return None
        if not still_open:
            return None
        return resolve_local(today + dt.timedelta(days=1), dt.time(0), zone)

    async def send_now(self, person_id: int) -> list[Outcome]:
        """Send the person's water, stretch and check-in prompts of today (and the weekly
        summary on its day) at once, through
        the same builders, rules and delivery as a due slot (no water once the goal is met; a
        stretch offered is logged). For `checkin-bot chat`'s /due: each call is its own slot."""
        async with self.database.unit_of_work() as uow:
            person = await uow.people.get_by_id(person_id)
            schedule = await uow.schedules.get(person_id)
        if person is None or schedule is None:
            return []
        due = DueCandidate(
            person.id,
            person.chat_id,
            person.language,
            person.timezone or "UTC",
            person.water_goal_ml,
            schedule,
        )
        now = self.clock()
        local_date = now.astimezone(ZoneInfo(due.timezone)).date()
        name = f"now-{now:%H%M%S%f}"
        weekly: tuple[SlotKind, ...] = (
            ("weekly",) if schedule.weekly_day == local_date.isoweekday() else ()
        )
        kinds: tuple[SlotKind, ...] = ("hydration", "stretch", *weekly, "checkin")
        _, recent = await self._look_back(due, ZoneInfo(due.timezone), now)
        sent = [await self._slot(due, Slot(kind, local_date, name, now, now)) for kind in kinds]
        arrived = {
            kind for kind, outcome in zip(kinds, sent, strict=True) if outcome is Outcome.SENT
        }
        await self._tidy(due, ZoneInfo(due.timezone), now, recent, arrived)
        return sent

    async def _slot(self, person: DueCandidate, slot: Slot, *, may_pay: bool = False) -> Outcome:
        key = DeliveryKey(person.person_id, slot.kind, slot.local_date, slot.name)

        async def message(_claim: Claim) -> Prompt | None:
            now = self.clock()
            if slot.kind == "hydration":
                return await self.prompts.hydration(self.database, person, slot.local_date, now)
            if slot.kind == "stretch":
                return await self.prompts.stretch(self.database, person, slot.local_date, now)
            if slot.kind == "weekly":
                return await self.prompts.weekly(self.database, person, slot.local_date)
            return await self.prompts.checkin(self.database, person, slot.local_date, now)

        return await deliver(
            self.database,
            self.bot,
            key,
            person.chat_id,
            message,
            clock=self.clock,
            lease=self.lease,
            by=self.claimant,
            may_pay=may_pay,
        )

    async def _look_back(
        self, person: DueCandidate, zone: ZoneInfo, now: dt.datetime
    ) -> tuple[list[Slot], Recent]:
        """Yesterday's and today's snoozed stretches (slots of their own) and prompt deliveries
        (for tidying), in one read."""
        today = now.astimezone(zone).date()
        async with self.database.unit_of_work() as uow:
            logs = await uow.days.stretch_logs(
                person.person_id, today - dt.timedelta(days=1), today
            )
            recent = await read_recent(uow, person.person_id, today)
        snoozes = [snooze_slot(log.logged_at, zone) for log in logs if log.outcome == "later"]
        return snoozes, recent

    # -- follow-ups --------------------------------------------------------------------------

    async def _follow_up(self, due: DueFollowUp) -> None:
        followup = due.followup
        now = self.clock()
        zone = ZoneInfo(due.timezone or "UTC")
        async with self.database.unit_of_work() as uow:
            schedule = await uow.schedules.get(followup.person_id)
        quiet = schedule and in_window(
            now.astimezone(zone).time(), schedule.quiet_start, schedule.quiet_end
        )
        if quiet:
            return  # asked once quiet hours end
        key = DeliveryKey(
            followup.person_id,
            "follow_up",
            followup.due_at.astimezone(zone).date(),
            str(followup.id),
        )

        async def message(_claim: Claim) -> Prompt:
            return self.prompts.follow_up(due)

        outcome = await deliver(
            self.database,
            self.bot,
            key,
            due.chat_id,
            message,
            clock=self.clock,
            lease=self.lease,
            by=self.claimant,
        )
        if outcome is Outcome.HELD:
            return  # its holder closes it, or it is taken over after the lease
        if outcome is Outcome.ALREADY:  # sent by another instance, or before a restart
            outcome = Outcome.SENT
        if outcome in (Outcome.SENT, Outcome.BLOCKED, Outcome.UNCERTAIN):
            async with self.database.unit_of_work() as uow:
                await uow.followups.done(followup.id, self.clock(), outcome.value)
