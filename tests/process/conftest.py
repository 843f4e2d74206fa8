"""Fixtures for the process tests: the local Bot API server and a scratch PostgreSQL database
(from the webhook suite)."""

from tests.webhook.conftest import local_api, postgres_url

__all__ = ["local_api", "postgres_url"]
