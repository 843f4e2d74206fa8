"""The inbox's tests use the webhook suite's fixtures (an app served by uvicorn, SQLite or a
scratch PostgreSQL database) and the journeys' harness (the app polling through the inbox)."""

from tests.bot.conftest import database_url, harness
from tests.webhook.conftest import local_api, postgres_url, sqlite_url, webhook_bot

__all__ = ["database_url", "harness", "local_api", "postgres_url", "sqlite_url", "webhook_bot"]
