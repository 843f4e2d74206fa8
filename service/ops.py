"""The operator's endpoints, on their own port (METRICS_LISTEN:METRICS_PORT, 127.0.0.1 unless
configured): `/healthz` answers 200 only while the bot takes updates and its database answers,
and `/metrics` serves the Prometheus metrics. Never on the public webhook port."""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram.ext import Application

from handlers.common.context import BotData
from service.lifecycle import lifecycle_of
from telemetry.metrics import exposition

HEALTH_TIMEOUT_SECONDS = 3.0
METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def create_ops_app(application: Application) -> Starlette:  # type: ignore[type-arg]
    """/healthz and /metrics for `application` (no lifespan of its own)."""

    async def healthz(_request: Request) -> Response:
        lifecycle = lifecycle_of(application)
        if lifecycle.failure is not None:
            return PlainTextResponse("token rejected", 503)
        if not lifecycle.ready:
            return PlainTextResponse("not taking updates", 503)
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

    return Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics, methods=["GET"]),
        ]
    )
