"""An export read back keeps every node's id, the root's too, in every format that carries ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from samples import awkward_map
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.formats import WriteOptions, get_format
from mindmap.store import MapFile


@pytest.mark.parametrize("extension", ["csv", "opml", "mm"])
def test_init_from_an_export_keeps_the_roots_id(run: Any, load: Any, tmp_path: Path, extension: str) -> None:
    run("add", "sector", "Arts")
    run("add", "org", "Theatre", "--under", "Arts")
    exported = tmp_path / f"map.{extension}"
    assert run("export", str(exported)).exit_code == 0
    copy = tmp_path / "copy.json"
    result = CliRunner().invoke(app, ["--map", str(copy), "init", "--from", str(exported)])
    assert result.exit_code == 0, result.output
    original, again = load(), MapFile(copy).load()
    assert again.root == original.root
    assert set(again.ids()) == set(original.ids())


@pytest.mark.parametrize("extension", ["csv", "opml"])
def test_the_readers_keep_the_roots_id_of_an_awkward_map(extension: str) -> None:
    mindmap = awkward_map()
    form = get_format(extension)
    assert form.read is not None and form.write is not None
    again = form.read(form.write(mindmap, WriteOptions()).data).mindmap
    assert again.root == mindmap.root


def test_a_root_id_no_map_may_hold_gets_a_new_one() -> None:
    mindmap = awkward_map()
    csv = get_format("csv")
    assert csv.read is not None and csv.write is not None
    data = csv.write(mindmap, WriteOptions()).data.replace(mindmap.root.encode(), b"bad id!")
    again = csv.read(data).mindmap
    assert again.root != "bad id!"
    assert len(again) == len(mindmap)


def test_opml_carries_the_roots_provenance_on_its_head() -> None:
    mindmap = awkward_map()
    opml = get_format("opml")
    assert opml.read is not None and opml.write is not None
    again = opml.read(opml.write(mindmap, WriteOptions()).data).mindmap
    was, now = mindmap.node(mindmap.root), again.node(again.root)
    assert (now.added_by, now.added_at, now.modified_at) == (was.added_by, was.added_at, was.modified_at)


def test_opml_head_provenance_is_cleaned_as_an_outlines_is() -> None:
    # A line break in a hand-edited attribute: an outline's becomes a space, and so does <head>'s (not a refusal).
    data = (
        b'<opml version="2.0"><head mindmap_added_by="Tim&#10;Cole"><title>T</title></head>'
        b'<body><outline text="A" mindmap_added_by="Paul&#10;Cole"/></body></opml>'
    )
    mindmap = get_format("opml").read(data).mindmap
    assert mindmap.node(mindmap.root).added_by == "Tim Cole"
    assert mindmap.node(mindmap.resolve("A")).added_by == "Paul Cole"
