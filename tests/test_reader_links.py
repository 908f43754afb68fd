"""The reader's bulk linking gives exactly the maps and the messages of linking edge by edge (issue 9, stop 14)."""

from __future__ import annotations

import copy
from itertools import chain, count
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import awkward_map

from mindmap.errors import MapFileError
from mindmap.model import ALLOWED_PARENTS, KINDS, MindMap, _DocumentReader

# The kinds each kind may hold; a tree's kinds follow them but now and then break them (or add a second root).
HOLDS = {parent: sorted(kind for kind in KINDS if parent in ALLOWED_PARENTS[kind]) for parent in KINDS}


@st.composite
def tree_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Return a map document of a random tree, its nodes and edges in pre-order as mindmap writes them."""
    size = draw(st.integers(1, 12))
    parents = [draw(st.integers(0, index - 1)) for index in range(1, size)]
    kinds = ["root"]
    for parent in parents:
        allowed = HOLDS[kinds[parent]] if draw(st.integers(0, 9)) else list(KINDS)
        kinds.append(draw(st.sampled_from(allowed or list(KINDS))))
    kids: dict[int, list[int]] = {}
    for child, parent in enumerate(parents, start=1):
        kids.setdefault(parent, []).append(child)
    return preorder_document(kinds, kids)


def preorder_document(kinds: list[str], kids: dict[int, list[int]]) -> dict[str, Any]:
    """Return the map document of the tree KIDS (node -> its children) of KINDS, in pre-order as mindmap writes it."""
    order, edges, stack = [], [], [0]
    while stack:
        node = stack.pop()
        order.append(node)
        edges += [{"source": f"n{node}", "target": f"n{kid}"} for kid in kids.get(node, [])]
        stack.extend(reversed(kids.get(node, [])))
    nodes = [{"id": f"n{index}", "kind": kinds[index], "label": f"Node {index}"} for index in order]
    return {"format": "mindmap", "schema": 1, "graph": {"nodes": nodes, "edges": edges}}


def _break(draw: st.DrawFn, document: dict[str, Any]) -> None:
    """Change DOCUMENT's edges or node order in one of the ways files go wrong (or are merely written otherwise)."""
    nodes, edges = document["graph"]["nodes"], document["graph"]["edges"]
    ids = [node["id"] for node in nodes]
    some_id = st.sampled_from([*ids, "nope", nodes[0]["id"]])
    change = draw(st.sampled_from(["swap", "reverse", "drop", "copy", "source", "target", "odd", "extra", "nodes"]))
    objects = [index for index, edge in enumerate(edges) if isinstance(edge, dict)]  # an earlier change made others
    if change == "swap" and len(edges) > 1:
        i, j = draw(st.integers(0, len(edges) - 1)), draw(st.integers(0, len(edges) - 1))
        edges[i], edges[j] = edges[j], edges[i]
    elif change == "reverse":
        edges.reverse()
    elif change == "drop" and edges:
        del edges[draw(st.integers(0, len(edges) - 1))]
    elif change == "copy" and objects:
        edges.insert(draw(st.integers(0, len(edges))), dict(edges[draw(st.sampled_from(objects))]))
    elif change in ("source", "target") and objects:
        edges[draw(st.sampled_from(objects))][change] = draw(some_id)
    elif change == "odd" and edges:
        odd = st.sampled_from([["a", "b"], "edge", None, {"target": ids[-1]}, {"source": [], "target": ids[-1]}])
        edges[draw(st.integers(0, len(edges) - 1))] = draw(odd)
    elif change == "extra" and objects:
        edges[draw(st.sampled_from(objects))]["note"] = "not part of an edge"
    elif change == "nodes":
        nodes[:] = draw(st.permutations(nodes))


def _read(document: dict[str, Any], adopt: bool, *, bulk: bool) -> tuple[str, Any]:
    """Return ("map", its fresh document and which edge entries it kept) or ("error", the message)."""
    original = _DocumentReader.link_in_bulk
    if not bulk:
        _DocumentReader.link_in_bulk = lambda self, *args: False  # type: ignore[method-assign]
    try:
        mindmap = MindMap.from_document(document, adopt=adopt)
    except MapFileError as error:
        return "error", str(error)
    finally:
        _DocumentReader.link_in_bulk = original  # type: ignore[method-assign]
    read_edges = document["graph"]["edges"]
    kept = [any(entry is raw for raw in read_edges) for entry in mindmap.to_document(fresh=False)["graph"]["edges"]]
    return "map", (mindmap.to_document(), kept)


@settings(max_examples=600)
@given(st.data(), tree_documents(), st.booleans())
def test_bulk_linking_agrees_with_linking_edge_by_edge(data, document, adopt):
    for _ in range(data.draw(st.integers(0, 2))):
        _break(data.draw, document)
    bulk = _read(copy.deepcopy(document), adopt, bulk=True)
    assert bulk == _read(copy.deepcopy(document), adopt, bulk=False)


def test_a_map_as_mindmap_writes_it_is_linked_in_bulk():
    # Otherwise the reader is right but slow again: the usual file must take the bulk path.
    document = awkward_map().to_document()
    reader = _DocumentReader(document, adopt=True)
    calls = []
    original = _DocumentReader.link_in_bulk

    def spy(self: _DocumentReader, *args: Any) -> bool:
        calls.append(original(self, *args))
        return calls[-1]

    _DocumentReader.link_in_bulk = spy  # type: ignore[method-assign]
    try:
        reader.read()
    finally:
        _DocumentReader.link_in_bulk = original  # type: ignore[method-assign]
    assert calls == [True]


def test_the_graph_holds_each_node_by_the_id_its_entry_holds():
    # Lookups match by identity (fast) only if every key of the graph is the object that node_data holds.
    mindmap = MindMap.from_document(orjson_copy(awkward_map().to_document()), adopt=True)
    tree = mindmap._tree
    held = {id(node_id) for node_id in tree._node}
    assert all(id(entry["id"]) in held for entry in tree._node.values())
    for adjacency in (tree._succ, tree._pred):
        assert {id(node_id) for node_id in adjacency} == held
        assert {id(node_id) for node_id in chain.from_iterable(adjacency.values())} <= held


def orjson_copy(document: dict[str, Any]) -> dict[str, Any]:
    """Return DOCUMENT as a file gives it: every text its own object, as a JSON parser makes them."""
    import orjson

    return orjson.loads(orjson.dumps(document))  # type: ignore[no-any-return]


@pytest.mark.parametrize("where", [0, 1, -1])
def test_a_root_anywhere_and_a_second_root_read_as_before(where):
    sample = awkward_map()
    document, expected = sample.to_document(), sample.to_document()
    nodes = document["graph"]["nodes"]
    nodes.insert(where % (len(nodes) + 1), nodes.pop(0))  # the root moved
    assert MindMap.from_document(copy.deepcopy(document), adopt=True).to_document() == expected
    nodes.insert(where % (len(nodes) + 1), {"id": "second", "kind": "root", "label": "Another"})
    with pytest.raises(MapFileError, match="two roots: "):
        MindMap.from_document(document, adopt=True)


@settings(max_examples=200)
@given(tree_documents(), st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11), st.booleans()), max_size=8))
def test_cross_links_are_written_in_the_order_of_their_ends(document, pairs):
    try:
        mindmap = MindMap.from_document(document)
    except MapFileError:
        return
    ids = mindmap.ids()
    for source, target, labelled in pairs:
        if source < len(ids) and target < len(ids) and source != target:
            mindmap.link(ids[source], ids[target], "label" if labelled else "")
    written = mindmap.to_document()
    order = dict(zip((node["id"] for node in written["graph"]["nodes"]), count()))
    ends = [(order[link["source"]], order[link["target"]]) for link in written["crosslinks"]]
    assert ends == sorted(ends)
    assert len(ends) == len(mindmap.links())
    assert set(KINDS) >= {node["kind"] for node in written["graph"]["nodes"]}
