"""Importing a map's own export again makes copies: the import says so, and undo takes it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize("extension", ["csv", "mm", "opml"])
def test_importing_the_maps_own_export_warns_that_it_makes_copies(
    run: Any, load: Any, map_path: Path, tmp_path: Path, extension: str
) -> None:
    run("add", "sector", "Sport")
    run("add", "org", "Sheffield United", "--under", "Sport")
    exported = tmp_path / f"map.{extension}"
    run("export", str(exported))
    before = map_path.read_bytes()
    result = run("import", str(exported))
    assert result.exit_code == 0
    assert (
        "Warning: 2 nodes of the file are in the map already (same ids: an export of this map, or a file "
        "imported before): imported as copies with new ids; `mindmap undo` takes the import back"
    ) in result.stderr
    # The Leicester trial: a colleague's Freeplane edits of an export came back as a second copy of the map.
    assert (
        "to take in the edits made to an export instead, make it a map (`mindmap --map theirs.json init --from FILE`) "
        "and `mindmap merge` it (docs/freemind.md)" in result.stderr
    )
    assert len(load()) == 5
    assert run("undo").exit_code == 0
    assert map_path.read_bytes() == before


def test_a_file_of_new_nodes_gets_no_such_warning(run: Any, tmp_path: Path) -> None:
    form = tmp_path / "form.csv"
    form.write_text("path,kind,url,note,by\nSport/Sheffield Wednesday,org,,,\n", encoding="utf-8")
    result = run("import", str(form))
    assert result.exit_code == 0
    assert "already" not in result.stderr


def test_a_file_sharing_ids_with_one_imported_before_is_not_called_an_export(run: Any, tmp_path: Path) -> None:
    # Found in a trial: FreeMind's 0.8 features map shares a node id with its 0.7 help map; importing the
    # second after the first warned "as in an export of this map", which it was not.
    first, second = tmp_path / "help.mm", tmp_path / "features.mm"
    first.write_text('<map version="0.7.1"><node ID="Freemind_Link_1" TEXT="Help"/></map>', encoding="utf-8")
    second.write_text(
        '<map version="0.8.0"><node TEXT="Features"><node ID="Freemind_Link_1" TEXT="Help"/></node></map>',
        encoding="utf-8",
    )
    assert run("import", str(first)).exit_code == 0
    result = run("import", str(second))
    assert result.exit_code == 0
    assert "1 node of the file is in the map already (same ids: an export of this map, or a file imported " in (
        result.stderr
    )
    assert "as in an export of this map" not in result.stderr
