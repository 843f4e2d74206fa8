"""`checkin-bot webhook` with a bad setting stops before anything starts, with exactly one line
naming the setting and what is wrong (and never echoing the token)."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import SETTINGS_HELP, Settings
from tests.webhook.cluster import instance_env

TOKEN = "123456789:AAH-settings-test-token-abcdefghij"
GOOD = {
    "TELEGRAM_BOT_TOKEN": TOKEN,
    "DATABASE_URL": "sqlite+aiosqlite:///./unused.db",
    "WEBHOOK_URL": "https://bot.example.org/telegram",
    "WEBHOOK_SECRET": "a-good_secret-123",
    "WEBHOOK_PORT": "8443",
    "LOG_LEVEL": "info",
    "ADMIN_IDS": "111, 222",
}
# (case, changes to GOOD (None removes the setting), the setting the line must name, and a
# word of what is wrong)
BAD: list[tuple[str, dict[str, str | None], str, str]] = [
    ("plain http", {"WEBHOOK_URL": "http://bot.example.org/telegram"}, "WEBHOOK_URL", "https"),
    ("not a url", {"WEBHOOK_URL": "bot.example.org"}, "WEBHOOK_URL", "https"),
    ("no url", {"WEBHOOK_URL": None}, "WEBHOOK_URL", "not set"),
    ("no secret", {"WEBHOOK_SECRET": None}, "WEBHOOK_SECRET", "not set"),
    ("empty secret", {"WEBHOOK_SECRET": ""}, "WEBHOOK_SECRET", "not set"),
    ("secret with spaces", {"WEBHOOK_SECRET": "two words"}, "WEBHOOK_SECRET", "characters"),
    ("port not a number", {"WEBHOOK_PORT": "eighty"}, "WEBHOOK_PORT", "integer"),
    ("port too high", {"WEBHOOK_PORT": "70000"}, "WEBHOOK_PORT", "65535"),
    ("port zero", {"WEBHOOK_PORT": "0"}, "WEBHOOK_PORT", "1"),
    ("log level", {"LOG_LEVEL": "LOUD"}, "LOG_LEVEL", "DEBUG"),
    ("admin ids", {"ADMIN_IDS": "12,abc"}, "ADMIN_IDS", "ids"),
    ("database", {"DATABASE_URL": "mysql://db/bot"}, "DATABASE_URL", "postgresql+asyncpg"),
    ("api url", {"TELEGRAM_API_BASE_URL": "api.telegram.org"}, "TELEGRAM_API_BASE_URL", "http"),
    ("no token", {"TELEGRAM_BOT_TOKEN": None}, "TELEGRAM_BOT_TOKEN", "not set"),
]


def settings_env(changes: dict[str, str | None]) -> dict[str, str]:
    """GOOD with `changes` applied."""
    merged: dict[str, str | None] = {**GOOD, **changes}
    return {name: value for name, value in merged.items() if value is not None}


@pytest.mark.parametrize(
    ("changes", "setting", "wrong"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_a_bad_setting_stops_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    changes: dict[str, str | None],
    setting: str,
    wrong: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name, _ in SETTINGS_HELP:
        monkeypatch.delenv(name, raising=False)
    for name, value in settings_env(changes).items():
        monkeypatch.setenv(name, value)

    assert main(["webhook"]) == 2

    out, err = capsys.readouterr()
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith(f"checkin-bot: {setting}"), err
    assert wrong in err, err
    assert TOKEN not in err and TOKEN.split(":")[1] not in err


async def test_the_process_exits_2_with_that_one_line(tmp_path: Path) -> None:
    cases = [case for case in BAD if case[0] in ("no secret", "port too high")]

    async def run(changes: dict[str, str | None]) -> tuple[int, bytes, bytes]:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "webhook",
            cwd=tmp_path,
            env=instance_env(**settings_env(changes)),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode is not None
        return process.returncode, out, err

    results = await asyncio.gather(*(run(changes) for _, changes, _, _ in cases))
    for (case, _, setting, _), (status, out, err) in zip(cases, results, strict=True):
        lines = err.decode().splitlines()
        assert (status, out, len(lines)) == (2, b"", 1), (case, err.decode())
        assert lines[0].startswith(f"checkin-bot: {setting}"), case


def test_webhook_help_lists_every_setting_it_reads(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["webhook", "--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_BASE_URL",
        "DATABASE_URL",
        "WEBHOOK_URL",
        "WEBHOOK_SECRET",
        "WEBHOOK_LISTEN",
        "WEBHOOK_PORT",
        "ADMIN_IDS",
        "LOG_LEVEL",
    ):
        assert name in shown


def test_the_readme_table_has_every_setting_with_its_default() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| ([^|]+) \|", section, re.MULTILINE))
    assert set(rows) == {name for name, _ in SETTINGS_HELP} | {"BOT_MODE"}
    for name, field in Settings.model_fields.items():
        default = field.default
        if default is None or default == frozenset():
            continue  # required, or empty
        shown = str(default).lower() if isinstance(default, bool) else str(default)
        assert f"`{shown}`" in rows[name.upper()], name
