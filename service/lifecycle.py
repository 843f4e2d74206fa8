"""The bot's life as a process: opening (with failures told as one line naming the setting),
being ready, and stopping, also when the Bot API stops taking the token while running."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.engine import make_url
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import Application

from storage.errors import database_error_kind
from telemetry.metrics import READY

logger = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """Start-up failed; the message is one line naming the setting to look at."""


class Lifecycle:
    """Whether the bot takes updates, and the one place that asks the process to stop."""

    def __init__(self) -> None:
        self.opened = False
        self.ready = False
        self.failure: str | None = None
        self._stop: asyncio.Event | None = None

    @property
    def stop_requested(self) -> asyncio.Event:
        """Set when the process should stop (a signal, or the token was rejected)."""
        if self._stop is None:
            self._stop = asyncio.Event()
        return self._stop

    def set_ready(self, ready: bool) -> None:
        """Ready means: started, and the token still accepted."""
        self.ready = ready and self.failure is None
        READY.set(1 if self.ready else 0)

    def request_stop(self) -> None:
        """Stop taking updates, finish the ones in hand, then exit."""
        self.set_ready(False)
        self.stop_requested.set()

    def token_rejected(self, method: str, status: int, description: str) -> None:
        """The Bot API answered 401/404 to a call: the token was revoked or changed."""
        if not self.opened or self.failure is not None:
            return  # at start-up, open_bot says what is wrong
        self.failure = (
            f"TELEGRAM_BOT_TOKEN: the Bot API server no longer accepts the token ({method} "
            f"answered {status} {description}); stopping: set a valid token and start again"
        )
        logger.error(self.failure)
        self.request_stop()


def lifecycle_of(application: Application) -> Lifecycle:  # type: ignore[type-arg]
    """The application's Lifecycle (made by build_application)."""
    found = application.bot_data.lifecycle
    if not isinstance(found, Lifecycle):
        raise RuntimeError("build the application with bot.app.build_application")
    return found


async def open_bot(application: Application, api_url: str, database_url: str) -> None:  # type: ignore[type-arg]
    """Check the token with the Bot API, then open and migrate the database (post_init).

    Any failure becomes a StartupError whose message names the setting; the token is never
    in it (python-telegram-bot's own message quotes the token, so it is never shown)."""
    try:
        await application.initialize()
    except InvalidToken as error:
        raise StartupError(_token_problem(error, api_url)) from None
    except TimedOut:
        raise StartupError(
            f"TELEGRAM_API_BASE_URL: the Bot API server at {api_url} did not answer in time"
        ) from None
    except NetworkError as error:
        raise StartupError(
            f"TELEGRAM_API_BASE_URL: cannot reach the Bot API server at {api_url} "
            f"({_network_problem(error)})"
        ) from None
    except TelegramError as error:
        raise StartupError(
            f"TELEGRAM_API_BASE_URL: {api_url} did not answer like a Bot API server "
            f"({type(error).__name__})"
        ) from None
    try:
        if application.post_init is not None:
            await application.post_init(application)
    except StartupError:
        raise
    except Exception as error:
        raise database_problem(error, "opening the database", database_url) from None
    lifecycle_of(application).opened = True


def _token_problem(error: InvalidToken, api_url: str) -> str:
    cause = str(error.__cause__ or "")
    if "not found" in cause.lower():
        return (
            f"TELEGRAM_BOT_TOKEN or TELEGRAM_API_BASE_URL: {api_url} answered 404 Not Found: "
            "the token is malformed, or the URL is not a Bot API server's root"
        )
    return (
        f"TELEGRAM_BOT_TOKEN: the Bot API server at {api_url} rejected the token "
        "(401 Unauthorized): copy it again from @BotFather"
    )


def _network_problem(error: NetworkError) -> str:
    text = f"{error} {error.__cause__!r}".lower()
    for phrase in (
        "connection refused",
        "name or service not known",
        "nodename nor servname",
        "no route to host",
        "certificate",
        "all connection attempts failed",
    ):
        if phrase in text:
            return phrase
    return type(error.__cause__ or error).__name__


def safe_database_url(url: str) -> str:
    """The database URL without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unreadable URL)"


def database_problem(error: BaseException, stage: str, database_url: str) -> StartupError:
    """A StartupError naming DATABASE_URL, what failed (`stage`) and the kind of failure."""
    kind = database_error_kind(error) or type(error).__name__
    detail = ""
    if stage == "migrations" and database_error_kind(error) is None:
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        detail = f": {first[:160]}" if first else ""
    return StartupError(
        f"DATABASE_URL: {stage} failed on {safe_database_url(database_url)} ({kind}{detail})"
    )
