"""The fast way to read a usual map file: msgspec decodes and checks its nodes in one pass (issue 9, stop 15)."""

# Imported only when a map file is read (msgspec is not needed at start-up). This path accepts only files that the
# document reader accepts the same way, and gives the very node entries it would keep; anything else (a broken file,
# an unknown field, any text it cannot be sure of) makes it return None, and the reader then reads the file as
# before, with its own messages.

from __future__ import annotations

import operator
import re
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from mindmap.model import (
    KINDS,
    MAX_KEY_CHARS,
    MAX_LABEL_CHARS,
    MAX_NOTE_CHARS,
    MAX_URL_CHARS,
    MAX_VALUE_CHARS,
    TEXT_FIELDS,
)

# The document reader's limits, field by field (model._FIELD_LIMITS; any other text field takes the label's).
_LIMITS = {"note": MAX_NOTE_CHARS, "url": MAX_URL_CHARS}
# An id's length is checked per node here; its characters once for all ids (below): a pattern per id costs more.
_Id = Annotated[str, Meta(min_length=1, max_length=64)]
_ID_CHARACTERS = re.compile(r"[A-Za-z0-9_.:-]*\Z")  # model._ID_SHAPE without the length
_Text = Annotated[str, Meta(max_length=MAX_LABEL_CHARS)]
_Attributes = dict[Annotated[str, Meta(max_length=MAX_KEY_CHARS)], Annotated[str, Meta(max_length=MAX_VALUE_CHARS)]]

# A node as the reader accepts it. Optional texts default to UNSET (left out of the entry); "folded": false is the
# default, so it is left out as the reader leaves it out. Not in the cycle collector: nodes hold no cycles.
_Node: Any = msgspec.defstruct(
    "_Node",
    [
        ("id", _Id),
        ("kind", Literal[KINDS]),  # type: ignore[valid-type]
        ("label", _Text),
        *(
            (name, Annotated[str, Meta(max_length=_LIMITS.get(name, MAX_LABEL_CHARS))] | UnsetType, UNSET)
            for name in TEXT_FIELDS
            if name != "label"
        ),
        ("attributes", _Attributes | UnsetType, UNSET),
        ("folded", bool, False),
    ],
    forbid_unknown_fields=True,
    omit_defaults=True,
    gc=False,
)


class _Graph(msgspec.Struct, forbid_unknown_fields=True):
    nodes: list[_Node]
    edges: list[dict[str, str]]
    directed: bool | UnsetType = UNSET
    multigraph: bool | UnsetType = UNSET
    graph: dict[str, str] | UnsetType = UNSET


class _Meta(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    title: str | UnsetType = UNSET
    license: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    created: str | UnsetType = UNSET
    authors: list[str] | UnsetType = UNSET
    extra: dict[str, str] | UnsetType = UNSET


class _Document(msgspec.Struct, forbid_unknown_fields=True):
    format: str
    schema: int
    graph: _Graph
    meta: _Meta | UnsetType = UNSET
    crosslinks: list[dict[str, str]] | UnsetType = UNSET


_DECODER = msgspec.json.Decoder(_Document)
_ID_OF, _LABEL_OF = operator.itemgetter("id"), operator.itemgetter("label")


def checked_document(data: bytes) -> dict[str, Any] | None:
    """Return the map document in the JSON DATA with every node entry checked, or None to read it the usual way.

    DATA must hold no text a map may not store (json_map.texts_storable): this path does not search texts.
    """
    try:
        document = _DECODER.decode(data)
    except (msgspec.MsgspecError, ValueError):  # not JSON, not UTF-8, or not what a usual map file says
        return None
    graph = document.graph
    nodes = msgspec.to_builtins(graph.nodes)
    graph.nodes = []  # the structs go now, before the map is built (memory)
    if not all(map(str.strip, map(_LABEL_OF, nodes))) or not _ID_CHARACTERS.match("".join(map(_ID_OF, nodes))):
        return None  # a blank label or an odd id: the reader says which
    entries: dict[str, Any] = {"nodes": nodes, "edges": graph.edges}
    for name in ("directed", "multigraph", "graph"):
        if getattr(graph, name) is not UNSET:
            entries[name] = getattr(graph, name)
    out: dict[str, Any] = {"format": document.format, "schema": document.schema, "graph": entries}
    if document.meta is not UNSET:
        out["meta"] = msgspec.to_builtins(document.meta)
    if document.crosslinks is not UNSET:
        out["crosslinks"] = document.crosslinks
    return out
