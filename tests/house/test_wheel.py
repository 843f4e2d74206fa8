"""The wheel built from pyproject.toml ships the product only: no fake server, no schema JSON."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


@pytest.mark.slow
def test_the_wheel_leaves_the_fake_server_out(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy, so the build leaves nothing in the worktree
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), "."],
        cwd=source,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    product = {"bot", "handlers", "reminders", "delivery", "storage", "telemetry", "engine", "i18n"}
    assert product | {"inbox", "service"} <= tops
    assert "fakegram" not in tops and "tests" not in tops
    assert "i18n/locales/en/LC_MESSAGES/messages.po" in names  # the words ship with the code
    assert not [name for name in names if name.endswith(".json")]
    assert not [name for name in names if "local_api" in name or "botapi" in name]
