r"""NODE paths through labels with backslashes: a label ending in '\' and one holding '\/' are named by path.

A path writes a '/' inside a label as '\/', so '\\/' names a label holding '\/' itself, and the path
mindmap prints for any node names it again, even after a label that ends in a backslash.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mindmap.errors import NodeNotFoundError
from mindmap.model import MindMap
from mindmap.store import MapFile


def test_printed_paths_through_backslashes_name_their_nodes(run, map_path):
    run("add", "sector", "Arts")
    run("add", "org", "Back\\", "--under", "Arts")
    run("add", "channel", "https://twitter.com/back", "--under", "Back\\")
    run("add", "org", "x\\\\/y", "--under", "Arts")  # typed 'x\\/y': the label 'x\/y', as a path names it
    mindmap = MapFile(map_path).load()
    channel = mindmap.resolve("Twitter @back")
    organisation = next(n.id for n in mindmap.nodes() if n.label == "x\\/y")
    assert mindmap.path(channel) == "Arts/Back\\/Twitter @back"
    assert mindmap.path(organisation) == "Arts/x\\\\/y"
    for ref, node_id in [
        ("Arts/Back\\/Twitter @back", channel),  # as mindmap prints it
        ("Test map/Arts/Back\\/Twitter @back", channel),  # from the root's label
        ("Back\\/Twitter @back", channel),  # a tail
        ("Arts/x\\\\/y", organisation),
        ("x\\\\/y", organisation),
    ]:
        result = run("set", ref, "--note", f"named by {ref}")
        assert result.exit_code == 0, (ref, result.stderr)
        assert MapFile(map_path).load().node(node_id).note == f"named by {ref}"
    missing = run("set", "Arts/Bac\\/Twitter @back", "--note", "x")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: no node 'Arts/Bac\\/Twitter @back'")


# A tree as the parent of each new topic, by its place among those made before (0 is the root), and its label.
trees = st.lists(st.tuples(st.integers(min_value=0), st.text(alphabet="ab\\/", min_size=1, max_size=4)), max_size=20)


@given(trees)
def test_every_node_with_a_path_of_its_own_is_named_by_it(shape: list[tuple[int, str]]) -> None:
    mindmap = MindMap("Tree")
    made = [mindmap.root]
    for parent, label in shape:
        under = made[parent % len(made)]
        if label not in {mindmap.label(kid) for kid in mindmap.children(under)}:
            made.append(mindmap.add("topic", label, under))
    paths = [mindmap.path(node_id) for node_id in made[1:]]
    for node_id, path in zip(made[1:], paths, strict=True):
        if paths.count(path) == 1:  # 'a\' then 'b' prints as the label 'a/b' does: 'a\/b'
            assert mindmap.resolve(f"Tree/{path}") == node_id


def test_a_printed_path_that_reads_as_another_nodes_label_is_refused_not_followed(run, map_path):
    # '\/\' is the path printed for the '\' under '\', and reads as the label '/\' too (a node under the first
    # '\'): naming either silently would edit a node the user did not mean.
    run("add", "topic", "\\")
    mindmap = MapFile(map_path).load()
    top = mindmap.resolve("\\")
    inner = mindmap.add("topic", "\\", top)
    slashed = mindmap.add("topic", "/\\", top)
    MapFile(map_path).save(mindmap)
    assert mindmap.path(inner) == "\\/\\"
    with pytest.raises(NodeNotFoundError, match=r"names 2 nodes .*; name it by id"):
        mindmap.resolve("\\/\\")
    before = map_path.read_bytes()
    result = run("set", "\\/\\", "--note", "x")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert inner in result.stderr and slashed in result.stderr
    assert map_path.read_bytes() == before
    assert mindmap.resolve("Test map/\\/\\") == inner  # whole paths from the root say which
    assert mindmap.resolve("\\/\\/\\") == slashed


@given(trees)
def test_a_printed_path_names_its_node_or_is_refused(shape: list[tuple[int, str]]) -> None:
    mindmap = MindMap("Tree")
    made = [mindmap.root]
    for parent, label in shape:
        under = made[parent % len(made)]
        if label not in {mindmap.label(kid) for kid in mindmap.children(under)}:
            made.append(mindmap.add("topic", label, under))
    for node_id in made[1:]:
        path = mindmap.path(node_id)
        try:
            found = mindmap.resolve(path)
        except NodeNotFoundError:
            continue  # refused as naming several nodes: never another node silently
        assert mindmap.path(found) == path


def test_did_you_mean_shows_a_label_with_backslashes_as_it_is_typed(run):
    # repr() doubled them: 'Back\\' pasted back names no node.
    run("add", "topic", "Back\\")
    result = run("set", "Bak\\", "--note", "x")
    assert result.exit_code == 1
    assert result.stderr == "Error: no node 'Bak\\'; did you mean 'Back\\'?\n"
    assert run("set", "Back\\", "--note", "x").exit_code == 0
