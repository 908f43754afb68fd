"""Build the Graphviz DOT for a map: the one place that decides how a drawn map looks (SVG, HTML, DOT)."""

from __future__ import annotations

import math
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from mindmap.formats import WriteOptions
from mindmap.formats._layouts import LARGE_MAP_NODES, layout_engine, size_notices
from mindmap.formats._layouts import LAYOUTS as LAYOUTS  # the layouts by name, as tests and callers read them here
from mindmap.formats._style import (
    ROOT_COLOUR,
    branch_colours,
    channel_text,
    is_internal_link,
    link_address,
    text_colour_on,
    tint,
    xml_text,
)
from mindmap.model import MindMap, readable_url

# Up to this many nodes the radial layout routes edges around boxes (splines=true): no edge runs
# through another box. Routing grows fast with size (a 300-node map takes 40 times as long as with
# curved edges, a 1,500-node one minutes), so larger maps keep plain curves. A city map of 150 to 250
# nodes is the usual blog picture: with curves a 236-node one had 60 edges through boxes; routed, it
# draws in about 2 s instead of 0.6 s (a generated 300-node map: 3.7 s, 500 nodes: 18 s).
ROUTED_EDGES_MAX_NODES = 250
FONT = "Helvetica,Arial,sans-serif"
WRAP_WIDTH = {"root": 14, "sector": 20, "organisation": 22, "channel": 26, "topic": 22}
# A channel's handle up to this many columns stays whole on its line (its pill grows): a handle broken in
# two ('leicestershirecou' / 'ntycouncil') reads as two words.
LONGEST_WHOLE_HANDLE = 34
MAX_LINES = 5
MAX_TOOLTIP_CHARS = 1_500
EDGE_WIDTH = {1: 3.2, 2: 2.0, 3: 1.3}  # by the child's depth: edges thin towards the leaves
THINNEST_EDGE = 1.0
MIN_RING_GAP = {1: 1.3, 2: 1.2, 3: 1.0}  # inches between twopi's rings when they are not crowded
MAX_RING_GAP = 60.0
RING_FIT = 0.7  # the share of neighbours on a ring that get room without nudging
FONT_SIZES = {"root": 20, "sector": 15, "organisation": 12, "channel": 10, "topic": 11}
TEXT_DARK = "#1A1A1A"
LINK_GREY = "#5A5A5A"
# What a font draws as one emoji: a flag's two letters, or a character with its modifiers (variation
# selector, keycap, skin tone, tag letters) and whatever zero-width joiners join to it ('👨‍👩‍👧').
# Emoji start at U+2000 (but keycaps and the two signs); below it, a joiner shapes letters of Indic scripts.
_MODIFIERS = "\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_EMOJI_BASE = "#*0-9\u00a9\u00ae\u2000-\U0010ffff"
_EMOJI_CLUSTER = re.compile(
    f"[\U0001f1e6-\U0001f1ff]{{2}}"
    f"|[{_EMOJI_BASE}][{_MODIFIERS}]*(?:\u200d[{_EMOJI_BASE}][{_MODIFIERS}]*)+"
    f"|[{_EMOJI_BASE}][{_MODIFIERS}]+"
)


@dataclass
class Drawing:
    """A map as DOT, ready to render, with what a renderer's post-processing needs to know."""

    source: str
    engine: str
    titles: dict[str, str]  # DOT node name -> the node's full label (for the SVG <title> of each node)
    ids: dict[str, str]  # DOT node name -> the map's node id
    # DOT node name -> the lines to put back in its drawn text, where the DOT holds stand-ins (see stand_in)
    texts: dict[str, list[str]] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # The same graph with the plainest overlap removal, for the rare layouts where Graphviz's own loses
    # a node (prism gives a NaN position for some chains of single children, and the node is not drawn).
    fallback: str = ""


def dot_text(lines: list[str]) -> Any:
    """Return LINES as one DOT escString that Graphviz shows literally, one line each."""
    import graphviz

    # Doubling backslashes stops Graphviz expanding \N, \G, \l and friends; '&' as '&amp;' stops it reading
    # '&amp;', '&lt;' or '&#65;' that a user typed as an entity; nohtml stops '<...>' from being taken as an
    # HTML label; the graphviz package escapes the double quotes.
    return graphviz.nohtml("\\n".join(xml_text(line).replace("\\", "\\\\").replace("&", "&amp;") for line in lines))


def columns(text: str) -> int:
    """Return how many Latin-letter widths TEXT takes: wide (East Asian) characters count twice."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def stand_in(line: str) -> str:
    """Return LINE with each emoji sequence cut to its first character, which Graphviz sizes as one emoji."""
    # Graphviz without fonts sizes text by its UTF-8 bytes: a family emoji's 18 bytes made a box 4.5 em
    # too wide for a glyph of about 1 em. Flags and sequences are rare; most lines have none.
    if line.isascii() or not _EMOJI_CLUSTER.search(line):
        return line
    return _EMOJI_CLUSTER.sub(lambda found: found.group()[0], line)


def wrap(text: str, width: int, max_lines: int = MAX_LINES) -> list[str]:
    """Return TEXT wrapped at WIDTH characters, keeping its line breaks, cut to MAX_LINES with an ellipsis."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if paragraph and paragraph.isascii() and paragraph.isprintable() and len(paragraph) <= width:
            lines.append(paragraph)  # fits as it is: what textwrap would return, without its cost
        elif paragraph:
            # Chinese, Japanese and Korean characters are about twice as wide as Latin letters.
            fit = max(6, round(width * len(paragraph) / columns(paragraph)))
            lines.extend(textwrap.wrap(paragraph, fit, break_long_words=True, break_on_hyphens=True))
    if not lines:
        lines = [text.strip() or " "]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, width - 1)].rstrip() + "…"
    return lines


def caption(mindmap: MindMap) -> list[str]:
    """Return the caption's lines: the title, then authors, licence and date."""
    meta = mindmap.meta
    authors = meta.authors
    by = ""
    if authors:
        by = "By " + (authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1])
    details = " · ".join(part for part in (by, meta.license, meta.created) if part)
    return [line for line in (meta.title, details) if line]


def _tooltip(label: str, shown: list[str], note: str, attributes: dict[str, str]) -> str:
    parts = []
    if "\n".join(shown) != label.strip():
        parts.append(label)
    if note.strip():
        parts.append(note.strip())
    parts.extend(f"{key}: {value}" for key, value in attributes.items())
    text = "\n".join(parts)
    return text if len(text) <= MAX_TOOLTIP_CHARS else text[: MAX_TOOLTIP_CHARS - 1] + "…"


def _node_style(kind: str, depth: int, colour: str) -> dict[str, str]:
    if kind == "root":
        return {
            "shape": "ellipse",
            "style": "filled",
            "fillcolor": "#FFFFFF",
            "color": ROOT_COLOUR,
            "penwidth": "2",
            "fontsize": str(FONT_SIZES["root"]),
            "fontcolor": TEXT_DARK,
            "margin": "0.25,0.12",
        }
    if kind == "sector":
        return {
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": colour if depth == 1 else tint(colour, 0.35),
            "color": colour,
            "fontcolor": text_colour_on(colour if depth == 1 else tint(colour, 0.35)),
            "fontsize": str(FONT_SIZES["sector"]) if depth == 1 else "13",
            "penwidth": "1.5",
            "margin": "0.18,0.1",
        }
    if kind == "organisation":
        return {
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": tint(colour, 0.82),
            "color": colour,
            "fontcolor": TEXT_DARK,
            "fontsize": str(FONT_SIZES["organisation"]),
            "penwidth": "1.2",
            "margin": "0.14,0.07",
        }
    if kind == "channel":
        return {
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": "#FFFFFF",
            "color": colour,
            "fontcolor": TEXT_DARK,
            "fontsize": str(FONT_SIZES["channel"]),
            "penwidth": "1.2",
            "margin": "0.12,0.04",
            "height": "0.3",
        }
    return {
        "shape": "box",
        "style": "rounded,dashed,filled",
        "fillcolor": "#FFFFFF",
        "color": colour,
        "fontcolor": TEXT_DARK,
        "fontsize": str(FONT_SIZES["topic"]),
        "penwidth": "1",
        "margin": "0.12,0.05",
    }


def _shown_lines(mindmap: MindMap, node_id: str) -> list[str]:
    node = mindmap.node(node_id)
    if node.kind == "channel" and (node.platform or node.handle):
        raw_lines = channel_text(node.label, node.platform, node.handle, node.url)
        return [line for raw in raw_lines for line in wrap(raw, _channel_width(raw), 2)]
    return wrap(node.label, WRAP_WIDTH.get(node.kind, 22))


def _channel_width(text: str) -> int:
    width = WRAP_WIDTH["channel"]
    longest = max(map(columns, text.split()), default=0)
    return longest if width < longest <= LONGEST_WHOLE_HANDLE else width


def _size_inches(kind: str, shown: list[str]) -> tuple[float, float]:
    # A rough Helvetica estimate (average glyph 0.55 em) is enough to size the rings.
    size = float(FONT_SIZES.get(kind, 11))
    width = max(columns(line) for line in shown) * size * 0.55 / 72 + 0.35
    height = len(shown) * size * 1.2 / 72 + 0.2
    return width, height


def _wide_text_width(shown: list[str], style: dict[str, str]) -> str:
    """Return the width in inches that SHOWN needs if it holds wide (East Asian) characters, else ''."""
    # Graphviz's own text estimate takes a Chinese or Japanese character for less than the 1 em a browser
    # draws it in, so their text ran over the box's sides; the width is only a minimum, the box may be wider.
    # Graphviz takes a character of four UTF-8 bytes (an emoji) for 1 em already: only wide ones of three fall short.
    if all(line.isascii() or not _wide_in_three_bytes(line) for line in shown):
        return ""
    size = float(style["fontsize"])
    ems = max(sum(1.0 if columns(char) == 2 else 0.6 for char in line) for line in shown)
    margin = float(style["margin"].split(",")[0])
    return f"{ems * size / 72 + 2 * margin:.2f}"


def _wide_in_three_bytes(line: str) -> bool:
    return any(char <= "\uffff" and unicodedata.east_asian_width(char) in "WF" for char in line)


def ring_gaps(mindmap: MindMap, lines: dict[str, list[str]], depths: dict[str, int]) -> list[float]:
    """Return twopi's ranksep: gaps between rings, wide enough that neighbours on each ring do not overlap."""
    # twopi gives each node a wedge of its parent's wedge in proportion to the leaves below it, and puts the node in the
    # middle of its wedge; this repeats that sum to find how close neighbours come.
    leaves: dict[str, int] = {}
    order = [node_id for node_id, _ in mindmap.walk()]
    for node_id in reversed(order):
        kids = mindmap.children(node_id)
        leaves[node_id] = sum(leaves[kid] for kid in kids) if kids else 1
    start = {mindmap.root: 0.0}
    centre: dict[int, list[tuple[float, float]]] = {}  # depth -> (angle, extent along the ring in inches)
    for node_id in order:
        share = 2 * math.pi / leaves[mindmap.root]
        offset = start[node_id]
        for kid in mindmap.children(node_id):
            start[kid] = offset
            span = leaves[kid] * share
            width, height = _size_inches(mindmap.kind(kid), lines[kid])
            # Around the ring a node takes its width at the top and bottom, its height at the sides.
            centre.setdefault(depths[kid], []).append((offset + span / 2, (width + height) / 2 + 0.15))
            offset += span
    gaps: list[float] = []
    radius = 0.0
    for depth in range(1, max(centre, default=0) + 1):
        ring = sorted(centre.get(depth, []))
        radii = []
        for index, (angle, extent) in enumerate(ring if len(ring) > 1 else []):
            next_angle, next_extent = ring[(index + 1) % len(ring)]
            apart = (next_angle - angle) % (2 * math.pi) or 2 * math.pi
            # The chord between two points on a circle of radius r, 'apart' radians apart, is 2r sin(apart/2).
            radii.append((extent + next_extent) / 2 / (2 * math.sin(min(apart, math.pi) / 2)))
        # Room for most neighbours; Graphviz's overlap removal nudges the crowded few, and the ring
        # stays small enough to read (sizing for the single tightest pair blows the drawing up).
        radii.sort()
        needed = radii[int(len(radii) * RING_FIT)] if radii else 0.0
        gap = min(MAX_RING_GAP, max(MIN_RING_GAP.get(depth, 1.0), needed - radius))
        gaps.append(gap)
        radius += gap
    return gaps or [MIN_RING_GAP[1]]


def build(mindmap: MindMap, options: WriteOptions, *, stand_ins: bool = False) -> Drawing:
    """Return the DOT drawing of MINDMAP in the layout OPTIONS names; STAND_INS for emoji to size boxes by."""
    import graphviz

    engine = layout_engine(options.layout)
    colours = branch_colours(mindmap)
    graph = graphviz.Digraph("mindmap", engine=engine)
    graph_attrs: dict[str, str] = {
        "bgcolor": "#FFFFFF",
        "fontname": FONT,
        "fontsize": "12",
        "fontcolor": LINK_GREY,
        "labelloc": "b",
        "labeljust": "c",
        "pad": "0.3",
        "outputorder": "edgesfirst",
    }
    names: dict[str, str] = {}
    lines: dict[str, list[str]] = {}
    depths: dict[str, int] = {}
    for index, (node_id, depth) in enumerate(mindmap.walk()):
        names[node_id] = f"n{index}"
        lines[node_id] = _shown_lines(mindmap, node_id)
        depths[node_id] = depth
    texts: dict[str, list[str]] = {}
    if stand_ins:  # boxes and rings are sized by the stand-ins, as Graphviz will size them
        for node_id, shown in lines.items():
            drawn = [stand_in(line) for line in shown]
            if drawn != shown:
                texts[names[node_id]] = shown
                lines[node_id] = drawn
    if engine == "twopi":
        ranksep = " ".join(f"{gap:.2f}" for gap in ring_gaps(mindmap, lines, depths))
        splines = "true" if len(mindmap) <= ROUTED_EDGES_MAX_NODES else "curved"
        graph_attrs.update(root=names[mindmap.root], ranksep=ranksep, overlap="false", splines=splines)
    elif engine == "dot":
        graph_attrs.update(rankdir="LR", ranksep="0.7", nodesep="0.18", ordering="out", splines="true")
    else:
        # Graphviz's prism overlap removal takes minutes on thousands of nodes in WebAssembly; scaling
        # takes seconds, and straight edges save more where the map is too big for curves to matter.
        big = len(mindmap) > LARGE_MAP_NODES / 4
        graph_attrs.update(overlap="scale", splines="false" if big else "curved", K="1.2", sep="+6")
    graph_attrs["label"] = dot_text(caption(mindmap))
    graph.attr("graph", **graph_attrs)
    graph.attr("node", fontname=FONT)
    graph.attr("edge", fontname=FONT, arrowhead="none")

    drawing = Drawing(source="", engine=engine, titles={}, ids={}, texts=texts)
    unsafe = 0
    internal = 0
    for node_id, depth in mindmap.walk():
        node = mindmap.node(node_id)
        name = names[node_id]
        colour = colours[node_id]
        shown = lines[node_id]
        attrs = _node_style(node.kind, depth, colour)
        attrs["id"] = f"node-{node_id}"
        wide = _wide_text_width(shown, attrs)
        if wide:
            attrs["width"] = wide
        tooltip = _tooltip(node.label, shown, node.note, node.attributes)
        address = link_address(node.url) if node.url else None
        if address:
            attrs["URL"] = dot_text([address])
            attrs["target"] = "_blank"
            attrs["tooltip"] = dot_text((tooltip or readable_url(node.url)).split("\n"))
        elif is_internal_link(node.url) and node.url[1:] in mindmap:
            # A jump to another node of the drawing: a link to that node's shape, in the same page.
            attrs["URL"] = f"#node-{node.url[1:]}"
            attrs["tooltip"] = dot_text((tooltip or f"Go to {mindmap.label(node.url[1:])}").split("\n"))
        else:
            if is_internal_link(node.url):
                internal += 1  # a jump to a node left out of the drawing: nothing unsafe about it
            elif node.url:
                unsafe += 1
            if tooltip:
                attrs["tooltip"] = dot_text(tooltip.split("\n"))
        graph.node(name, dot_text(shown), **attrs)
        drawing.titles[name] = node.label
        drawing.ids[name] = node_id
        parent = mindmap.parent(node_id)
        if parent is not None:
            graph.edge(
                names[parent],
                name,
                color=colour,
                penwidth=str(EDGE_WIDTH.get(depth, THINNEST_EDGE)),
                id=f"edge-{node_id}",
            )
    for index, link in enumerate(mindmap.links()):
        link_attrs = {
            "style": "dashed",
            "color": LINK_GREY,
            "fontcolor": LINK_GREY,
            "fontsize": "10",
            "arrowhead": "vee",
            "arrowsize": "0.7",
            "penwidth": "1.2",
            "constraint": "false",
            "id": f"crosslink-{index}",
        }
        if engine in ("twopi", "dot"):
            # weight 0 keeps a cross-link out of twopi's spanning tree, so it cannot reshape the branches.
            link_attrs["weight"] = "0"
        if link.label:
            link_attrs["label"] = dot_text(wrap(link.label, 18, 2))
        graph.edge(names[link.source], names[link.target], **link_attrs)
    if unsafe:
        drawing.dropped["unsafe urls"] = unsafe
        drawing.warnings.append(
            f"{unsafe:,} url{'s' if unsafe != 1 else ''} not made into links: only well-formed http, https and mailto "
            "addresses are"
        )
    if internal:
        drawing.dropped["internal links"] = internal
        drawing.warnings.append(
            f"{internal:,} internal link{'s' if internal != 1 else ''} (to a node not in the drawing) "
            "not made into links"
        )
    drawing.warnings += size_notices(mindmap, options)
    drawing.source = graph.source
    graph.attr("graph", overlap="scale")
    drawing.fallback = graph.source
    return drawing
