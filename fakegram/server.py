"""LocalBotApi: an HTTP server on 127.0.0.1 that answers like the Telegram Bot API.

Every call is checked against the Bot API schema; implemented methods behave like Telegram
(errors worded as Telegram words them), other schema-valid methods answer ``true``.
"""

# Waiting helpers take a timeout by design, like asyncio.wait_for.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from fakegram.call_records import ApiCall, SchemaViolation
from fakegram.dispatch import CallDispatcher
from fakegram.faults import Fault, FaultKind, RateLimiter, RateLimits, SendStats
from fakegram.people import SimulatedGroup, SimulatedUser, private_chat_json, user_json
from fakegram.state import BotApiState, ChatState, StoredFile
from fakegram.webhook_delivery import WebhookDeliverer, WebhookDelivery

logger = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456789:AAHlocal-bot-api-test-token-0123456789"


class LocalBotApi:
    """A local Telegram Bot API for one bot; see docs/fakegram.md."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        extra_tokens: Iterable[str] = (),
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "checkin_test_bot",
        bot_first_name: str = "Check-in Bot",
        enforce_limits: bool = False,
        limits: RateLimits | None = None,
        clock: Callable[[], float] = time.time,
        limits_clock: Callable[[], float] = time.monotonic,
        check_results: bool = True,
        webhook_retries: int = 3,
        webhook_retry_delay: float = 0.05,
    ) -> None:
        self.token = token
        self._host = host
        self._port = port
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        self.state = BotApiState(
            {
                "id": bot_id,
                "is_bot": True,
                "first_name": bot_first_name,
                "username": bot_username,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
                "can_connect_to_business": False,
                "has_main_web_app": False,
            },
            clock,
        )
        self._dispatcher = CallDispatcher(
            self.state,
            {token, *extra_tokens},
            limiter=RateLimiter(limits or RateLimits()),
            enforce_limits=enforce_limits,
            check_results=check_results,
            limits_clock=limits_clock,
        )
        self._webhook = WebhookDeliverer(
            self.state, retries=webhook_retries, retry_delay=webhook_retry_delay
        )
        self._runner: web.AppRunner | None = None
        self._users: dict[int, SimulatedUser] = {}
        self._groups: dict[int, SimulatedGroup] = {}
        self._idle_probes: list[Callable[[], bool]] = []

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> Self:
        """Start serving on a free port (or the one given)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatcher.handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        self._port = int(self._runner.addresses[0][1])  # the port picked when port=0
        await self._webhook.start()
        logger.debug("local Bot API listening on %s", self.url)
        return self

    async def stop(self) -> None:
        """End long polls, stop webhook delivery and close the server."""
        self.state.updates.kick_pollers()
        await self._webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- addresses -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The TCP port (known after start)."""
        return self._port

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{self._host}:{self._port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``; the token is appended by PTB."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.url}/file/bot"

    # -- people ----------------------------------------------------------------------------

    def user(
        self,
        user_id: int = 1001,
        first_name: str = "Alex",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> SimulatedUser:
        """The person ``user_id`` and their private chat (created on first use)."""
        if user_id not in self._users:
            person = user_json(
                user_id,
                first_name,
                last_name=last_name,
                username=username,
                language_code=language_code,
            )
            self.state.users[user_id] = person
            chat = ChatState(chat=private_chat_json(person))
            self.state.chats[user_id] = chat
            self._users[user_id] = SimulatedUser(self, chat, person)
        return self._users[user_id]

    def group(
        self, chat_id: int = -1001, title: str = "Test group", *, supergroup: bool = False
    ) -> SimulatedGroup:
        """A group chat the bot is a member of (created on first use)."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        if chat_id not in self._groups:
            kind = "supergroup" if supergroup else "group"
            chat = ChatState(chat={"id": chat_id, "type": kind, "title": title})
            self.state.chats[chat_id] = chat
            self._groups[chat_id] = SimulatedGroup(self, chat)
        return self._groups[chat_id]

    # -- fault injection -------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        kind: FaultKind,
        *,
        times: int = 1,
        retry_after: int = 5,
        applied: bool = False,
        hold: float = 10.0,
    ) -> None:
        """Fail the next ``times`` calls of ``method`` (``"*"``: any method) with ``kind``."""
        self._dispatcher.faults.add(method, Fault(kind, retry_after, applied, hold), times)

    def fail_always(
        self,
        method: str,
        kind: FaultKind,
        *,
        share: float = 1.0,
        seed: int = 0,
        retry_after: int = 5,
        applied: bool = False,
        hold: float = 10.0,
    ) -> None:
        """Fail ``share`` of the calls of ``method`` (all by default) until ``clear_faults``:
        an outage (502s), flood control on a fifth of sends, answers slower than the timeout."""
        self._dispatcher.faults.always(
            method, Fault(kind, retry_after, applied, hold), share=share, seed=seed
        )

    def clear_faults(self) -> None:
        """End every injected fault, queued or standing."""
        self._dispatcher.faults.clear()

    def push_raw_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """Queue an update exactly as given (e.g. one a client library cannot parse although
        the schema allows it); the update as queued, or None when its kind is not wanted."""
        return self.state.updates.push(kind, payload)

    def block(self, chat_id: int) -> None:
        """The person blocks the bot, silently (no update): sends get 403."""
        self.state.resolve_chat(chat_id).blocked = True

    def revoke_token(self, token: str | None = None) -> None:
        """Revoke a token (the bot's own by default) as @BotFather's /revoke does: from now on
        every call with it gets ``401 Unauthorized``, a getUpdates waiting with it included."""
        self._dispatcher.tokens.discard(token or self.token)

    def unblock(self, chat_id: int) -> None:
        """Undo ``block``."""
        self.state.resolve_chat(chat_id).blocked = False

    # -- observation -----------------------------------------------------------------------

    @property
    def enforce_limits(self) -> bool:
        """Whether Telegram's flood limits are answered with 429 (can be switched any time)."""
        return self._dispatcher.enforce_limits

    @enforce_limits.setter
    def enforce_limits(self, enforce: bool) -> None:
        self._dispatcher.enforce_limits = enforce

    @property
    def calls(self) -> list[ApiCall]:
        """Every answered call, in order (getUpdates included)."""
        return self._dispatcher.calls

    @property
    def schema_violations(self) -> list[SchemaViolation]:
        """Calls the schema rejected (and off-schema results of ours); tests keep it empty."""
        return self._dispatcher.schema_violations

    @property
    def unimplemented_calls(self) -> list[ApiCall]:
        """Schema-valid calls of methods this server does not model (answered ``true``)."""
        return self._dispatcher.unimplemented_calls

    @property
    def stats(self) -> SendStats:
        """Messages sent per chat, their times, and 429 counts."""
        return self._dispatcher.stats

    @property
    def files(self) -> dict[str, StoredFile]:
        """Every file the bot uploaded or people sent, by file_id."""
        return self.state.files

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Every webhook POST attempt so far."""
        return self._webhook.deliveries

    def calls_to(self, method: str) -> list[ApiCall]:
        """Answered calls of ``method`` (any spelling), in order."""
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def add_idle_probe(self, probe: Callable[[], bool]) -> Callable[[], None]:
        """Also require ``probe()`` for idleness (e.g. 'the app has no update in hand').
        Returns a function that removes the probe."""
        self._idle_probes.append(probe)
        return lambda: self._idle_probes.remove(probe)

    def is_idle(self, quiet: float = 0.02) -> bool:
        """No update waiting, no call in progress, nothing asked for ``quiet`` seconds."""
        return (
            not self.state.updates.pending
            and self._dispatcher.in_flight == 0
            and time.monotonic() - self._dispatcher.last_activity >= quiet
            and all(probe() for probe in self._idle_probes)
        )

    @property
    def is_polling(self) -> bool:
        """Whether a getUpdates call is waiting for updates right now."""
        return self.state.updates.waiting_polls > 0

    async def wait_until_polling(self, timeout: float = 5.0) -> None:
        """Wait until some client is long-polling (the bot has started)."""
        deadline = time.monotonic() + timeout
        while not self.is_polling:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nobody called getUpdates within {timeout} s")
            await asyncio.sleep(0.005)

    async def wait_idle(self, timeout: float = 5.0, quiet: float = 0.02) -> None:
        """Wait until the bot has fetched every update and made no call for ``quiet`` s."""
        deadline = time.monotonic() + timeout
        while not self.is_idle(quiet):
            if time.monotonic() > deadline:
                pending = len(self.state.updates.pending)
                raise TimeoutError(
                    f"bot not idle after {timeout} s: {pending} update(s) never fetched, "
                    f"{self._dispatcher.in_flight} call(s) in progress (is the bot polling?)"
                )
            await asyncio.sleep(0.005)
