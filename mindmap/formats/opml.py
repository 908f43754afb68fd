"""OPML 2.0 outlines (read 1.0 and 2.0): text, notes, links, and our typed fields as extra attributes."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

import orjson

from mindmap.errors import FormatError, MindmapError
from mindmap.formats import Exported, Format, Imported, WriteOptions, detail_losses, losses
from mindmap.formats._bulk import clean_text
from mindmap.formats._outline import OWN_PREFIX, OutlineBuilder
from mindmap.formats._xml import HUGE_TREE_DEPTH, MAX_XML_BYTES
from mindmap.model import MindMap, Node, paused_gc

# Our typed fields, written as extra outline attributes (OPML allows any) so a round trip keeps them.
OWN_FIELDS = ("kind", "platform", "handle", "added_by", "added_at", "modified_at", "color")
# Outline attributes that carry a link, best first; the others are kept as attributes.
URL_ATTRIBUTES = ("url", "htmlUrl", "xmlUrl")
KNOWN_ATTRIBUTES = {"text", "_note", "type", "created", *URL_ATTRIBUTES}


def rfc822(stamp: str) -> str:
    """Return an ISO 8601 date or time (as the model keeps them) in RFC 822 form, as OPML wants."""
    moment = _parse_iso(stamp)
    return format_datetime(moment, usegmt=True) if moment else ""


def _parse_iso(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso(stamp: str) -> str:
    """Return an RFC 822 date (as OPML writes them) in ISO 8601 form, or '' if it is not one."""
    try:
        moment = parsedate_to_datetime(stamp.strip())
    except (TypeError, ValueError, IndexError):
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Characters XML 1.0 cannot hold at all (the model's checks already keep out the control characters).
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    return text if text.isascii() else _NOT_XML.sub("\ufffd", text)


# Indentation as lxml's pretty printer writes it (libxml2 indents at most 30 levels, 60 spaces).
INDENT = "  "
# The outline levels the reader takes: libxml2 nests elements HUGE_TREE_DEPTH deep, <opml> and <body> included.
MAX_READ_LEVELS = HUGE_TREE_DEPTH - 2
MAX_INDENT_LEVELS = 30


def _indent(level: int) -> str:
    return "\n" + INDENT * min(level, MAX_INDENT_LEVELS)


def write(mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write the map as OPML 2.0: the root is the head's title, its children the top outlines."""
    from lxml import etree

    root_node = mindmap.node(mindmap.root)
    head = etree.Element("head")
    etree.SubElement(head, "title").text = _xml_text(root_node.label)
    if mindmap.meta.authors:
        etree.SubElement(head, "ownerName").text = _xml_text(", ".join(mindmap.meta.authors))
    created = rfc822(mindmap.meta.created)
    if created:
        etree.SubElement(head, "dateCreated").text = created
    # The newest change in the map, not the time of export, so the same map gives the same file.
    stamps = {node.modified_at for node in mindmap.nodes()}  # each distinct stamp parsed once
    modified = max((stamp for stamp in stamps if _parse_iso(stamp)), default="")
    if modified:
        etree.SubElement(head, "dateModified").text = rfc822(modified)
    buffer = io.BytesIO()
    # Streamed, with the indentation lxml's pretty printer would add: a whole tree of 100,000 outlines
    # took half a gigabyte. An explicit stack, not recursion: a map may be 10,000 levels deep.
    with etree.xmlfile(buffer, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("opml", version="2.0"):
            xf.write(_indent(1))
            # The root's id and provenance on <head> (which stands for the root), as every outline carries its own.
            with xf.element("head", _root_attributes(root_node)):
                for element in head:
                    xf.write(_indent(2), element)
                xf.write(_indent(1))
            xf.write(_indent(1))
            deepest = _write_body(xf, mindmap)
            xf.write(_indent(0))
    data = buffer.getvalue() + b"\n"
    dropped = losses(mindmap, "cross-links") | detail_losses(mindmap, "authors")
    # The root's own note and link have no place: OPML's head describes the file, not a node.
    for what, value in (("notes", root_node.note), ("urls", root_node.url)):
        if value:
            dropped[what] = dropped.get(what, 0) + 1
    warnings = []
    if deepest > MAX_READ_LEVELS:
        warnings.append(
            f"the map is {deepest:,} levels deep; OPML readers built on libxml2 (mindmap's too) "
            f"read {MAX_READ_LEVELS:,}: use .mm or .md for a map this deep"
        )
    return Exported(data, dropped, warnings)


def _write_body(xf: Any, mindmap: MindMap) -> int:
    """Write the outlines and return the deepest level written."""
    from lxml import etree

    if not mindmap.children(mindmap.root):
        xf.write(etree.Element("body"))
        return 0
    deepest = 0
    body = xf.element("body")
    body.__enter__()
    opened: list[Any] = [body]  # the open elements: <body>, then the outlines above the node written next
    for node_id, level in mindmap.walk():
        if level == 0:
            continue
        while len(opened) > level:  # close the outlines that NODE_ID is not under
            xf.write(_indent(len(opened)))
            opened.pop().__exit__(None, None, None)
        node = mindmap.node(node_id)
        deepest = max(deepest, level)
        xf.write(_indent(level + 1))
        attributes = _outline_attributes(node)
        if mindmap.children(node_id):
            element = xf.element("outline", attributes)
            element.__enter__()
            opened.append(element)
        else:
            xf.write(etree.Element("outline", attributes))
    while opened:
        xf.write(_indent(len(opened)))
        opened.pop().__exit__(None, None, None)
    return deepest


def _root_attributes(root: Node) -> dict[str, str]:
    attributes = {OWN_PREFIX + "id": root.id}
    for name in ("added_by", "added_at", "modified_at"):
        if getattr(root, name):
            attributes[OWN_PREFIX + name] = _xml_text(getattr(root, name))
    return attributes


def _outline_attributes(node: Node) -> dict[str, str]:
    # The node's id too, so that a map that went through OPML still diffs and merges node by node.
    attributes = {"text": _xml_text(node.label), OWN_PREFIX + "id": node.id}
    if node.note:
        attributes["_note"] = _xml_text(node.note)
    if node.url:
        attributes["type"] = "link"
        attributes["url"] = _xml_text(node.url)
    for name in OWN_FIELDS:
        value = getattr(node, name)
        if value:
            attributes[OWN_PREFIX + name] = _xml_text(value)
    if node.folded:
        attributes[OWN_PREFIX + "folded"] = "true"
    if node.attributes:
        own = orjson.dumps(node.attributes, option=orjson.OPT_SORT_KEYS).decode()
        attributes[OWN_PREFIX + "attributes"] = _xml_text(own)
    return attributes


def read(data: bytes) -> Imported:
    """Read OPML 1.0 or 2.0; include outlines are kept as links and never fetched."""
    if len(data) <= MAX_XML_BYTES and b"<!DOCTYPE" not in data and b"<!ENTITY" not in data:
        from lxml import etree

        try:
            return _read_streaming(data)
        except (MindmapError, etree.LxmlError, _Unusual):
            pass  # the whole-tree reader says exactly what is wrong, or reads what the stream left to it
    return _read_tree(data)


class _Unusual(Exception):
    """A file that the streaming reader leaves to the whole-tree reader."""


def _read_streaming(data: bytes) -> Imported:
    """Read a well-formed OPML file as a stream, freeing each outline once read (a whole tree took 250 MB)."""
    # It gives what `_read_tree` gives, and fails (any way) wherever `_read_tree` would, so that the whole-tree reader
    # can then say what is wrong; files out of the common order (<body> before <head>) are left to it.
    from lxml import etree

    from mindmap.formats._xml import SAFE_PARSING

    # huge_tree: outlines nest up to 2,046 levels (256 elements without it); see `_xml.HUGE_TREE_DEPTH`.
    parsing = {**SAFE_PARSING, "huge_tree": True}
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"), recover=False, **parsing)
    builder: OutlineBuilder | None = None
    head: Any = None
    depth = 0
    in_body = False  # inside the first <body>
    body_seen = False
    outlines = 0  # the outlines right under <body>
    # Per open element under <body>: the node id it became (an outline under outlines), else None.
    open_ids: list[str | None] = []
    with paused_gc():
        for event, element in events:
            if event == "start":
                depth += 1
                name = _local(element.tag)
                if depth == 1 and name != "opml":
                    raise _Unusual
                if depth == 2 and name == "head" and head is None:
                    if body_seen:
                        raise _Unusual  # the title is needed before the outlines
                    head = element
                elif depth == 2 and name == "body" and not body_seen:
                    body_seen = in_body = True
                    builder = _builder(head)
                    open_ids = [builder.mindmap.root]
                elif depth > 2 and in_body:
                    parent = open_ids[-1]
                    if parent is not None and name == "outline":
                        assert builder is not None
                        outlines += depth == 3
                        open_ids.append(_add_outline(builder, element, parent))
                    else:
                        open_ids.append(None)
                continue
            depth -= 1
            if depth > 1 and in_body:
                open_ids.pop()
                # Read already: free it, and the siblings before it.
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del element.getparent()[0]
            elif depth == 1 and in_body:
                in_body = False
    if builder is None:
        raise _Unusual  # no <body>
    if not _title(head) and not outlines:
        raise _Unusual  # neither a title nor outlines
    return builder.result()


def _title(head: Any) -> str:
    """Return the title in HEAD: kept as written (only the line ends and control characters cleaned)."""
    title_element = _child(head, "title") if head is not None else None
    title = (title_element.text or "") if title_element is not None else ""
    return title if title.strip() else ""


def _builder(head: Any) -> OutlineBuilder:
    """Return the builder of the map whose root and metadata the <head> HEAD (or None) describes."""
    title = _title(head)
    builder = OutlineBuilder("OPML", title or "Imported outline", title=title or None, untitled=not title)
    if head is not None and head.get(OWN_PREFIX + "id"):
        builder.keep_root_id(head.get(OWN_PREFIX + "id"))
    mindmap = builder.mindmap
    if head is not None:
        # Cleaned as an outline's are (a line break becomes a space), so that <head> is not stricter than <outline>.
        provenance = {
            name: None if value is None else clean_text(value, multiline=False)
            for name in ("added_by", "added_at", "modified_at")
            for value in [head.get(OWN_PREFIX + name)]
        }
        if any(provenance.values()):  # a missing one (None) stays as the new root has it
            try:
                mindmap.set_provenance(mindmap.root, **provenance)
            except MindmapError as error:
                raise FormatError(f"OPML <head>: {error}") from None
    owner = _head_text(head, "ownerName")
    if owner:
        mindmap.meta.authors = [name.strip() for name in owner.split(",") if name.strip()]
    created = iso(_head_text(head, "dateCreated"))
    if created:
        mindmap.meta.created = created[:10]
    return builder


def _read_tree(data: bytes) -> Imported:
    """Read OPML from a whole parsed tree (what `read` does when the file is unusual or wrong)."""
    from mindmap.formats._xml import parse

    root = parse(data, "OPML", huge_tree=True)
    if not isinstance(root.tag, str) or _local(root.tag) != "opml":
        raise FormatError(f"not an OPML file: the document element is <{_local(str(root.tag))}>, not <opml>")
    head = _child(root, "head")
    body = _child(root, "body")
    if body is None:
        raise FormatError("not a usable OPML file: it has no <body> with the outlines")
    # A title alone is a map with only its root (what an empty map exports to); nothing at all is a mistake.
    if not _title(head) and not _outlines(body):
        raise FormatError("not a usable OPML file: its <body> has no <outline> elements and it has no <title>")
    builder = _builder(head)
    mindmap = builder.mindmap
    stack: list[tuple[Any, str]] = [(kid, mindmap.root) for kid in reversed(_outlines(body))]
    with paused_gc():
        while stack:
            element, parent = stack.pop()
            node_id = _add_outline(builder, element, parent)
            stack.extend((kid, node_id) for kid in reversed(_outlines(element)))
        return builder.result()


def _add_outline(builder: OutlineBuilder, element: Any, parent: str) -> str:
    attrs = {_local(str(k)): str(v) for k, v in element.attrib.items()}
    where = f"OPML line {element.sourceline}" if element.sourceline else "OPML outline"
    own = {k[len(OWN_PREFIX) :]: v for k, v in attrs.items() if k.startswith(OWN_PREFIX)}
    text = attrs.get("text", attrs.get("title", ""))
    url = next((attrs[name] for name in URL_ATTRIBUTES if attrs.get(name, "").strip()), "")
    attributes: dict[str, str] = {}
    for name, value in attrs.items():
        if name.startswith(OWN_PREFIX) or name in ("text", "_note") or name == "title" and "text" not in attrs:
            continue
        if name in URL_ATTRIBUTES and value == url:
            continue
        if name == "type" and value == "link":
            continue
        if name == "created" and iso(value):
            continue
        attributes[name] = value
    if "attributes" in own:
        try:
            extra = orjson.loads(own.pop("attributes"))
        except orjson.JSONDecodeError:
            extra = None
        if isinstance(extra, dict) and all(isinstance(v, str) for v in extra.values()):
            attributes.update(extra)
        else:
            builder.warnings.append(f"{where}: {OWN_PREFIX}attributes is not a JSON object of texts; left out")
    added_at = own.get("added_at") or iso(attrs.get("created", ""))
    return builder.add(
        parent,
        text,
        where=where,
        kind=own.get("kind", "topic"),
        note=attrs.get("_note", ""),
        url=url,
        platform=own.get("platform", ""),
        handle=own.get("handle", ""),
        attributes=attributes,
        added_by=own.get("added_by", ""),
        added_at=added_at,
        modified_at=own.get("modified_at", ""),
        folded=own.get("folded") == "true",
        color=own.get("color", ""),
        node_id=own.get("id"),  # kept when it is a usable id not taken yet, else a new one is made
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Any, name: str) -> Any:
    for kid in element:
        if isinstance(kid.tag, str) and _local(kid.tag) == name:
            return kid
    return None


def _outlines(element: Any) -> list[Any]:
    return [kid for kid in element if isinstance(kid.tag, str) and _local(kid.tag) == "outline"]


def _head_text(head: Any, name: str) -> str:
    if head is None:
        return ""
    found = _child(head, name)
    return " ".join((found.text or "").split()) if found is not None else ""


FORMAT = Format("opml", (".opml",), "OPML 2.0 outline (outliners, feed readers)", read=read, write=write)
