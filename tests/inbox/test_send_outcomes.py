"""Which failed sends may go again: only those Telegram surely did not act on."""

from __future__ import annotations

import json

import httpx
import pytest
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut

from delivery.retry import certainly_not_applied


def caused(error: TelegramError, cause: BaseException) -> TelegramError:
    error.__cause__ = cause
    return error


def bad_json() -> json.JSONDecodeError:
    return json.JSONDecodeError("Expecting value", "<html>", 0)


CASES = {
    "a 502 answer": (caused(NetworkError("Bad Gateway (502)"), bad_json()), True),
    "no connection": (caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("x")), True),
    "no free connection": (caused(TimedOut("Pool timeout"), httpx.PoolTimeout("x")), True),
    "connect timeout": (caused(TimedOut(), httpx.ConnectTimeout("x")), True),
    "read timeout": (caused(TimedOut(), httpx.ReadTimeout("x")), False),
    "write timeout": (caused(TimedOut(), httpx.WriteTimeout("x")), False),
    "dropped after writing": (
        caused(NetworkError("httpx.RemoteProtocolError"), httpx.RemoteProtocolError("x")),
        False,
    ),
    "a timeout of unknown cause": (TimedOut(), False),
    "a bad request": (BadRequest("Bad Request: chat not found"), False),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_only_a_send_telegram_surely_did_not_act_on_may_go_again(case: str) -> None:
    error, expected = CASES[case]
    assert certainly_not_applied(error) is expected
