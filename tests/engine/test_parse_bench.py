"""The understanding bench runs: the shared corpus loads and a few lines go through the parser
and the safety step. No figure is asserted here (they live in docs/benchmarks.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus" / "lay-phrases.jsonl"


def _bench() -> ModuleType:
    path = ROOT / "bench" / "understanding.py"
    spec = importlib.util.spec_from_file_location("bench_understanding", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not beside the repository")
def test_corpus_loads_with_labels() -> None:
    rows = _bench().load(CORPUS)
    assert len(rows) >= 100
    assert {row["category"] for row in rows} == {"A", "B", "C"}
    assert all({"red_flags", "symptoms", "water_ml"} <= set(row["expect"]) for row in rows)


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not beside the repository")
def test_bench_runs_on_a_few_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert _bench().main([str(CORPUS), "--limit", "12", "--show", "misses"]) == 0
    out = capsys.readouterr().out
    assert "Red-flag messages with no safety step" in out
    assert "parse_text per message" in out
