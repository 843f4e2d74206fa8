"""Logging set-up: readable lines on a terminal, one JSON object per line elsewhere.

Log records carry ids, kinds and timings only: never a token, a person's words or health data.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record, with any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
        return json.dumps(entry, default=str)


class HideLibraryArguments(logging.Filter):
    """python-telegram-bot logs whole updates and server answers as message arguments (e.g.
    "Error while building CallbackContext for update %s", "Can not load invalid JSON data: %s"):
    people's words. Its records keep their message with the arguments replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Blank the arguments of the library's records; keep the record."""
        if record.name.startswith("telegram") and record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(f"<{type(arg).__name__} hidden>" for arg in args)
        return True


def configure_logging(level: str, *, json_lines: bool | None = None) -> None:
    """Log to stderr at `level`; JSON unless stderr is a terminal."""
    use_json = not sys.stderr.isatty() if json_lines is None else json_lines
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter()
        if use_json
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.addFilter(HideLibraryArguments())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL, and the URL holds the bot token.
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # SQLAlchemy logs every statement with its arguments at INFO, the drivers theirs at DEBUG:
    # people's answers and words. Never below WARNING, whatever LOG_LEVEL says.
    for name in ("sqlalchemy", "aiosqlite", "asyncpg"):
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    # At DEBUG python-telegram-bot logs whole updates and request parameters: never below INFO.
    for name in ("telegram", "apscheduler"):
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
