"""`checkin-bot webhook`: an ASGI app (starlette, served by uvicorn) that takes Telegram's updates.

Updates arrive on WEBHOOK_URL's path and are accepted only with the right
`X-Telegram-Bot-Api-Secret-Token`. `/healthz` answers 200 only while the database does, and
`/metrics` serves Prometheus metrics. Several instances may run behind a load balancer on one
PostgreSQL database: any of them handles any update, and prompts still go out exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram.error import TelegramError

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import Settings
from handlers.common.context import BotData, Clock, system_clock
from inbox.intake import Intake
from inbox.updates import update_id_of
from telemetry.metrics import exposition

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_TIMEOUT_SECONDS = 3.0
METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def create_app(settings: Settings, *, clock: Clock = system_clock) -> Starlette:
    """The webhook app; the bot starts with the app's lifespan and stops with it."""
    url, secret = settings.require_webhook()
    application = build_application(settings, clock=clock, polling=False)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        await application.start()
        await _register_webhook(application, url, secret)
        try:
            yield
        finally:
            # Stop taking updates first, then finish what is in hand, then close resources.
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
            await application.shutdown()
            if application.post_shutdown:
                await application.post_shutdown(application)

    async def receive_update(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return PlainTextResponse("forbidden", status_code=403)
        try:
            data = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
            data = None
        if update_id_of(data) is None:
            return PlainTextResponse("malformed update", status_code=400)
        intake = application.bot_data.intake
        assert isinstance(intake, Intake), "the inbox opens in post_init"
        try:
            # Stored before the 200: an update Telegram thinks delivered is never lost, and a
            # redelivered one (same update_id) changes nothing.
            await intake.receive([data])
        except Exception as error:
            logger.warning("update not stored, Telegram will retry: %s", type(error).__name__)
            return PlainTextResponse("database unavailable", status_code=503)
        return Response(status_code=200)

    async def healthz(_request: Request) -> Response:
        data: BotData = application.bot_data
        try:
            healthy = data.database_or_none is not None and await asyncio.wait_for(
                data.database.ping(), HEALTH_TIMEOUT_SECONDS
            )
        except TimeoutError:
            healthy = False
        return PlainTextResponse(
            "ok" if healthy else "database unavailable", 200 if healthy else 503
        )

    async def metrics(_request: Request) -> Response:
        return Response(exposition(), media_type=METRICS_TYPE)

    routes = [
        Route(settings.webhook_path, receive_update, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.application = application
    return app


async def _register_webhook(application: Any, url: str, secret: str) -> None:
    """Tell Telegram where to post; a failure is logged (another instance may have set it)."""
    try:
        await application.bot.set_webhook(
            url=url,
            secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
        )
    except TelegramError as error:
        logger.error("could not register the webhook: %s", type(error).__name__)
