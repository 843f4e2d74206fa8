"""The bot runs opted in to PTB's timedelta durations, so PTB has nothing deprecated to warn
about (pytest turns any PTBDeprecationWarning into an error, see pyproject.toml)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BUILD_AND_READ_A_RETRY_AFTER = """
import warnings
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning
from bot.app import build_application
from bot.config import Settings

build_application(Settings(telegram_bot_token="1:x", database_url="sqlite+aiosqlite://"))
warnings.simplefilter("error", PTBDeprecationWarning)
print(repr(RetryAfter(3).retry_after))
"""


def test_building_the_bot_opts_in_to_timedelta_durations() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PTB_TIMEDELTA"}
    done = subprocess.run(
        [sys.executable, "-c", BUILD_AND_READ_A_RETRY_AFTER],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "datetime.timedelta(seconds=3)"
