"""The first thing a user does: create a map, add to it, see it."""

from mindmap.store import MapFile


def test_init_add_tree(run, map_path):
    sector = run("add", "sector", "Arts").stdout.strip()
    org = run("add", "org", "Derby QUAD", "--under", "Arts").stdout.strip()
    assert run("tree").stdout.splitlines()[2].endswith("Derby QUAD")
    mindmap = MapFile(map_path).load()
    assert mindmap.parent(org) == sector
    assert mindmap.kind(org) == "organisation"


def test_error_is_one_line_and_file_unchanged(run, map_path):
    before = map_path.read_bytes()
    result = run("add", "channel", "x")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: a channel goes under an organisation: add --under")
    assert len(result.stderr.strip().splitlines()) == 1
    assert map_path.read_bytes() == before
