"""The bot's send budget shared by every instance: in PostgreSQL, or in Redis when configured.

Telegram counts messages per bot, not per process, so every instance asks one shared place
before it sends. A permit holds a place in the overall limit (and its chat) from the moment it
is given until `hold` seconds after Telegram answered (`give_back`); one whose answer never
comes back (a crashed instance) frees its place when its lease runs out. Both backends take
the decision atomically on the server's clock, in one round trip:

- PostgreSQL: `take_send_permit(...)` (migration 0004) under a per-schema advisory lock.
- Redis: a Lua script over a sorted set of permits and a key per chat.

`take` answers with a `Grant`: a permit (free, or paid for with `allow_paid_broadcast` when
`paid_cap` allows and the free limit is full) or the seconds to wait before asking again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from storage.db import Database

POOL_SIZE = 3


@dataclass(frozen=True, slots=True)
class Grant:
    """A permit (`permit` set; `paid` when it goes out as a paid broadcast), or a wait."""

    permit: int | None
    paid: bool = False
    wait: float = 0.0


@dataclass(frozen=True, slots=True)
class Limits:
    """What one call to `take` may use."""

    overall: int  # free messages a second for this priority (replies: all; prompts: less)
    paid_per_second: int = 0
    paid_cap: int = 0  # paid messages left for today's cap; 0: never pay
    lease: float = 10.0  # seconds an unanswered permit holds its place


class PostgresSendBudget:
    """Permits in the `send_permits` table, decided by `take_send_permit`."""

    def __init__(self, database: Database, *, owned: bool = False) -> None:
        if database.dialect != "postgresql":
            raise ValueError("the shared send budget needs PostgreSQL (or REDIS_URL)")
        self._database = database
        self._owned = owned

    @classmethod
    def open(cls, url: str, *, schema: str | None = None) -> PostgresSendBudget:
        """A budget with its own small pool: 3 connections (the calls take a millisecond or
        two; more would only crowd the server's connection limit), no pre-ping."""
        database = Database.from_url(url, schema=schema, pre_ping=False, pool_size=POOL_SIZE)
        return cls(database, owned=True)

    async def take(self, chat_id: int | None, limits: Limits) -> Grant:
        """A permit now, or how long to wait."""
        # One statement in its own transaction (autocommit): one round trip, and the advisory
        # lock is held only while the function runs.
        async with self._database.engine.connect() as plain:
            connection = await plain.execution_options(isolation_level="AUTOCOMMIT")
            row = (
                await connection.execute(
                    text(
                        "SELECT permit_id, paid, wait_seconds FROM "
                        "take_send_permit(:chat, :limit, :paid_limit, :paid_cap, :lease)"
                    ),
                    {
                        "chat": chat_id,
                        "limit": limits.overall,
                        "paid_limit": limits.paid_per_second,
                        "paid_cap": limits.paid_cap,
                        "lease": limits.lease,
                    },
                )
            ).one()
        return Grant(row.permit_id, bool(row.paid), max(0.0, float(row.wait_seconds)))

    async def give_back(self, permit: int, hold: float) -> None:
        """Telegram answered: the permit keeps its place `hold` seconds more, then goes."""
        async with self._database.engine.connect() as plain:
            connection = await plain.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(
                text(
                    "UPDATE send_permits SET holds_until = clock_timestamp() "
                    "+ make_interval(secs => :hold) WHERE id = :id"
                ),
                {"hold": hold, "id": permit},
            )

    async def paid_today(self) -> int:
        """Paid messages sent today (UTC), by every instance."""
        async with self._database.engine.connect() as connection:
            sent = await connection.scalar(
                text(
                    "SELECT sent FROM paid_broadcast_days "
                    "WHERE day = (clock_timestamp() AT TIME ZONE 'UTC')::date"
                )
            )
        return int(sent or 0)

    async def close(self) -> None:
        """Close its own pool (a database handed in belongs to the caller)."""
        if self._owned:
            await self._database.close()


# KEYS: free permits (zset), paid permits (zset), the chat's key, today's paid count, id counter
# ARGV: chat ('' for none), overall limit, paid limit, paid cap, lease (ms)
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local lease = tonumber(ARGV[5])
if ARGV[1] ~= '' then
  local ttl = redis.call('PTTL', KEYS[3])
  if ttl > 0 then return {0, 0, ttl} end
end
local zset = nil
local paid = 0
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  zset = KEYS[1]
elseif tonumber(ARGV[4]) > 0 and redis.call('ZCARD', KEYS[2]) < tonumber(ARGV[3])
    and tonumber(redis.call('GET', KEYS[4]) or '0') < tonumber(ARGV[4]) then
  zset = KEYS[2]
  paid = 1
  redis.call('INCR', KEYS[4])
  redis.call('PEXPIRE', KEYS[4], 172800000)
end
if zset == nil then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, 0, math.max(1, tonumber(oldest[2]) - now)}
end
local id = redis.call('INCR', KEYS[5])
redis.call('ZADD', zset, now + lease, id)
if ARGV[1] ~= '' then redis.call('SET', KEYS[3], id, 'PX', lease) end
return {id, paid, 0}
"""

# KEYS: free permits, paid permits, the chat's key (or a dummy); ARGV: permit id, hold (ms)
_GIVE_BACK = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local hold = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], 'XX', now + hold, ARGV[1])
redis.call('ZADD', KEYS[2], 'XX', now + hold, ARGV[1])
if redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('PEXPIRE', KEYS[3], hold) end
return 1
"""


class RedisSendBudget:
    """The same permits in Redis (keys under `prefix`), for operators who run Redis anyway."""

    def __init__(self, url: str, *, prefix: str = "checkin:send") -> None:
        import redis.asyncio as redis  # only when configured

        self._redis: Any = redis.from_url(url)
        self._prefix = prefix
        self._take = self._redis.register_script(_TAKE)
        self._give_back = self._redis.register_script(_GIVE_BACK)
        self._chats: dict[int, int] = {}  # permit -> chat, to extend the chat's key on answer

    def _keys(self, chat_id: int | None) -> list[str]:
        day = dt.datetime.now(dt.UTC).date().isoformat()
        p = self._prefix
        chat = f"{p}:chat:{chat_id}" if chat_id is not None else f"{p}:chat:-"
        return [f"{p}:free", f"{p}:paid", chat, f"{p}:paid-day:{day}", f"{p}:ids"]

    async def take(self, chat_id: int | None, limits: Limits) -> Grant:
        """A permit now, or how long to wait."""
        permit, paid, wait_ms = await self._take(
            keys=self._keys(chat_id),
            args=[
                "" if chat_id is None else str(chat_id),
                limits.overall,
                limits.paid_per_second,
                limits.paid_cap,
                int(limits.lease * 1000),
            ],
        )
        if not permit:
            return Grant(None, wait=int(wait_ms) / 1000)
        if chat_id is not None:
            self._chats[int(permit)] = chat_id
        return Grant(int(permit), paid=bool(paid))

    async def give_back(self, permit: int, hold: float) -> None:
        """Telegram answered: the permit keeps its place `hold` seconds more, then goes."""
        chat_id = self._chats.pop(permit, None)
        await self._give_back(keys=self._keys(chat_id)[:3], args=[permit, int(hold * 1000)])

    async def paid_today(self) -> int:
        """Paid messages sent today (UTC), by every instance."""
        return int(await self._redis.get(self._keys(None)[3]) or 0)

    async def close(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose()
