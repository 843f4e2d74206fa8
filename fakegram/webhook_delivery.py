"""Deliver updates to the bot's webhook, one at a time and in order, retrying failures."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

import aiohttp

from fakegram.state import BotApiState, WebhookConfig

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class WebhookDelivery:
    """One POST of an update to the webhook and how it went."""

    update_id: int
    url: str
    attempt: int
    status: int | None
    error: str | None

    @property
    def ok(self) -> bool:
        """Whether the bot accepted the update (any 2xx answer)."""
        return self.status is not None and 200 <= self.status < 300


class WebhookDeliverer:
    """Background task POSTing pending updates while a webhook is set."""

    def __init__(
        self,
        state: BotApiState,
        *,
        retries: int = 3,
        retry_delay: float = 0.05,
        timeout: float = 5.0,
        max_retry_delay: float = 1.0,
    ) -> None:
        self._state = state
        self._retries = retries
        self._retry_delay = retry_delay
        self._max_retry_delay = max_retry_delay
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.deliveries: list[WebhookDelivery] = []

    async def start(self) -> None:
        """Begin watching for updates to deliver."""
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self._timeout))
        self._task = asyncio.create_task(self._run(), name="local-bot-api-webhook")

    async def stop(self) -> None:
        """Stop delivering and close the HTTP client."""
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._session is not None:
            await self._session.close()

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            hook = self._state.webhook
            pending = self._state.updates.pending
            if hook is None or not pending:
                failures = 0
                await self._state.updates.arrived.wait(0.5)
                continue
            update = pending[0]
            if await self._post(hook, update, failures + 1):
                failures = 0
                self._state.updates.confirm(update["update_id"])
                continue
            failures += 1
            if failures > self._retries:
                logger.warning("webhook gave up on update %s", update["update_id"])
                self._state.updates.confirm(update["update_id"])
                failures = 0
            else:
                # Like Telegram: wait longer after each failure, up to a ceiling.
                delay = self._retry_delay * 2 ** min(failures - 1, 16)
                await asyncio.sleep(min(delay, self._max_retry_delay))

    async def _post(self, hook: WebhookConfig, update: dict[str, object], attempt: int) -> bool:
        assert self._session is not None
        headers = {SECRET_HEADER: hook.secret_token} if hook.secret_token else {}
        status: int | None = None
        error: str | None = None
        try:
            async with self._session.post(hook.url, json=update, headers=headers) as response:
                status = response.status
                await response.read()
                if not 200 <= status < 300:
                    error = f"Wrong response from the webhook: {status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"Connection failed: {exc!r}"
        delivery = WebhookDelivery(int(str(update["update_id"])), hook.url, attempt, status, error)
        self.deliveries.append(delivery)
        if error is not None:
            hook.last_error_date = self._state.now()
            hook.last_error_message = error
        return delivery.ok
