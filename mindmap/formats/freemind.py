"""FreeMind/Freeplane .mm: the writer, and the conventions that the reader (_freemind_read) reverses.

See docs/freemind.md for what goes where. In short: the tree as nested <node> elements; our typed
fields as <attribute NAME="mindmap:..."> rows; notes as HTML <richcontent TYPE="NOTE">.
"""

from __future__ import annotations

import io
import re
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from mindmap.formats import Exported, Format, Imported, WriteOptions
from mindmap.model import MindMap

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


def is_risky(text: str) -> bool:
    """Return whether Freeplane would treat TEXT as a formula ('=...') or as HTML ('<html>...')."""
    body = text.lstrip(GUARD + " \t\n\r").lower()
    return body.startswith("=") or body.startswith("<html")


def guard(text: str) -> str:
    """Return TEXT with a zero-width space in front if Freeplane would evaluate it or render it as HTML."""
    return GUARD + text if is_risky(text) else text


def unguard(text: str) -> str:
    """Return TEXT without the zero-width space that guard() adds (the exact inverse of guard)."""
    return text[1:] if text.startswith(GUARD) and is_risky(text[1:]) else text


def encode_id(node_id: str) -> str:
    """Return NODE_ID as a FreeMind ID (an XML NCName): 'ID_' + the id with '_' as '__' and ':' as '_c'."""
    return "ID_" + node_id.replace("_", "__").replace(":", "_c")


_ENCODED_ID = re.compile(r"^ID_((?:[A-Za-z0-9.-]|__|_c)+)$")


def decode_id(value: str) -> str | None:
    """Return the node id that encode_id turned into VALUE, or None if VALUE is not such an ID."""
    match = _ENCODED_ID.match(value)
    if not match:
        return None
    return re.sub(r"_(.)", lambda m: "_" if m.group(1) == "_" else ":", match.group(1))


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


def _node_attributes(mindmap: MindMap, node_id: str, is_root: bool) -> list[tuple[str, str]]:
    node = mindmap.node(node_id)
    rows: list[tuple[str, str]] = []
    if is_root:
        import orjson

        meta = mindmap.meta
        rows.append((MAP_PREFIX + "title", meta.title))
        if meta.authors:
            rows.append((MAP_PREFIX + "authors", orjson.dumps(meta.authors).decode()))
        for name in ("license", "description", "created"):
            if getattr(meta, name):
                rows.append((MAP_PREFIX + name, getattr(meta, name)))
        if meta.extra:
            rows.append((MAP_PREFIX + "extra", orjson.dumps(meta.extra, option=orjson.OPT_SORT_KEYS).decode()))
    for name in NODE_FIELDS:
        value = getattr(node, name)
        if value:
            rows.append((PREFIX + name, value))
    modified = to_millis(node.modified_at) if node.modified_at else None
    if node.modified_at and (modified is None or from_millis(str(modified)) != node.modified_at):
        rows.append((PREFIX + "modified_at", node.modified_at))  # MODIFIED cannot hold it exactly
    for key, value in node.attributes.items():
        rows.append((USER_PREFIX + key if key.startswith(PREFIX) else key, value))
    for link in mindmap.links_from(node_id):
        if link.label:
            rows.append((LINK_LABEL_PREFIX + encode_id(link.target), link.label))
    return rows


def write(mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write the map as a FreeMind 0.9.0 .mm file that FreeMind, Freeplane, XMind and MindManager open."""
    from lxml import etree

    from mindmap.formats._palette import node_colours

    colours = node_colours(mindmap)
    root = mindmap.root
    first_children = mindmap.children(root)
    right = set(first_children[: (len(first_children) + 1) // 2])
    buffer = io.BytesIO()
    # FreeMind writes no XML declaration and non-ASCII as character references; so do we.
    with etree.xmlfile(buffer, encoding="us-ascii") as xf, xf.element("map", version=MM_VERSION):
        xf.write("\n")
        # An explicit stack, not recursion, and a streaming writer, not a tree: a map may be 10,000 levels deep.
        stack: list[tuple[str, AbstractContextManager[Any] | None]] = [(root, None)]
        while stack:
            node_id, opened = stack.pop()
            if opened is not None:
                opened.__exit__(None, None, None)
                xf.write("\n")
                continue
            node = mindmap.node(node_id)
            attrs = {"ID": encode_id(node_id), "TEXT": guard(node.label)}
            for name, stamp in (("CREATED", node.added_at), ("MODIFIED", node.modified_at)):
                millis = to_millis(stamp) if stamp else None
                if millis is not None:
                    attrs[name] = str(millis)
            attrs["FOLDED"] = "true" if node.folded else "false"
            if mindmap.parent(node_id) == root:
                attrs["POSITION"] = "right" if node_id in right else "left"
            if colours.get(node_id):
                attrs["COLOR"] = colours[node_id]
            if node.url:
                attrs["LINK"] = node.url
            element = xf.element("node", attrs)
            element.__enter__()
            xf.write("\n")
            if node.note:
                xf.write(_note_html(node.note))
                xf.write("\n")
            for name, value in _node_attributes(mindmap, node_id, node_id == root):
                xf.write(etree.Element("attribute", NAME=name, VALUE=guard(value)))
                xf.write("\n")
            for link in mindmap.links_from(node_id):
                xf.write(etree.Element("arrowlink", DESTINATION=encode_id(link.target), ENDARROW="Default"))
                xf.write("\n")
            stack.append((node_id, element))
            stack.extend((kid, None) for kid in reversed(mindmap.children(node_id)))
    return Exported(buffer.getvalue() + b"\n")


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
