"""The weekly summary: what it says (summary.py) and its setting (setting.py)."""
