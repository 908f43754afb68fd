"""The map as an indented text tree: the one renderer behind `mindmap tree` and `.txt` export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mindmap.formats import Exported, Format, WriteOptions, detail_losses, losses
from mindmap.model import MindMap, readable_url

MARKERS = {"root": "◉", "sector": "■", "organisation": "●", "channel": "↗", "topic": "○"}
# Guides are drawn for at most this many levels; deeper lines keep the guide of this level and
# show their level number instead, so that a very deep tree prints in linear, not quadratic, size.
MAX_DRAWN_DEPTH = 40
STYLES = {
    "root": "bold",
    "sector": "bold blue",
    "organisation": "green",
    "channel": "magenta",
    "topic": "",
}


@dataclass
class TreeLine:
    """One printed line: the guide drawn before it, the node's kind, its text and a dim detail."""

    guide: str
    kind: str
    text: str
    detail: str
    node_id: str
    first: bool  # False for the second and later lines of a multi-line label


def tree_lines(
    mindmap: MindMap, start: str | None = None, depth: int | None = None, *, ids: bool = False
) -> Iterator[TreeLine]:
    """Yield the lines of START's subtree, with box-drawing guides, without recursion."""
    # Below MAX_DRAWN_DEPTH levels the guide stops growing and each line shows its level as `[N]`.
    first = mindmap.root if start is None else start
    # Each stack entry: node id, level, guide for its own line, guide its children continue with.
    stack: list[tuple[str, int, str, str]] = [(first, 0, "", "")]
    while stack:
        node_id, level, guide, carry = stack.pop()
        node = mindmap.node(node_id)
        details = []
        if node.url:
            details.append(f"<{readable_url(node.url)}>")
        if ids:
            details.append(f"[{node_id}]")
        label_lines = node.label.split("\n")
        yield TreeLine(guide, node.kind, label_lines[0], " ".join(details), node_id, True)
        kids = mindmap.children(node_id) if depth is None or level < depth else []
        for extra in label_lines[1:]:
            yield TreeLine(carry + ("│   " if kids else "    "), node.kind, extra, "", node_id, False)
        if level + 1 > MAX_DRAWN_DEPTH:  # too deep to draw: keep the guide, show the level
            for index in range(len(kids) - 1, -1, -1):
                branch = "└── " if index == len(kids) - 1 else "├── "
                stack.append((kids[index], level + 1, f"{carry}{branch}[{level + 1}] ", carry))
            continue
        for index in range(len(kids) - 1, -1, -1):
            last = index == len(kids) - 1
            stack.append(
                (kids[index], level + 1, carry + ("└── " if last else "├── "), carry + ("    " if last else "│   "))
            )


def render_plain(mindmap: MindMap, start: str | None = None, depth: int | None = None, *, ids: bool = False) -> str:
    """Return the tree as plain text, one node per line (continuation lines for line breaks)."""
    out = []
    for line in tree_lines(mindmap, start, depth, ids=ids):
        marker = MARKERS[line.kind] + " " if line.first else "  "
        text = f"{line.guide}{marker}{line.text}"
        out.append(f"{text}  {line.detail}" if line.detail else text)
    return "\n".join(out) + "\n"


def write(mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write the map as a plain-text tree."""
    dropped = losses(mindmap, "notes", "attributes", "cross-links") | detail_losses(mindmap)
    return Exported(render_plain(mindmap).encode("utf-8"), dropped)


FORMAT = Format("text", (".txt",), "plain-text tree, as `mindmap tree` prints it", write=write)
