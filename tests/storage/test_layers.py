"""storage/ imports only the engine's ids and types: never bot/, handlers/ or telegram."""

from __future__ import annotations

import ast
from pathlib import Path

import storage

FORBIDDEN = ("bot", "handlers", "telegram")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_storage_imports_nothing_above_it() -> None:
    root = Path(storage.__file__).parent
    offenders = {
        f"{path.relative_to(root)}: {name}"
        for path in root.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    }
    assert not offenders


def test_storage_uses_only_engine_types_and_vocabulary() -> None:
    root = Path(storage.__file__).parent
    engine_modules = {
        name
        for path in root.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] == "engine"
    }
    assert engine_modules <= {"engine.types", "engine.vocabulary"}
