"""Invariants under random edits: the map stays one valid tree and survives save and load unchanged."""

from __future__ import annotations

import contextlib
import copy

from hypothesis import given
from hypothesis import strategies as st

from mindmap.errors import MindmapError
from mindmap.formats import json_map
from mindmap.model import KINDS, MindMap

labels = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(str.strip)
operations = st.lists(
    st.tuples(
        st.sampled_from(["add", "move", "rename", "remove", "link", "unlink"]),
        st.sampled_from(KINDS[1:]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
        labels,
    ),
    max_size=40,
)


def apply(m: MindMap, op: tuple[str, str, int, int, str]) -> None:
    name, kind, a, b, label = op
    ids = m.ids()
    first, second = ids[a % len(ids)], ids[b % len(ids)]
    if name == "add":
        m.add(kind, label, first, position=b % 3 if b % 2 else None)
    elif name == "move":
        m.move(first, second, b % 4 if a % 2 else None)
    elif name == "rename":
        m.rename(first, label)
    elif name == "remove":
        m.remove(first, recursive=bool(b % 2))
    elif name == "link":
        m.link(first, second, label)
    else:
        m.unlink(first, second)


def tree_shape(m: MindMap) -> list[tuple[str, str | None, str, str]]:
    return [(n, m.parent(n), m.kind(n), m.label(n)) for n in m.ids()]


@given(operations)
def test_random_edits_keep_a_valid_tree_that_survives_save_and_load(ops):
    m = MindMap("Property")
    for op in ops:
        before = m.to_document()
        try:
            apply(m, op)
        except MindmapError:
            # A refused edit changes nothing.
            assert m.to_document() == before
        m.validate()
    reloaded = MindMap.from_document(json_map.loads(json_map.dumps(m.to_document())))
    assert tree_shape(reloaded) == tree_shape(m)
    assert reloaded == m
    assert json_map.dumps(reloaded.to_document()) == json_map.dumps(m.to_document())
    assert all(link.source in m and link.target in m for link in m.links())


def edit_fields(m: MindMap, op: tuple[str, str, int, int, str]) -> None:
    name, _, a, b, label = op
    ids = m.ids()
    node = ids[a % len(ids)]
    if name == "add":
        m.update(node, note=label, attributes={label: label, "k": str(b)})
    elif name == "move":
        with_k = [n for n in ids if "k" in m.node(n).attributes] or [node]
        m.update(with_k[b % len(with_k)], unset=["k", "note"] if b % 2 else ["attr:k"], folded=bool(b % 3))
    elif name == "rename":
        m.set_provenance(node, added_by=label, modified_at="2026-01-01T00:00:00Z")
    elif name == "remove":
        m.update(node, url=f"https://example.org/{b}", color="#123456" if b % 2 else "")
    else:
        m.graft(MindMap(label), node if m.kind(node) != "channel" else None)


def apply_any(m: MindMap, op: tuple[str, str, int, int, str]) -> None:
    """Apply OP as a tree edit and as a field edit, each skipped when the map refuses it."""
    with contextlib.suppress(MindmapError):
        apply(m, op)
    with contextlib.suppress(MindmapError):
        edit_fields(m, op)


@given(operations, operations)
def test_edits_never_change_the_document_a_map_was_read_from(ops, field_ops):
    # The store reads a map with adopt=True, so the map's nodes are the document's entries; the journal
    # compares that document with the new one. Every edit must copy a node before changing it.
    m = MindMap("Shared")
    for op in ops:
        apply_any(m, op)
    document = json_map.loads(json_map.dumps(m.to_document()))
    kept = copy.deepcopy(document)
    shared = MindMap.from_document(document, adopt=True)
    for op in ops + field_ops:
        apply_any(shared, op)
        saved = shared.to_document(fresh=False)
        assert MindMap.from_document(saved) == shared
    assert document == kept


def test_a_fresh_document_is_a_copy():
    m = MindMap("Fresh")
    node = m.add("organisation", "Org", m.add("sector", "Sector"), attributes={"k": "v"})
    document = m.to_document()
    for entry in document["graph"]["nodes"]:
        entry["label"] = "changed"
        entry.get("attributes", {})["k"] = "changed"
    assert m.label(node) == "Org"
    assert m.node(node).attributes == {"k": "v"}


@given(operations, operations)
def test_a_copy_and_its_original_change_apart(ops, later):
    m = MindMap("Original")
    for op in ops:
        apply_any(m, op)
    twin = m.copy()
    assert twin == m and twin.links() == m.links()
    m_before = m.to_document()
    for op in later:
        apply_any(twin, op)
        twin.meta.authors.append("someone")
        twin.meta.extra["k"] = "v"
    assert m.to_document() == m_before
    twin_after = twin.to_document()
    for op in later:
        apply_any(m, op)
    m.validate()
    twin.validate()
    assert twin.to_document() == twin_after
