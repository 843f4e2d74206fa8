"""The engine stays pure: no Telegram, database, network, environment or clock, and no code
from data. Every module under engine/ is read with `ast`, not imported."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE_DIR = Path(__file__).resolve().parents[2] / "engine"

FORBIDDEN_MODULES = frozenset({
    # front ends, storage and the layers above the engine
    "telegram", "sqlalchemy", "aiosqlite", "asyncpg", "alembic", "bot", "handlers", "storage",
    # network, processes, environment and files
    "httpx", "aiohttp", "requests", "urllib", "http", "socket", "subprocess", "os", "shutil",
    "sqlite3",
    # the clock and chance: the same input must give the same answer
    "time", "random", "secrets", "uuid",
})  # fmt: skip
CLOCK_METHODS = frozenset({"now", "utcnow", "today"})  # datetime.now(), date.today(), ...
FORBIDDEN_CALLS = frozenset({"open", "print", "input", "eval", "exec", "compile", "__import__"})


def impurities(source: str) -> list[str]:
    """What in this module's source breaks the engine's purity, as `line: finding`."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        for module in modules:
            if module.split(".")[0] in FORBIDDEN_MODULES:
                found.append(f"{node.lineno}: imports {module}")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in CLOCK_METHODS:
                found.append(f"{node.lineno}: reads the clock with .{func.attr}()")
            if isinstance(func, ast.Attribute) and func.attr == "time":
                found.append(f"{node.lineno}: reads the clock with .time()")
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                found.append(f"{node.lineno}: calls {func.id}()")
    return found


def engine_modules() -> list[Path]:
    return sorted(ENGINE_DIR.rglob("*.py"))


def test_engine_modules_are_found() -> None:
    names = {path.name for path in engine_modules()}
    assert {"assess.py", "rulebook.py", "conditions.py", "validation.py"} <= names


@pytest.mark.parametrize(
    "path", engine_modules(), ids=lambda p: str(p.relative_to(ENGINE_DIR.parent))
)
def test_engine_module_is_pure(path: Path) -> None:
    assert impurities(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "import os",
        "import os.path as p",
        "from telegram import Update",
        "from sqlalchemy.orm import Session",
        "import time",
        "from storage.repositories import Repos",
        "import bot.cli",
        "from handlers import checkin",
        "import datetime\nx = datetime.date.today()",
        "from datetime import datetime\nx = datetime.now()",
        "import datetime as dt\nx = dt.datetime.utcnow()",
        "from time import time\nx = time()",
        "data = open('x').read()",
        "eval('1 + 1')",
    ],
)
def test_the_check_catches_impurities(source: str) -> None:
    assert impurities(source) != []


def test_the_check_allows_what_the_engine_uses() -> None:
    source = (
        "import datetime as dt\nimport tomllib\nfrom importlib import resources\n"
        "from engine.types import Day\nday = dt.date(2026, 11, 22)\nfacts.today\n"
    )
    assert impurities(source) == []
