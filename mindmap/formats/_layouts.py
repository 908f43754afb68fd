"""The --layout names of the drawn formats, apart from the DOT builder so that the CLI's help needs no Graphviz code."""

from __future__ import annotations

# --layout NAME -> Graphviz engine. radial and tree are the two looks; sfdp copes with thousands of nodes.
LAYOUTS = {"radial": "twopi", "tree": "dot", "sfdp": "sfdp", "neato": "neato"}
LAYOUT_HELP = (
    f"The drawing's layout: {', '.join(list(LAYOUTS)[:-1])} or {list(LAYOUTS)[-1]} "
    "(radial puts the root in the centre; sfdp copes with thousands of nodes)."
)
