"""`checkin-bot webhook`: an ASGI app (starlette, served by uvicorn) that takes Telegram's updates.

Updates arrive on WEBHOOK_URL's path; `service.webhook_guard` lets only well-formed ones with the
right `X-Telegram-Bot-Api-Secret-Token` through. `/healthz` and `/metrics` are a separate app
(`app.state.ops`, `service/ops.py`) served on their own port. Several instances may run behind a
load balancer on one PostgreSQL database: any of them handles any update, and prompts still go
out exactly once.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram.error import TelegramError

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import Settings
from handlers.common.context import Clock, system_clock
from inbox.intake import Intake
from inbox.updates import update_id_of
from service.lifecycle import lifecycle_of, open_bot
from service.ops import create_ops_app
from service.webhook_guard import SECRET_HEADER, WebhookGuard, complete_update, refused

__all__ = ["SECRET_HEADER", "create_app"]

logger = logging.getLogger(__name__)


def create_app(settings: Settings, *, clock: Clock = system_clock) -> Starlette:
    """The webhook app; the bot starts with the app's lifespan (unless `checkin-bot webhook`
    opened it already, to report a failure in one line) and stops with it."""
    url, secret = settings.require_webhook()
    application = build_application(settings, clock=clock, polling=False)
    lifecycle = lifecycle_of(application)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if not lifecycle.opened:
            await open_bot(application, settings.telegram_api_base_url, settings.database_url)
        await application.start()
        await _register_webhook(application, url, secret)
        lifecycle.set_ready(True)
        try:
            yield
        finally:
            lifecycle.set_ready(False)
            # Stop taking updates first, then finish what is in hand, then close resources.
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
            await application.shutdown()
            if application.post_shutdown:
                await application.post_shutdown(application)

    async def receive_update(request: Request) -> Response:
        # The guard has checked the secret, the size and that this is a JSON object.
        try:
            data = await request.json()
        except Exception:  # e.g. nested too deep: a 5xx would only make Telegram retry it
            data = None
        if update_id_of(data) is None or not complete_update(data):
            refused(400, "malformed")
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

    app = Starlette(
        routes=[Route(settings.webhook_path, receive_update, methods=["POST"])],
        middleware=[Middleware(WebhookGuard, path=settings.webhook_path, secret=secret)],
        lifespan=lifespan,
    )
    app.state.application = application
    app.state.ops = create_ops_app(application)
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
