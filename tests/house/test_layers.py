"""The house's arrows point one way: no package imports one above it, and no product package
imports the local Bot API server (fakegram), except `checkin-bot chat`, lazily."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Higher imports lower, never the other way; equal ranks do not import each other.
RANK = {
    "bot": 6,
    "service": 5,  # running what bot/ built: start-up, stopping, logs, the operator's port
    "handlers": 4,
    "reminders": 3,
    "inbox": 3,
    "delivery": 2,
    "storage": 1,
    "telemetry": 1,
    "engine": 0,
    "i18n": -1,  # the catalogs: a leaf every layer may read
}
FAKE_SERVER = "fakegram"
# The one module that may import the fake server, and only inside a function.
LAZY_FAKE_SERVER_USER = "bot/chat.py"


def _modules(package: str) -> Iterator[Path]:
    yield from sorted((ROOT / package).rglob("*.py"))


def _imported(node: ast.AST) -> list[str]:
    """Top-level package names an import statement names (relative imports: none)."""
    if isinstance(node, ast.Import):
        return [alias.name.split(".")[0] for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module.split(".")[0]]
    return []


def _imports(path: Path) -> Iterator[tuple[int, str, bool]]:
    """(line, package, lazy) for every import in the file; lazy: inside a function or under
    `if TYPE_CHECKING:`, so importing the module does not run it."""
    tree = ast.parse(path.read_text(), filename=str(path))

    def walk(node: ast.AST, in_function: bool) -> Iterator[tuple[int, str, bool]]:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            inner = inner or (
                isinstance(child, ast.If)
                and isinstance(child.test, ast.Name)
                and child.test.id == "TYPE_CHECKING"
            )
            for name in _imported(child):
                yield child.lineno, name, in_function
            yield from walk(child, inner)

    yield from walk(tree, False)


@pytest.mark.parametrize("package", sorted(RANK))
def test_no_package_imports_one_above_it(package: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in _modules(package)
        for line, name, _ in _imports(path)
        if name in RANK and name != package and RANK[name] >= RANK[package]
    ]
    assert not wrong, "imports against the house's order:\n" + "\n".join(wrong)


@pytest.mark.parametrize("package", sorted(RANK))
def test_no_product_package_imports_the_fake_server(package: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _modules(package)
        for line, name, in_function in _imports(path)
        if name == FAKE_SERVER
        and not (path.relative_to(ROOT).as_posix() == LAZY_FAKE_SERVER_USER and in_function)
    ]
    assert not wrong, "product code importing fakegram:\n" + "\n".join(wrong)


def test_the_layer_check_sees_a_wrong_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import os\nfrom handlers.x import y\n\ndef f():\n    import fakegram\n")
    assert list(_imports(module)) == [
        (1, "os", False),
        (2, "handlers", False),
        (5, "fakegram", True),
    ]


def test_the_composition_root_stays_small() -> None:
    """bot/ wires the house; anything that grows there belongs in a package of its own."""
    lines = sum(len(path.read_text().splitlines()) for path in _modules("bot"))
    assert lines < 1200, f"bot/ has {lines} lines"
