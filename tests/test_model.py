"""The model's rules: placement, addressing, editing and the document it saves."""

from __future__ import annotations

import difflib
import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mindmap.errors import MapFileError, NodeNotFoundError, RuleError
from mindmap.model import ALLOWED_PARENTS, KINDS, MindMap, could_be_close


def map_with_every_kind() -> tuple[MindMap, dict[str, str]]:
    m = MindMap("Kinds")
    sector = m.add("sector", "S")
    org = m.add("org", "O", sector)
    channel = m.add("channel", "C", org)
    topic = m.add("topic", "T", sector)
    return m, {"root": m.root, "sector": sector, "organisation": org, "channel": channel, "topic": topic}


@pytest.mark.parametrize(("kind", "parent_kind"), list(itertools.product(KINDS[1:], KINDS)))
def test_every_parent_child_pair(kind: str, parent_kind: str) -> None:
    m, ids = map_with_every_kind()
    allowed = parent_kind in ALLOWED_PARENTS[kind]
    if allowed:
        new = m.add(kind, "new", ids[parent_kind])
        assert m.parent(new) == ids[parent_kind]
        m.validate()
    else:
        with pytest.raises(RuleError):
            m.add(kind, "new", ids[parent_kind])
        assert len(m) == 5


def test_the_rules_as_the_issue_states_them() -> None:
    assert ALLOWED_PARENTS["sector"] == {"root", "sector"}
    assert ALLOWED_PARENTS["organisation"] == {"sector", "organisation"}
    assert ALLOWED_PARENTS["channel"] == {"organisation"}
    assert all("channel" not in parents for parents in ALLOWED_PARENTS.values())
    assert ALLOWED_PARENTS["topic"] == {"root", "sector", "organisation", "topic"}


def test_move_obeys_the_rules_and_refuses_cycles() -> None:
    m, ids = map_with_every_kind()
    with pytest.raises(RuleError, match="under"):
        m.move(ids["channel"], ids["sector"])
    with pytest.raises(RuleError, match="itself or its own descendant"):
        m.move(ids["sector"], ids["organisation"])
    with pytest.raises(RuleError, match="root cannot be moved"):
        m.move(m.root, ids["sector"])
    second = m.add("sector", "S2")
    m.move(ids["organisation"], second)
    assert m.path(ids["channel"]) == "S2/O/C"


def test_kind_alias_and_unknown_kind() -> None:
    m = MindMap("x")
    sector = m.add("sector", "S")
    assert m.kind(m.add("org", "O", sector)) == "organisation"
    assert m.kind(m.add("organization", "O2", sector)) == "organisation"
    with pytest.raises(RuleError, match="unknown kind"):
        m.add("person", "P")
    with pytest.raises(RuleError, match="exactly one root"):
        m.add("root", "R")


def test_positions_keep_sibling_order() -> None:
    m = MindMap("x")
    a = m.add("sector", "A")
    b = m.add("sector", "B")
    c = m.add("sector", "C", position=0)
    assert m.children(m.root) == [c, a, b]
    m.move(b, m.root, 1)
    assert m.children(m.root) == [c, b, a]
    m.move(c, m.root, 99)
    assert m.children(m.root) == [b, a, c]


def test_ids_are_short_random_and_unique() -> None:
    m = MindMap("x")
    ids = {m.add("topic", f"t{i}") for i in range(500)}
    assert len(ids) == 500
    assert all(len(i) == 10 and i.isalnum() for i in ids)
    other = MindMap("x")
    assert not ids & {other.add("topic", f"t{i}") for i in range(500)}


def test_resolve_by_id_label_path_and_escape() -> None:
    m = MindMap("Root")
    a = m.add("sector", "Public sector")
    b = m.add("sector", "Arts/Culture")
    council = m.add("org", "Council", a)
    council2 = m.add("org", "Council", b)
    assert m.resolve(a) == a
    assert m.resolve("Public sector") == a
    assert m.resolve("public SECTOR") == a
    assert m.resolve("Public sector/Council") == council
    assert m.resolve("Arts\\/Culture/Council") == council2
    assert m.resolve("Arts\\/Culture") == b
    assert m.resolve("Root/Public sector/Council") == council
    assert m.path(council2) == "Arts\\/Culture/Council"
    assert m.resolve(m.path(council2)) == council2


def test_ambiguous_and_unknown_nodes_list_candidates() -> None:
    m = MindMap("Root")
    a = m.add("sector", "Public")
    b = m.add("sector", "Arts")
    m.add("org", "Council", a)
    m.add("org", "Council", b)
    with pytest.raises(NodeNotFoundError, match=r"matches 2 nodes: Public/Council .*; Arts/Council"):
        m.resolve("Council")
    with pytest.raises(NodeNotFoundError, match="did you mean 'Council'"):
        m.resolve("Councel")
    with pytest.raises(NodeNotFoundError, match="no node 'Nothing like it'"):
        m.resolve("Nothing like it")
    with pytest.raises(NodeNotFoundError, match="empty"):
        m.resolve("  ")


def test_labels_are_checked() -> None:
    m = MindMap("x")
    with pytest.raises(RuleError, match="empty"):
        m.add("topic", "   ")
    with pytest.raises(RuleError, match="limit"):
        m.add("topic", "x" * 100_000)
    with pytest.raises(RuleError, match="U\\+001B"):
        m.add("topic", "red \x1b[31m text")
    assert m.label(m.add("topic", "two\nlines")) == "two\nlines"


def test_update_sets_and_unsets_fields_and_attributes() -> None:
    m, ids = map_with_every_kind()
    org = ids["organisation"]
    m.update(org, note="n", url="https://example.org", attributes={"city": "Derby", "size": "big"})
    node = m.node(org)
    assert (node.note, node.url, node.attributes) == ("n", "https://example.org", {"city": "Derby", "size": "big"})
    m.update(org, unset=["city", "note"])
    node = m.node(org)
    assert (node.note, node.attributes) == ("", {"size": "big"})
    with pytest.raises(RuleError, match="cannot unset 'colur'"):
        m.update(org, unset=["colur"])
    m.update(ids["topic"], kind="organisation")
    assert m.kind(ids["topic"]) == "organisation"
    with pytest.raises(RuleError):
        m.update(ids["channel"], kind="sector")


def test_remove_needs_recursive_and_drops_links() -> None:
    m, ids = map_with_every_kind()
    m.link(ids["topic"], ids["channel"], "see")
    with pytest.raises(RuleError, match="--recursive"):
        m.remove(ids["organisation"])
    assert m.remove(ids["organisation"], recursive=True) == 2
    assert m.links() == []
    with pytest.raises(RuleError, match="root cannot be removed"):
        m.remove(m.root, recursive=True)


def test_links_and_unlink() -> None:
    m, ids = map_with_every_kind()
    m.link(ids["organisation"], ids["topic"], "works in")
    assert [(link.source, link.target, link.label) for link in m.links()] == [
        (ids["organisation"], ids["topic"], "works in")
    ]
    with pytest.raises(RuleError, match="itself"):
        m.link(ids["topic"], ids["topic"])
    m.unlink(ids["organisation"], ids["topic"])
    assert m.links() == []
    with pytest.raises(RuleError, match="no link"):
        m.unlink(ids["organisation"], ids["topic"])


def test_document_round_trip_and_networkx_node_link_shape() -> None:
    m, ids = map_with_every_kind()
    m.link(ids["organisation"], ids["topic"], "x")
    doc = m.to_document()
    assert doc["format"] == "mindmap" and doc["schema"] == 1
    graph = nx.node_link_graph(doc["graph"], edges="edges")
    assert nx.is_arborescence(graph)
    assert set(graph.nodes) == set(m.ids())
    assert MindMap.from_document(doc) == m
    assert [n["id"] for n in doc["graph"]["nodes"]] == m.ids()


def test_subtree_keeps_the_ancestor_chain_and_cuts_depth() -> None:
    m, ids = map_with_every_kind()
    other = m.add("sector", "Other")
    part = m.subtree(ids["organisation"])
    assert set(part.ids()) == {m.root, ids["sector"], ids["organisation"], ids["channel"]}
    assert other not in part
    assert set(m.subtree(m.root, 1).ids()) == {m.root, ids["sector"], other}


def test_graft_copies_a_tree_and_keeps_free_ids() -> None:
    m, ids = map_with_every_kind()
    source, source_ids = map_with_every_kind()
    mapping = m.graft(source, ids["sector"])
    assert len(m) == 10
    assert m.kind(mapping[source.root]) == "sector"  # the first kind that fits its parent and children
    assert mapping[source_ids["channel"]] == source_ids["channel"]
    m.validate()


def test_from_document_reports_where_it_is_broken() -> None:
    m, _ = map_with_every_kind()
    doc = m.to_document()
    doc["graph"]["nodes"][2]["kind"] = "person"
    with pytest.raises(MapFileError, match=r"graph.nodes\[2\].kind: unknown kind 'person'"):
        MindMap.from_document(doc)
    doc = m.to_document()
    doc["schema"] = 99
    with pytest.raises(MapFileError, match="newer mindmap"):
        MindMap.from_document(doc)


def test_noncharacters_that_xml_cannot_hold_are_refused_and_cleaned() -> None:
    # Found by the FreeMind round-trip fuzzer: U+FFFE passed the model, then broke the .mm writer.
    m = MindMap("x")
    with pytest.raises(RuleError, match="U\\+FFFE"):
        m.add("topic", "a\ufffeb")
    from mindmap.model import clean_text

    assert clean_text("a\ufffeb\uffffc\x00d") == "abcd"


def test_a_path_may_be_the_tail_of_a_full_path() -> None:
    m = MindMap("Root")
    arts = m.add("sector", "Arts")
    quad = m.add("org", "QUAD", arts)
    feed = m.add("channel", "Twitter", quad)
    museum = m.add("org", "Museum", arts)
    m.add("channel", "Twitter", museum)
    assert m.resolve("QUAD/Twitter") == feed
    assert m.resolve("arts/quad/twitter") == feed
    with pytest.raises(NodeNotFoundError, match="matches 2 nodes"):
        m.resolve("Twitter")
    with pytest.raises(NodeNotFoundError, match="no node 'Nowhere/Twitter'"):
        m.resolve("Nowhere/Twitter")


@pytest.mark.parametrize("bad", ["abc\n", "a b", "x" * 65, ""])
def test_an_id_must_be_a_word_to_its_last_character(bad: str) -> None:
    # "$" in the id pattern let a final line break through; the pattern ends with \Z now.
    m = MindMap("Ids")
    with pytest.raises(RuleError, match="not a usable id|already used"):
        m.add("sector", "S", node_id=bad)
    document = m.to_document()
    document["graph"]["nodes"].append({"id": bad, "kind": "sector", "label": "S"})
    document["graph"]["edges"].append({"source": m.root, "target": bad})
    with pytest.raises(MapFileError, match=r"graph\.nodes\[1\]\.id"):
        MindMap.from_document(document)


def test_two_nodes_of_one_name_under_one_parent_are_told_apart_by_id():
    # Both sides of a merge added the same organisation: its path names both, so only the id helps.
    from mindmap.checks import check
    from mindmap.merge import merge_maps

    base = MindMap("Merged")
    arts = base.add("sector", "Arts")
    ours, theirs = base.copy(), base.copy()
    mine = ours.add("organisation", "Derby QUAD", arts)
    other = theirs.add("organisation", "Derby QUAD", arts)
    merged = merge_maps(base, ours, theirs).mindmap
    with pytest.raises(NodeNotFoundError, match=r"matches 2 nodes: Arts/Derby QUAD \(id \w+\); .*; name it by id$"):
        merged.resolve("Derby QUAD")
    duplicate = [f for f in check(merged) if f.rule == "duplicate-organisation"]
    assert len(duplicate) == 1
    first, second = (mine, other) if f"(id {mine})" in duplicate[0].message else (other, mine)
    assert duplicate[0].message.endswith(f"(id {first}); if they are one: `mindmap combine {first} {second}`")


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.sampled_from("abcABC é💡\n/"), min_size=1, max_size=8),
    st.lists(st.text(st.sampled_from("abcABC é💡\n/"), min_size=1, max_size=12), max_size=30),
)
def test_the_did_you_mean_filter_never_drops_a_close_match(word, texts):
    kept = could_be_close(word, texts, 0.6)
    assert difflib.get_close_matches(word, kept, n=30, cutoff=0.6) == difflib.get_close_matches(
        word, texts, n=30, cutoff=0.6
    )


def test_did_you_mean_on_a_big_map_suggests_what_difflib_suggests():
    m = MindMap("Big")
    labels = [f"{word} {number}" for number in range(300) for word in ("Club Studio", "Derby Quad", "Café")]
    for label in labels:
        m.add("topic", label)
    for ref in ("Club Studio 1x", "derby quad", "Cafe 12", "nothing like it"):
        with pytest.raises(NodeNotFoundError) as found:
            m.resolve(ref)
        close = difflib.get_close_matches(ref, sorted({*labels, "Big"}), n=3, cutoff=0.6)
        if close:
            assert str(found.value).endswith("did you mean " + " or ".join(map(repr, close)) + "?")


@pytest.mark.parametrize(
    ("ref", "suggested"),
    [
        ("Media/Leicster Mercury", "'Media/Leicester Mercury'"),  # a typo in the last part of a full path
        ("Media/Leicester Mercury/Contcts", "'Media/Leicester Mercury/Contacts'"),  # deeper
        ("Leicester Mercury/Contcts", "'Media/Leicester Mercury/Contacts'"),  # a tail of a path
        ("Radio/Leicster Mercury", "'Leicester Mercury'"),  # the head is wrong too: labels close to the last part
    ],
)
def test_a_mistyped_path_gets_the_paths_it_may_have_meant(ref: str, suggested: str) -> None:
    # Found by a trial: 'Leicester Mercury/Contcts' suggested the parent, and 'S1/Zz' nothing.
    m = MindMap("Leicester")
    mercury = m.add("org", "Leicester Mercury", m.add("sector", "Media"))
    m.add("topic", "Contacts", mercury)
    m.add("topic", "Archive", mercury)
    with pytest.raises(NodeNotFoundError) as found:
        m.resolve(ref)
    assert str(found.value) == f"no node {ref!r}; did you mean {suggested}?"
