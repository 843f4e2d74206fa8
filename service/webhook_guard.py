"""The gate in front of the webhook path: only Telegram's well-formed updates get through.

Checked in order, before the app sees anything: the secret-token header (403), the size (over
1 MB: 413, read no further), and the body (not a JSON object with an integer `update_id`: 400).
Nothing a client sends can make the path answer 5xx, which Telegram would retry for hours.
Every refusal is counted by reason and logged (the log's repeat summary keeps a flood short).
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from telemetry.metrics import WEBHOOK_REJECTED

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024  # Telegram's updates are far smaller; anything bigger is not one


class WebhookGuard:
    """ASGI middleware guarding POSTs to `path`; everything else passes untouched."""

    def __init__(
        self, app: ASGIApp, *, path: str, secret: str, max_bytes: int = MAX_BODY_BYTES
    ) -> None:
        self.app = app
        self.path = path
        self.secret = secret.encode()
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v for k, v in scope["headers"]}
        given = headers.get(SECRET_HEADER.lower(), b"")
        if not hmac.compare_digest(given, self.secret):
            await _refuse(send, 403, "forbidden", "secret")
            return
        declared = headers.get("content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _refuse(send, 413, "too large", "too_large")
            return
        body = await self._read_body(receive)
        if body is None:
            await _refuse(send, 413, "too large", "too_large")
            return
        if not _looks_like_an_update(body):
            await _refuse(send, 400, "malformed update", "malformed")
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it grows past the limit."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return b""
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def complete_update(data: Any) -> bool:
    """Whether an update's JSON has what every update of its kind always has (a message its
    chat, date and id; a press its id and presser; a membership change its chat, presser and
    both states), and every part besides `update_id` is an object. Checked on the JSON, not on
    python-telegram-bot's decoding: an update shaped right that the library still cannot
    convert (a poison update, e.g. a date in the year 33658) is the inbox's to store and skip."""
    if not isinstance(data, dict):
        return False
    if any(not isinstance(part, dict) for key, part in data.items() if key != "update_id"):
        return False
    for kind in ("message", "edited_message"):
        message = data.get(kind)
        if message is not None and not (
            isinstance(message.get("chat"), dict)
            and _integer(message.get("date"))
            and _integer(message.get("message_id"))
        ):
            return False
    query = data.get("callback_query")
    if query is not None and not (query.get("id") and isinstance(query.get("from"), dict)):
        return False
    member = data.get("my_chat_member")
    return member is None or all(
        isinstance(member.get(key), dict)
        for key in ("chat", "from", "new_chat_member", "old_chat_member")
    )


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def refused(status: int, reason: str) -> None:
    """Count and log one refused webhook request."""
    WEBHOOK_REJECTED.labels(reason=reason).inc()
    logger.warning(
        "webhook request refused: %s (%d)",
        reason,
        status,
        extra={"reason": reason, "status": status},
    )


def _looks_like_an_update(body: bytes) -> bool:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return False
    update_id = data.get("update_id") if isinstance(data, dict) else None
    return isinstance(update_id, int) and not isinstance(update_id, bool)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the already-read body to the app once, then the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _refuse(send: Send, status: int, text: str, reason: str) -> None:
    refused(status, reason)
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
