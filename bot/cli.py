"""The `checkin-bot` command line: parses arguments and hands over; no logic of its own."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from bot.settings_help import SETTINGS_HELP

Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """All subcommands and their options."""
    parser = argparse.ArgumentParser(
        prog="checkin-bot",
        description="Telegram check-in bot for people who get muscle spasms.",
        epilog=settings_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    commands.add_parser(
        "run",
        help="start the bot with long polling",
        description="Start the bot with long polling. Applies migrations first.",
        epilog=settings_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )

    commands.add_parser(
        "webhook",
        help="serve Telegram's webhook (ASGI app on uvicorn) with /healthz and /metrics",
        description="Serve updates on WEBHOOK_URL's path, checking the secret-token header; "
        "/healthz and /metrics on METRICS_LISTEN:METRICS_PORT. Registers the webhook and "
        "applies migrations on start.",
        epilog=settings_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )

    commands.add_parser(
        "migrate",
        help="apply database migrations",
        description="Apply the database migrations to DATABASE_URL and exit.",
        epilog=settings_epilog(("DATABASE_URL", "LOG_LEVEL")),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )

    chat = commands.add_parser(
        "chat",
        help="try the bot in this terminal (no token, no Telegram)",
        description="Run the bot against a local Bot API server in this process and chat "
        "with it here: type as the user, press inline buttons with #N (a plain number is "
        "typed text), /location LAT LON, /sticker and /photo [FILE] send those, /due sends "
        "the scheduled prompts now, /quit leaves. Photos and documents the bot sends are "
        "saved in --files-dir. Reads no settings: the database is a temporary file unless "
        "--database-url is given.",
    )
    chat.add_argument(
        "--database-url", help="database for this session (default: a temporary file)"
    )
    chat.add_argument(
        "--files-dir",
        help="where to save photos and documents the bot sends (default: ./checkin-chat-files)",
    )

    assess = commands.add_parser(
        "assess",
        help="assess one engine input (JSON on stdin) and print the answer",
        description="Read one engine input as JSON on standard input and print the answer. "
        "Exit status 2 with the field-path error on standard error for invalid input.",
    )
    assess.add_argument(
        "--jsonl",
        action="store_true",
        help="read and answer one JSON object per line; invalid lines get an error object",
    )

    parse = commands.add_parser(
        "parse",
        help="show what the engine's free-text parser finds in TEXT",
        description="Print what parse_text finds in TEXT as JSON.",
    )
    parse.add_argument("text", nargs="?", help="the text to parse")
    parse.add_argument(
        "--jsonl", action="store_true", help='read {"text": "..."} lines on standard input'
    )
    return parser


def settings_epilog(names: Sequence[str] | None = None) -> str:
    """The settings a command reads, for its --help."""
    rows = [(n, text) for n, text in SETTINGS_HELP if names is None or n in names]
    width = max(len(n) for n, _ in rows)
    lines = [f"  {n.ljust(width)}  {text}" for n, text in rows]
    return "settings (environment variables or .env):\n" + "\n".join(lines)


# Each command's code is imported when it runs, so `assess` does not pay for the bot's imports;
# plain functions, so grep, mypy and a rename follow every command to its code.


def _run(args: argparse.Namespace) -> int:
    from bot.run import run_command

    return run_command(args)


def _webhook(args: argparse.Namespace) -> int:
    from bot.run import webhook_command

    return webhook_command(args)


def _migrate(args: argparse.Namespace) -> int:
    from bot.run import migrate_command

    return migrate_command(args)


def _chat(args: argparse.Namespace) -> int:
    from bot.chat import chat_command

    return chat_command(args)


def _assess(args: argparse.Namespace) -> int:
    from bot.engine_cli import assess_command

    return assess_command(args)


def _parse(args: argparse.Namespace) -> int:
    from bot.engine_cli import parse_command

    return parse_command(args)


# Every subcommand of `build_parser` and the function that runs it.
COMMANDS: dict[str, Command] = {
    "run": _run,
    "webhook": _webhook,
    "migrate": _migrate,
    "chat": _chat,
    "assess": _assess,
    "parse": _parse,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `checkin-bot` console script."""
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
