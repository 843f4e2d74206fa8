"""Logging set-up: readable lines on a terminal, one JSON object per line elsewhere.

Log records carry ids, kinds and timings only: never a token, a person's words or health data.
The token is also scrubbed from every formatted line as a last line of defence (a library's
exception message may quote it), tracebacks are shown only at DEBUG, and a warning or error
repeated within a minute is written once, then summarised with how often it came again.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections.abc import Iterable
from typing import Any

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "repeat_key",
}
REDACTED = "[redacted]"
REPEAT_WINDOW_SECONDS = 60.0


class _Scrubber:
    """Replaces each secret (and the secret half of a bot token) in a text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        found: set[str] = set()
        for secret in secrets:
            if not secret:
                continue
            found.add(secret)
            _, _, tail = secret.partition(":")
            if len(tail) >= 8:
                found.add(tail)
        self._secrets = sorted(found, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text


class JsonFormatter(logging.Formatter):
    """One JSON object per record, with any `extra=` fields; a traceback only when asked."""

    def __init__(self, *, tracebacks: bool = False, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.tracebacks = tracebacks
        self.scrub = _Scrubber(secrets)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info and record.exc_info[0] is not None:
            entry.setdefault("error", record.exc_info[0].__name__)
            if self.tracebacks:
                entry["traceback"] = self.formatException(record.exc_info)
        return self.scrub(json.dumps(entry, default=str))


class TextFormatter(logging.Formatter):
    """`time LEVEL logger: message` for a terminal; a traceback only when asked."""

    def __init__(self, *, tracebacks: bool = False, secrets: Iterable[str] = ()) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.tracebacks = tracebacks
        self.scrub = _Scrubber(secrets)

    def format(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(_with_message(record, self))
        if record.exc_info and record.exc_info[0] is not None:
            if self.tracebacks:
                line += "\n" + self.formatException(record.exc_info)
            else:
                line += f" ({record.exc_info[0].__name__})"
        return self.scrub(line)


def _with_message(record: logging.LogRecord, formatter: logging.Formatter) -> logging.LogRecord:
    record.message = record.getMessage()
    record.asctime = formatter.formatTime(record)
    return record


class RepeatSummary(logging.Filter):
    """Write a warning or error once per `window` seconds; the next one after the window
    carries `repeated`: how many like it were held back meanwhile."""

    def __init__(self, window: float = REPEAT_WINDOW_SECONDS) -> None:
        super().__init__()
        self.window = window
        self._seen: dict[object, tuple[float, int]] = {}
        self._last: dict[object, logging.LogRecord] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        key = record.__dict__.get("repeat_key") or (
            record.name,
            record.levelno,
            str(record.msg),
            repr(record.args),
        )
        now = time.monotonic()
        with self._lock:
            first, held = self._seen.get(key, (0.0, -1))
            if held >= 0 and now - first < self.window:
                self._seen[key] = (first, held + 1)
                self._last[key] = record
                return False
            self._seen[key] = (now, 0)
            self._last.pop(key, None)
            if len(self._seen) > 1000:  # forget the oldest kinds rather than grow
                for old in sorted(self._seen, key=lambda k: self._seen[k][0])[:500]:
                    del self._seen[old]
                    self._last.pop(old, None)
        if held > 0:
            _mark_repeated(record, held)
        return True

    def held_back(self) -> list[logging.LogRecord]:
        """One record for each kind still held back, marked with how often; then forgotten."""
        with self._lock:
            pending = [
                _mark_repeated(self._last[key], held)
                for key, (_, held) in self._seen.items()
                if held > 0 and key in self._last
            ]
            self._seen.clear()
            self._last.clear()
        return pending


def _mark_repeated(record: logging.LogRecord, held: int) -> logging.LogRecord:
    record.repeated = held
    record.msg = f"{record.msg} (and {held} more like it since it was last written)"
    return record


def summarise_repeats() -> None:
    """Write the summary of every warning or error held back (at shutdown)."""
    for handler in logging.getLogger().handlers:
        for found in handler.filters:
            if isinstance(found, RepeatSummary):
                for record in found.held_back():
                    handler.emit(record)  # past the filter: it is the summary


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


def configure_logging(
    level: str, *, json_lines: bool | None = None, secrets: Iterable[str] = ()
) -> None:
    """Log to stderr at `level`; JSON unless stderr is a terminal; `secrets` never shown."""
    use_json = not sys.stderr.isatty() if json_lines is None else json_lines
    debug = logging.getLevelName(level) <= logging.DEBUG
    secrets = tuple(secrets)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(tracebacks=debug, secrets=secrets)
        if use_json
        else TextFormatter(tracebacks=debug, secrets=secrets)
    )
    handler.addFilter(HideLibraryArguments())  # first: repeats are then told apart without words
    handler.addFilter(RepeatSummary())
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
