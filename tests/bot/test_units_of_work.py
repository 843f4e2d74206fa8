"""One unit of work per update where a handler writes: what a free-text message records (a
drink, the assessment, the questionnaire it opens) is committed in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from tests.bot.journey import assessments, onboard, say

WRITES = ("INSERT", "UPDATE", "DELETE")
# The update's own bookkeeping (issue 13): storing it, settling it, the outbox that makes an
# emergency answer arrive. Not the handler's data, so not counted here.
PLUMBING = ("inbox", "outbox", "instances")


def _plumbing(statement: str) -> bool:
    return any(f" {table} " in f" {statement} " for table in PLUMBING)


class TransactionLog:
    """Every transaction the bot's database engine opens, with the statements it ran."""

    def __init__(self) -> None:
        self.transactions: list[list[str]] = []
        self._open: dict[int, int] = {}

    def begin(self, connection: Connection) -> None:
        self._open[id(connection)] = len(self.transactions)
        self.transactions.append([])

    def execute(self, connection: Connection, *args: Any) -> None:
        statement: str = args[1]
        index = self._open.get(id(connection))
        text = " ".join(statement.split())
        if index is not None and not _plumbing(text.split(" WHERE ")[0]):
            self.transactions[index].append(text)

    def writing(self) -> list[list[str]]:
        """The transactions that wrote something."""
        return [t for t in self.transactions if any(s.startswith(WRITES) for s in t)]

    def touching(self, table: str) -> list[int]:
        """Indexes of the transactions that wrote to `table`."""
        return [
            i
            for i, statements in enumerate(self.transactions)
            if any(s.startswith(WRITES) and f" {table} " in f"{s} " for s in statements)
        ]


@contextmanager
def logged_transactions(engine: Engine) -> Iterator[TransactionLog]:
    log = TransactionLog()
    event.listen(engine, "begin", log.begin)
    event.listen(engine, "before_cursor_execute", log.execute)
    try:
        yield log
    finally:
        event.remove(engine, "begin", log.begin)
        event.remove(engine, "before_cursor_execute", log.execute)


async def test_free_text_records_the_drink_the_assessment_and_the_questionnaire_at_once(harness):
    user = harness.server.user(4801, "Ana")
    await onboard(harness, user)
    with logged_transactions(harness.data.database.engine.sync_engine) as log:
        await say(user, "I can't pee at all and my leg feels funny, drank 500 ml")
    assert [run.triage_level for run in await assessments(harness, user)] == ["emergency"]

    (stored,) = set(log.touching("assessments"))
    assert log.touching("flows")[0] == stored, "the questionnaire opens with the assessment"
    assert set(log.touching("water_logs") + log.touching("day_records")) == {stored}, (
        "the drink and the day are stored with them"
    )
    # The only other write remembers which message shows the questionnaire: its id is known
    # once that message is sent, after the commit.
    assert len(log.writing()) == 2, log.writing()
    # A transaction left with no statement but SQLite's BEGIN ran only plumbing (an instance's
    # heartbeat can land in the window on a busy machine), so it is not the handler's.
    ours = [t for t in log.transactions if any(s != "BEGIN IMMEDIATE" for s in t)]
    assert len(ours) <= 4, log.transactions
