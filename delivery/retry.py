"""Retry a send after a timeout or a server error, with exponential backoff.

Flood control (RetryAfter) is the rate limiter's job; a blocked bot (Forbidden) and a bad
request are final and never retried.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter

logger = logging.getLogger(__name__)

T = TypeVar("T")


async def with_retries(
    send: Callable[[], Awaitable[T]],
    *,
    attempts: int = 3,
    first_delay: float = 0.5,
) -> T:
    """Call `send`, trying again after TimedOut / NetworkError (502s and the like)."""
    for attempt in range(1, attempts + 1):
        try:
            return await send()
        except (BadRequest, RetryAfter):
            raise
        except NetworkError as error:  # TimedOut is a NetworkError too
            if attempt == attempts:
                raise
            delay = first_delay * 2 ** (attempt - 1)
            logger.warning(
                "send failed (%s), attempt %d of %d; retrying in %.1f s",
                type(error).__name__,
                attempt,
                attempts,
                delay,
            )
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover
