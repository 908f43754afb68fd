"""Shell completion: NODE arguments complete from the current map's labels and paths."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mindmap.cli import app
from mindmap.cli._complete import complete_kind, complete_node, node_completions


@pytest.fixture
def arts_map(run, map_path: Path) -> Path:
    for args in (
        ("add", "sector", "Arts and culture"),
        ("add", "sector", "Education"),
        ("add", "org", "Derby QUAD", "--under", "Arts and culture"),
        ("add", "org", "Derby Theatre", "--under", "Arts and culture"),
        ("add", "org", "Derby Theatre", "--under", "Education"),  # the same label twice: paths tell them apart
        ("add", "org", "Café/Bar", "--under", "Education"),
    ):
        assert run(*args).exit_code == 0
    return map_path


def test_labels_complete_and_repeated_labels_as_paths(arts_map: Path):
    assert node_completions(str(arts_map), "Derby") == ["Derby QUAD"]
    # Repeated labels are offered as paths, so they come up under their sector's name.
    assert node_completions(str(arts_map), "Ed") == ["Education", "Education/Derby Theatre", "Education/Café\\/Bar"]
    assert node_completions(str(arts_map), "Education/") == [
        "Education/Derby Theatre",
        "Education/Café\\/Bar",
    ]
    assert node_completions(str(arts_map), "derby") == []  # the shell keeps only exact prefixes anyway
    assert "Arts and culture/Derby Theatre" in node_completions(str(arts_map), "")


def test_text_with_a_slash_completes_paths(arts_map: Path):
    assert node_completions(str(arts_map), "Arts and culture/") == [
        "Arts and culture/Derby QUAD",
        "Arts and culture/Derby Theatre",
    ]


@pytest.mark.parametrize("content", [None, b"", b"{not json", b'{"format": "mindmap", "version": 99}', b"\xff\xfe"])
def test_a_missing_or_broken_map_gives_no_completions(tmp_path: Path, content: bytes | None):
    path = tmp_path / "map.json"
    if content is not None:
        path.write_bytes(content)
    assert node_completions(str(path), "") == []


def test_the_callback_finds_the_map_from_the_root_context(arts_map: Path):
    command = typer.main.get_command(app)
    ctx = command.make_context("mindmap", ["--map", str(arts_map), "tree"], resilient_parsing=True)
    assert complete_node(ctx, "Derby Q") == ["Derby QUAD"]
    assert complete_node(None, "x") == []  # no context, no map in the current folder: nothing, and no error


def test_kinds_complete():
    assert complete_kind("o") == ["org"]
    assert complete_kind("") == ["sector", "org", "channel", "topic"]


def test_bash_completion_end_to_end(arts_map: Path, tmp_path: Path):
    """Complete `move "Derby QUAD" --under Arts\\ and\\ culture/D` as the bash script of --install-completion does."""
    env = {
        **os.environ,
        "_MINDMAP_COMPLETE": "complete_bash",
        "COMP_WORDS": f'mindmap --map {arts_map} move "Derby QUAD" --under Arts\\ and\\ culture/D',
        "COMP_CWORD": "6",
    }
    program = "import sys; from mindmap.cli import main; sys.argv[0] = 'mindmap'; main()"
    result = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Arts and culture/Derby QUAD", "Arts and culture/Derby Theatre"]


def test_show_completion_prints_a_script():
    result = subprocess.run(
        [sys.executable, "-m", "mindmap", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
        # Typer guesses the shell from the parent processes, which fails when pytest runs as a background
        # job ("Shell  not supported"); with guessing off, --show-completion takes the shell named here.
        env={**os.environ, "SHELL": "/bin/bash", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "complete_bash" in result.stdout


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=200), incomplete=st.text(max_size=20))
def test_completion_never_raises(tmp_path: Path, content: bytes, incomplete: str):
    path = tmp_path / "fuzzed.json"
    path.write_bytes(content)
    assert node_completions(str(path), incomplete) == []
    assert isinstance(complete_node(object(), incomplete), list)  # a context without find_root: no crash
