"""Invariants under random edits: the map stays one valid tree and survives save and load unchanged."""

from __future__ import annotations

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
