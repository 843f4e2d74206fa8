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


def complete_update(update: object) -> bool:
    """Whether a decoded Update has what every update of its kind always has (a message its
    chat and date, a press its id and presser): python-telegram-bot decodes without checking."""
    for kind in ("message", "edited_message"):
        message = getattr(update, kind, None)
        if message is not None and (
            message.chat is None or message.date is None or message.message_id is None
        ):
            return False
    query = getattr(update, "callback_query", None)
    if query is not None and (not query.id or query.from_user is None):
        return False
    member = getattr(update, "my_chat_member", None)
    return member is None or (
        member.chat is not None
        and member.from_user is not None
        and member.new_chat_member is not None
        and member.old_chat_member is not None
    )


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
