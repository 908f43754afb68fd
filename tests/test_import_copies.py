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
        "Warning: 2 nodes of the file are in the map already (same ids, as in an export of this map): "
        "imported as copies with new ids; `mindmap undo` takes the import back"
    ) in result.stderr
    assert len(load()) == 5
    assert run("undo").exit_code == 0
    assert map_path.read_bytes() == before


def test_a_file_of_new_nodes_gets_no_such_warning(run: Any, tmp_path: Path) -> None:
    form = tmp_path / "form.csv"
    form.write_text("path,kind,url,note,by\nSport/Sheffield Wednesday,org,,,\n", encoding="utf-8")
    result = run("import", str(form))
    assert result.exit_code == 0
    assert "already" not in result.stderr
