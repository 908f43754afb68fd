"""Big map files are decoded and checked by msgspec: the same maps, files and messages as before (issue 9, stop 15)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from samples import awkward_map
from test_reader_links import HOLDS, _break, preorder_document, tree_documents

from mindmap.errors import MapFileError
from mindmap.formats import json_map
from mindmap.formats._checked_json import checked_document
from mindmap.journal import make_patch
from mindmap.model import MAX_KEY_CHARS, MAX_LABEL_CHARS, MAX_URL_CHARS, TEXT_FIELDS, MindMap
from mindmap.store import MapFile

BAD_INPUTS = Path(__file__).parent / "robustness" / "bad_inputs"


@pytest.fixture(autouse=True)
def every_size_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take the checked path for files of any size (it is kept for big ones, where it pays)."""
    monkeypatch.setattr(json_map, "CHECKED_DECODING_FROM_BYTES", 0)


def read_before(data: bytes) -> tuple[Any, MindMap]:
    """Return the document and map as the reader read every file before the checked path (the reference)."""
    document = json_map.loads(data)
    return document, MindMap.from_document(document, adopt=True, storable=json_map.texts_storable(data))


def outcome(data: bytes, *, checked: bool) -> tuple[Any, ...]:
    """Return what reading DATA gives: the map's node data, edges, cross-links, meta and file, or the message."""
    try:
        document, mindmap = json_map.load_map(data) if checked else read_before(data)
    except MapFileError as error:
        return ("error", str(error))
    tree = mindmap._tree
    # What the journal takes as the map before an edit (store.MapFile.edit), and what it makes of it.
    before = document if mindmap.holds_entries_of(document) else mindmap.to_document(fresh=False)
    before = {**before, "meta": mindmap.meta.to_dict()}
    return (
        "map",
        dict(tree._node),
        list(tree.edges(data=True)),
        sorted(mindmap._links.edges(data=True)),
        mindmap.meta.to_dict(),
        json_map.dumps(mindmap.to_document(fresh=False)),
        {entry["id"]: entry for entry in before["graph"]["nodes"]},
        # (Not its links: a file that lists a cross-link twice gives the journal a change of label where there is
        # none when the map holds the file's entries, on either path; the old path rebuilt the document for some.)
        {key: value for key, value in make_patch(before, mindmap.to_document(fresh=False)).items() if key != "links"},
    )


# Texts of every sort: plain, blank, Unicode blanks, line breaks, controls, escapes, quotes, emoji.
TEXTS = st.one_of(
    st.sampled_from(["Derby QUAD", " ", "", "\u00a0", "\u2003x", "a\nb", "tab\there", 'q"uote', "back\\slash"]),
    st.sampled_from(["é", "德比", "🎬", "\x07bell", "\x85", "\ufffe", "\x1c", "C:\\users", "/slash"]),
    st.text(max_size=8),
)
# Texts as mindmap writes them (none needs a JSON escape that texts_storable looks into).
USUAL_TEXTS = st.sampled_from(["Derby", "é", "德比 🎬", "a\nb", "tab\there", 'q"uote', "/slash", "", "=1+1"])
LONG = st.sampled_from([MAX_LABEL_CHARS, MAX_LABEL_CHARS + 1, MAX_URL_CHARS, MAX_URL_CHARS + 1])
ODD_VALUES = st.sampled_from([None, 5, 1.5, True, False, [], {}, ["x"], {"a": 1}, 2**64 - 1, -(2**63)])


@st.composite
def node_changes(draw: st.DrawFn, node: dict[str, Any], odd: bool) -> None:
    """Give NODE more fields as mindmap writes them; if ODD, also something the reader refuses or rarely sees."""
    for name in draw(st.lists(st.sampled_from([n for n in TEXT_FIELDS if n != "label"]), max_size=4)):
        node[name] = draw(st.sampled_from(["https://example.org/a", "facebook", "2024-05-01T10:00:00Z", "#ff0000"]))
    if draw(st.integers(0, 4)) == 0:
        node["attributes"] = draw(
            st.dictionaries(st.sampled_from(["city", "since", "=f", ""]), USUAL_TEXTS, max_size=3)
        )
    if draw(st.integers(0, 4)) == 0:
        node["folded"] = draw(st.booleans())
    if not odd:
        return
    field = draw(st.sampled_from(["id", "kind", *TEXT_FIELDS, "attributes", "folded", "unknown"]))
    change = draw(st.sampled_from(["text", "odd", "long", "drop"]))
    if change == "drop":
        node.pop(field, None)
    elif change == "odd":
        node[field] = draw(ODD_VALUES)
    elif change == "long":
        node[field] = "a" * draw(LONG) if field != "id" else "a" * draw(st.sampled_from([64, 65]))
    elif field == "attributes":
        key = draw(st.sampled_from(["k", "k" * MAX_KEY_CHARS, "k" * (MAX_KEY_CHARS + 1), "\x1b[31m"]))
        node[field] = {key: draw(st.one_of(TEXTS, ODD_VALUES))}
    elif field == "kind":
        node[field] = draw(st.sampled_from(["org", "Root", "topic ", "channel"]))
    elif field == "id":
        node[field] = draw(st.sampled_from(["", "a b", "é", "n0", "n1", "x\n", "a:b.c-d_e", "ID"]))
    else:
        node[field] = draw(TEXTS)


@st.composite
def usual_trees(draw: st.DrawFn) -> dict[str, Any]:
    """Return a map document of a random tree that keeps the placement rules, in pre-order as mindmap writes it."""
    kinds, kids = ["root"], {}
    for index in range(1, draw(st.integers(1, 12))):
        parent = draw(st.sampled_from([node for node in range(index) if HOLDS[kinds[node]]]))
        kinds.append(draw(st.sampled_from(HOLDS[kinds[parent]])))
        kids.setdefault(parent, []).append(index)
    return preorder_document(kinds, kids)


@st.composite
def map_files(draw: st.DrawFn) -> tuple[bytes, bool]:
    """Return the bytes of a map file, and whether it is one as mindmap writes them (nothing odd in it)."""
    document = draw(st.one_of(usual_trees(), tree_documents()))
    usual = [True]
    if draw(st.integers(0, 3)) == 0:
        usual[0] = False
        for _ in range(draw(st.integers(1, 2))):
            _break(draw, document)
    nodes = document["graph"]["nodes"]
    odd = draw(st.integers(0, 2 * len(nodes)))  # one node in three files has something odd
    for index, node in enumerate(nodes):
        if isinstance(node, dict):
            draw(node_changes(node, odd == index))
    usual[0] = usual[0] and odd >= len(nodes)
    ids = [node.get("id") for node in document["graph"]["nodes"]]
    if draw(st.booleans()):
        # Unique by text: an odd id may be a list or an object, which hypothesis cannot hash.
        ends = st.lists(
            st.sampled_from(ids), min_size=2, max_size=2, unique_by=str if len(set(map(str, ids))) > 1 else None
        )
        document["crosslinks"] = [
            {"source": source, "target": target, "label": draw(USUAL_TEXTS)}
            for source, target in draw(st.lists(ends, max_size=3))
        ]
        if any(link["source"] == link["target"] for link in document["crosslinks"]):
            usual[0] = False
    if draw(st.booleans()):
        document["meta"] = {
            "title": draw(USUAL_TEXTS),
            "authors": ["Tim"],
            "extra": {"k": "v"},
            "created": "2026-01-02",
        }
    if draw(st.booleans()):
        document["graph"].update(directed=True, multigraph=False, graph={})
    if draw(st.integers(0, 4)) == 0:
        usual[0] = False
        where = draw(st.sampled_from(["top", "meta", "graph", "crosslink", "edge"]))
        value = draw(st.one_of(ODD_VALUES, TEXTS))
        if where == "top":
            document[draw(st.sampled_from(["format", "schema", "meta", "graph", "crosslinks", "extra"]))] = value
        elif where == "meta":
            document.setdefault("meta", {})[draw(st.sampled_from(["title", "authors", "extra", "other"]))] = value
        elif where == "graph":
            document["graph"][draw(st.sampled_from(["nodes", "edges", "directed", "graph", "other"]))] = value
        elif where == "crosslink":
            document.setdefault("crosslinks", []).append({"source": ids[0], "target": ids[-1], "label": value})
        elif document["graph"]["edges"] and isinstance(document["graph"]["edges"][0], dict):
            document["graph"]["edges"][0] = {**document["graph"]["edges"][0], "label": value}
    options = draw(st.sampled_from([0, orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE]))
    data = orjson.dumps(document, option=options)
    if draw(st.integers(0, 4)) == 0:
        usual[0] = False
        data = draw(byte_changes(data))
    return data, usual[0]


@st.composite
def byte_changes(draw: st.DrawFn, data: bytes) -> bytes:
    """Return DATA changed as bytes: cut short, a BOM, a key twice, an escape, a byte that is not UTF-8."""
    change = draw(st.sampled_from(["cut", "bom", "twice", "escape", "byte", "space", "tail", "number"]))
    if change == "cut":
        return data[: len(data) - draw(st.integers(1, len(data)))]
    if change == "bom":
        return json_map.UTF8_BOM + data
    if change == "twice":
        # A key given twice: the last one counts, for orjson and msgspec alike.
        key = draw(st.sampled_from([b'"label":', b'"kind":', b'"id":', b'"folded":', b'"source":']))
        return data.replace(key, key + draw(st.sampled_from([b'"x",', b'"topic",', b" ", b"5,", b'"",'])) + key, 1)
    if change == "escape":
        escape = draw(st.sampled_from([b"\\u00e9", b"\\u0007", b"\\ud83c\\udfac", b"\\ud800", b"\\b", b"\\/"]))
        return data.replace(b'"label":"', b'"label":"' + escape, 1).replace(b'"label": "', b'"label": "' + escape, 1)
    if change == "byte":
        byte = draw(st.sampled_from([b"\xff", b"\x7f", b"\xc2\x85", b"\xef\xbf\xbe", b"\xed\xa0\x80", b"\x01"]))
        return data.replace(b'"label":"', b'"label":"' + byte, 1).replace(b'"label": "', b'"label": "' + byte, 1)
    if change == "space":
        return draw(st.sampled_from([b"\r\n", b"\t", b"\x0c", b"\xc2\xa0"])) + data
    if change == "number":
        return data.replace(b'"schema":1', b'"schema":' + draw(st.sampled_from([b"1.0", b"1e0", b"10" * 20, b"-0"])), 1)
    return data + draw(st.sampled_from([b"\n\n", b"x", b"{}", b"\x00"]))


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(map_files())
def test_the_checked_path_reads_every_file_as_before(file):
    data, usual = file
    expected = outcome(data, checked=False)
    assert outcome(data, checked=True) == expected
    # (--hypothesis-show-statistics shows how many files took which path.)
    event(f"{expected[0]}, {'checked' if json_map.texts_storable(data) and checked_document(data) else 'as before'}")
    if usual and expected[0] == "map" and json_map.texts_storable(data):
        # A file as mindmap writes it must take the checked path, else this test compares the old path with itself.
        assert checked_document(data) is not None


def test_the_checked_path_reads_the_sample_map_as_before():
    sample = awkward_map()
    sample.update(sample.resolve("Press office\nsecond line"), folded=True)
    data = json_map.dumps(sample.to_document())
    assert checked_document(data) is not None
    assert outcome(data, checked=True) == outcome(data, checked=False)
    document, mindmap = json_map.load_map(data)
    assert mindmap == sample
    assert mindmap.holds_entries_of(document)  # the journal gets the file's document, not a second one
    assert json_map.dumps(mindmap.to_document(fresh=False)) == data


def test_folded_false_is_dropped_as_before():
    document = awkward_map().to_document()
    document["graph"]["nodes"][1]["folded"] = False
    data = orjson.dumps(document)
    assert checked_document(data) is not None
    assert outcome(data, checked=True) == outcome(data, checked=False)
    assert "folded" not in json_map.load_map(data)[1]._tree._node[document["graph"]["nodes"][1]["id"]]


@pytest.mark.parametrize("path", sorted(BAD_INPUTS.glob("*.json")), ids=lambda path: path.name)
def test_the_bad_input_corpus_says_the_same(path: Path) -> None:
    data = path.read_bytes()
    assert outcome(data, checked=True) == outcome(data, checked=False)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "org"}, "graph.nodes[1].kind: unknown kind 'org'"),
        ({"label": " \u00a0"}, "graph.nodes[1].label: a label cannot be empty"),
        ({"id": "a b"}, "graph.nodes[1].id: expected a node id"),
        ({"colour": "red"}, "graph.nodes[1].colour: unknown field"),
        ({"folded": "yes"}, "graph.nodes[1].folded: expected true or false, found the text"),
        ({"attributes": {"k": 1}}, "graph.nodes[1].attributes: expected an object of text values"),
        ({"url": "u" * (MAX_URL_CHARS + 1)}, "graph.nodes[1].url: is 8,001 characters long"),
        ({"note": "bell \x07"}, "graph.nodes[1].note: contains the control character U+0007"),
        ({"id": "root"}, "graph.nodes[1].id: the id 'root' is used twice"),
    ],
)
def test_a_broken_file_gets_the_message_it_got_before(change: dict[str, Any], message: str, tmp_path: Path) -> None:
    document = awkward_map().to_document()
    document["graph"]["nodes"][0]["id"] = "root"
    for edge in document["graph"]["edges"]:
        edge["source"] = "root" if edge["source"] == awkward_map().root else edge["source"]
    document["graph"]["nodes"][1].update(change)
    path = tmp_path / "m.json"
    path.write_bytes(json_map.dumps(document))
    expected = outcome(path.read_bytes(), checked=False)
    assert expected[0] == "error"
    assert message in expected[1]
    with pytest.raises(MapFileError) as caught:
        MapFile(path).load()
    assert str(caught.value) == f"{path}: {expected[1]}"


def test_an_edit_writes_the_bytes_it_wrote_before(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    MapFile(path).create(awkward_map())
    data = path.read_bytes()
    with MapFile(path).edit() as mindmap:
        node = mindmap.resolve("Mail us")
        mindmap.rename(node, "Write to us")
        mindmap.set_provenance(node, modified_at="2026-02-03T04:05:06Z")
    reference = read_before(data)[1]
    reference.rename(node, "Write to us")
    reference.set_provenance(node, modified_at="2026-02-03T04:05:06Z")
    assert path.read_bytes() == json_map.dumps(reference.to_document(fresh=False))
    with MapFile(path).edit():
        pass
    assert path.read_bytes() == json_map.dumps(reference.to_document(fresh=False))


def test_starting_the_command_line_does_not_import_msgspec() -> None:
    code = "import sys, mindmap.cli\nprint('msgspec' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "False"


def test_a_small_file_is_read_without_msgspec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_map, "CHECKED_DECODING_FROM_BYTES", 2 * 2**20)
    calls = []
    monkeypatch.setattr("mindmap.formats._checked_json.checked_document", lambda data: calls.append(data))
    sample = awkward_map()
    data = json_map.dumps(sample.to_document())
    assert json_map.load_map(data)[1] == sample
    assert calls == []
    monkeypatch.setattr(json_map, "CHECKED_DECODING_FROM_BYTES", len(data))
    json_map.load_map(data)
    assert calls == [data]


def test_the_checked_path_keeps_the_readers_rules():
    # The structs are built from the model's constants; these two are the model's private ones, spelled again.
    from mindmap import model
    from mindmap.formats import _checked_json

    assert _checked_json._LIMITS == model._FIELD_LIMITS
    assert model._ID_SHAPE.pattern == _checked_json._ID_CHARACTERS.pattern.replace("*", "{1,64}")


def test_the_example_map_reads_as_before():
    data = (Path(__file__).parent.parent / "maps" / "derby.json").read_bytes()
    assert checked_document(data) is not None
    assert outcome(data, checked=True) == outcome(data, checked=False)
