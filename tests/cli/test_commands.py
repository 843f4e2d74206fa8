"""The command line as a newcomer meets it: help texts, a missing token, migrations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True, text=True, cwd=cwd, env={**base, **(env or {})}, timeout=60,
        check=False,
    )  # fmt: skip


def test_help_lists_commands_and_settings() -> None:
    done = run_cli("--help")
    assert done.returncode == 0
    for word in ("run", "chat", "migrate", "assess", "parse", "TELEGRAM_BOT_TOKEN", "DATABASE_URL"):
        assert word in done.stdout


def test_each_command_help_lists_the_settings_it_reads() -> None:
    assert "TELEGRAM_BOT_TOKEN" in run_cli("run", "--help").stdout
    assert "DATABASE_URL" in run_cli("migrate", "--help").stdout
    assert "/due" in run_cli("chat", "--help").stdout


def test_run_without_a_token_stops_with_one_clear_line(tmp_path: Path) -> None:
    done = run_cli("run", cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "TELEGRAM_BOT_TOKEN" in lines[0] and "checkin-bot chat" in lines[0]


def test_a_malformed_setting_names_itself(tmp_path: Path) -> None:
    done = run_cli(
        "run", env={"TELEGRAM_BOT_TOKEN": "1:x", "DATABASE_URL": "mysql://x"}, cwd=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "checkin-bot: DATABASE_URL: must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
    ]


def test_migrate_creates_the_database(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    done = run_cli("migrate", env={"DATABASE_URL": url}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "fresh.db").exists()
    again = run_cli("migrate", env={"DATABASE_URL": url}, cwd=tmp_path)
    assert again.returncode == 0 and "up to date" in again.stdout


def test_send_rate_out_of_range_names_itself(tmp_path: Path) -> None:
    done = run_cli("run", env={"TELEGRAM_BOT_TOKEN": "1:x", "SEND_RATE": "45"}, cwd=tmp_path)
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("checkin-bot: SEND_RATE:") and "30" in line


def test_send_rate_sets_this_instances_share_of_the_flood_limit() -> None:
    from bot.app import build_application
    from bot.config import Settings

    app = build_application(Settings(telegram_bot_token="1:x", send_rate=10))  # type: ignore[arg-type]
    assert app.bot.rate_limiter.overall_per_second == 10


def test_every_command_is_wired_to_a_function() -> None:
    from bot.cli import COMMANDS, build_parser

    parser = build_parser()
    (subcommands,) = [a for a in parser._actions if a.dest == "command"]
    assert set(subcommands.choices or ()) == set(COMMANDS)
    assert all(callable(run) for run in COMMANDS.values())


def test_chat_without_the_fake_server_says_how_to_install_it() -> None:
    """As from the wheel, where fakegram is left out: one clear message, exit status 2."""
    hide_fakegram = (
        "import sys\n"
        "class Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('fakegram', 'aiohttp'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Hide())\n"
        "from bot.cli import main\n"
        "sys.exit(main(['chat']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", hide_fakegram],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "pip install -e '.[chat]'" in done.stderr
