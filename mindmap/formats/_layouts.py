"""The --layout names of the drawn formats, apart from the DOT builder so that the CLI's help needs no Graphviz code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mindmap.errors import FormatError

if TYPE_CHECKING:
    from mindmap.formats import WriteOptions
    from mindmap.model import MindMap

# Above this many nodes one picture is too dense to read, and the radial layout takes long to draw.
LARGE_MAP_NODES = 2_000
# Above this many nodes even sfdp fails or takes minutes (100,000 nodes: 60 s, 2.5 GB, then a wasm trap),
# so the warning stops offering it (found by the scale trial).
DRAWABLE_NODES = 20_000

# --layout NAME -> Graphviz engine. radial and tree are the two looks; sfdp copes with thousands of nodes.
LAYOUTS = {"radial": "twopi", "tree": "dot", "sfdp": "sfdp", "neato": "neato"}
LAYOUT_HELP = (
    f"The drawing's layout: {', '.join(list(LAYOUTS)[:-1])} or {list(LAYOUTS)[-1]} "
    "(radial puts the root in the centre; sfdp copes with thousands of nodes)."
)


def layout_engine(layout: str) -> str:
    """Return the Graphviz engine for the --layout name LAYOUT."""
    try:
        return LAYOUTS[layout.strip().lower()]
    except KeyError:
        raise FormatError(f"unknown layout {layout!r}; the layouts are: {', '.join(LAYOUTS)}") from None


def refuse_undrawable(mindmap: MindMap, options: WriteOptions) -> None:
    """Raise FormatError if MINDMAP has more nodes than the bundled Graphviz can draw (DRAWABLE_NODES)."""
    if len(mindmap) > DRAWABLE_NODES:
        # The scale trial's 100,000 nodes ran over 5 minutes (radial) or a minute and 2.5 GB then failed (sfdp):
        # no picture, and a command that looked hung. The DOT export still writes the whole map.
        part = options.extra.get("part", "--from NODE or --depth N")
        raise FormatError(
            f"the map has {len(mindmap):,} nodes, too many to draw in one picture: beyond {DRAWABLE_NODES:,} the "
            f"bundled Graphviz takes minutes and runs out of memory, even with --layout sfdp; draw part of it "
            f"with {part}, or export the whole map as .dot for a desktop Graphviz"
        )


def size_notices(mindmap: MindMap, options: WriteOptions) -> list[str]:
    """Return the warning that MINDMAP is too big to read in one picture, if it is (a wrong --layout first)."""
    layout_engine(options.layout)  # an unknown layout is an error, and said before any warning
    if len(mindmap) <= LARGE_MAP_NODES:
        return []
    # How to draw a part: export's options, unless the command says otherwise (extra["part"]).
    part = options.extra.get("part", "--from NODE or --depth N")
    if len(mindmap) > DRAWABLE_NODES:
        return [
            f"the map has {len(mindmap):,} nodes, too many to draw in one picture (beyond "
            f"{DRAWABLE_NODES:,} the bundled Graphviz takes a minute or more and may fail, even with --layout sfdp); "
            f"draw part of it with {part}"
        ]
    other = "" if options.layout == "sfdp" else ", or use --layout sfdp, which copes with large maps"
    return [f"the map has {len(mindmap):,} nodes, too many to read in one picture; draw part of it with {part}{other}"]
