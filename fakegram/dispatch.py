"""Answer one HTTP request to the Bot API: route, check the schema, inject faults, enforce
limits, run the method, and record what happened."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable

from aiohttp import web

# Importing the method modules registers their implementations.
from fakegram import botinfo, editing, polling, sending  # noqa: F401
from fakegram.call_records import ApiCall, SchemaViolation
from fakegram.calls import METHODS, SENDING_METHODS, Call
from fakegram.errors import ApiError, bad_request, forbidden, too_many_requests
from fakegram.faults import BAD_GATEWAY_BODY, Fault, FaultPlan, RateLimiter, SendStats
from fakegram.schema import MethodSpec, SchemaViolationError, load_schema
from fakegram.state import BotApiState
from fakegram.wire import error_response, ok_response, read_params, still_connected

logger = logging.getLogger(__name__)

_API_PATH = re.compile(r"/bot([^/]+)/([A-Za-z0-9_]+)/?")
_FILE_PATH = re.compile(r"/file/bot([^/]+)/(.+)")
_NOT_FOUND = ApiError(404, "Not Found")
_UNAUTHORIZED = ApiError(401, "Unauthorized")


class CallDispatcher:
    """The request pipeline of LocalBotApi and the records it keeps."""

    def __init__(
        self,
        state: BotApiState,
        tokens: set[str],
        *,
        limiter: RateLimiter,
        enforce_limits: bool,
        check_results: bool,
        limits_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.state = state
        self.tokens = tokens
        self.schema = load_schema()
        self.limiter = limiter
        self.limits_clock = limits_clock
        self.enforce_limits = enforce_limits
        self.check_results = check_results
        self.faults = FaultPlan()
        self.stats = SendStats()
        self.calls: list[ApiCall] = []
        self.schema_violations: list[SchemaViolation] = []
        self.unimplemented_calls: list[ApiCall] = []
        self.in_flight = 0
        self.last_activity = time.monotonic()
        if check_results:
            state.updates.inspect = self._check_update

    def _check_update(self, update: dict[str, object]) -> None:
        """Record an update of ours that is off-schema (a bug in the fake, or a forged one)."""
        if problems := self.schema.check_object("Update", update):
            self.schema_violations.append(
                SchemaViolation("Update", tuple(problems), update, side="result")
            )

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one request as Telegram would."""
        if match := _FILE_PATH.fullmatch(request.path):
            return self._download(*match.groups())
        match = _API_PATH.fullmatch(request.path)
        if match is None:
            return error_response(_NOT_FOUND)
        token, name = match.groups()
        if token not in self.tokens:
            return error_response(_UNAUTHORIZED)
        spec = self.schema.method(name)
        if spec is None:
            self.schema_violations.append(SchemaViolation(name, ("unknown method",), {}))
            return error_response(_NOT_FOUND)
        long_poll = spec.name == "getUpdates"
        if not long_poll:
            self.in_flight += 1
            self.last_activity = time.monotonic()
        try:
            return await self._serve(request, spec, token)
        finally:
            if not long_poll:
                self.in_flight -= 1
                self.last_activity = time.monotonic()

    def _download(self, token: str, file_path: str) -> web.Response:
        found = next((f for f in self.state.files.values() if f.file_path == file_path), None)
        if token not in self.tokens or found is None:
            return error_response(_NOT_FOUND)
        return web.Response(body=found.data, content_type="application/octet-stream")

    async def _serve(
        self, request: web.Request, spec: MethodSpec, token: str
    ) -> web.StreamResponse:
        raw_params: dict[str, object] = {}
        try:
            raw = await read_params(request)
            raw_params = raw.params
            params = self.schema.check_call(spec, raw.params, form=raw.form, files=raw.files)
        except SchemaViolationError as exc:
            self.schema_violations.append(SchemaViolation(spec.name, exc.problems, raw_params))
            logger.error("schema violation: %s", exc)
            return self._fail(spec.name, raw_params, bad_request("; ".join(exc.problems)))
        except ApiError as exc:
            return self._fail(spec.name, raw_params, exc)
        # A long poll also ends when its token is revoked meanwhile (and then answers 401).
        call = Call(
            self.state,
            spec.name,
            params,
            lambda: still_connected(request) and token in self.tokens,
        )
        fault = self.faults.take(spec.name)
        if fault is not None:
            return await self._inject(fault, call, spec, request)
        try:
            self._check_limits(call)
            result = await self._execute(call, spec)
            if token not in self.tokens:
                raise _UNAUTHORIZED
        except ApiError as exc:
            return self._fail(spec.name, params, exc)
        self.calls.append(ApiCall(spec.name, params, 200, time.monotonic(), result=result))
        if result and spec.name == "getUpdates":
            self.last_activity = time.monotonic()  # the bot has work in hand now
        return ok_response(result)

    def _fail(
        self, method: str, params: dict[str, object], error: ApiError, fault: str | None = None
    ) -> web.Response:
        if error.error_code == 429:
            self.stats.too_many_requests += 1
            if chat_id := self._sending_chat(method, params):
                self.stats.rejected_per_chat[chat_id] += 1
        self.calls.append(
            ApiCall(
                method,
                params,
                error.error_code,
                time.monotonic(),
                error=error.description,
                fault=fault,
            )
        )
        return error_response(error)

    def _sending_chat(self, method: str, params: dict[str, object]) -> int | None:
        if method not in SENDING_METHODS:
            return None
        chat_id = params.get("chat_id")
        return chat_id if isinstance(chat_id, int) else None

    def _check_limits(self, call: Call) -> None:
        chat_id = self._sending_chat(call.method, call.params)
        if not self.enforce_limits or chat_id is None:
            return
        paid = call.params.get("allow_paid_broadcast") is True
        retry = self.limiter.retry_after(chat_id, chat_id < 0, self.limits_clock(), paid=paid)
        if retry is not None:
            raise too_many_requests(retry)

    async def _execute(self, call: Call, spec: MethodSpec) -> object:
        handler = METHODS.get(spec.name)
        if handler is None:
            self.unimplemented_calls.append(ApiCall(spec.name, call.params, 200, time.monotonic()))
            return True
        result = await handler(call)
        if self.check_results and (problems := self.schema.check_result(spec, result)):
            self.schema_violations.append(
                SchemaViolation(spec.name, tuple(problems), call.params, side="result")
            )
            logger.error("local Bot API answered off-schema: %s", problems)
        if (chat_id := self._sending_chat(call.method, call.params)) is not None:
            now = self.limits_clock()
            paid = call.params.get("allow_paid_broadcast") is True
            self.limiter.record(chat_id, chat_id < 0, now, paid=paid)
            self.stats.sent_per_chat[chat_id] += 1
            if paid:
                self.stats.paid += 1
                self.stats.paid_times.append(now)
            else:
                self.stats.send_times.append(now)
        return result

    async def _inject(
        self, fault: Fault, call: Call, spec: MethodSpec, request: web.Request
    ) -> web.StreamResponse:
        if fault.kind == "retry_after":
            return self._fail(
                call.method, call.params, too_many_requests(fault.retry_after), fault.kind
            )
        if fault.kind == "forbidden":
            return self._fail(
                call.method, call.params, forbidden("bot was blocked by the user"), fault.kind
            )
        if fault.kind == "server_error":
            self.calls.append(
                ApiCall(call.method, call.params, 502, time.monotonic(), fault=fault.kind)
            )
            return web.Response(status=502, text=BAD_GATEWAY_BODY, content_type="text/html")
        if fault.applied:
            try:
                await self._execute(call, spec)
            except ApiError as exc:
                logger.info("timed-out %s failed anyway: %s", call.method, exc.description)
        self.calls.append(ApiCall(call.method, call.params, 0, time.monotonic(), fault=fault.kind))
        deadline = time.monotonic() + fault.hold
        # A client giving up signals nothing; poll the connection.
        while call.still_connected() and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        if request.transport is not None:
            request.transport.close()
        raise asyncio.CancelledError  # nothing is answered on a dropped connection
