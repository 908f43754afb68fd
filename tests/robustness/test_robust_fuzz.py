"""Fuzzing the JSON reader and the editing API: nothing but MindmapError escapes, and every map stays valid.

Quick under the default hypothesis profile ("ci"); `make fuzz` runs these with the "long" profile.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import awkward_map

from mindmap.errors import MapFileError, MindmapError
from mindmap.formats import json_map
from mindmap.model import KINDS, MindMap

VALID = awkward_map().to_document()
VALID_BYTES = json_map.dumps(VALID)
IDS = [node["id"] for node in VALID["graph"]["nodes"]]
FIELDS = ["id", "kind", "label", "note", "url", "attributes", "folded", "source", "target", "format", "schema"]

AWKWARD_TEXT = st.sampled_from(
    ["", " ", "\udcff", "\ud800x", "\x1b[31m", "\x00", "\r", "a\nb", "a/b", "a\\/b", "[bold]x[/bold]", "x" * 10_001]
)
TEXT = st.text(max_size=20) | AWKWARD_TEXT
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT
    | st.sampled_from([*IDS, *KINDS, "mindmap", 0, 1, 2, -1])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8) | st.sampled_from(FIELDS), inner),
    max_leaves=12,
)
SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def encode(value: Any) -> bytes:
    """Return VALUE as JSON bytes; lone surrogates become \\udcff escapes, as another program might write."""
    return json.dumps(value).encode()


def only_mindmap_errors(data: bytes) -> MindMap | None:
    """Read DATA; return the map, None for a MindmapError, and let anything else fail the test."""
    try:
        return json_map.read(data).mindmap
    except MindmapError:
        return None


def assert_round_trips(mindmap: MindMap) -> None:
    """Saving and loading MINDMAP gives it back, so an accepted map is also a savable one."""
    again = MindMap.from_document(orjson.loads(json_map.dumps(mindmap.to_document())))
    assert again == mindmap
    assert len(again.ids()) == len(again), "every node hangs from the root"


@given(st.binary(max_size=400))
def test_fuzz_json_reader_on_random_bytes(data: bytes) -> None:
    only_mindmap_errors(data)


@given(JSON)
def test_fuzz_json_reader_on_random_json(value: Any) -> None:
    only_mindmap_errors(encode(value))


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every value inside VALUE (keys and indexes), VALUE itself first."""
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths(inner, (*prefix, index))
    return found


def mutate(document: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """Return a copy of DOCUMENT with a few random changes: values replaced, removed, added or copied."""
    document = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 4), label="changes")):
        where = data.draw(st.sampled_from(paths(document)[1:]), label="where")
        parent = document
        for step in where[:-1]:
            parent = parent[step]
        key = where[-1]
        action = data.draw(st.sampled_from(["replace", "remove", "add", "duplicate", "swap ends"]), label="action")
        if action == "replace":
            parent[key] = data.draw(JSON, label="value")
        elif action == "remove":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.sampled_from(FIELDS) | st.text(max_size=6), label="key")] = data.draw(JSON)
        elif action == "add":
            parent.insert(key, data.draw(JSON, label="value"))
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif action == "swap ends" and isinstance(parent[key], dict) and {"source", "target"} <= set(parent[key]):
            edge = parent[key]
            edge["source"], edge["target"] = edge["target"], edge["source"]
    return document


@SLOW
@given(st.data())
def test_fuzz_mutated_documents(data: st.DataObject) -> None:
    document = mutate(VALID, data)
    try:
        mindmap = MindMap.from_document(document)
    except MapFileError:
        return
    assert_round_trips(mindmap)
    try:
        data = orjson.dumps(document)
    except TypeError:  # a lone surrogate in a field the reader ignores: no UTF-8 file can hold it
        return
    assert only_mindmap_errors(data) == mindmap, "the file reads as the document does"


@given(st.data())
def test_fuzz_mutated_bytes(data: st.DataObject) -> None:
    raw = bytearray(VALID_BYTES)
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if action == "flip":
            raw[at] = data.draw(st.integers(0, 255))
        elif action == "cut":
            del raw[at : at + data.draw(st.integers(1, 40))]
        elif action == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=8) | st.sampled_from([b"{", b"[", b'"', b",", b"\\"]))
        else:
            del raw[at:]
        if not raw:
            break
    mindmap = only_mindmap_errors(bytes(raw))
    if mindmap is not None:
        assert_round_trips(mindmap)


OPERATIONS = ["add", "move", "rename", "update", "remove", "link", "unlink", "graft", "subtree"]


@SLOW
@given(st.data())
def test_fuzz_random_edits_keep_a_valid_tree(data: st.DataObject) -> None:
    mindmap = awkward_map()
    for _ in range(data.draw(st.integers(1, 25), label="steps")):
        ids = mindmap.ids()
        node = data.draw(st.sampled_from(ids), label="node")
        other = data.draw(st.sampled_from(ids), label="other")
        operation = data.draw(st.sampled_from(OPERATIONS), label="operation")
        before = mindmap.to_document()
        try:
            if operation == "add":
                kind = data.draw(st.sampled_from([*KINDS, "org", "ORG", "company"]))
                mindmap.add(kind, data.draw(TEXT), node, note=data.draw(TEXT), url=data.draw(TEXT))
            elif operation == "move":
                mindmap.move(node, other, data.draw(st.none() | st.integers(-3, 5)))
            elif operation == "rename":
                mindmap.rename(node, data.draw(TEXT))
            elif operation == "update":
                mindmap.update(
                    node,
                    note=data.draw(st.none() | TEXT),
                    kind=data.draw(st.none() | st.sampled_from([*KINDS, "org"])),
                    attributes=data.draw(st.dictionaries(TEXT, TEXT, max_size=2)),
                    unset=data.draw(st.lists(st.sampled_from(["note", "url", "city", "nonsense"]), max_size=2)),
                )
            elif operation == "remove":
                mindmap.remove(node, recursive=data.draw(st.booleans()))
            elif operation == "link":
                mindmap.link(node, other, data.draw(TEXT))
            elif operation == "unlink":
                mindmap.unlink(node, other)
            elif operation == "graft":
                mindmap.graft(mindmap.subtree(other), node, include_root=data.draw(st.booleans()))
            else:
                mindmap = mindmap.subtree(node, data.draw(st.none() | st.integers(0, 3)))
        except MindmapError:
            assert mindmap.to_document() == before, f"a refused {operation} changed the map"
        assert_round_trips(mindmap)
