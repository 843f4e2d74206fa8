"""Retry a send after a server error, with exponential backoff.

Only failures that were certainly not applied are retried (a 502, a refused connection, no
free connection). A timeout after the request went out, or a connection dropped before the
answer, may have been delivered, so it is never retried blindly: the caller records the
outcome as unknown. Flood control (RetryAfter)
is the rate limiter's job; a blocked bot (Forbidden) and a bad request are final.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

logger = logging.getLogger(__name__)

T = TypeVar("T")

# The request never left: no connection was made or none was free. Safe to send again.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def certainly_not_applied(error: TelegramError) -> bool:
    """Whether Telegram surely did not act on a failed request, so sending it again cannot
    send it twice: an error answer came back (a 502 and the like), or the request never left.
    A timeout after the request went out, or a connection dropped before the answer, may have
    been applied: False."""
    if not isinstance(error, NetworkError) or isinstance(error, BadRequest):
        return False
    cause = error.__cause__
    if isinstance(cause, httpx.HTTPError):  # the transport failed: when matters
        return isinstance(cause, _NEVER_SENT)
    return not isinstance(error, TimedOut)  # an answer came back, and it was an error


async def with_retries(
    send: Callable[[], Awaitable[T]],
    *,
    attempts: int = 3,
    first_delay: float = 0.5,
) -> T:
    """Call `send`, trying again after a failure that was certainly not applied (502s, no
    connection); one that may have been applied (a timeout), BadRequest and RetryAfter are
    raised at once."""
    for attempt in range(1, attempts + 1):
        try:
            return await send()
        except (BadRequest, RetryAfter):
            raise
        except NetworkError as error:
            if attempt == attempts or not certainly_not_applied(error):
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
