"""mindmap: build mind maps of who is active where, from the terminal or from Python.

from mindmap import MapFile
with MapFile("maps/derby.json").edit() as m:
    arts = m.resolve("Arts and culture")
    m.add("org", "Derby QUAD", arts, url="https://www.derbyquad.co.uk")
"""

from __future__ import annotations

from mindmap.errors import MindmapError
from mindmap.model import CrossLink, MapMeta, MindMap, Node
from mindmap.store import MapFile

__all__ = ["CrossLink", "MapFile", "MapMeta", "MindMap", "MindmapError", "Node"]
