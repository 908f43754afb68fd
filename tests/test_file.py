"""The map file: deterministic bytes, validation on load, atomic save, concurrent edits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from samples import awkward_map
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.errors import MapFileError
from mindmap.formats import json_map
from mindmap.store import MapFile


def test_load_then_save_gives_identical_bytes(tmp_path):
    path = tmp_path / "m.json"
    MapFile(path).save(awkward_map())
    first = path.read_bytes()
    assert first.endswith(b"}\n") and b'\n  "format": "mindmap",\n' in first
    assert MapFile(path).save(MapFile(path).load()) is False
    MapFile(path).path.write_bytes(json_map.dumps(MapFile(path).load().to_document()))
    assert path.read_bytes() == first


def test_the_committed_example_map_is_canonical():
    path = Path(__file__).resolve().parents[1] / "maps" / "derby.json"
    data = path.read_bytes()
    assert json_map.dumps(MapFile(path).load().to_document()) == data


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b'{"format": "mindmap", "schema": 1, "graph": {"nodes": [', "line 1, column"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"format": "freemind"}', "not a mindmap file"),
        (b"\xef\xbb\xbf\xef\xbb\xbf{}", "line 1, column 1"),  # one byte-order mark is read (tests/test_bom.py)
        (b'{"a": "\xff"}', "not valid UTF-8"),
        (b'{"format": "mindmap", "schema": 7, "graph": {}}', "newer mindmap"),
    ],
)
def test_broken_files_name_the_file_and_the_fault(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(MapFileError) as caught:
        MapFile(path).load()
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_failed_edit_does_not_save(tmp_path):
    path = tmp_path / "m.json"
    MapFile(path).save(awkward_map())
    before = path.read_bytes()
    with pytest.raises(RuntimeError), MapFile(path).edit() as m:
        m.add("sector", "Half-done")
        raise RuntimeError("boom")
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


ADD_MANY = """
import sys
from mindmap.store import MapFile
path, worker = sys.argv[1], sys.argv[2]
for i in range(25):
    with MapFile(path).edit() as m:
        m.add("topic", f"w{worker}-{i}")
"""


def test_four_processes_adding_25_nodes_each_lose_nothing(tmp_path):
    path = tmp_path / "shared.json"
    MapFile(path).save(awkward_map())
    start = len(MapFile(path).load())
    workers = [subprocess.Popen([sys.executable, "-c", ADD_MANY, str(path), str(w)]) for w in range(4)]
    assert [w.wait(timeout=120) for w in workers] == [0, 0, 0, 0]
    m = MapFile(path).load()
    labels = {m.label(n) for n in m.ids()}
    assert len(m) == start + 100
    assert all(f"w{w}-{i}" in labels for w in range(4) for i in range(25))


def test_cli_processes_in_parallel_lose_nothing(tmp_path):
    path = tmp_path / "cli.json"
    mindmap = [sys.executable, "-m", "mindmap", "--map", str(path)]
    subprocess.run([*mindmap, "init", "Parallel"], check=True)
    procs = [subprocess.Popen([*mindmap, "add", "topic", f"p{i}"], stdout=subprocess.DEVNULL) for i in range(8)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    assert len(MapFile(path).load()) == 9


def test_a_mind_map_named_with_map_says_it_is_xml_and_how_to_make_a_map_of_it(run, map_path, tmp_path):
    # Found in a trial: `mindmap --map leicester.mm tree` said "line 1, column 1: unexpected character,
    # expected a JSON value", which tells a newcomer nothing about what to do.
    run("add", "sector", "Arts")
    exported = tmp_path / "leicester.mm"
    assert run("export", str(exported)).exit_code == 0
    before = exported.read_bytes()
    result = CliRunner().invoke(app, ["--map", str(exported), "add", "sector", "Media"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {exported}: not a map file (mindmap's JSON) but XML (a FreeMind .mm or an OPML outline?); "
        "to make a map from it: mindmap --map NEW.json init --from FILE\n"
    )
    assert exported.read_bytes() == before
    made = tmp_path / "new.json"
    advised = CliRunner().invoke(app, ["--map", str(made), "init", "--from", str(exported)])
    assert advised.exit_code == 0, advised.stderr
    assert [MapFile(made).load().label(n) for n in MapFile(made).load().find(kind="sector")] == ["Arts"]


def test_saving_into_a_folder_that_does_not_exist_says_so(tmp_path):
    from mindmap.model import MindMap

    with pytest.raises(MapFileError) as caught:
        MapFile(tmp_path / "missing" / "map.json").save(MindMap("Derby"))
    assert str(caught.value).endswith("map.json: its folder does not exist")
    assert not (tmp_path / "missing").exists()
