"""The sector palette: each top-level sector's branch gets one colour-blind-safe colour (Okabe-Ito)."""

from __future__ import annotations

from collections.abc import Iterable

from mindmap.model import MindMap

# Okabe & Ito (2008), ordered so that neighbouring sectors contrast; black comes last.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000")


def branch_colours(entries: Iterable[tuple[str, str | None, str]]) -> dict[str, str]:
    """Return the palette colour of each node from (id, parent id, kind) triples given in pre-order.

    The n-th sector that has no sector above it takes PALETTE[n % 8]; every node below it takes
    the same colour. The root and nodes outside any sector get '' (no colour).
    """
    colours: dict[str, str] = {}
    sectors = 0
    for node_id, parent, kind in entries:
        inherited = colours.get(parent, "") if parent is not None else ""
        if not inherited and kind == "sector":
            inherited = PALETTE[sectors % len(PALETTE)]
            sectors += 1
        colours[node_id] = inherited
    return colours


def node_colours(mindmap: MindMap, *, explicit: bool = True) -> dict[str, str]:
    """Return each node's colour: its own colour if it has one (and EXPLICIT), else its sector's ('' if none)."""
    entries = [(node_id, mindmap.parent(node_id), mindmap.kind(node_id)) for node_id, _ in mindmap.walk()]
    colours = branch_colours(entries)
    if explicit:
        for node in mindmap.nodes():
            if node.color:
                colours[node.id] = node.color
    return colours
