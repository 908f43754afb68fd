"""The map drawn as SVG by Graphviz, then made accessible, deterministic and safe to embed."""

from __future__ import annotations

from typing import Any

from mindmap.errors import FormatError
from mindmap.formats import Exported, Format, WriteOptions, counted
from mindmap.formats._link_notices import drawing_notices
from mindmap.formats._style import is_safe_url, xml_text
from mindmap.model import MindMap

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC_NS = "http://purl.org/dc/elements/1.1/"
MINDMAP_NS = "urn:x-mindmap:svg-metadata:1"
HREF_ATTRIBUTES = ("href", f"{{{XLINK_NS}}}href")
# Elements that can run code or pull in other documents; Graphviz never writes them, so finding one is a bug.
_ACTIVE_ELEMENTS = {"script", "foreignObject", "iframe", "object", "embed", "handler", "listener", "use", "image"}


def _q(tag: str) -> str:
    return f"{{{SVG_NS}}}{tag}"


def drawing_element(mindmap: MindMap, options: WriteOptions) -> tuple[Any, dict[str, int], list[str]]:
    """Return the map's finished <svg> element, what it dropped, and warnings."""
    from mindmap.formats import _dot, _layouts, _render, _xml

    _layouts.refuse_undrawable(mindmap, options)
    drawing = _dot.build(mindmap, options, stand_ins=True)
    for source in (drawing.source, drawing.fallback):
        rendered = _render.render_svg(source, drawing.engine, options.renderer)
        root = _xml.parse(rendered, "Graphviz SVG")  # drops Graphviz's comments, which carry its version
        drawn = sum(1 for group in root.iter(_q("g")) if group.get("class") == "node")
        if drawn == len(drawing.ids):
            break
    else:
        raise FormatError(
            f"Graphviz drew {drawn:,} of the map's {len(drawing.ids):,} nodes in the {options.layout} layout; "
            "try another --layout"
        )
    _put_back_texts(root, drawing.texts)
    _retitle(root, mindmap, drawing.titles)
    _describe(root, mindmap)
    _secure(root)
    return root, drawing.dropped, drawing.warnings


def _put_back_texts(root: Any, texts: dict[str, list[str]]) -> None:
    # The DOT held stand-ins for emoji sequences (so that Graphviz sized the boxes right): the lines people read.
    if not texts:
        return
    for group in root.iter(_q("g")):
        title = group.find(_q("title"))
        lines = texts.get(title.text) if group.get("class") == "node" and title is not None else None
        drawn = list(group.iter(_q("text"))) if lines else []
        if lines and len(drawn) == len(lines):
            for element, line in zip(drawn, lines, strict=True):
                element.text = xml_text(line)


def _retitle(root: Any, mindmap: MindMap, titles: dict[str, str]) -> None:
    # Graphviz titles each shape with its DOT name ('n3', 'n0->n3'); screen readers should read labels.
    for group in root.iter(_q("g")):
        title = group.find(_q("title"))
        if title is None or title.text is None:
            continue
        cls = group.get("class", "")
        if cls == "node" and title.text in titles:
            title.text = xml_text(titles[title.text])
        elif cls == "edge" and "->" in title.text:
            source, _, target = title.text.partition("->")
            if source in titles and target in titles:
                title.text = xml_text(f"{titles[source]} → {titles[target]}")
        elif cls == "graph":
            title.text = xml_text(mindmap.meta.title)


def _describe(root: Any, mindmap: MindMap) -> None:
    from lxml import etree

    meta = mindmap.meta
    title = etree.Element(_q("title"), id="mindmap-title")
    title.text = xml_text(meta.title)
    desc = etree.Element(_q("desc"), id="mindmap-desc")
    desc.text = xml_text(meta.description or f"A mind map of {counted(len(mindmap), 'nodes')}.")
    metadata = etree.Element(_q("metadata"), id="mindmap-metadata")
    rdf = etree.SubElement(metadata, f"{{{RDF_NS}}}RDF", nsmap={"rdf": RDF_NS, "dc": DC_NS})
    about = etree.SubElement(rdf, f"{{{RDF_NS}}}Description", {f"{{{RDF_NS}}}about": ""})
    fields = [("title", meta.title), *(("creator", author) for author in meta.authors)]
    fields += [("rights", meta.license), ("date", meta.created), ("description", meta.description)]
    fields += [("format", "image/svg+xml")]
    for name, value in fields:
        if value:
            etree.SubElement(about, f"{{{DC_NS}}}{name}").text = xml_text(value)
    nodes = etree.SubElement(metadata, f"{{{MINDMAP_NS}}}map", nsmap={"mm": MINDMAP_NS})
    for key, value in sorted(meta.extra.items()):
        etree.SubElement(nodes, f"{{{MINDMAP_NS}}}meta", key=xml_text(key), value=xml_text(value))
    for node in mindmap.nodes():
        entry = etree.SubElement(nodes, f"{{{MINDMAP_NS}}}node", ref=node.id, kind=node.kind)
        for name, value in (
            ("added-by", node.added_by),
            ("added-at", node.added_at),
            ("modified-at", node.modified_at),
        ):
            if value:
                entry.set(name, xml_text(value))
        # Tooltips cut long notes short; the metadata keeps every note and attribute whole.
        if node.note:
            etree.SubElement(entry, f"{{{MINDMAP_NS}}}note").text = xml_text(node.note)
        for key, value in node.attributes.items():
            etree.SubElement(entry, f"{{{MINDMAP_NS}}}attribute", name=xml_text(key), value=xml_text(value))
    root.set("role", "img")
    root.set("aria-labelledby", "mindmap-title mindmap-desc")
    etree.indent(metadata)
    for position, element in enumerate((title, desc, metadata)):
        element.tail = "\n"
        root.insert(position, element)


def _secure(root: Any) -> None:
    # Graphviz writes none of this; the sweep makes sure no map content ever turns into active SVG.
    # A link may be a web page (opened in a new tab) or a jump to a node's shape in this drawing.
    anchors = {f"#{value}" for value in root.xpath("//@id") if value.startswith("node-")}
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        local = element.tag.rpartition("}")[2]
        if local in _ACTIVE_ELEMENTS:
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
            continue
        for name in list(element.attrib):
            if name.rpartition("}")[2].lower().startswith("on"):
                del element.attrib[name]
        for name in HREF_ATTRIBUTES:
            value = element.get(name)
            if value is not None and not is_safe_url(value) and value not in anchors:
                del element.attrib[name]
        href = element.get(f"{{{XLINK_NS}}}href") if local == "a" else None
        if href:
            element.set("href", href)
            if href not in anchors:
                element.set("target", "_blank")
                element.set("rel", "noopener noreferrer")


def serialise(root: Any) -> bytes:
    """Return the <svg> element as a UTF-8 XML document."""
    from lxml import etree

    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8")) + b"\n"


def write(mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write the map as an SVG picture drawn by Graphviz."""
    root, dropped, warnings = drawing_element(mindmap, options)
    return Exported(serialise(root), dropped, warnings)


FORMAT = Format(
    "svg",
    (".svg",),
    "picture drawn by Graphviz, with clickable channels (--layout radial/tree)",
    write=write,
    notices=drawing_notices,
)
