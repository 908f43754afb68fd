"""A long tree says how to show less (found by the scale trial: 100,004 lines and no word of --depth)."""

from __future__ import annotations

import pytest

from mindmap.cli import view


def test_a_long_tree_without_depth_hints_at_depth(run, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("Arts", "Business", "Crafts"):
        run("add", "sector", name)
    assert "--depth" not in run("tree").stderr
    monkeypatch.setattr(view, "LONG_TREE_LINES", 3)
    assert "--depth" not in run("tree").stderr  # not a terminal: the output is not read scrolling by
    monkeypatch.setattr(view, "on_terminal", lambda: True)
    result = run("tree")
    assert result.exit_code == 0 and result.stdout.count("\n") == 4
    assert "4 lines: show fewer levels with --depth 2" in result.stderr
    assert "--depth" not in run("tree", "--depth", "1").stderr
    assert run("--quiet", "tree").stderr == ""
