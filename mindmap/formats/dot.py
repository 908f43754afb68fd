"""The map as Graphviz DOT source, styled as the SVG export draws it, for people who run Graphviz themselves."""

from __future__ import annotations

from mindmap.formats import Exported, Format, WriteOptions
from mindmap.formats._layouts import size_notices
from mindmap.model import MindMap


def write(mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write the map as the DOT source that the SVG export renders."""
    from mindmap.formats import _dot

    drawing = _dot.build(mindmap, options)
    return Exported(drawing.source.encode("utf-8"), drawing.dropped, drawing.warnings)


FORMAT = Format("dot", (".dot", ".gv"), "Graphviz DOT source of the SVG drawing", write=write, notices=size_notices)
