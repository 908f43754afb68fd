"""Read FreeMind/Freeplane .mm files: byte repairs, a streaming safe parse, then the model.

The parse is event-driven (expat) with explicit stacks rather than an lxml tree: libxml2 refuses
documents nested deeper than 256 levels (2,048 with huge_tree), and a map may be a 10,000-level chain.
Safety matches `_xml.parse`: any entity declaration is refused at once (XXE, entity bombs), no DTD or
external entity is ever loaded, nothing touches the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from mindmap.errors import FormatError, MapFileError, RuleError
from mindmap.formats import Imported, ImportedDocument
from mindmap.formats._bulk import clean_text
from mindmap.formats._html_text import HtmlText, html_to_text
from mindmap.formats._xml import MAX_XML_BYTES
from mindmap.formats._xml_repair import plural, repair
from mindmap.formats.freemind import (
    GENERATOR,
    GUARD,
    LINK_LABEL_PREFIX,
    MAP_PREFIX,
    NODE_FIELDS,
    PREFIX,
    USER_PREFIX,
    decode_id,
    from_millis,
    unguard,
)
from mindmap.model import (
    ALLOWED_PARENTS,
    KINDS,
    MAX_KEY_CHARS,
    MAX_LABEL_CHARS,
    MAX_NOTE_CHARS,
    MAX_URL_CHARS,
    MAX_VALUE_CHARS,
    MindMap,
    check_document_meta,
    colour_value,
    new_id,
    now,
    paused_gc,
)
from mindmap.model import clean_text as model_clean_text

MAX_DEPTH = 200_000  # XML elements nested in one another; a 100,000-level map fits
WHAT = "FreeMind"

# --------------------------------------------------------------------------------------------- parse


@dataclass(slots=True)  # no __dict__: a big map has hundreds of thousands of these
class RawNode:
    """What one <node> element said, before it becomes a model node."""

    # What most nodes lack is an empty tuple (or frozenset), shared, and replaced when there is some:
    # empty lists, dicts and sets of their own came to half a kilobyte a node, 50 MB for 100,000 nodes.
    parent: int | None
    attrs: dict[str, str]
    # Our typed fields' rows (e.g. 'mindmap:kind' -> the field 'kind'), the last of each name, as the file has them;
    # every other <attribute> row is in ATTRIBUTES, in the file's order.
    fields: dict[str, str] = field(default_factory=dict)
    rich: tuple[tuple[str, str], ...] = ()  # (TYPE, text) of each <richcontent>
    rich_images: tuple[str, ...] = ()
    content_images: int = 0  # images in notes and details, which become plain text: counted, not kept
    attributes: list[tuple[str, str]] = field(default_factory=list)
    icons: tuple[str, ...] = ()
    arrows: tuple[tuple[str, str], ...] = ()  # (DESTINATION, label)
    hook_note: str = ""
    hooks: frozenset[str] = frozenset()
    external: tuple[str, ...] = ()  # Freeplane ExternalObject images
    children: int = 0

    def rich_text(self, kind: str) -> str | None:
        """Return the text of the last <richcontent TYPE=KIND>, or None if there is none."""
        found = None
        for rich_type, text in self.rich:
            if rich_type == kind:
                found = text
        return found


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1] if ":" in name else name


def _plain(attrs: dict[str, str]) -> dict[str, str]:
    if ":" not in "".join(attrs) and "xmlns" not in attrs:  # the common case, decided without a loop
        return attrs
    return {_local(k): v for k, v in attrs.items() if k != "xmlns" and not k.startswith("xmlns:")}


# What an open element is, on the collector's stack, besides a node (its index in the list of nodes).
_SKIP, _MAP, _EXTRA, _HTML = "skip", "map", "extra", "html"  # an element ignored, <map>, a second root's, HTML
_RICH, _HOOK, _HOOK_TEXT = "rich", "hook", "hooktext"  # (role, node index): a <richcontent>, a note hook, its text
_Open = int | str | tuple[str, int]


class _Collector:
    """Expat handlers that collect RawNodes in pre-order, with explicit stacks (no recursion)."""

    def __init__(self) -> None:
        self.nodes: list[RawNode] = []
        # Per open element: the index of a node being read, a role, or (role, index of the node it belongs to).
        self.stack: list[_Open] = []
        self.html: HtmlText | None = None
        self.html_type = ""
        self.hook_text: list[str] | None = None
        self.foreign_namespaces = False
        self.saw_map = False
        self.extra_roots = 0  # root <node> elements after the first, which are not imported
        self.extra_nodes = 0  # the <node> elements in them
        # The parser, to hear its character data only inside notes and hook texts: elsewhere it is the
        # white space between elements, and a call per piece of it was a tenth of the parse.
        self.parser: Any = None

    def listen_to_text(self, listen: bool) -> None:
        """Have the parser pass character data to `data` (LISTEN) or drop it."""
        if self.parser is not None:
            self.parser.CharacterDataHandler = self.data if listen else None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            raise FormatError(f"the {WHAT} file is nested more than {MAX_DEPTH:,} elements deep")
        owner = stack[-1] if stack else None
        # The common elements of a big map, decided first and without copying their attributes: an
        # <attribute> row or a child <node> of a node being read (most of a map's elements).
        if owner.__class__ is int:
            if name == "attribute" and len(attrs) == 2 and "NAME" in attrs and "VALUE" in attrs:
                # As _row does, inlined: most elements of a map are rows.
                row_name = attrs["NAME"]
                field_name = _OUR_FIELDS.get(row_name)
                if field_name is None:
                    self.nodes[owner].attributes.append((row_name, attrs["VALUE"]))
                else:
                    self.nodes[owner].fields[field_name] = attrs["VALUE"]
                stack.append(_SKIP)
                return
            if name == "node" and ":" not in "".join(attrs) and "xmlns" not in attrs:
                self.nodes[owner].children += 1
                stack.append(len(self.nodes))
                self.nodes.append(RawNode(owner, attrs, {}))
                return
        elif self.html is not None:  # the XHTML of a note, element by element
            self.html.start((_local(name) if ":" in name else name).lower(), _plain(attrs) if attrs else attrs)
            stack.append(_HTML)
            return
        self.start_any(name, attrs)

    def start_any(self, name: str, attrs: dict[str, str]) -> None:
        """Handle the start of any element (`start` handles the common ones itself, the same way)."""
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            raise FormatError(f"the {WHAT} file is nested more than {MAX_DEPTH:,} elements deep")
        owner = stack[-1] if stack else None
        tag = _local(name)
        if self.html is not None:
            self.html.start(tag.lower(), _plain(attrs))
            stack.append(_HTML)
            return
        if owner is None:
            if tag != "map":
                raise FormatError(f"not a {WHAT}/Freeplane map: the top element is <{tag}>, not <map>")
            self.saw_map = True
            if any(key == "xmlns" or key.startswith("xmlns:") for key in attrs) or ":" in name:
                self.foreign_namespaces = True
            stack.append(_MAP)
            return
        plain = _plain(attrs)
        if owner == _MAP and tag == "node" and not self.nodes:
            self.nodes.append(RawNode(None, plain))
            stack.append(0)
        elif owner in (_MAP, _EXTRA) and tag == "node":
            # A map has one root; a second tree under <map> has no place in the model.
            if owner == _MAP:
                self.extra_roots += 1
            self.extra_nodes += 1
            stack.append(_EXTRA)
        elif owner.__class__ is int:
            self._start_in_node(tag, plain, owner)
        elif owner.__class__ is tuple and owner[0] == _HOOK and tag == "text":
            self.listen_to_text(True)
            self.hook_text = []
            stack.append((_HOOK_TEXT, owner[1]))
        else:
            stack.append(_SKIP)

    def _start_in_node(self, tag: str, attrs: dict[str, str], owner: int) -> None:
        raw = self.nodes[owner]
        if tag == "attribute":  # the most common element, so asked first
            _row(raw, attrs.get("NAME", ""), attrs.get("VALUE", ""))
            self.stack.append(_SKIP)
        elif tag == "node":
            raw.children += 1
            self.stack.append(len(self.nodes))
            self.nodes.append(RawNode(owner, attrs))
        elif tag == "richcontent":
            self.listen_to_text(True)
            self.html = HtmlText(GENERATOR)
            if attrs.get("CONTENT-TYPE", "").startswith("plain/"):
                self.html.plain = []
            self.html_type = attrs.get("TYPE", "NODE").upper()
            self.stack.append((_RICH, owner))
        elif tag == "icon":
            if attrs.get("BUILTIN"):
                raw.icons += (attrs["BUILTIN"],)
            self.stack.append(_SKIP)
        elif tag == "arrowlink":
            label = attrs.get("MIDDLE_LABEL") or attrs.get("SOURCE_LABEL") or attrs.get("TARGET_LABEL") or ""
            raw.arrows += ((attrs.get("DESTINATION", ""), label),)
            self.stack.append(_SKIP)
        elif tag == "hook" and attrs.get("NAME", "").endswith("NodeNote.properties"):
            self.stack.append((_HOOK, owner))
        elif tag == "hook":
            raw.hooks |= {attrs.get("NAME", "")}
            if attrs.get("NAME") == "ExternalObject" and attrs.get("URI"):
                raw.external += (attrs["URI"],)
            self.stack.append(_SKIP)
        else:
            self.stack.append(_SKIP)

    def end(self, name: str) -> None:
        done = self.stack.pop()
        if done.__class__ is not tuple:  # a node, HTML, or an element whose end says nothing
            if done is _HTML and self.html is not None:  # the constant itself is on the stack
                self.html.end(_local(name).lower())
            return
        role, owner = done
        if role == _RICH and self.html is not None:
            raw = self.nodes[owner]
            text = self.html.text()
            raw.rich += ((self.html_type, text),)
            if self.html_type == "NODE":
                raw.rich_images += tuple(self.html.images)
            else:
                raw.content_images += len(self.html.images)
            self.html = None
            self.listen_to_text(False)
        elif role == _HOOK_TEXT and self.hook_text is not None:
            self.nodes[owner].hook_note = "".join(self.hook_text)
            self.hook_text = None
            self.listen_to_text(False)

    def data(self, text: str) -> None:
        if self.html is not None:
            self.html.data(text)
        elif self.hook_text is not None:
            self.hook_text.append(text)


def _row(raw: RawNode, name: str, value: str) -> None:
    """Note the <attribute> row NAME = VALUE of RAW: one of our typed fields, or any other row."""
    field_name = _OUR_FIELDS.get(name)
    if field_name is None:
        raw.attributes.append((name, value))
    else:
        raw.fields[field_name] = value


def _refuse_entities(*_: Any) -> int:
    raise FormatError(
        f"the {WHAT} file declares XML entities; mindmap does not expand them (they can read local files "
        "or blow up in memory), so it refuses the file"
    )


def parse(data: bytes, warnings: list[str], *, collector: _Collector | None = None) -> tuple[list[RawNode], bool, int]:
    """Return the file's nodes in pre-order, whether <map> carried foreign namespaces, and the nodes skipped.

    Only the first root <node> under <map> is read; any other root is skipped with its nodes, said in WARNINGS.
    COLLECTOR is for tests (a collector without shortcuts).
    """
    from xml.parsers import expat

    collector = collector or _Collector()
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entities
    parser.UnparsedEntityDeclHandler = _refuse_entities
    parser.ExternalEntityRefHandler = _refuse_entities
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    collector.parser = parser
    parser.buffer_text = True
    parser.ordered_attributes = False
    try:
        parser.Parse(data, True)
        collector.parser = None
    except expat.ExpatError as error:
        message = expat.errors.messages.get(error.code, str(error)) if error.code else str(error)
        where = f"line {error.lineno}, column {error.offset + 1}"
        raise FormatError(f"not a well-formed {WHAT} file ({where}): {message}") from None
    except RecursionError:  # pragma: no cover - the handlers do not recurse
        raise FormatError(f"the {WHAT} file is nested too deeply") from None
    if not collector.saw_map:
        raise FormatError(f"not a {WHAT}/Freeplane map: there is no <map> element")
    if not collector.nodes:
        raise FormatError(f"the {WHAT} map has no root <node>")
    if collector.extra_roots:
        warnings.append(
            f"the file has {collector.extra_roots + 1:,} root <node> elements under <map> and a map has one root: "
            f"kept the first, dropped the other {plural(collector.extra_nodes, 'node')}"
        )
    return collector.nodes, collector.foreign_namespaces, collector.extra_nodes


# ------------------------------------------------------------------------------------------ to model


@dataclass
class _Tally:
    """Counts of repairs and drops made while building the map."""

    warnings: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    explained: set[str] = field(default_factory=set)  # keys of DROPPED a warning already gives with its reason
    # Whether the document may hold what a map cannot (a label cut to blanks or made of image names, a numbered
    # attribute name over the limit): then `MindMap.from_document` reads it at once, to say what. Else each entry
    # is built valid.
    unusual: bool = False
    # Per entry of the document, whether it is as `_bulk.node_entry` makes it of its own fields (see `vouched`).
    vouched: list[bool] = field(default_factory=list)

    def add(self, what: str, count: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + count


def _cap(text: str, limit: int, what: str, tally: _Tally) -> str:
    if len(text) > limit:
        tally.add(what)
        tally.unusual = True  # a label cut to its first 10,000 characters may be blank
        return text[:limit]
    return text


def _label(raw: RawNode, tally: _Tally) -> str:
    text = raw.attrs.get("TEXT")
    images: list[str] = []
    if text is not None and "<" in text and text.lstrip().lower().startswith("<html"):
        text = html_to_text(text, images)  # FreeMind 0.8 keeps HTML in TEXT
    elif text is None and raw.rich_text("NODE") is None and raw.attrs.get("LOCALIZED_TEXT"):
        text = raw.attrs["LOCALIZED_TEXT"].replace("_", " ")  # a Freeplane built-in text key, e.g. new_mindmap
    elif text is None:
        text = raw.rich_text("NODE") or ""
        images = list(raw.rich_images)
    images.extend(raw.external)
    text = clean_text(unguard(text) if text.startswith(GUARD) else text)
    if "ENCRYPTED_CONTENT" in raw.attrs:
        tally.add("encrypted")
        text = "Encrypted node (its content stays encrypted)" + (f": {text}" if text.strip() else "")
    if not text.strip():
        if images:
            text = "[image: " + ", ".join(image for image in images if image) + "]"
            tally.unusual = True  # image names are not cleaned: the map's own check says what it cannot hold
        elif "SummaryNode" in raw.hooks:
            text = "(summary)"
        elif "FirstGroupNode" in raw.hooks:
            text = "(start of a summarised group)"
        else:
            tally.add("empty")
            text = "(no text)"
    return _cap(text, MAX_LABEL_CHARS, "long labels", tally)


def _usual_label(attrs: dict[str, str]) -> str | None:
    """Return the TEXT of a node's ATTRS if `_label` keeps it as it is (plain, printable ASCII), else None."""
    text = attrs.get("TEXT", "")
    if (
        text.isascii()
        and text.isprintable()  # nothing to clean, no guard (which is not ASCII)
        and "<" not in text  # no HTML
        and len(text) <= MAX_LABEL_CHARS
        and text.strip()
        and "ENCRYPTED_CONTENT" not in attrs
    ):
        return text
    return None


def _stored_colour(text: str) -> str:
    """Return the colour TEXT as a node stores it, or '' when it is none that a map may hold."""
    try:
        return colour_value(text)
    except RuleError:
        return ""


def _single_line(text: str, limit: int) -> str:
    # clean_text(text, multiline=False), with its test for clean text here: a call less for most texts.
    return (text if text.isascii() and text.isprintable() else model_clean_text(text, multiline=False))[:limit]


class _Stamps(dict[str, str]):
    """FreeMind's CREATED and MODIFIED milliseconds as ISO 8601, each worked out once (maps repeat them)."""

    def __missing__(self, millis: str) -> str:
        stamp = self[millis] = from_millis(millis)
        return stamp


def build(raw_nodes: list[RawNode | None], tally: _Tally) -> MindMap:
    """Return the map that the RAW_NODES (in pre-order) describe; raise FormatError if it is not valid."""
    return map_of(build_document(raw_nodes, tally))


def map_of(document: dict[str, Any]) -> MindMap:
    """Return the map of a document that build_document made, or raise FormatError saying what is wrong."""
    try:
        return MindMap.from_document(document, adopt=True)
    except (MapFileError, RuleError) as error:
        raise FormatError(f"the {WHAT} map cannot become a mindmap map: {error}") from None


def checked_document(document: dict[str, Any], tally: _Tally) -> dict[str, Any]:
    """Return DOCUMENT (from build_document) if it describes a valid map, else raise what `map_of` would."""
    if tally.unusual:
        map_of(document)  # says what is wrong, if anything, as it always has
        return document
    # The entries, edges and cross-links are valid by construction (texts cleaned and cut to their limits,
    # ids unique, kinds fitted to their parents); the map's details come from the file as they are.
    try:
        check_document_meta(document["meta"])
    except (MapFileError, RuleError) as error:
        raise FormatError(f"the {WHAT} map cannot become a mindmap map: {error}") from None
    return document


def build_document(raw_nodes: list[RawNode | None], tally: _Tally) -> dict[str, Any]:
    """Return the map document that the RAW_NODES (in pre-order) describe, its node entries in pre-order.

    Each raw node is dropped from the list (set to None) once read, so that a big file's raw nodes and its
    map are not both in memory. TALLY.vouched says which entries the reader vouches for (see `vouched`).
    """
    from mindmap.formats._palette import branch_colours_by_place

    taken: set[str] = set()
    millis_stamps = _Stamps()
    # A time as found -> as stored, and whether it is printable ASCII (a map repeats its times).
    stamps: dict[str, tuple[str | None, bool]] = {}
    by_raw_id: dict[str, str] = {}
    ids: list[str] = []
    kinds: list[str] = []
    entries: list[dict[str, Any]] = []
    ours_meta: dict[str, str] = {}
    link_labels: list[dict[str, str]] = []
    parent_ids: list[str | None] = []
    places: list[int | None] = []  # each node's parent's place in the list
    internal: list[dict[str, Any]] = []  # the entries whose url is an internal link ('#ID_x')
    colours: list[str] = []
    arrows: list[tuple[tuple[str, str], ...]] = []
    vouched = tally.vouched
    for index, raw in enumerate(raw_nodes):
        assert raw is not None
        raw_nodes[index] = None
        colours.append(raw.attrs.get("COLOR", ""))
        arrows.append(raw.arrows)
        fields = raw.fields
        if GUARD in "".join(fields.values()):  # unguard() of the few values that may need it
            fields = {name: unguard(value) if value.startswith(GUARD) else value for name, value in fields.items()}
        attributes: dict[str, str] = {}
        labels = _NO_LABELS  # most nodes have none: a dict of their own is made for the first
        for name, value in raw.attributes:
            if value.startswith(GUARD):
                value = unguard(value)
            if not name.startswith(PREFIX):
                _put(attributes, name, value, tally)
            elif name.startswith(MAP_PREFIX) and index == 0:
                ours_meta[name[len(MAP_PREFIX) :]] = value
            elif name.startswith(LINK_LABEL_PREFIX):
                if labels is _NO_LABELS:
                    labels = {}
                labels[name[len(LINK_LABEL_PREFIX) :]] = value
            elif name.startswith(USER_PREFIX):
                _put(attributes, name[len(USER_PREFIX) :], value, tally)
            else:
                _put(attributes, name, value, tally)
        if raw.icons:
            _put(attributes, "icons", ", ".join(raw.icons), tally)
        if raw.external:
            _put(attributes, "image", ", ".join(raw.external), tally)
        if raw.content_images:
            tally.add("content images", raw.content_images)
        details = raw.rich_text("DETAILS") if raw.rich else None
        if details:
            _put(attributes, "details", unguard(details), tally)
        link_labels.append(labels)

        raw_id = raw.attrs.get("ID", "")
        wanted = (decode_id(raw_id) if "kind" in fields else None) or raw_id
        label = _usual_label(raw.attrs)
        # Whether every text of the entry is printable ASCII within its limit, its label without spaces around it,
        # and it has both times: then node_entry keeps it as it is (see `vouched`). The root is never vouched for.
        plain = label is not None and label[0] != " " and label[-1] != " " and raw.parent is not None
        if label is None:
            label = _label(raw, tally)
        if _ID.fullmatch(wanted) and wanted not in taken:
            node_id = wanted
        else:
            if wanted:
                tally.add("new ids")
            node_id = new_id(taken, f"{index}\0{label}")
        taken.add(node_id)
        if raw_id and raw_id not in by_raw_id:
            by_raw_id[raw_id] = node_id
        ids.append(node_id)
        parent_ids.append(None if raw.parent is None else ids[raw.parent])
        places.append(raw.parent)

        kind = "root" if raw.parent is None else fields.get("kind", "topic").strip().lower()
        if raw.parent is not None:
            if kind not in KINDS or kind == "root":
                kind = "topic"
            if kind == "channel" and raw.children or kinds[raw.parent] not in ALLOWED_PARENTS[kind]:
                kind = "topic"
                tally.add("kinds")
        kinds.append(kind)

        entry: dict[str, Any] = {"id": node_id, "kind": kind, "label": label}
        note = (raw.rich_text("NOTE") if raw.rich else None) or raw.hook_note
        if note:
            note = clean_text(unguard(note))
            if note:
                note = entry["note"] = _cap(note, MAX_NOTE_CHARS, "long notes", tally)
                plain = plain and note.isascii() and note.isprintable()
        url = raw.attrs.get("LINK", "")
        if url:
            if url.isascii() and url.isprintable():  # what _single_line keeps as it is, without the call
                url = url[: MAX_URL_CHARS + 1]
            else:
                url = _single_line(url, MAX_URL_CHARS + 1)
                plain = False  # the general check decides
        if url:
            if len(url) > MAX_URL_CHARS:
                tally.add("long urls")
            else:
                entry["url"] = url
                if url[0] == "#":
                    internal.append(entry)
        for name in ("platform", "handle", "added_by"):
            given = fields.get(name, "")
            if given.strip():
                if given.isascii() and given.isprintable() and len(given) <= MAX_LABEL_CHARS:
                    entry[name] = given  # what _single_line keeps as it is, without the call
                else:
                    entry[name] = _single_line(given, MAX_LABEL_CHARS)
                    plain = False
        if raw.parent is None:
            entry.setdefault("added_by", "")  # as MindMap() makes its root
        for name, stamp_attr in (("added_at", "CREATED"), ("modified_at", "MODIFIED")):
            value = fields.get(name) or millis_stamps[raw.attrs.get(stamp_attr, "")]
            if value not in stamps:
                stored = _single_line(value, MAX_LABEL_CHARS) if value.strip() else None
                stamps[value] = (stored, stored is not None and stored.isascii() and stored.isprintable())
            stamp, plain_stamp = stamps[value]
            if stamp is not None:
                entry[name] = stamp
            plain = plain and plain_stamp
        if attributes:
            entry["attributes"] = attributes
            texts = "".join(attributes) + "".join(attributes.values())
            # A repeated name numbered past the limit makes the document fail as a map: not vouched for either.
            plain = plain and texts.isascii() and texts.isprintable() and max(map(len, attributes)) <= MAX_KEY_CHARS
        folded = raw.attrs.get("FOLDED", "false")
        if folded != "false" and folded.strip().lower() == "true":
            entry["folded"] = True
        entries.append(entry)
        vouched.append(plain)

    # Colours as a node stores them (#RRGGBB in capitals, as `set --colour`); others ('red', 'rgb(...)')
    # a map cannot hold: left out, said once.
    stored_colours: dict[str, str] = {}
    for index, colour in enumerate(colours):
        if colour:
            if colour not in stored_colours:
                stored_colours[colour] = _stored_colour(colour)
            colours[index] = stored_colours[colour]
            if not colours[index]:
                tally.add("bad colours")
    # A colour that equals the sector palette's is our writer's default, not the node's own.
    defaults = branch_colours_by_place(places, colours)  # below a sector, its own colour is the default too
    for index, colour in enumerate(colours):
        if colour and colour != defaults[index]:
            entries[index]["color"] = colour

    _retarget_internal_links(internal, by_raw_id)
    crosslinks = _crosslinks(arrows, ids, by_raw_id, link_labels, tally)
    edges = [
        {"source": parent, "target": node_id}
        for node_id, parent in zip(ids, parent_ids, strict=True)
        if parent is not None
    ]
    return {
        "format": "mindmap",
        "schema": 1,
        "meta": _meta(ours_meta, entries[0]["label"], tally),
        "graph": {"directed": True, "multigraph": False, "graph": {}, "nodes": entries, "edges": edges},
        "crosslinks": crosslinks,
    }


def _retarget_internal_links(entries: list[dict[str, Any]], by_raw_id: dict[str, str]) -> None:
    # LINK="#ID_x" jumps to node ID_x of the same file; node ids may change on import, so point at the new one.
    for entry in entries:
        url = entry.get("url", "")
        if url.startswith("#") and url[1:] in by_raw_id:
            entry["url"] = "#" + by_raw_id[url[1:]]


# The link labels of a node without any (shared, never written to).
_NO_LABELS: dict[str, str] = {}
# Our typed fields' attribute names, e.g. 'mindmap:kind', and the fields they set.
_OUR_FIELDS = {PREFIX + name: name for name in (*NODE_FIELDS, "modified_at")}


_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")  # what a node id may be (the model's own check, in one pattern)


def _put(attributes: dict[str, str], name: str, value: str, tally: _Tally) -> None:
    key = _single_line(name, MAX_KEY_CHARS - 6)
    if not key.strip():
        tally.add("unnamed attributes")
        return
    value = _cap(clean_text(value), MAX_VALUE_CHARS, "long attribute values", tally)
    if key in attributes:
        # Freeplane allows a name twice on one node; the model does not, so number the repeats.
        number = 2
        while f"{key} ({number})" in attributes:
            number += 1
        key = f"{key} ({number})"
        tally.unusual |= len(key) > MAX_KEY_CHARS
    attributes[key] = value


def _crosslinks(
    arrows: list[tuple[tuple[str, str], ...]],
    ids: list[str],
    by_raw_id: dict[str, str],
    labels: list[dict[str, str]],
    tally: _Tally,
) -> list[dict[str, str]]:
    seen: set[tuple[str, str]] = set()
    out = []
    dangling = 0
    to_itself = 0
    for index, node_arrows in enumerate(arrows):
        for destination, label in node_arrows:
            target = by_raw_id.get(destination)
            source = ids[index]
            if target is None:
                dangling += 1
                continue
            if target == source:
                to_itself += 1  # the model refuses a cross-link from a node to itself
                continue
            if (source, target) in seen:
                continue
            seen.add((source, target))
            label = label or labels[index].get(destination, "")  # a label set in Freeplane is newer than ours
            item = {"source": source, "target": target}
            label = _single_line(label, MAX_LABEL_CHARS)
            if label:
                item["label"] = label
            out.append(item)
    if dangling or to_itself:
        tally.dropped["cross-links"] = dangling + to_itself
        tally.explained.add("cross-links")
    if dangling:
        tally.warnings.append(f"dropped {plural(dangling, 'cross-link')} to a node that is not in the file")
    if to_itself:
        tally.warnings.append(f"dropped {plural(to_itself, 'cross-link')} from a node to itself")
    return out


def _meta(ours: dict[str, str], root_label: str, tally: _Tally) -> dict[str, Any]:
    import orjson

    meta: dict[str, Any] = {
        "title": clean_text(ours["title"], multiline=False) if ours.get("title") else _single_line(root_label, 500),
        "authors": [],
        "created": ours.get("created", now()[:10]),
    }
    for name in ("license", "description"):
        if ours.get(name):
            meta[name] = ours[name]
    for name, kind in (("authors", list), ("extra", dict)):
        if ours.get(name):
            try:
                value = orjson.loads(ours[name])
            except orjson.JSONDecodeError:
                value = None
            values = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else []
            if isinstance(value, kind) and all(isinstance(item, str) for item in values):
                meta[name] = value
            else:
                tally.add("bad metadata")
    return meta


_MESSAGES = {
    "encrypted": "imported {} encrypted in Freeplane as a node that says so (the content stays encrypted)",
    "empty": "gave {} without text the label '(no text)'",
    "new ids": "gave {} whose ID was unusable or repeated a new id",
    "kinds": "made {} topics because their kind does not fit under their parent",
    "long labels": "cut {} to 10,000 characters",
    "long notes": "cut {} to 1,000,000 characters",
    "long urls": "dropped {} longer than 8,000 characters",
    "long attribute values": "cut {} to 100,000 characters",
    "unnamed attributes": "dropped {} without a name",
    "bad metadata": "ignored {} of map metadata that could not be read",
    "content images": "dropped {} in notes and details (their text is kept)",
    "bad colours": "left out {} not written as #RRGGBB or #RGB",
}
_NOUNS = {
    "encrypted": "node",
    "empty": "node",
    "new ids": "node",
    "kinds": "node",
    "long labels": "label",
    "long notes": "note",
    "long urls": "url",
    "long attribute values": "attribute value",
    "unnamed attributes": "attribute",
    "bad metadata": "field",
    "content images": "image",
    "bad colours": "colour",
}


def read_mm(data: bytes) -> Imported:
    """Read a FreeMind/Freeplane .mm file: repair, parse safely, build the map (all or nothing)."""
    if len(data) > MAX_XML_BYTES:
        raise FormatError(
            f"the {WHAT} file is {len(data) / 2**20:,.0f} MiB; the limit is {MAX_XML_BYTES / 2**20:,.0f} MiB"
        )
    if not data or data.isspace():  # not data.strip(), which copies the whole file
        raise FormatError(f"the {WHAT} file is empty")
    repaired, warnings = repair(data)
    # The parse and the build make a few objects per element and per node, none in a cycle.
    with paused_gc():
        raw_nodes, foreign, skipped = parse(repaired, warnings)
        del repaired, data  # the file's bytes go before the build, if the caller has let go of them too
        if foreign:
            warnings.append("ignored the XML namespaces declared on <map>")
        tally = _Tally(warnings=warnings)
        if skipped:
            tally.dropped["nodes"] = skipped
            tally.explained.add("nodes")
        # The same list: build_document empties it.
        document = checked_document(build_document(cast("list[RawNode | None]", raw_nodes), tally), tally)
        del raw_nodes
    for what, count in tally.counts.items():
        tally.warnings.append(_MESSAGES[what].format(plural(count, _NOUNS[what])))
    for what, key in (("long urls", "urls"), ("unnamed attributes", "attributes"), ("content images", "images")):
        if tally.counts.get(what):
            tally.dropped[key] = tally.counts[what]
            tally.explained.add(key)
    return ImportedDocument(
        document, map_of, tally.warnings, tally.dropped, explained=tally.explained, vouched=tally.vouched
    )
