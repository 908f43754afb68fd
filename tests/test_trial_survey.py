"""What a trial as a regional survey's research assistant found: scripting, working together, reporting."""

from __future__ import annotations

import pytest

from mindmap import MapFile


@pytest.fixture
def survey(run):
    """A sector with two organisations, each with a channel (a department under one)."""
    run("add", "sector", "Arts")
    run("add", "org", "Derby QUAD", "--under", "Arts")
    run("add", "org", "Derby Theatre", "--under", "Arts")
    run("add", "channel", "https://twitter.com/derbyquad", "--under", "Derby QUAD")
    run("add", "channel", "https://twitter.com/derbytheatre", "--under", "Derby Theatre")
    return run


@pytest.mark.parametrize(
    ("depth", "kinds"),
    [("0", ["root", "sector"]), ("1", ["root", "sector", "organisation", "organisation"])],
)
def test_export_from_a_node_counts_depth_below_that_node(survey, tmp_path, depth, kinds):
    out = tmp_path / "part.json"
    result = survey("export", str(out), "--from", "Arts", "--depth", depth)
    assert result.exit_code == 0, result.stderr
    part = MapFile(out).load()
    assert [node.kind for node in part.nodes()] == kinds


def test_export_from_a_node_at_depth_one_matches_tree(survey, tmp_path):
    out = tmp_path / "part.txt"
    assert survey("export", str(out), "--from", "Arts", "--depth", "1").exit_code == 0
    tree = survey("tree", "Arts", "--depth", "1").stdout
    assert "Twitter" not in out.read_text() and "Twitter" not in tree
    assert "Derby Theatre" in out.read_text() and "Derby Theatre" in tree
