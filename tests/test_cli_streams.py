"""Closed, full and broken standard streams end a command cleanly: at most one 'Error:' line, no traceback."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mindmap.store import MapFile

BASH = shutil.which("bash") or "/bin/bash"
pytestmark = pytest.mark.skipif(not Path(BASH).exists(), reason="needs bash to close streams")


def shell(map_path: Path, command: str, redirect: str) -> subprocess.CompletedProcess[str]:
    """Run `mindmap --map MAP COMMAND REDIRECT` in sh and return what it printed on stderr."""
    line = f"{shlex.quote(sys.executable)} -m mindmap --map {shlex.quote(str(map_path))} {command} {redirect}"
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(line, shell=True, executable=BASH, stderr=subprocess.PIPE, text=True, env=env, check=False)


def assert_clean(result: subprocess.CompletedProcess[str], code: int, error: str | None = None) -> None:
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert result.stderr.strip() == "\n".join(errors).strip(), result.stderr
    assert len(errors) == (1 if error else 0), result.stderr
    if error:
        assert error in errors[0]
    assert result.returncode == code


@pytest.fixture
def sector_map(map_path: Path) -> Path:
    with MapFile(map_path).edit() as mindmap:
        sector = mindmap.add("sector", "S")
        for number in range(2000):
            mindmap.add("organisation", f"Org {number}\nsecond line", sector)
    return map_path


def test_tree_to_closed_stdout(sector_map: Path) -> None:
    assert_clean(shell(sector_map, "tree", ">&-"), 0)


def test_batch_from_closed_stdin(sector_map: Path) -> None:
    assert_clean(shell(sector_map, "batch -", "<&-"), 1, "standard input is closed")


def test_export_to_closed_stdout(sector_map: Path) -> None:
    assert_clean(shell(sector_map, "export - -f json", ">&-"), 1, "cannot write to standard output")


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


@needs_dev_full
def test_add_to_full_stdout_saves_and_says_so(sector_map: Path) -> None:
    result = shell(sector_map, "add org X --under S", ">/dev/full")
    assert_clean(result, 1, "Error: cannot write to standard output: No space left on device")
    assert MapFile(sector_map).load().resolve("S/X")


@needs_dev_full
@pytest.mark.parametrize("command", ["export - -f json", "tree", "--help", "--version", "add --help"])
def test_output_to_full_stdout(sector_map: Path, command: str) -> None:
    assert_clean(shell(sector_map, command, ">/dev/full"), 1, "cannot write to standard output: No space left")


@pytest.mark.parametrize("command", ["find org", "tree", "export - -f json"])
def test_closed_pipe_is_quiet_and_succeeds(sector_map: Path, command: str) -> None:
    result = shell(sector_map, command, "| head -1 >/dev/null; exit ${PIPESTATUS[0]}")
    assert_clean(result, 0)


def test_a_command_leaves_with_all_its_output_and_its_exit_code(sector_map: Path) -> None:
    # main() ends the process with os._exit after flushing (no slow teardown): nothing may be lost.
    from typer.testing import CliRunner

    from mindmap.cli import app

    def run(*words: str) -> subprocess.CompletedProcess[str]:
        line = [sys.executable, "-m", "mindmap", "--map", str(sector_map), *words]
        env = {**os.environ, "NO_COLOR": "1"}
        return subprocess.run(line, capture_output=True, text=True, env=env, check=False)

    whole = run("tree", "--json")
    expected = CliRunner().invoke(app, ["--map", str(sector_map), "tree", "--json"])
    assert whole.returncode == 0
    assert len(whole.stdout) > 100_000  # more than a pipe holds, so it was written while running
    assert whole.stdout == expected.stdout
    missing = run("show", "No such node")
    assert (missing.returncode, missing.stderr.count("Error:")) == (1, 1)
    mistake = run("no-such-command")
    assert (mistake.returncode, mistake.stderr.count("Error:"), mistake.stderr.count("\n")) == (1, 1, 1)


@pytest.mark.parametrize("command", ["--help", "add --help", "tree --help", "--version", "tree", "export - -f json"])
def test_help_and_output_to_a_pipe_nobody_reads_exit_quietly(sector_map: Path, command: str) -> None:
    # The pipe's reading end is closed before mindmap starts, so its first write meets a broken pipe
    # every time (with `| head -1` a short help may be written before head leaves). The exit status
    # is _app.CLOSED_PIPE_EXIT (0); rich (help) and click (version) alone would exit 1.
    reader, writer = os.pipe()
    os.close(reader)
    try:
        line = [sys.executable, "-m", "mindmap", "--map", str(sector_map), *command.split()]
        env = {**os.environ, "NO_COLOR": "1"}
        result = subprocess.run(line, stdout=writer, stderr=subprocess.PIPE, text=True, env=env, check=False)
    finally:
        os.close(writer)
    assert_clean(result, 0)


@pytest.mark.parametrize("command", ["--help", "tree --help"])
def test_help_through_head_exits_quietly(sector_map: Path, command: str) -> None:
    assert_clean(shell(sector_map, command, "| head -1 >/dev/null; exit ${PIPESTATUS[0]}"), 0)
