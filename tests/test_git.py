"""Real git in a temporary repository: git-setup, a clean merge through the driver, and a reported conflict."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.formats import json_map
from mindmap.merge import CONFLICT_PREFIX
from mindmap.model import MindMap
from mindmap.store import MapFile


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in REPO and return what it did."""
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check)


def init_repo(repo: Path) -> None:
    """Make REPO a git repository with its own user name and e-mail."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Tester")
    git(repo, "config", "user.email", "tester@example.org")
    git(repo, "config", "commit.gpgsign", "false")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a git repository holding maps/derby.json, committed, with mindmap's driver set up."""
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    # git runs the merge driver through the shell: it must find the `mindmap` of this environment.
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    init_repo(tmp_path)
    (tmp_path / "maps").mkdir()
    m = MindMap("Derby", by="tester")
    m.add("sector", "Arts", node_id="arts")
    m.add("sector", "Public", node_id="public")
    m.add("org", "Derby Quad", "arts", node_id="quad")
    m.add("org", "Museum", "arts", node_id="museum")
    MapFile(tmp_path / "maps" / "derby.json").create(m)
    result = mindmap(tmp_path, "git-setup")
    assert result.exit_code == 0, result.output
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def mindmap(repo: Path, *args: str):
    """Run the mindmap command line on REPO's map from inside REPO."""
    old = os.getcwd()
    os.chdir(repo)
    try:
        return CliRunner().invoke(app, ["--map", "maps/derby.json", *args])
    finally:
        os.chdir(old)


def edit_branch(repo: Path, branch: str, tag: str, change) -> list[str]:
    """Create BRANCH from main, add organisations and channels to Arts, apply CHANGE, commit; return new ids."""
    git(repo, "checkout", "-q", "-b", branch, "main")
    added = []
    with MapFile(repo / "maps" / "derby.json").edit(f"test {branch}") as m:
        for number in range(3):
            org = m.add("org", f"{tag} org {number}", "arts")
            added += [org, m.add("channel", f"{tag} channel {number}", org, url=f"https://x.example/{tag}{number}")]
        change(m)
    git(repo, "commit", "-qam", branch)
    return added


def test_git_setup_is_idempotent(repo):
    attributes = (repo / ".gitattributes").read_text()
    config = git(repo, "config", "--local", "--list").stdout
    again = mindmap(repo, "git-setup")
    assert again.exit_code == 0 and "nothing changed" in again.stderr
    assert (repo / ".gitattributes").read_text() == attributes
    assert git(repo, "config", "--local", "--list").stdout == config
    assert "maps/*.json merge=mindmap diff=mindmap" in attributes.splitlines()
    program = shlex.quote(str(Path(sys.executable).parent / "mindmap"))
    assert git(repo, "config", "merge.mindmap.driver").stdout.strip() == f"{program} merge %O %A %B -o %A --name %P"
    assert git(repo, "check-attr", "merge", "maps/derby.json").stdout.strip().endswith("mindmap")
    # The journal and the lock stay out of git.
    assert git(repo, "check-ignore", "maps/.derby.json.journal").returncode == 0
    mindmap(repo, "git-setup", "--no-textconv")
    assert git(repo, "config", "diff.mindmap.textconv", check=False).returncode != 0


def test_branches_adding_renaming_and_moving_merge_without_conflict(repo):
    ours = edit_branch(repo, "ours", "Ours", lambda m: m.rename("quad", "Derby QUAD"))
    theirs = edit_branch(repo, "theirs", "Theirs", lambda m: m.move("quad", "museum"))
    git(repo, "checkout", "-q", "ours")
    merged = git(repo, "merge", "-q", "--no-edit", "theirs", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    path = repo / "maps" / "derby.json"
    data = path.read_bytes()
    assert b"<<<<<<<" not in data
    m = MapFile(path).load()
    for node_id in [*ours, *theirs]:
        assert node_id in m
    assert m.label("quad") == "Derby QUAD" and m.parent("quad") == "museum"
    assert json_map.dumps(m.to_document()) == data  # deterministic: load and save gives the same bytes
    assert git(repo, "status", "--porcelain").stdout == ""


def test_git_diff_shows_the_text_form(repo):
    edit_branch(repo, "ours", "Ours", lambda m: m.rename("quad", "Derby QUAD"))
    shown = git(repo, "log", "-p", "-1", "--", "maps/derby.json").stdout
    assert "+    - [organisation] Derby QUAD  {quad}" in shown
    assert "-    - [organisation] Derby Quad  {quad}" in shown


def test_real_conflict_is_reported_by_git(repo):
    edit_branch(repo, "ours", "Ours", lambda m: m.rename("quad", "QUAD (ours)"))
    edit_branch(repo, "theirs", "Theirs", lambda m: m.rename("quad", "QUAD (theirs)"))
    git(repo, "checkout", "-q", "ours")
    merged = git(repo, "merge", "--no-edit", "theirs", check=False)
    assert merged.returncode != 0
    assert "CONFLICT" in merged.stdout
    path = repo / "maps" / "derby.json"
    m = MapFile(path).load()  # the driver left a valid map, ours kept, theirs recorded
    assert m.label("quad") == "QUAD (ours)"
    assert m.node("quad").attributes[CONFLICT_PREFIX + "label"] == "QUAD (theirs)"
    assert len([n for n in m.ids() if "org" in m.label(n)]) == 6


def test_git_setup_outside_a_repository_fails_cleanly(tmp_path):
    result = CliRunner().invoke(app, ["--map", str(tmp_path / "m.json"), "git-setup"])
    assert result.exit_code == 1
    assert "not inside a git repository" in result.stderr


def test_git_setup_adds_the_pattern_of_a_map_outside_maps(repo):
    old = os.getcwd()
    os.chdir(repo)
    try:
        result = CliRunner().invoke(app, ["--map", "team map.json", "git-setup"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    assert "/team[[:space:]]map.json merge=mindmap diff=mindmap" in (repo / ".gitattributes").read_text()
    assert git(repo, "check-attr", "merge", "team map.json").stdout.strip().endswith("mindmap")


def test_git_setup_names_this_installation_when_mindmap_is_not_on_path(repo, monkeypatch):
    # An unactivated virtual environment: git would not find `mindmap` mid-merge.
    monkeypatch.setenv("PATH", os.path.dirname(shutil.which("git") or "/usr/bin/git"))
    assert shutil.which("mindmap") is None
    mindmap(repo, "git-setup")
    driver = git(repo, "config", "merge.mindmap.driver").stdout.strip()
    program = Path(sys.executable).parent / "mindmap"
    assert driver == f"{shlex.quote(str(program))} merge %O %A %B -o %A --name %P"
    assert git(repo, "config", "diff.mindmap.textconv").stdout.strip() == f"{shlex.quote(str(program))} git-textconv"


def test_a_merge_through_git_names_the_map_not_gits_temporary_file(repo):
    edit_branch(repo, "theirs", "T", lambda m: m.add("sector", "Theirs"))
    git(repo, "checkout", "-q", "main")
    with MapFile(repo / "maps" / "derby.json").edit("ours") as m:
        m.add("sector", "Ours")
    git(repo, "commit", "-qam", "ours")
    done = git(repo, "merge", "-q", "--no-edit", "theirs", check=False)
    assert done.returncode == 0, done.stderr
    assert "maps/derby.json" in done.stdout + done.stderr
    assert ".merge_file" not in done.stdout + done.stderr


def test_git_setup_warns_of_a_journal_committed_before_it(tmp_path, monkeypatch):
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    init_repo(tmp_path)
    (tmp_path / "maps").mkdir()
    assert mindmap(tmp_path, "init", "Sheffield").exit_code == 0
    assert mindmap(tmp_path, "add", "sector", "Arts").exit_code == 0  # journaled
    git(tmp_path, "add", "-A")  # committed before git-setup: the journal is tracked from now on
    git(tmp_path, "commit", "-qm", "first")
    assert "maps/.derby.json.journal" in git(tmp_path, "ls-files").stdout.split()

    result = mindmap(tmp_path, "git-setup")

    assert result.exit_code == 0
    (warning,) = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    both = "maps/.derby.json.journal maps/.derby.json.lock"
    assert warning == (
        f"Warning: git tracks {both}: a journal (one person's undo history) or lock conflicts in "
        f"every merge; stop tracking them, keeping the files: git rm --cached {both}"
    )
    git(tmp_path, "rm", "-q", "--cached", *both.split())
    assert "Warning" not in mindmap(tmp_path, "git-setup").stderr
    assert (tmp_path / "maps" / ".derby.json.journal").exists()


def test_git_setup_in_a_clean_repository_warns_of_nothing(repo):
    assert "Warning" not in mindmap(repo, "git-setup").stderr
