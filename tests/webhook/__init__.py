"""Webhook mode and deployment: the ASGI app over HTTP, whole processes, logs, settings, image."""
