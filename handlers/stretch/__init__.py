"""Stretch routines."""
