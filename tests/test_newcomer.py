"""A newcomer's trial of the command line: what tripped a first-time user, each fixed and kept fixed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.model import MindMap
from mindmap.store import MapFile


def test_a_map_git_merged_as_text_says_how_to_merge_it_again(run, map_path):
    text = map_path.read_text("utf-8").splitlines(keepends=True)
    middle = len(text) // 2
    conflicted = [*text[:middle], "<<<<<<< HEAD\n", *text[middle:], "=======\n", ">>>>>>> theirs\n"]
    map_path.write_text("".join(conflicted), "utf-8")
    result = run("tree")
    assert result.exit_code == 1
    assert f"line {middle + 1}: git's conflict markers" in result.stderr
    assert "git-setup" in result.stderr and "git checkout -m" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def git_repository(folder: Path) -> None:
    """Make FOLDER a git repository, or skip the test when git is missing."""
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)


def test_git_setup_warns_when_the_map_it_registers_is_not_there(tmp_path, monkeypatch):
    git_repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    MapFile(tmp_path / "team.json").create(MindMap("Team", by="tester"))
    result = CliRunner().invoke(app, ["git-setup"])  # the default map, mindmap.json, is not the team's map
    assert result.exit_code == 0, result.output
    assert "Warning: there is no map file 'mindmap.json' yet" in result.stderr
    assert "mindmap --map FILE git-setup" in result.stderr
    named = CliRunner().invoke(app, ["--map", "team.json", "git-setup"])
    assert named.exit_code == 0 and "Warning" not in named.stderr
    assert "/team.json merge=mindmap" in (tmp_path / ".gitattributes").read_text("utf-8")


# Sends Ctrl-C to itself while the command line's modules are being imported (deterministically: when
# Python looks for the module that defines the edit commands).
INTERRUPT_WHILE_IMPORTING = """
import os, signal, sys
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "mindmap.cli.edit":
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupt())
from mindmap.cli import main
print("not interrupted")
"""


def test_ctrl_c_while_starting_leaves_quietly_with_status_130():
    done = subprocess.run([sys.executable, "-c", INTERRUPT_WHILE_IMPORTING], capture_output=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (130, b"", b"")


def test_importing_the_package_leaves_the_command_line_and_networkx_unloaded():
    code = "import sys, mindmap; print('networkx' in sys.modules, mindmap.MindMap.__name__, 'networkx' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=os.environ)
    assert done.stdout.split() == ["False", "MindMap", "True"], done.stderr
