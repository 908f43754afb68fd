"""The merge and git-textconv commands as git calls them: files in, exit codes, files out."""

from __future__ import annotations

import json

from test_merge import sides
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.formats import json_map
from mindmap.merge import CONFLICT_PREFIX
from mindmap.store import MapFile


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def write_sides(tmp_path, base, ours, theirs):
    paths = []
    for name, m in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f"{name}.json"
        path.write_bytes(json_map.dumps(m.to_document()))
        paths.append(path)
    return paths


def test_clean_merge_writes_ours_by_default(tmp_path):
    base, ours, theirs = sides()
    ours.add("org", "o", "A", node_id="o1")
    theirs.add("org", "t", "B", node_id="t1")
    paths = write_sides(tmp_path, base, ours, theirs)
    result = invoke("merge", *map(str, paths))
    assert result.exit_code == 0, result.output
    merged = MapFile(paths[1]).load()
    assert "o1" in merged and "t1" in merged
    assert paths[2].read_bytes() == json_map.dumps(theirs.to_document())  # theirs untouched


def test_conflicting_merge_exits_1_after_writing_a_valid_map(tmp_path):
    base, ours, theirs = sides()
    ours.rename("a1", "ours")
    theirs.rename("a1", "theirs")
    paths = write_sides(tmp_path, base, ours, theirs)
    out = tmp_path / "out.json"
    result = invoke("merge", *map(str, paths), "-o", str(out), "--json")
    assert result.exit_code == 1
    assert "Conflict: label of" in result.stderr and "Error" not in result.stderr
    assert json.loads(result.stdout)[0]["kind"] == "field"
    merged = MapFile(out).load()
    assert merged.node("a1").attributes[CONFLICT_PREFIX + "label"] == "theirs"
    assert paths[1].read_bytes() == json_map.dumps(ours.to_document())


def test_merge_with_an_empty_base_and_with_a_broken_file(tmp_path):
    base, ours, theirs = sides()
    paths = write_sides(tmp_path, base, ours, theirs)
    paths[0].write_bytes(b"")
    assert invoke("merge", *map(str, paths)).exit_code == 0
    paths[2].write_bytes(b"<<<<<<< not json")
    before = paths[1].read_bytes()
    result = invoke("merge", *map(str, paths))
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert paths[1].read_bytes() == before


def test_textconv_prints_ids_and_fields_and_survives_a_broken_file(tmp_path):
    base, _, _ = sides()
    path = tmp_path / "m.json"
    path.write_bytes(json_map.dumps(base.to_document()))
    text = invoke("git-textconv", str(path)).stdout
    assert "  - [sector] A  {A}" in text
    assert "        url: https://x.example/c1" in text
    assert "      link -> B/b1 (partners)  {b1}" in text
    path.write_bytes(b"not a map")
    assert invoke("git-textconv", str(path)).stdout == "not a map"


def test_a_moved_node_the_other_side_removed_comes_back_with_its_channels_and_links(tmp_path):
    # Found in a trial: Alice moved an organisation out of a sector that Bob removed whole; the merge kept
    # the organisation (moved: changed) but dropped its channel and its cross-link without a word.
    base, ours, theirs = sides()
    ours.move("a1", "B")
    theirs.remove("A", recursive=True)
    paths = write_sides(tmp_path, base, ours, theirs)
    result = invoke("merge", *map(str, paths))
    assert result.exit_code == 1
    assert (
        "'B/a1' was removed by theirs but changed by the other side; kept with the 1 node below it that theirs removed"
        in (result.stderr)
    )
    merged = MapFile(paths[1]).load()
    assert merged.parent("a1") == "B" and merged.parent("c1") == "a1"
    assert merged.node("c1").url == "https://x.example/c1"
    assert [(link.source, link.target, link.label) for link in merged.links()] == [("a1", "b1", "partners")]
    assert CONFLICT_PREFIX + "removed" in merged.node("a1").attributes
    assert "A" not in merged and "a2" not in merged  # what nobody changed stays removed


def test_a_link_removed_on_purpose_stays_removed_when_its_node_comes_back(tmp_path):
    base, ours, theirs = sides()
    ours.move("a1", "B")
    ours.unlink("a1", "b1")
    theirs.remove("A", recursive=True)
    paths = write_sides(tmp_path, base, ours, theirs)
    invoke("merge", *map(str, paths))
    merged = MapFile(paths[1]).load()
    assert "a1" in merged and not merged.links()
