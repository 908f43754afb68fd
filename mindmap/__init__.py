"""mindmap: build mind maps of who is active where, from the terminal or from Python.

from mindmap import MapFile
with MapFile("maps/derby.json").edit() as m:
    arts = m.resolve("Arts and culture")
    m.add("org", "Derby QUAD", arts, url="https://www.derbyquad.co.uk")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mindmap.errors import MindmapError
    from mindmap.model import CrossLink, MapMeta, MindMap, Node
    from mindmap.store import MapFile

__all__ = ["CrossLink", "MapFile", "MapMeta", "MindMap", "MindmapError", "Node"]

# The names above are loaded when first used: importing the command line must not first spend most of its
# start-up (networkx) here, before it can take a Ctrl-C quietly.
_HOMES = {
    "CrossLink": "mindmap.model",
    "MapFile": "mindmap.store",
    "MapMeta": "mindmap.model",
    "MindMap": "mindmap.model",
    "MindmapError": "mindmap.errors",
    "Node": "mindmap.model",
}


def __getattr__(name: str) -> Any:
    """Return the public name NAME from the module that defines it, importing that module once."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'mindmap' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
