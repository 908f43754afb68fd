"""The sector palette: each top-level sector's branch gets one colour-blind-safe colour (Okabe-Ito)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from mindmap.model import MindMap

# Okabe & Ito (2008), ordered so that neighbouring branches contrast. Black is left out: its tints are
# greys that read as "disabled", and the root is drawn in near-black already.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")


# With 8, 15, 22... sectors the last one would take the first one's colour, and a radial drawing puts the
# two side by side: it takes this entry instead, which neither of its neighbours has.
WRAP_AROUND_INDEX = 2

# A sector's own colour is carried down its branch only when the SVG writer can draw it (`_style.branch_colours`).
HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def carried_colour(own: str) -> str:
    """Return the colour a sector's OWN colour gives the nodes below it ('' when the palette's applies)."""
    return own.upper() if HEX_COLOUR.fullmatch(own) else ""


def palette_index(branch: int, branches: int) -> int:
    """Return the PALETTE index of the BRANCH-th of BRANCHES children of the root (from 0)."""
    if branches > len(PALETTE) and branch == branches - 1 and branch % len(PALETTE) == 0:
        return WRAP_AROUND_INDEX
    return branch % len(PALETTE)


def branch_colours(
    entries: Iterable[tuple[str, str | None, str]], own: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Return the palette colour of each node from (id, parent id, kind) triples given in pre-order."""
    # OWN maps ids to their own colours: a sector's own colour is then its branch's, below it, as in the SVG.
    # The n-th child of the root takes PALETTE[palette_index(n, count)] and passes it to every node below it, the same
    # rule the SVG writer follows, so a map has the same colours in Freeplane and in a blog post. The root gets '' (no
    # colour).
    colours: dict[str, str] = {}
    root: str | None = None
    branches = 0
    last_branch_starts = 0  # where the last branch's nodes begin in COLOURS (pre-order keeps them together)
    last_branch_own = False  # whether the last sector has a colour of its own (then no wrap-around applies)
    sectors: dict[str, str] = {}  # each sector with a colour of its own that its branch takes
    for node_id, parent, _kind in entries:
        if parent is None:
            root = node_id
            colours[node_id] = ""
        elif parent == root:
            last_branch_starts = len(colours)
            colours[node_id] = PALETTE[branches % len(PALETTE)]
            branches += 1
            carried = carried_colour(own.get(node_id, "")) if own else ""
            last_branch_own = bool(carried)
            if carried:
                sectors[node_id] = carried
        else:
            colours[node_id] = sectors.get(parent) or colours.get(parent, "")
    wrapped = PALETTE[palette_index(branches - 1, branches)] if branches else ""
    if branches and wrapped != PALETTE[(branches - 1) % len(PALETTE)]:
        last_branch = list(colours)[last_branch_starts:]
        for node_id in last_branch[:1] if last_branch_own else last_branch:  # the sector, then what it passes on
            colours[node_id] = wrapped
    return colours


def branch_colours_by_place(parents: Iterable[int | None], own: Sequence[str] | None = None) -> list[str]:
    """Return branch_colours' colour of each node, in order, from each node's PARENTS' place in the list (pre-order).

    The root's parent is None. One pass over small numbers, without the ids: a reader that knows its nodes' places.
    """
    # OWN: each node's colour as found, in order; a sector's own colour is its branch's below it (not at it).
    branch_of: list[int] = []  # each node's branch: which child of the root it is under (-1: the root itself)
    root = -1
    branches = 0
    parents_list = list(parents)
    for place, parent in enumerate(parents_list):
        if parent is None:
            root = place
            branch_of.append(-1)
        elif parent == root:
            branch_of.append(branches)
            branches += 1
        else:
            branch_of.append(branch_of[parent])
    palette = [PALETTE[palette_index(branch, branches)] for branch in range(branches)]
    colours = [palette[branch] if branch >= 0 else "" for branch in branch_of]
    if own:
        carried = {
            branch_of[place]: colour
            for place, parent in enumerate(parents_list)
            if parent == root and (colour := carried_colour(own[place]))
        }
        if carried:
            for place, branch in enumerate(branch_of):
                if branch in carried and parents_list[place] != root:
                    colours[place] = carried[branch]
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
