"""Prometheus metrics shared by every layer that counts something (no health data)."""
