"""Retry a send after a server error, with exponential backoff.

Only failures that were certainly not applied are retried (a 502, a refused connection). A
timeout (TimedOut: the request went out and no answer came) may have been delivered, so it is
never retried blindly: the caller records the outcome as unknown. Flood control (RetryAfter)
is the rate limiter's job; a blocked bot (Forbidden) and a bad request are final.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

logger = logging.getLogger(__name__)

T = TypeVar("T")


async def with_retries(
    send: Callable[[], Awaitable[T]],
    *,
    attempts: int = 3,
    first_delay: float = 0.5,
) -> T:
    """Call `send`, trying again after a NetworkError that was not applied (502s and the like);
    TimedOut, BadRequest and RetryAfter are raised at once."""
    for attempt in range(1, attempts + 1):
        try:
            return await send()
        except (BadRequest, RetryAfter, TimedOut):
            raise
        except NetworkError as error:
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
