"""Shared fixtures: a temporary map, a CLI runner that targets it, and the shared corpus."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.store import MapFile

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(autouse=True)
def _quiet_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's environment out of the tests."""
    for name in ("MINDMAP_FILE", "MINDMAP_PLATFORM", "MINDMAP_ID_SEED", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MINDMAP_USER", "tester")
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(scope="session")
def wasm_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder that caches the compiled Graphviz WebAssembly for this test run."""
    return tmp_path_factory.mktemp("wasm-cache")


@pytest.fixture(autouse=True)
def _wasm_cache_in_temp(monkeypatch: pytest.MonkeyPatch, wasm_cache_dir: Path) -> None:
    """Keep the tests' compiled WebAssembly out of the user's cache folder."""
    monkeypatch.setenv("MINDMAP_CACHE_DIR", str(wasm_cache_dir))


@pytest.fixture
def map_path(tmp_path: Path) -> Path:
    """Return the path of a new map titled 'Test map'."""
    path = tmp_path / "test.json"
    result = CliRunner().invoke(app, ["--map", str(path), "init", "Test map"])
    assert result.exit_code == 0, result.output
    return path


Run = Callable[..., "RunResult"]


class RunResult:
    """What one CLI call printed and returned."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr


@pytest.fixture
def run(map_path: Path) -> Callable[..., RunResult]:
    """Return a function that runs `mindmap --map MAP ARGS...` in-process."""

    def invoke(*args: str, input: str | bytes | None = None) -> RunResult:
        result = CliRunner().invoke(app, ["--map", str(map_path), *args], input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return RunResult(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def load(map_path: Path) -> Callable[[], object]:
    """Return a function that loads the test map through the library."""
    return lambda: MapFile(map_path).load()
