"""A map saved with a UTF-8 byte-order mark (Windows Notepad adds one) is read, and saved without it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from samples import awkward_map

from mindmap.errors import MapFileError
from mindmap.formats import json_map
from mindmap.store import MapFile

BOM = b"\xef\xbb\xbf"
# The bad-input corpus's old case: a whole map, as Notepad saves it.
NOTEPAD_MAP = Path(__file__).parent / "fixtures" / "bom.json"


def test_a_map_with_a_bom_loads_as_the_same_map_without_it(tmp_path: Path) -> None:
    plain = tmp_path / "plain.json"
    MapFile(plain).save(awkward_map())
    marked = tmp_path / "marked.json"
    marked.write_bytes(BOM + plain.read_bytes())
    assert MapFile(marked).load() == MapFile(plain).load()
    assert json_map.loads(BOM + b"{}") == {}


def test_the_next_save_writes_it_without_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "notepad.json"
    path.write_bytes(NOTEPAD_MAP.read_bytes())
    assert path.read_bytes().startswith(BOM)
    mindmap = MapFile(path).load()
    assert MapFile(path).save(mindmap) is True  # the same map, other bytes: written
    data = path.read_bytes()
    assert not data.startswith(BOM)
    assert data == json_map.dumps(mindmap.to_document())
    assert MapFile(path).save(MapFile(path).load()) is False


def test_an_edit_of_a_map_with_a_bom_saves_it_without_and_undo_brings_the_map_back(run: Any, map_path: Path) -> None:
    map_path.write_bytes(BOM + map_path.read_bytes())
    before = map_path.read_bytes()
    assert run("tree").exit_code == 0
    assert map_path.read_bytes() == before  # reading changes nothing
    assert run("add", "sector", "Arts").exit_code == 0
    assert not map_path.read_bytes().startswith(BOM)
    assert MapFile(map_path).load().resolve("Arts")
    assert run("undo").exit_code == 0
    assert map_path.read_bytes() == before[len(BOM) :]  # the map as it was, written as mindmap writes maps


def test_a_bom_twice_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    path.write_bytes(BOM + BOM + b"{}")
    with pytest.raises(MapFileError, match="line 1, column 1"):
        MapFile(path).load()
