"""The bot's log output at its most talkative (DEBUG, JSON lines) during a full check-in with
red flags, typed and tapped: no token, none of the person's words, no health data, and exactly
one "update handled" line per update with its kind and handling time."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.vocabulary import vocabulary
from fakegram.testing import assert_schema_clean, local_bot_api
from service.logs import configure_logging
from tests.bot.conftest import START, BotHarness, SettableClock
from tests.bot.journey import assess_with, assessments, fired_rules, onboard, say, tap

NAME = "Zebulon"
WORDS = "I can't pee at all and there's blood"
# Every word a person typed or that describes their health, matched as whole words.
PERSONAL = ["can't", "pee", "there's", "blood", "Berlin", NAME, WORDS]
SYMPTOMS = ["spasm", "spasms", "cramp", "fever", "chills", "urine", "bladder", "peeing", "burning"]
LEVELS = ["emergency", "urgent", "soon", "self_care"]
CHECK_IN = (
    "Yes",  # spasms today
    "Lower back",  # the first place moves on at once
    "7",  # worst severity
    "2",  # how many
    "Burning when peeing",
    "Done",
    "Fever or chills",  # a red flag by button: answered at once, no more questions
    "Done",
)
LOGGERS = ("sqlalchemy", "aiosqlite", "asyncpg", "telegram", "apscheduler", "httpx", "httpcore")


@contextlib.contextmanager
def bot_logging_into(stream: io.StringIO) -> Iterator[None]:
    """`configure_logging("DEBUG", json_lines=True)` writing into `stream`; undone after."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, {n: logging.getLogger(n).level for n in LOGGERS})
    real_stderr = sys.stderr
    sys.stderr = stream  # configure_logging logs to the stderr of the moment
    try:
        configure_logging("DEBUG", json_lines=True)
    finally:
        sys.stderr = real_stderr
    try:
        yield
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
        for name, level in saved[2].items():
            logging.getLogger(name).setLevel(level)


def forbidden_words(rules: list[str]) -> list[str]:
    """What must never be in a log line."""
    vocab = vocabulary()
    terms = [
        *vocab.terms["red_flags"],
        *vocab.terms["urinary"],
        *vocab.terms["spasm_locations"],
    ]
    return [
        *PERSONAL,
        *SYMPTOMS,
        *LEVELS,
        *rules,
        *(term.id for term in terms),
        *(term.label for term in terms),
    ]


async def test_a_check_in_with_red_flags_leaves_no_trace_in_the_logs(tmp_path: Path) -> None:
    stream = io.StringIO()
    with bot_logging_into(stream):
        async with local_bot_api() as server:
            harness = BotHarness(
                server, SettableClock(START), f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
            )
            await harness.start()
            try:
                user = server.user(7301, NAME)
                await onboard(harness, user)
                await say(user, WORDS)
                await tap(user, "Yes")  # yes, the pee was pink or red
                await assess_with(user, *CHECK_IN)
                runs = await assessments(harness, user)
            finally:
                await harness.close_reader()
                await harness.stop()
            assert_schema_clean(server)
            polled = [
                update
                for call in server.calls_to("getUpdates")
                if isinstance(call.result, list)
                for update in call.result
            ]
    # The check-in really did carry red flags, typed and tapped.
    assert [run.triage_level for run in runs][:1] == ["emergency"], user.transcript()
    assert len(runs) >= 2 and runs[-1].triage_level in ("emergency", "urgent")
    rules = sorted({rule for run in runs for rule in fired_rules(run)})
    assert {"urinary_retention", "blood_in_urine"} <= set(rules)

    lines = stream.getvalue().splitlines()
    assert lines, "nothing was logged"
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    leaks = []
    for line in lines:
        if line.count(server.token.split(":")[1]) or server.token in line:
            leaks.append(("token", line))
        for word in forbidden_words(rules):
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", line, re.IGNORECASE):
                leaks.append((word, line))
    assert not leaks, "\n".join(f"{word!r} in {line}" for word, line in leaks)

    handled = [r for r in records if r["message"] == "update handled"]
    assert sorted(r["update_id"] for r in handled) == sorted(u["update_id"] for u in polled)
    kinds = {u["update_id"]: next(k for k in u if k != "update_id") for u in polled}
    for record in handled:
        assert record["logger"] == "bot.updates" and record["level"] == "INFO"
        assert record["update_kind"] == kinds[record["update_id"]]
        assert isinstance(record["handling_ms"], int | float) and record["handling_ms"] >= 0
    assert {r["update_kind"] for r in handled} == {"message", "callback_query"}


@pytest.mark.parametrize("level", ["DEBUG", "INFO"])
def test_sql_and_request_loggers_stay_quiet_at_any_level(level: str) -> None:
    with bot_logging_into(io.StringIO()):
        configure_logging(level, json_lines=True)
        for name in ("sqlalchemy.engine.Engine", "aiosqlite", "asyncpg"):
            assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
        for name in ("telegram.ext.ExtBot", "telegram.ext.Application", "httpx"):
            assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name
