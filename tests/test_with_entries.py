"""`MindMap.with_entries`: an import's checked entries hung into a copy of a map, checking where they hang."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mindmap import model
from mindmap.errors import RuleError
from mindmap.model import MindMap


def entry(node_id: str, kind: str = "topic", label: str = "x") -> dict[str, str]:
    return {"id": node_id, "kind": kind, "label": label, "added_at": "2024-01-01T00:00:00Z"}


def edge(source: str, target: str) -> dict[str, str]:
    return {"source": source, "target": target}


@pytest.fixture
def target() -> MindMap:
    mindmap = MindMap("Target", by="tester")
    sector = mindmap.add("sector", "S", node_id="s")
    channel = mindmap.add("channel", "Feed", mindmap.add("organisation", "Org", sector, node_id="o"), node_id="c")
    mindmap.link(sector, channel, "runs")
    return mindmap


def test_the_new_map_holds_the_entries_in_order_and_the_target_stays_as_it_was(target: MindMap) -> None:
    before = target.to_document()
    entries = [entry("a", "organisation"), entry("b", "channel"), entry("d")]
    edges = [edge("s", "a"), edge("a", "b"), edge("s", "d")]
    links = [*before["crosslinks"], {"source": "d", "target": "b", "label": "see"}]
    grafted = target.with_entries(entries, edges, links)
    assert target.to_document() == before
    assert grafted.children("s") == ["o", "a", "d"]
    assert grafted.parent("b") == "a"
    assert grafted.to_document(fresh=False)["graph"]["nodes"][-3:] == [entries[0], entries[1], entries[2]]
    assert all(grafted._data(e["id"]) is e for e in entries)  # kept, not copied
    assert [(link.source, link.target, link.label) for link in grafted.links()] == [
        ("s", "c", "runs"),
        ("d", "b", "see"),
    ]
    assert grafted == MindMap.from_document(grafted.to_document())  # a valid map, as reading it again says


@pytest.mark.parametrize(
    ("entries", "edges", "message"),
    [
        ([entry("o")], [edge("s", "o")], "its id is used already"),
        ([entry("bad id")], [edge("s", "bad id")], "its id is used already or unusable"),
        ([entry("a"), entry("a")], [edge("s", "a"), edge("s", "a")], "its id is used already"),
        ([entry("a")], [], "1 new nodes need as many edges, not 0"),
        ([entry("a")], [edge("nowhere", "a")], "cannot hang the node 'a' under 'nowhere'"),
        ([entry("a")], [edge("s", "o")], "cannot hang the node 'o' under 's'"),
        ([entry("a"), entry("b")], [edge("b", "a"), edge("s", "b")], "cannot hang the node 'a' under 'b'"),
        ([entry("a"), entry("b")], [edge("s", "a"), edge("s", "a")], "cannot hang the node 'a' under 's'"),
        ([entry("a")], [edge("c", "a")], "nothing can go under a channel"),
        ([entry("a", "channel")], [edge("s", "a")], "a channel cannot go under a sector"),
        ([entry("a", "root")], [edge("s", "a")], "cannot be added as 'root'"),
        ([entry("a", "org")], [edge("s", "a")], "cannot be added as 'org'"),
    ],
)
def test_what_does_not_fit_is_refused(target: MindMap, entries, edges, message) -> None:
    before = target.to_document()
    with pytest.raises(RuleError, match=message):
        target.with_entries(entries, edges, [])
    assert target.to_document() == before


@pytest.mark.parametrize(
    "link",
    [{"source": "s", "target": "s"}, {"source": "s", "target": "gone"}, {"source": "gone", "target": "s"}],
)
def test_cross_links_must_join_two_nodes_of_the_map(target: MindMap, link: dict[str, str]) -> None:
    with pytest.raises(RuleError, match="cannot link"):
        target.with_entries([entry("a")], [edge("s", "a")], [link])


# Ids of the target's nodes, new ones, and one that is no id; kinds that fit in places and some that fit nowhere.
IDS = ["s", "o", "c", "a", "b", "d", "bad id"]
KINDS = ["topic", "sector", "organisation", "channel", "root", "org"]


@given(
    st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(KINDS)), max_size=5),
    st.lists(st.tuples(st.sampled_from(IDS + ["nowhere"]), st.sampled_from(IDS)), max_size=6),
)
def test_the_bulk_check_hangs_and_refuses_what_the_edge_by_edge_check_does(new_nodes, new_edges) -> None:
    mindmap = MindMap("Target", by="tester")
    mindmap.add(
        "channel",
        "Feed",
        mindmap.add("organisation", "Org", mindmap.add("sector", "S", node_id="s"), node_id="o"),
        node_id="c",
    )
    entries = [entry(node_id, kind) for node_id, kind in new_nodes]
    edges = [edge(source, target) for source, target in new_edges]

    assert_bulk_agrees(mindmap, entries, edges)


def test_an_import_in_order_is_hung_in_bulk(target: MindMap) -> None:
    entries = [entry("a", "organisation"), entry("b", "channel")]
    assert model._hang_in_bulk(target.copy()._tree, entries, [edge("s", "a"), edge("a", "b")])
    assert not model._hang_in_bulk(target.copy()._tree, entries, [edge("a", "b"), edge("s", "a")])


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "d", "e", "s", "bad id"]), st.sampled_from(["topic", "topic", "channel"]))
    ),
    st.lists(st.sampled_from(["s", "o", "a", "b", "d", "e", "nowhere"])),
)
@example([("a", "topic"), ("b", "topic")], ["b", "s"])  # a hangs from b, which is hung after it
@example([("a", "topic"), ("a", "topic")], ["s", "s"])
@example([("a", "topic"), ("b", "channel")], ["s", "a"])
def test_the_bulk_check_of_an_import_in_order_agrees_with_the_edge_by_edge_check(new_nodes, sources) -> None:
    # As an import lists them: one edge per new node, in the nodes' order (the way the bulk check takes).
    mindmap = MindMap("Target", by="tester")
    mindmap.add("organisation", "Org", mindmap.add("sector", "S", node_id="s"), node_id="o")
    entries = [entry(node_id, kind) for node_id, kind in new_nodes]
    sources += ["s"] * len(new_nodes)
    edges = [edge(source, node_id) for (node_id, _), source in zip(new_nodes, sources, strict=False)]

    assert_bulk_agrees(mindmap, entries, edges)


def assert_bulk_agrees(mindmap: MindMap, entries: list, edges: list) -> None:
    """Assert that hanging ENTRIES by EDGES into MINDMAP gives one map, or one message, with or without the bulk way."""

    def outcome() -> object:
        try:
            return mindmap.with_entries(entries, edges, []).to_document()
        except RuleError as error:
            return str(error)

    fast = outcome()
    with mock.patch.object(model, "_hang_in_bulk", lambda *_: False):
        assert outcome() == fast
