"""Setting a node's colour from the command line, and what the exports do with it."""

from __future__ import annotations

import pytest

from mindmap.errors import RuleError
from mindmap.model import MindMap, colour_value


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("#1f77b4", "#1F77B4"), ("#ABC", "#AABBCC"), (" #00ff00 ", "#00FF00"), ("#000000", "#000000")],
)
def test_a_colour_is_stored_as_capital_rrggbb(typed: str, stored: str) -> None:
    assert colour_value(typed) == stored


@pytest.mark.parametrize("typed", ["red", "1f77b4", "#12345", "#GGGGGG", "#1f77b4ff", "", "#"])
def test_anything_but_hex_is_refused_in_one_line(typed: str) -> None:
    with pytest.raises(RuleError) as caught:
        colour_value(typed)
    assert "#RRGGBB" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_set_colour_is_saved_shown_exported_and_cleared(run, load, map_path, tmp_path) -> None:
    run("add", "sector", "Arts")
    result = run("set", "Arts", "--colour", "#c0392b")
    assert result.exit_code == 0, result.stderr
    assert "colour" in result.stderr
    node = load().node(load().resolve("Arts"))
    assert node.color == "#C0392B"
    assert "#C0392B" in run("show", "Arts").stdout
    mm = tmp_path / "out.mm"
    assert run("export", str(mm)).exit_code == 0
    assert 'color="#c0392b"' in mm.read_text().lower().replace("'", '"')
    svg = tmp_path / "out.svg"
    assert run("export", str(svg)).exit_code == 0
    assert "#c0392b" in svg.read_text().lower()
    assert run("set", "Arts", "--color", "").exit_code == 0
    assert load().node(load().resolve("Arts")).color == ""


def test_unset_colour_removes_the_colour_but_not_an_attribute_of_that_name(run, load) -> None:
    run("add", "sector", "Arts")
    run("set", "Arts", "--colour", "#123456", "--attr", "colour=blue")
    assert run("set", "Arts", "--unset", "colour").exit_code == 0
    node = load().node(load().resolve("Arts"))
    assert node.color == "#123456"
    assert "colour" not in node.attributes
    assert run("set", "Arts", "--unset", "colour").exit_code == 0
    assert load().node(load().resolve("Arts")).color == ""


def test_a_wrong_colour_leaves_the_map_as_it_was(run, map_path) -> None:
    run("add", "sector", "Arts")
    before = map_path.read_bytes()
    result = run("set", "Arts", "--colour", "crimson")
    assert result.exit_code == 1
    assert result.stderr == ("Error: 'crimson' is not a colour: write it as #RRGGBB in hexadecimal, e.g. '#1F77B4'\n")
    assert map_path.read_bytes() == before


def test_the_library_unsets_colour_by_either_spelling() -> None:
    mindmap = MindMap("Test")
    arts = mindmap.add("sector", "Arts")
    mindmap.update(arts, color="#123456")
    mindmap.update(arts, unset=["colour"])
    assert mindmap.node(arts).color == ""


@pytest.mark.parametrize(
    "args",
    [
        ["--colour", "#abcdef", "--unset", "colour"],
        ["--note", "new", "--unset", "note"],
        ["--attr", "city=Derby", "--unset", "city"],
    ],
)
def test_setting_and_unsetting_one_field_at_once_is_refused_and_the_map_unchanged(run, map_path, args) -> None:
    run("add", "sector", "Arts")
    assert run("set", "Arts", "--colour", "#000000", "--note", "old", "--attr", "city=Leeds").exit_code == 0
    before = map_path.read_bytes()
    result = run("set", "Arts", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot both set and unset")
    assert map_path.read_bytes() == before


def test_a_colour_below_the_top_says_the_svg_colours_by_the_branch(run) -> None:
    run("add", "sector", "Arts")
    run("add", "org", "Theatre", "--under", "Arts")
    below = run("set", "Theatre", "--colour", "#c0392b")
    assert below.exit_code == 0
    assert "colour a branch by its node right under the root" in below.stdout + below.stderr
    top = run("set", "Arts", "--colour", "#c0392b")
    assert "right under the root" not in top.stdout + top.stderr


def test_log_and_diff_call_the_field_colour_as_the_option_does(run, map_path, tmp_path):
    # The file stores "color"; people typed --colour, so the history says what they typed (found in a trial).
    import shutil

    run("add", "sector", "Arts")
    before = tmp_path / "before.json"
    shutil.copy(map_path, before)
    assert run("set", "Arts", "--colour", "#112233").exit_code == 0
    log = run("log", "-n", "1")
    assert "changed colour of 'Arts'" in log.stdout and "color" not in log.stdout
    diff = run("diff", str(before), str(map_path))
    assert "~ changed colour of " in diff.stdout and "changed color" not in diff.stdout


def test_the_library_stores_colours_as_the_command_line_does_and_refuses_others() -> None:
    mindmap = MindMap("Derby")
    arts = mindmap.add("sector", "Arts", color="#abc")
    assert mindmap.node(arts).color == "#AABBCC"
    mindmap.update(arts, color=" #1f77b4 ")
    assert mindmap.node(arts).color == "#1F77B4"
    before = mindmap.to_document(fresh=True)
    for wrong in ("red", "#12345"):
        with pytest.raises(RuleError, match="#RRGGBB"):
            mindmap.update(arts, color=wrong)
        with pytest.raises(RuleError, match="#RRGGBB"):
            mindmap.add("sector", "Music", color=wrong)
    assert mindmap.to_document(fresh=True) == before
    mindmap.update(arts, color="")  # '' clears it, as `set --colour ''` does
    assert mindmap.node(arts).color == ""


def test_combine_and_graft_keep_a_colour_the_map_holds_already(run, load, map_path, tmp_path) -> None:
    # Imports made before stop 19 stored a file's colour as it was ('red'); the library's colour check is for
    # new input, so combining or grafting such a node must not refuse the colour it already has.
    from mindmap.store import MapFile

    older = MindMap("Derby")
    arts = older.add("sector", "Arts")
    older.add("org", "A", arts)
    document = older.to_document(fresh=True)
    document["graph"]["nodes"].append({**document["graph"]["nodes"][-1], "id": "b", "label": "B", "color": "red"})
    document["graph"]["edges"].append({"source": arts, "target": "b"})
    MapFile(map_path).save(MindMap.from_document(document))
    assert load().node(load().resolve("B")).color == "red"
    before = map_path.read_bytes()
    result = run("combine", "B", "A")
    assert result.exit_code == 0, result.stderr
    assert map_path.read_bytes() != before
    assert load().node(load().resolve("B")).color == "red"
    mindmap = load()
    copy = MindMap("Copy")
    copy.graft(mindmap)
    assert [node.color for node in copy.nodes() if node.label == "B"] == ["red"]
