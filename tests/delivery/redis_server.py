"""Redis for the send-budget tests: where it is, and skip or fail when it is not there.

Locally an unreachable server skips the Redis tests; with REQUIRE_POSTGRES=1 (CI, whose
.ci/run starts Redis as well as PostgreSQL) they fail instead.
"""

from __future__ import annotations

import os

import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


async def redis_or_skip() -> None:
    """Skip when Redis is unreachable, or fail in CI."""
    import redis.asyncio as redis

    client = redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as error:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"Redis at {REDIS_URL} is unreachable: {error!r}")
        pytest.skip(f"Redis at {REDIS_URL} is unreachable: {error!r}")
    finally:
        await client.aclose()
