"""Soak benchmark: does the bot process stay flat while people use it for a long while?

    .venv/bin/python bench/soak.py --people 50 --minutes 10

Starts a local Bot API server here and `checkin-bot run` as a subprocess against it (SQLite in a
temporary directory, or `--database-url`). `--people` simulated people go through setup, then
each one writes every `--every` seconds for `--minutes` minutes, in turn: water amounts, free
text, a symptom that opens a questionnaire (then /cancel), /stretch, /help, /settings, and
/history (a chart) and /report (a PDF) among them. Prints the bot process's RSS (VmRSS) at the
start of the soak (after setup and one warm-up chart and PDF), every `--sample` seconds and at
the end, with the updates answered and reply latencies. The bot's RSS is read from /proc.
"""

# ruff: noqa: E402  (the path fix below must run before the project's imports)
from __future__ import annotations

import sys
from pathlib import Path

_BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]
sys.path.insert(0, str(_BENCH.parent))

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

from fakegram import LocalBotApi, SimulatedUser
from i18n import texts_for

T = texts_for("en")
FIRST_USER_ID = 2_000_000_000
MESSAGES = (
    "/water 250",
    "I drank 2 glasses of water",
    "/history",
    "/stretch",
    "/help",
    "cramps in my calf",
    "/cancel",
    "/report",
    "/settings",
    "drank 500 ml",
)


@dataclass
class Soak:
    """What one run measured."""

    latencies: list[float] = field(default_factory=list)
    sent: int = 0
    unanswered: int = 0
    rss_mb: list[tuple[float, float]] = field(default_factory=list)  # (seconds in, MB)


def rss_mb(pid: int) -> float:
    """The process's resident set size in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def press_when_shown(user: SimulatedUser, label: str) -> None:
    """Wait until a button labelled `label` is on the newest message with buttons; press it."""

    def shown(person: SimulatedUser) -> bool:
        with_buttons = [m for m in person.messages if m.buttons]
        return bool(with_buttons) and any(b.text == label for b in with_buttons[-1].all_buttons)

    await user.wait_for(shown, timeout=60)
    await user.choose(label, timeout=60)


async def onboard(user: SimulatedUser) -> None:
    """The shortest setup: consent, a place, the default schedule, a goal, no profile."""
    user.send_text("/start")
    await press_when_shown(user, T.get("onboarding.button_consent"))
    user.send_text("Berlin")
    for label in (
        T.get("onboarding.button_keep_schedule"),
        "2000 ml ✓",
        T.get("onboarding.button_skip_profile"),
    ):
        await press_when_shown(user, label)


async def talk(user: SimulatedUser, text: str, soak: Soak, wait: float) -> None:
    """Write one message and time the bot's first answer."""
    started = time.monotonic()
    soak.sent += 1
    try:
        await user.ask(text, timeout=wait)
    except TimeoutError:
        soak.unanswered += 1
        return
    soak.latencies.append(time.monotonic() - started)


async def person_loop(
    user: SimulatedUser, offset: int, every: float, until: float, soak: Soak
) -> None:
    """One person writing every `every` seconds until `until`, starting at MESSAGES[offset]."""
    await asyncio.sleep(every * offset / 50)  # spread the people over the interval
    turn = offset
    while time.monotonic() < until:
        started = time.monotonic()
        await talk(user, MESSAGES[turn % len(MESSAGES)], soak, wait=60)
        turn += 1
        await asyncio.sleep(max(0.0, every - (time.monotonic() - started)))


async def sample(pid: int, started: float, every: float, soak: Soak, server: LocalBotApi) -> None:
    """Record the bot's RSS every `every` seconds; drop the server's copies of sent files."""
    while True:
        await asyncio.sleep(every)
        soak.rss_mb.append((time.monotonic() - started, rss_mb(pid)))
        server.state.files.clear()  # the bench's own memory, not the bot's
        print(f"  {soak.rss_mb[-1][0]:6.0f} s  RSS {soak.rss_mb[-1][1]:6.1f} MB", flush=True)


async def run(args: argparse.Namespace) -> Soak:
    """Start the server and the bot, set people up, soak, and measure."""
    soak = Soak()
    with tempfile.TemporaryDirectory() as workdir:
        database_url = args.database_url or f"sqlite+aiosqlite:///{workdir}/soak.db"
        async with LocalBotApi() as server:
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEB"))},
                "TELEGRAM_BOT_TOKEN": server.token,
                "TELEGRAM_API_BASE_URL": server.url,
                "DATABASE_URL": database_url,
                "METRICS_PORT": str(free_port()),
                "LOG_LEVEL": "WARNING",
            }
            log = open(args.log, "wb") if args.log else subprocess.DEVNULL  # noqa: SIM115, ASYNC230
            bot = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", "run", cwd=workdir, env=env,
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=log,
            )  # fmt: skip
            try:
                await server.wait_until_polling(timeout=120)
                people = [server.user(FIRST_USER_ID + i, f"P{i}") for i in range(args.people)]
                gate = asyncio.Semaphore(5)  # a few at a time: setup is not what is measured

                async def set_up(user: SimulatedUser) -> None:
                    async with gate:
                        await onboard(user)

                await asyncio.gather(*(set_up(user) for user in people))
                for text in ("/history", "/report"):  # warm-up: the first chart and PDF
                    await talk(people[0], text, Soak(), wait=120)
                print(f"setup done; RSS {rss_mb(bot.pid):.1f} MB", flush=True)
                started = time.monotonic()
                soak.rss_mb.append((0.0, rss_mb(bot.pid)))
                sampler = asyncio.create_task(sample(bot.pid, started, args.sample, soak, server))
                until = started + args.minutes * 60
                await asyncio.gather(
                    *(
                        person_loop(user, i, args.every, until, soak)
                        for i, user in enumerate(people)
                    )
                )
                sampler.cancel()
                await server.wait_idle(timeout=120)
                soak.rss_mb.append((time.monotonic() - started, rss_mb(bot.pid)))
            finally:
                if bot.returncode is None:
                    bot.send_signal(signal.SIGTERM)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(bot.wait(), 30)
                if bot.returncode is None:
                    bot.kill()
                    await bot.wait()
    return soak


def report(soak: Soak, args: argparse.Namespace) -> None:
    """Print the figures."""
    latencies = sorted(soak.latencies)
    p50 = statistics.median(latencies) if latencies else float("nan")
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    start, end = soak.rss_mb[0][1], soak.rss_mb[-1][1]
    peak = max(mb for _, mb in soak.rss_mb)
    print()
    print(f"people {args.people}, {args.minutes} min, one message each every {args.every} s")
    print(f"messages sent {soak.sent}, answered {len(latencies)}, unanswered {soak.unanswered}")
    print(f"reply latency p50 {p50:.2f} s, p95 {p95:.2f} s")
    print(f"bot RSS start {start:.1f} MB, end {end:.1f} MB, peak {peak:.1f} MB")


def main() -> None:
    """Parse arguments, run, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--every", type=float, default=6.0, help="seconds between messages")
    parser.add_argument("--sample", type=float, default=30.0, help="seconds between RSS samples")
    parser.add_argument("--database-url", help="default: SQLite in a temporary directory")
    parser.add_argument("--log", help="write the bot's log here (default: discarded)")
    args = parser.parse_args()
    report(asyncio.run(run(args)), args)


if __name__ == "__main__":
    main()
