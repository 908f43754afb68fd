"""FreeMind/Freeplane .mm: the writer, and the conventions that the reader (_freemind_read) reverses.

See docs/freemind.md for what goes where. In short: the tree as nested <node> elements; our typed
fields as <attribute NAME="mindmap:..."> rows; notes as HTML <richcontent TYPE="NOTE">.
"""

from __future__ import annotations

import io
import re
from collections.abc import Container, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from mindmap.formats import Exported, Format, Imported, WriteOptions

# The .mm IDs are the model's: a NODE copied from a .mm file (ID_...) is read with the same rule.
from mindmap.model import MindMap, paused_gc
from mindmap.model import decode_id as decode_id
from mindmap.model import encode_id as encode_id

# Freeplane opens version 0.9.0 without the "created with FreeMind" dialog, and FreeMind 0.9/1.0 read it.
MM_VERSION = "0.9.0"
PREFIX = "mindmap:"  # our attribute names; a user's own "mindmap:x" is written as "mindmap:user:mindmap:x"
USER_PREFIX = PREFIX + "user:"
LINK_LABEL_PREFIX = PREFIX + "link:"  # + the DESTINATION id: the FreeMind schema has no arrowlink label
MAP_PREFIX = PREFIX + "map."  # map metadata, on the root node
NODE_FIELDS = ("kind", "platform", "handle", "added_by", "added_at")
GENERATOR = "mindmap"  # <meta name="generator"> in our note HTML: its paragraphs hold text verbatim
GUARD = "\u200b"  # zero-width space: put before text that Freeplane would run as a formula or read as HTML
_STAMP = "%Y-%m-%dT%H:%M:%SZ"


# What a risky text starts with, once the stripped characters are counted: most texts are decided by this.
_RISKY_START = frozenset("=<" + GUARD + " \t\n\r")


def is_risky(text: str) -> bool:
    """Return whether Freeplane would treat TEXT as a formula ('=...') or as HTML ('<html>...')."""
    if text[:1] not in _RISKY_START:
        return False
    body = text.lstrip(GUARD + " \t\n\r").lower()
    return body.startswith("=") or body.startswith("<html")


def guard(text: str) -> str:
    """Return TEXT with a zero-width space in front if Freeplane would evaluate it or render it as HTML."""
    return GUARD + text if is_risky(text) else text


def unguard(text: str) -> str:
    """Return TEXT without the zero-width space that guard() adds (the exact inverse of guard)."""
    return text[1:] if text.startswith(GUARD) and is_risky(text[1:]) else text


def to_millis(stamp: str) -> int | None:
    """Return the ISO 8601 time STAMP as milliseconds since the epoch, or None if it is not one."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def from_millis(value: str) -> str:
    """Return the milliseconds since the epoch in VALUE as an ISO 8601 UTC time, or '' if it is not a number."""
    try:
        moment = datetime.fromtimestamp(int(value.strip()) / 1000, UTC)
    except (ValueError, OverflowError, OSError):
        return ""
    return moment.strftime(_STAMP)


def _note_html(note: str) -> Any:
    from lxml import etree

    html = etree.Element("html")
    head = etree.SubElement(html, "head")
    etree.SubElement(head, "meta", name="generator", content=GENERATOR)
    body = etree.SubElement(html, "body")
    for line in guard(note).split("\n"):
        etree.SubElement(body, "p").text = line
    content = etree.Element("richcontent", TYPE="NOTE")
    content.append(html)
    return content


def _map_attributes(mindmap: MindMap) -> list[tuple[str, str]]:
    import orjson

    meta = mindmap.meta
    rows = [(MAP_PREFIX + "title", meta.title)]
    if meta.authors:
        rows.append((MAP_PREFIX + "authors", orjson.dumps(meta.authors).decode()))
    for name in ("license", "description", "created"):
        if getattr(meta, name):
            rows.append((MAP_PREFIX + name, getattr(meta, name)))
    if meta.extra:
        rows.append((MAP_PREFIX + "extra", orjson.dumps(meta.extra, option=orjson.OPT_SORT_KEYS).decode()))
    return rows


class _Stamps(dict[str, tuple[str | None, bool]]):
    """ISO 8601 stamp -> (its milliseconds as text, or None if it is not a time; whether they give it back)."""

    # Each stamp is worked out once per export (maps repeat them a lot), and found again by a plain look-up.

    def __missing__(self, stamp: str) -> tuple[str | None, bool]:
        millis = to_millis(stamp)
        text = None if millis is None else str(millis)
        found = self[stamp] = (text, text is not None and from_millis(text) == stamp)
        return found


# The times are rows only when CREATED and MODIFIED cannot hold them exactly (see _node_attributes).
_PREFIXED_FIELDS = tuple((name, PREFIX + name) for name in NODE_FIELDS if name != "added_at")


def _node_attributes(node: dict[str, Any], labels: Sequence[tuple[str, str]], stamps: _Stamps) -> list[tuple[str, str]]:
    rows = [(prefixed, node[name]) for name, prefixed in _PREFIXED_FIELDS if node.get(name)]
    # A time of the form 2026-01-02T03:04:05Z is CREATED or MODIFIED exactly, which the reader reads back: a row
    # as well would only repeat it (a fifth of a big map's elements, and a row more per node in Freeplane).
    for name in ("added_at", "modified_at"):
        stamp = node.get(name, "")
        if stamp and not stamps[stamp][1]:
            rows.append((PREFIX + name, stamp))
    if "attributes" in node:
        for key, value in node["attributes"].items():
            rows.append((USER_PREFIX + key if key.startswith(PREFIX) else key, value))
    if labels:
        rows.extend((LINK_LABEL_PREFIX + encode_id(target), label) for target, label in labels if label)
    return rows


def _node_element_attributes(
    node: dict[str, Any], colour: str, position: str, node_ids: Container[str], stamps: _Stamps
) -> dict[str, str]:
    attrs = {"ID": encode_id(node["id"]), "TEXT": guard(node["label"])}
    for name, field in (("CREATED", "added_at"), ("MODIFIED", "modified_at")):
        millis = stamps[node[field]][0] if node.get(field) else None
        if millis is not None:
            attrs[name] = millis
    attrs["FOLDED"] = "true" if node.get("folded") else "false"
    if position:
        attrs["POSITION"] = position
    if colour:
        attrs["COLOR"] = colour
    if node.get("url"):
        attrs["LINK"] = file_link(node["url"], node_ids)
    return attrs


def file_link(url: str, node_ids: Container[str]) -> str:
    """Return URL for LINK: an internal link '#<node id>' becomes '#<that node's FreeMind ID>'."""
    if url.startswith("#") and url[1:] in node_ids:
        return "#" + encode_id(url[1:])
    return url


def write(mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write the map as a FreeMind 0.9.0 .mm file that FreeMind, Freeplane, XMind and MindManager open."""
    # The writer makes a few short-lived containers per node and none in a cycle; with the collector on,
    # they set off its passes over the whole map again and again (a fifth of a 100,000-node export).
    with paused_gc():
        return Exported(_bmp_as_references(_write_mm(mindmap)) + b"\n")


def _write_mm(mindmap: MindMap) -> bytes:
    """Return the map as .mm XML, before FreeMind's character references."""
    from lxml import etree

    from mindmap.formats._palette import branch_colours

    document = mindmap.to_document(fresh=False)  # read only
    nodes = {node["id"]: node for node in document["graph"]["nodes"]}
    children: dict[str, list[str]] = {node_id: [] for node_id in nodes}
    parents: dict[str, str] = {}
    for edge in document["graph"]["edges"]:
        children[edge["source"]].append(edge["target"])
        parents[edge["target"]] = edge["source"]
    links: dict[str, list[tuple[str, str]]] = {}
    for link in document["crosslinks"]:
        links.setdefault(link["source"], []).append((link["target"], link.get("label", "")))
    root = mindmap.root
    first = children[root]
    own = {kid: nodes[kid].get("color", "") for kid in first}  # a sector's own colour is its branch's
    colours = branch_colours(((node_id, parents.get(node_id), node["kind"]) for node_id, node in nodes.items()), own)
    positions = {kid: "right" if index < (len(first) + 1) // 2 else "left" for index, kid in enumerate(first)}
    stamps = _Stamps()
    # Rows repeat (every node's kind, most authors and platforms): one element per distinct row, made once
    # and written as often as it occurs. Setting an lxml attribute costs more than writing the element,
    # and making an element per row was half the export.
    rows_made: dict[tuple[str, str], Any] = {}

    def attribute_row(name: str, value: str) -> Any:
        element = rows_made.get((name, value))
        if element is None:
            element = etree.Element("attribute", NAME=name, VALUE=guard(value))
            if len(rows_made) < 20_000:  # keep the repeated ones, not every unique handle
                rows_made[(name, value)] = element
        return element

    arrowlink = etree.Element("arrowlink", DESTINATION="", ENDARROW="Default")
    buffer = io.BytesIO()
    # FreeMind writes no XML declaration and non-ASCII as character references; so do we (but see below).
    with etree.xmlfile(buffer, encoding="utf-8") as xf, xf.element("map", version=MM_VERSION):
        xf.write("\n")
        # An explicit stack, not recursion, and a streaming writer, not a tree: a map may be 10,000 levels deep.
        stack: list[tuple[str, AbstractContextManager[Any] | None]] = [(root, None)]
        while stack:
            node_id, opened = stack.pop()
            if opened is not None:
                opened.__exit__(None, None, None)
                xf.write("\n")
                continue
            node = nodes[node_id]
            colour = node.get("color") or colours[node_id]
            attrs = _node_element_attributes(node, colour, positions.get(node_id, ""), nodes, stamps)
            element = xf.element("node", attrs)
            element.__enter__()
            # What goes inside the node, written in one call (each call into lxml costs).
            written: list[Any] = ["\n"]
            if node.get("note"):
                written += (_note_html(node["note"]), "\n")
            node_links = links.get(node_id, ())
            rows = _map_attributes(mindmap) if node_id == root else []
            rows.extend(_node_attributes(node, node_links, stamps))
            for row in rows:
                made = rows_made.get(row)
                written += (attribute_row(*row) if made is None else made, "\n")
            xf.write(*written)
            for target, _ in node_links:
                arrowlink.set("DESTINATION", encode_id(target))
                xf.write(arrowlink, "\n")
            stack.append((node_id, element))
            stack.extend([(kid, None) for kid in reversed(children[node_id])])
    return buffer.getvalue()


_BMP_NON_ASCII = re.compile("[\u0080-\uffff]")


def _bmp_as_references(data: bytes) -> bytes:
    """Return the UTF-8 DATA with non-ASCII BMP characters as references, the way FreeMind writes them."""
    # Characters beyond U+FFFF (emoji) stay raw UTF-8: FreeMind's and Freeplane's XML parser (NanoXML) casts a reference
    # to a 16-bit char, so '&#127916;' would come out as a different character.
    if data.isascii():  # no copy of a file that needs no references (a big map's is some 40 MB)
        return data
    text = data.decode("utf-8")
    return _BMP_NON_ASCII.sub(lambda match: f"&#{ord(match.group())};", text).encode("utf-8")


def read(data: bytes) -> Imported:
    """Read a FreeMind or Freeplane .mm file (any version), repairing what real files get wrong."""
    from mindmap.formats._freemind_read import read_mm

    return read_mm(data)


FORMAT = Format(
    "freemind",
    (".mm",),
    "FreeMind/Freeplane mind map (.mm)",
    read=read,
    write=write,
)
