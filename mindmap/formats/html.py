"""The map as one self-contained web page: the SVG drawing, then a links page of every organisation and channel."""

from __future__ import annotations

from typing import Any

from mindmap import channels
from mindmap.formats import Exported, Format, WriteOptions
from mindmap.formats._link_notices import drawing_notices
from mindmap.formats._style import branch_colours, channel_text, link_address, platform_name, xml_text
from mindmap.model import MindMap

# No fonts, scripts or pictures from elsewhere: the page works offline and leaks no visit to a third party.
STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem;
       color: #1a1a1a; line-height: 1.45; }
header p { margin: 0.2rem 0; }
.byline { color: #555; }
figure.map { margin: 1.5rem 0; overflow-x: auto; }
figure.map svg { max-width: 100%; height: auto; }
.sector { border-left: 0.4rem solid var(--branch, #888); padding-left: 1rem; margin: 1.5rem 0; }
.sector h3 { margin: 0 0 0.4rem; }
ul { margin: 0.2rem 0; padding-left: 1.3rem; }
li { margin: 0.15rem 0; }
.platform, .attributes { color: #555; font-size: 0.9em; }
.no-channel { color: #8a4b00; font-size: 0.9em; font-style: italic; }
.note { color: #444; font-size: 0.9em; white-space: pre-line; margin: 0.1rem 0 0.3rem; }
a { color: #005a8c; }
footer { color: #777; font-size: 0.85em; margin-top: 2rem; }
.zoom { font-size: 0.9em; margin: 0.5rem 0 0; }
#map:target figure.map { max-height: 85vh; overflow: auto; margin-top: 0.5rem; }
#map:target figure.map svg { max-width: none; }
#map:target .zoom-in, #map:not(:target) .zoom-out { display: none; }
"""
# The page's text column (max-width 72rem less 1.5rem padding each side, at 16px a rem) and the smallest
# scale at which a drawing fitted into it stays readable (10pt channel pills drawn at 8px). A wider drawing
# gets a link to show it at full size, scrolling inside its frame: CSS :target, no script.
PAGE_WIDTH_PX = 69 * 16
READABLE_SCALE = 0.6


def _text(parent: Any, tag: str, text: str, **attrs: str) -> Any:
    from lxml import etree

    element = etree.SubElement(parent, tag, attrs)
    element.text = xml_text(text)
    return element


def organisations_with_channel(mindmap: MindMap, *, working_link: bool = False) -> set[str]:
    """Return the organisations with a channel (with a working link, if WORKING_LINK) below them, as check counts."""
    holders: set[str] = set()
    nearest: list[str | None] = []  # per level of the walk: the nearest organisation at or above it
    organisation_above: dict[str, str | None] = {}
    for node_id, depth in mindmap.walk():
        del nearest[depth:]
        here = nearest[-1] if nearest else None
        kind = mindmap.kind(node_id)
        if kind == "channel" and (not working_link or _link_works(mindmap, node_id)):
            # Every organisation above a marked one is marked already, so each is marked once.
            up = here
            while up is not None and up not in holders:
                holders.add(up)
                up = organisation_above[up]
        elif kind == "organisation":
            organisation_above[node_id] = here
            here = node_id
        nearest.append(here)
    return holders


def _link_works(mindmap: MindMap, node_id: str) -> bool:
    node = mindmap.node(node_id)
    return channels.link_works(node.url, node.platform or None)


def _label(parent: Any, mindmap: MindMap, node_id: str) -> None:
    """Append NODE_ID's label to PARENT: a link when its url is safe, and a channel's platform after it."""
    from lxml import etree

    node = mindmap.node(node_id)
    text = node.label
    if node.kind == "channel" and (node.platform or node.handle):
        text = channel_text(node.label, node.platform, node.handle, node.url)[0]
    address = link_address(node.url) if node.url else None
    if address:
        _text(parent, "a", text, href=address, rel="noopener noreferrer")
    else:
        span = etree.SubElement(parent, "span")
        span.text = xml_text(text)
    # 'Twitter @derbyquad (Twitter)' says it twice: the platform only when the text does not name it.
    if node.kind == "channel" and node.platform and platform_name(node.platform).casefold() not in text.casefold():
        _text(parent, "span", f" ({platform_name(node.platform)})", **{"class": "platform"})
    if node.attributes:
        shown = "; ".join(f"{key}: {value}" for key, value in node.attributes.items())
        _text(parent, "span", f" ({shown})", **{"class": "attributes"})
    if node.note.strip():
        _text(parent, "p", node.note.strip(), **{"class": "note"})


def _mark_without_channel(item: Any, mindmap: MindMap, node_id: str, words: str = "no channel known yet") -> None:
    """Say right after an organisation's label that no channel of it is known, unless it links somewhere itself."""
    from lxml import etree

    url = mindmap.node(node_id).url
    if url and link_address(url):
        return
    marker = etree.Element("span", {"class": "no-channel"})
    marker.text = f" ({words})"
    item[0].addnext(marker)


def links_section(mindmap: MindMap) -> Any:
    """Return the links page: one section per branch of the root, its nodes as nested lists."""
    from lxml import etree

    colours = branch_colours(mindmap)
    with_channel = organisations_with_channel(mindmap)
    with_working_link = organisations_with_channel(mindmap, working_link=True)
    section = etree.Element("section", {"class": "links", "aria-labelledby": "links-heading"})
    _text(section, "h2", "Links", id="links-heading")
    for top in mindmap.children(mindmap.root):
        branch = etree.SubElement(section, "section", {"class": "sector", "style": f"--branch: {colours[top]}"})
        heading = etree.SubElement(branch, "h3")
        _label(heading, mindmap, top)
        lists: dict[str, Any] = {}
        items: dict[str, Any] = {top: branch}
        for node_id, depth in mindmap.walk(top):
            if depth == 0:
                continue
            parent = mindmap.parent(node_id)
            assert parent is not None
            if parent not in lists:
                lists[parent] = etree.SubElement(items[parent], "ul")
            item = etree.SubElement(lists[parent], "li", {"class": mindmap.kind(node_id)})
            _label(item, mindmap, node_id)
            if mindmap.kind(node_id) == "organisation" and node_id not in with_channel:
                _mark_without_channel(item, mindmap, node_id)
            elif mindmap.kind(node_id) == "organisation" and node_id not in with_working_link:
                # On the platform (stats counts it so), but the page cannot send its readers there.
                _mark_without_channel(item, mindmap, node_id, "no working link known yet")
            items[node_id] = item
    links = mindmap.links()
    if links:
        _text(section, "h2", "Cross-links")
        listing = etree.SubElement(section, "ul")
        for link in links:
            words = f"{mindmap.label(link.source)} → {mindmap.label(link.target)}"
            _text(listing, "li", f"{words} ({link.label})" if link.label else words)
    return section


def page(mindmap: MindMap, svg_root: Any) -> bytes:
    """Return the whole page, with SVG_ROOT inline, as UTF-8 HTML."""
    from lxml import etree, html

    from mindmap.formats._dot import caption

    meta = mindmap.meta
    document = etree.Element("html", lang="en")
    head = etree.SubElement(document, "head")
    etree.SubElement(head, "meta", charset="utf-8")
    etree.SubElement(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _text(head, "title", meta.title)
    if meta.authors:
        etree.SubElement(head, "meta", name="author", content=xml_text(", ".join(meta.authors)))
    if meta.description:
        etree.SubElement(head, "meta", name="description", content=xml_text(meta.description))
    etree.SubElement(head, "meta", name="generator", content="mindmap")
    _text(head, "style", STYLE)
    body = etree.SubElement(document, "body")
    header = etree.SubElement(body, "header")
    _text(header, "h1", meta.title)
    if meta.description:
        _text(header, "p", meta.description, **{"class": "description"})
    details = caption(mindmap)[1:]
    if details:
        _text(header, "p", details[0], **{"class": "byline"})
    main = etree.SubElement(body, "main")
    holder = main
    if _too_small_when_fitted(svg_root):
        holder = etree.SubElement(main, "div", {"id": "map", "class": "map-view"})
        zoom = etree.SubElement(holder, "p", {"class": "zoom"})
        _text(zoom, "a", "Show the drawing at full size", href="#map", **{"class": "zoom-in"})
        _text(zoom, "a", "Fit the drawing to the page", href="#", **{"class": "zoom-out"})
    figure = etree.SubElement(holder, "figure", {"class": "map"})
    # The page's <head> carries the metadata; RDF inside inline SVG means nothing to an HTML parser.
    for metadata in svg_root.findall("{http://www.w3.org/2000/svg}metadata"):
        svg_root.remove(metadata)
    figure.append(svg_root)
    main.append(links_section(mindmap))
    footer = etree.SubElement(body, "footer")
    _text(footer, "p", "Made with mindmap. The drawing's boxes and pills link to the same pages as the list.")
    return bytes(html.tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")) + b"\n"


def _too_small_when_fitted(svg_root: Any) -> bool:
    """Return whether the drawing, shrunk to the page's width, would be too small to read."""
    width = svg_root.get("width", "")
    try:
        pixels = float(width.removesuffix("pt")) * (4 / 3 if width.endswith("pt") else 1)
    except ValueError:
        return False
    return pixels * READABLE_SCALE > PAGE_WIDTH_PX


def write(mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write the map as one offline web page: the drawing and its links page."""
    from mindmap.formats.svg import drawing_element

    svg_root, dropped, warnings = drawing_element(mindmap, options)
    return Exported(page(mindmap, svg_root), dropped, warnings)


FORMAT = Format(
    "html",
    (".html", ".htm"),
    "web page: the drawing and a list of every link, works offline",
    write=write,
    notices=drawing_notices,
)
