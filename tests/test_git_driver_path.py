"""The merge driver `git-setup` writes runs from a shell whose PATH lacks mindmap (an editor's git, a new terminal)."""

from __future__ import annotations

import os
import shutil
import subprocess

from test_git import edit_branch, git, repo  # noqa: F401 (repo is a fixture)

from mindmap.store import MapFile


def test_a_merge_from_a_shell_without_mindmap_on_path_still_merges_both_sides(repo, monkeypatch):  # noqa: F811
    ours = edit_branch(repo, "ours", "Ours", lambda m: m.add("sector", "Ours"))
    theirs = edit_branch(repo, "theirs", "Theirs", lambda m: m.add("sector", "Theirs"))
    git(repo, "checkout", "-q", "ours")
    monkeypatch.setenv("PATH", os.path.dirname(shutil.which("git") or "/usr/bin/git"))
    assert shutil.which("mindmap") is None
    merged = subprocess.run(["git", "merge", "-q", "--no-edit", "theirs"], cwd=repo, capture_output=True, text=True)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    m = MapFile(repo / "maps" / "derby.json").load()
    assert all(node_id in m for node_id in [*ours, *theirs])
