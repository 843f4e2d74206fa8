"""Logging water."""
