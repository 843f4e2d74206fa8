"""Every test runs as the bot does: opted in to PTB's timedelta durations. And one SQLite file
at the newest migration, made once per session, for every suite that needs a fresh database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import use_timedelta_durations
from storage.db import Database
from storage.migrate import upgrade_database

use_timedelta_durations()


@pytest.fixture(scope="session")
async def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the newest migration, made once; tests copy it (`fresh_sqlite`).
    Migrating from empty is tested in tests/storage and by every real process start
    (tests/process, tests/webhook/test_instances.py)."""
    path = tmp_path_factory.mktemp("migrated") / "template.db"
    database = Database.from_url(f"sqlite+aiosqlite:///{path}")
    try:
        await upgrade_database(database)
    finally:
        await database.close()  # the last connection closing folds the WAL into the file
    return path


def fresh_sqlite(template: Path, path: Path) -> str:
    """A copy of the migrated template at `path`; its SQLAlchemy URL. An application started on
    it finds its schema current, so its start-up migration has nothing to do."""
    shutil.copy(template, path)
    return f"sqlite+aiosqlite:///{path}"
