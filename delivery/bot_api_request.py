"""Every HTTP call to the Bot API goes through here: a failed call is logged once, usefully.

A failure is logged with the method, the kind of error and Telegram's own description, never
the URL (it holds the token), the parameters (they hold people's words) or an HTML error page
from a proxy (it is summarised by its title). A 401 or 404 answer means the server no longer
takes the token: `on_token_rejected` is told, so the process can stop instead of idling.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import ssl
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

from telemetry.metrics import BOT_API_ERRORS

logger = logging.getLogger(__name__)

DESCRIPTION_LIMIT = 200
_TITLE = re.compile(rb"<title>\s*(.*?)\s*</title>", re.IGNORECASE | re.DOTALL)
# What Telegram answers for a token it does not know: 401 for a well-formed one, 404 otherwise.
TOKEN_REJECTED = (HTTPStatus.UNAUTHORIZED, HTTPStatus.NOT_FOUND)


def method_of(url: str) -> str:
    """The Bot API method a request URL calls (the last path segment; the token is before it)."""
    return url.rsplit("/", 1)[-1].split("?", 1)[0] or "?"


def describe_payload(status: int, payload: bytes) -> tuple[str, bytes]:
    """(a one-line description, the payload to hand on): Telegram's JSON description as it is;
    any other body (a proxy's HTML page) summarised, and replaced by a small JSON error so
    nothing downstream ever carries the page."""
    try:
        data = json.loads(payload)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("description"), str):
        return _one_line(data["description"]), payload
    title = _TITLE.search(payload[:4096])
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "unknown status"
    if title:
        text = _one_line(title.group(1).decode("utf-8", "replace"))
        summary = f"HTML error page: {text}"
    elif payload.strip():
        summary = f"non-JSON answer of {len(payload)} bytes ({phrase})"
    else:
        summary = f"empty answer ({phrase})"
    replacement = json.dumps({"ok": False, "error_code": status, "description": summary})
    return summary, replacement.encode()


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= DESCRIPTION_LIMIT else flat[: DESCRIPTION_LIMIT - 1] + "…"


def error_kind(status: int) -> str:
    """A short name for a failed answer's HTTP status, for logs and metrics."""
    return {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        409: "conflict",
        429: "flood_control",
    }.get(status, "server_error" if status >= 500 else f"http_{status}")


@functools.cache
def shared_ssl_context() -> ssl.SSLContext:
    """The TLS settings every Bot API client of this process uses: httpx's defaults, made once.
    Each new client would otherwise load the CA bundle again (about 40 ms of CPU), and the bot
    makes two clients at every start and again after every restart of the Application."""
    return httpx.create_ssl_context()


class ObservedRequest(HTTPXRequest):
    """HTTPXRequest that logs each failed Bot API call and reports a rejected token."""

    def __init__(
        self,
        *args: Any,
        on_token_rejected: Callable[[str, int, str], None] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs["httpx_kwargs"] = {
            "verify": shared_ssl_context(),
            **(kwargs.get("httpx_kwargs") or {}),
        }
        super().__init__(*args, **kwargs)
        self.on_token_rejected = on_token_rejected

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> tuple[int, bytes]:
        """Make the call; log a failure (method, kind, description) before PTB raises it."""
        api_method = method_of(url)
        try:
            status, payload = await super().do_request(url, method, request_data, *args, **kwargs)
        except TimedOut:
            BOT_API_ERRORS.labels(method=api_method, kind="timeout").inc()
            logger.warning(
                "Bot API %s failed: timeout", api_method, extra=_fields(api_method, "timeout")
            )
            raise
        except NetworkError as error:
            detail = _network_detail(error)
            BOT_API_ERRORS.labels(method=api_method, kind="network").inc()
            logger.warning(
                "Bot API %s failed: network (%s)",
                api_method,
                detail,
                extra=_fields(api_method, "network", detail),
            )
            raise
        if HTTPStatus.OK <= status < HTTPStatus.MULTIPLE_CHOICES:
            return status, payload
        description, payload = describe_payload(status, payload)
        kind = error_kind(status)
        BOT_API_ERRORS.labels(method=api_method, kind=kind).inc()
        # A flood-control answer is routine (the limiter waits it out); the rest are not.
        level = logging.INFO if status == HTTPStatus.TOO_MANY_REQUESTS else logging.WARNING
        logger.log(
            level,
            "Bot API %s failed: %s %d: %s",
            api_method,
            kind,
            status,
            description,
            extra=_fields(api_method, kind, description, status),
        )
        if status in TOKEN_REJECTED and self.on_token_rejected is not None:
            self.on_token_rejected(api_method, status, description)
        return status, payload


def _fields(
    method: str, kind: str, description: str | None = None, status: int | None = None
) -> dict[str, object]:
    fields: dict[str, object] = {"api_method": method, "error_kind": kind}
    if description is not None:
        fields["description"] = description
    if status is not None:
        fields["status"] = status
    return fields


def _network_detail(error: NetworkError) -> str:
    """What went wrong on the network, without the URL: the cause's class and errno text."""
    cause = error.__cause__
    while cause is not None and cause.__cause__ is not None and not isinstance(cause, OSError):
        cause = cause.__cause__
    if isinstance(cause, OSError) and cause.strerror:
        return _one_line(cause.strerror)
    text = str(cause) if cause is not None else ""
    for phrase in ("Connection refused", "Name or service not known", "No route to host"):
        if phrase.lower() in text.lower():
            return phrase
    return type(cause).__name__ if cause is not None else type(error).__name__
