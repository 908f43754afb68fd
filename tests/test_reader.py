"""The map reader's fast path accepts exactly what the field-by-field reader accepts, and reads it the same."""

from __future__ import annotations

import copy
import json
import re

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import awkward_map

from mindmap.errors import FormatError, MapFileError
from mindmap.formats import json_map
from mindmap.formats.json_map import texts_storable
from mindmap.model import (
    _NOT_STORABLE,
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


def assert_agrees_with_the_field_by_field_reader(raw, fast):
    """Check that the fast path's answer FAST for RAW is None or what the field-by-field reader makes of it."""
    try:
        _, slow = _DocumentReader(None).read_node(raw, "graph.nodes[0]")
    except MapFileError:
        assert fast is None  # the fast path never passes a node the reader refuses
    else:
        assert fast is None or fast == slow


@settings(max_examples=500)
@given(nodes())
def test_the_fast_path_agrees_with_the_field_by_field_reader(raw):
    assert_agrees_with_the_field_by_field_reader(raw, _plain_node(raw))


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


# ---------------------------------------------------------------- the checks made once per file


any_text = st.text(st.characters(blacklist_categories=()), max_size=20)


@settings(max_examples=500)
@given(st.lists(st.one_of(any_text, st.sampled_from(["\x7f", "\x85", "\ufffe", "\uffff", "\\b", "C:\\users"]))))
def test_a_file_found_storable_holds_no_text_a_map_may_not_store(parts):
    # A file that texts_storable passes skips the search of every text: it must never pass a bad one.
    for text in ["".join(parts), *parts]:
        try:
            data = orjson.dumps({"label": text, text: [text]}, option=orjson.OPT_INDENT_2)
        except TypeError:  # lone surrogates are not JSON
            continue
        if texts_storable(data):
            assert not _NOT_STORABLE.search(text)


@pytest.mark.parametrize("text", ["\x07", "\r", "\x7f", "\x85", "\ufffe", "\uffff", "\b"])
def test_a_file_with_a_text_a_map_may_not_store_is_checked_text_by_text(text):
    assert not texts_storable(orjson.dumps({"label": f"a{text}b"}))
    assert texts_storable(orjson.dumps({"label": 'a\tb\nc "quoted" / é 💡'}))


@settings(max_examples=300)
@given(nodes())
def test_the_fast_path_of_a_storable_file_agrees_with_the_field_by_field_reader(raw):
    try:
        storable = texts_storable(orjson.dumps(raw))
    except TypeError:
        return
    assert_agrees_with_the_field_by_field_reader(raw, _plain_node(raw, storable=storable))


def _shuffled_edges(document: dict) -> dict:
    out = copy.deepcopy(document)
    # Children listed before their parents: the reader links edge by edge and walks from the root.
    out["graph"]["nodes"].reverse()
    out["graph"]["edges"].reverse()
    return out


def _edge_to_a_leaf(edges: list) -> dict:
    parents = {edge["source"] for edge in edges}
    return next(edge for edge in edges if edge["target"] not in parents)


def test_edges_in_any_order_give_the_same_map():
    document = awkward_map().to_document()
    reordered = _shuffled_edges(document)
    for adopt in (False, True):
        expected = MindMap.from_document(copy.deepcopy(document), adopt=adopt)
        assert MindMap.from_document(copy.deepcopy(reordered), adopt=adopt).to_document() != expected.to_document()
        # the same tree, each parent's children in the reverse order
        got = MindMap.from_document(copy.deepcopy(reordered), adopt=adopt)
        assert sorted(got.ids()) == sorted(expected.ids())
        assert all(got.parent(n) == expected.parent(n) for n in expected.ids())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda edges: edges.append({"source": edges[0]["target"], "target": edges[0]["target"]}), "its own parent"),
        (lambda edges: edges.append(dict(edges[-1])), "two parents"),
        (lambda edges: edges.remove(_edge_to_a_leaf(edges)), "has no parent"),
        (lambda edges: edges.__setitem__(0, {"source": "nope", "target": edges[0]["target"]}), "no node has the id"),
        (lambda edges: edges.__setitem__(0, ["a", "b"]), "expected an object"),
        (lambda edges: edges.__setitem__(0, {"target": edges[0]["target"]}), "expected a node id"),
        (lambda edges: edges.__setitem__(0, {"source": [], "target": edges[0]["target"]}), "expected a node id"),
    ],
)
def test_a_bad_edge_is_reported_as_the_edge_by_edge_reader_reports_it(change, message):
    for document in (awkward_map().to_document(), _shuffled_edges(awkward_map().to_document())):
        change(document["graph"]["edges"])
        with pytest.raises(MapFileError, match=message):
            MindMap.from_document(document, adopt=True)


def test_a_cycle_cut_off_from_the_root_is_found_whatever_the_order():
    m = MindMap("Cycles")
    a, b = m.add("topic", "A"), m.add("topic", "B")
    m.add("topic", "C", a)
    document = m.to_document()
    edges = document["graph"]["edges"]
    edges[:] = [edge for edge in edges if edge["target"] not in (a, b)]
    for order in ([a, b], [b, a]):
        edges.extend({"source": source, "target": target} for source, target in (order, order[::-1]))
        with pytest.raises(MapFileError, match="is in a cycle, cut off from the root"):
            MindMap.from_document(copy.deepcopy(document), adopt=True)
        del edges[-2:]


# Every character a map may not store, and a few near them that it may (tab, line feed, U+00A0, U+2028).
forbidden = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x1F).filter(lambda c: c not in "\t\n"),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.sampled_from(["\ufffe", "\uffff", "\ud800", "\udfff", "\t", "\n", "\xa0", "\u2028", "\u2029", "\r\n"]),
)
# How other tools write JSON: escapes for all but ASCII, raw UTF-8, escaped slashes.
encoders = st.sampled_from(
    [
        lambda doc: orjson.dumps(doc),
        lambda doc: json.dumps(doc, ensure_ascii=True).encode(),
        lambda doc: json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass"),
        lambda doc: json.dumps(doc, ensure_ascii=True).replace("/", "\\/").encode(),
    ]
)


def _text_places(document: dict) -> list[tuple[dict, str, bool]]:
    """Return (container, key, is_key) for every text of DOCUMENT a map stores."""
    places: list[tuple[dict, str, bool]] = []
    for node in document["graph"]["nodes"]:
        places += [(node, name, False) for name in node if name in TEXT_FIELDS and name != "label"]
        places.append((node, "label", False))
        for name in node.get("attributes", {}):
            places += [(node["attributes"], name, False), (node["attributes"], name, True)]
    places += [(document["meta"], name, False) for name in ("title", "description") if name in document["meta"]]
    places += [(link, "label", False) for link in document["crosslinks"] if "label" in link]
    return places


@settings(max_examples=400)
@given(st.data(), forbidden, encoders)
def test_a_file_with_a_forbidden_character_anywhere_is_read_exactly_as_text_by_text(data, character, encode):
    document = awkward_map().to_document()
    places = _text_places(document)
    container, key, is_key = places[data.draw(st.integers(0, len(places) - 1))]
    where = data.draw(st.integers(0, len(container[key] if not is_key else key)))
    if is_key:
        value = container.pop(key)
        container[key[:where] + character + key[where:]] = value
    else:
        container[key] = container[key][:where] + character + container[key][where:]
    try:
        raw = encode(document)
    except TypeError:  # orjson writes no lone surrogate
        return
    try:
        parsed = json_map.loads(raw)
    except MapFileError:
        return  # not JSON (a lone surrogate): refused before any text is read
    try:
        expected = MindMap.from_document(json_map.loads(raw)).to_document()
    except MapFileError as error:
        with pytest.raises(FormatError, match=re.escape(str(error))):
            json_map.read(raw)
    else:
        assert json_map.read(raw).mindmap.to_document() == expected
        assert MindMap.from_document(parsed, adopt=True, storable=texts_storable(raw)).to_document() == expected
