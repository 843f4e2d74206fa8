"""This instance's heartbeat, and taking over the claims of instances that went silent.

An instance may declare another dead only after it has itself been connected to the database
for `silent_after`: after an outage everyone first gets a chance to record what it did and
beat again, so nobody is taken over merely because the database was away.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from storage.db import Database
from telemetry.metrics import CLAIMS_TAKEN_OVER

logger = logging.getLogger(__name__)

SILENT_AFTER = dt.timedelta(seconds=15)  # no heartbeat this long: the instance is dead


class Liveness:
    """Beat, then (once connected long enough) take over silent instances."""

    def __init__(
        self,
        database: Database,
        instance_id: str,
        clock: Callable[[], dt.datetime],
        *,
        silent_after: dt.timedelta = SILENT_AFTER,
    ) -> None:
        self.database = database
        self.instance_id = instance_id
        self.clock = clock
        self.silent_after = silent_after
        self._connected_since: dt.datetime | None = None

    async def beat(self, before_takeover: Callable[[], Awaitable[None]] | None = None) -> None:
        """One heartbeat; raises while the database is away. `before_takeover` records this
        instance's own pending work first."""
        now = self.clock()
        try:
            async with self.database.unit_of_work() as uow:
                await uow.instances.beat(self.instance_id, now)
        except Exception:
            self._connected_since = None
            raise
        if before_takeover is not None:
            await before_takeover()
        if self._connected_since is None:
            self._connected_since = now
        if now - self._connected_since >= self.silent_after:
            await self._take_over_the_silent(now)

    async def _take_over_the_silent(self, now: dt.datetime) -> None:
        async with self.database.unit_of_work() as uow:
            silent = await uow.instances.silent_since(now - self.silent_after, but=self.instance_id)
            for dead in silent:
                counts = await uow.instances.take_over(dead, now)
                for kind, count in counts.items():
                    CLAIMS_TAKEN_OVER.labels(kind=kind).inc(count)
                logger.warning("took over the claims of a silent instance", extra=counts)

    async def leave(self) -> None:
        """A graceful stop: give back what can be given back, drop the heartbeat."""
        async with self.database.unit_of_work() as uow:
            await uow.instances.leave(self.instance_id)
