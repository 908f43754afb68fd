"""The map reader's fast path accepts exactly what the field-by-field reader accepts, and reads it the same."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import awkward_map

from mindmap.errors import MapFileError
from mindmap.model import (
    MAX_KEY_CHARS,
    MAX_LABEL_CHARS,
    MAX_NOTE_CHARS,
    MAX_URL_CHARS,
    MAX_VALUE_CHARS,
    TEXT_FIELDS,
    MindMap,
    _DocumentReader,
    _plain_node,
)

# Texts near every limit, with and without characters a map may not hold (controls, surrogates,
# noncharacters), and other JSON values where a text belongs.
chunks = st.sampled_from(["a", "é", " ", "\n", "\t", "\x07", "\x85", "\ud800", "\ufffe", "/", "💡"])
lengths = st.sampled_from([0, 1, 2, 199, 200, 201, 7_999, 8_000, 8_001, 10_000, 10_001, 100_000, 100_001])
long_texts = st.builds(lambda chunk, count, tail: chunk * count + tail, chunks, lengths, st.text(max_size=3))
texts = st.one_of(st.text(st.characters(blacklist_categories=()), max_size=12), long_texts)
others = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.lists(st.text(), max_size=2))
values = st.one_of(texts, texts, others)
attributes = st.one_of(st.dictionaries(texts, st.one_of(texts, texts, others), max_size=3), others, texts)
plain = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
plain_label = plain.filter(str.strip)
# A well-formed node, then up to two of its fields replaced by anything (or an unknown field added).
good_nodes = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["a1", "x" * 64, "ok.id:1-_"]),
        "kind": st.sampled_from(["root", "sector", "organisation", "channel", "topic"]),
        "label": plain_label,
    },
    optional={
        **{name: plain for name in TEXT_FIELDS if name != "label"},
        "attributes": st.dictionaries(plain, plain, max_size=3),
        "folded": st.booleans(),
    },
)
fields = st.sampled_from(["id", "kind", "label", "attributes", "folded", "colour", *TEXT_FIELDS])
field_values = {
    "id": st.one_of(st.sampled_from(["x" * 65, "a b", "", "é"]), others),
    "kind": st.one_of(st.sampled_from(["org", "Sector", "", "root "]), others),
    "attributes": st.one_of(st.dictionaries(texts, st.one_of(texts, texts, others), max_size=3), others, texts),
    "folded": others,
}


@st.composite
def nodes(draw: st.DrawFn) -> dict[str, object]:
    raw = draw(good_nodes)
    for _ in range(draw(st.integers(0, 2))):
        name = draw(fields)
        raw[name] = draw(field_values.get(name, values))
    return raw


@settings(max_examples=500)
@given(nodes())
def test_the_fast_path_agrees_with_the_field_by_field_reader(raw):
    fast = _plain_node(raw)
    try:
        _, slow = _DocumentReader(None).read_node(raw, "graph.nodes[0]")
    except MapFileError:
        assert fast is None
    else:
        assert fast is None or fast == slow


@given(good_nodes, st.sampled_from(["id", "kind", "label"]))
def test_a_node_without_a_required_field_is_refused_by_both(raw, missing):
    assert _plain_node(raw) is not None
    del raw[missing]
    assert _plain_node(raw) is None


def test_the_usual_nodes_take_the_fast_path():
    # Otherwise the reader is correct but slow again: every node of the awkward sample but the one
    # with a 300-character label (still under every limit) and controls-free texts is plain.
    document = awkward_map().to_document()
    plain = [entry for entry in document["graph"]["nodes"] if _plain_node(entry) is not None]
    assert len(plain) == len(document["graph"]["nodes"])


@pytest.mark.parametrize("name", [name for name in TEXT_FIELDS if name != "label"] + ["label"])
def test_texts_at_and_over_their_limit(name):
    limit = {"note": MAX_NOTE_CHARS, "url": MAX_URL_CHARS}.get(name, MAX_LABEL_CHARS)
    reader = _DocumentReader(None)
    for length, fits in ((limit, True), (limit + 1, False)):
        raw = {"id": "n1", "kind": "topic", "label": "Label", name: "é" * length}
        fast = _plain_node(raw)
        if fits:
            assert (fast or reader.read_node(raw, "n")[1])[name] == "é" * length
        else:
            assert fast is None
            with pytest.raises(MapFileError, match="limit"):
                reader.read_node(raw, "n")


def test_attributes_at_and_over_their_limits():
    reader = _DocumentReader(None)
    for attributes, fits in (
        ({"k" * MAX_KEY_CHARS: "v" * MAX_VALUE_CHARS}, True),
        ({"k" * (MAX_KEY_CHARS + 1): "v"}, False),
        ({"k": "v" * (MAX_VALUE_CHARS + 1)}, False),
    ):
        raw = {"id": "n1", "kind": "topic", "label": "Label", "attributes": attributes}
        if fits:
            assert (_plain_node(raw) or reader.read_node(raw, "n")[1])["attributes"] == attributes
        else:
            assert _plain_node(raw) is None
            with pytest.raises(MapFileError):
                reader.read_node(raw, "n")


def test_a_map_holds_the_entries_it_adopted_and_only_those():
    document = awkward_map().to_document()
    assert MindMap.from_document(document, adopt=True).holds_entries_of(document)
    assert not MindMap.from_document(document).holds_entries_of(document)  # copies
    document["graph"]["nodes"][-1]["folded"] = False  # valid, but the map keeps it without the field
    assert not MindMap.from_document(document, adopt=True).holds_entries_of(document)


def test_a_map_keeps_the_edge_entries_it_adopted_and_drops_anything_else_they_say():
    document = awkward_map().to_document()
    edges = document["graph"]["edges"]
    edges[0]["note"] = "not part of an edge"
    saved = MindMap.from_document(document, adopt=True).to_document(fresh=False)["graph"]["edges"]
    assert saved[0] == {"source": edges[0]["source"], "target": edges[0]["target"]}  # made afresh
    assert all(kept is read for kept, read in zip(saved[1:], edges[1:], strict=True))  # shared, not copied


def test_a_fresh_document_has_its_own_edge_entries():
    m = awkward_map()
    before = m.to_document()
    for edge in m.to_document()["graph"]["edges"]:
        edge["target"] = "changed"
    assert m.to_document() == before
