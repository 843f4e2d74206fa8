"""Fixtures for the process tests: the local Bot API server (from the webhook suite)."""

from tests.webhook.conftest import local_api

__all__ = ["local_api"]
