"""Bot API methods that decide how updates reach the bot: getUpdates and the webhook trio."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from fakegram.calls import Call, implements
from fakegram.errors import WEBHOOK_CONFLICT, ApiError, bad_request
from fakegram.state import JsonDict, WebhookConfig

_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_WEBHOOK_PORTS = frozenset({80, 88, 443, 8443})


def _allowed_updates(call: Call) -> list[str] | None:
    value = call.params.get("allowed_updates")
    return [str(kind) for kind in value] if isinstance(value, list) else None


@implements("getUpdates")
async def get_updates(call: Call) -> list[JsonDict]:
    """getUpdates with offset, limit, timeout and allowed_updates (long polling)."""
    state = call.state
    if state.webhook is not None:
        raise ApiError(409, WEBHOOK_CONFLICT)
    state.updates.set_allowed(_allowed_updates(call))
    return await state.updates.long_poll(
        offset=call.number("offset"),
        limit=call.number("limit") or 100,
        timeout=call.number("timeout") or 0,
        still_wanted=call.still_connected,
    )


def _check_webhook_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.hostname in _LOCAL_HOSTS and parts.scheme in ("http", "https"):
        return  # a local test server: plain HTTP and any port, unlike Telegram
    if parts.scheme != "https" or not parts.hostname:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if (parts.port or 443) not in _WEBHOOK_PORTS:
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")


@implements("setWebhook")
async def set_webhook(call: Call) -> bool:
    """setWebhook: from now on, updates are POSTed to the URL instead of polled."""
    state = call.state
    url = call.text("url") or ""
    secret = call.text("secret_token")
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = call.number("max_connections") or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    if url:
        _check_webhook_url(url)
    if call.flag("drop_pending_updates"):
        state.updates.drop_all()
    state.updates.set_allowed(_allowed_updates(call))
    state.webhook = (
        WebhookConfig(
            url=url,
            secret_token=secret,
            max_connections=max_connections,
            ip_address=call.text("ip_address"),
            has_custom_certificate="certificate" in call.params,
        )
        if url
        else None
    )
    state.updates.arrived.notify()
    return True


@implements("deleteWebhook")
async def delete_webhook(call: Call) -> bool:
    """deleteWebhook: back to getUpdates."""
    state = call.state
    state.webhook = None
    if call.flag("drop_pending_updates"):
        state.updates.drop_all()
    state.updates.arrived.notify()
    return True


@implements("getWebhookInfo")
async def get_webhook_info(call: Call) -> JsonDict:
    """getWebhookInfo."""
    state = call.state
    hook = state.webhook
    info: JsonDict = {
        "url": hook.url if hook else "",
        "has_custom_certificate": bool(hook and hook.has_custom_certificate),
        "pending_update_count": len(state.updates.pending),
    }
    if hook is not None:
        info["max_connections"] = hook.max_connections
        if hook.ip_address:
            info["ip_address"] = hook.ip_address
        if hook.last_error_date is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
    return info
