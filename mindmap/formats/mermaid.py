"""Mermaid `mindmap` diagrams (write only): each node as `id["text"]`, its text in Mermaid's entity codes."""

from __future__ import annotations

from mindmap.formats import Exported, Format, WriteOptions, detail_losses, losses
from mindmap.formats._style import channel_text
from mindmap.model import MindMap, counted

# The shape around each kind's text: (opening, closing). Mermaid reads brackets and parentheses as
# shapes, so the text always goes inside a quoted string, where they are plain characters.
SHAPES = {
    "root": ("((", "))"),
    "sector": ("{{", "}}"),
    "organisation": ("(", ")"),
    "channel": ("[", "]"),
    "topic": (")", "("),
}
# Mermaid replaces `#name;` and `#123;` by the character before parsing, so these are how a quoted
# string holds a quote, a '#', a backtick (which would start a Markdown string) and HTML's specials
# (Mermaid renders labels as HTML, so '<' must never reach it raw).
ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "`": "#96;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "\t": " ",
    "\\": "#92;",
}
INDENT = "  "
# Mermaid refuses a diagram longer than this many characters unless the page raises its maxTextSize
# ("Maximum text size in diagram exceeded"): a city map of some 700 to 1,400 nodes is past it.
MERMAID_MAX_TEXT_SIZE = 50_000
# Mermaid nests by indentation only, so a chain 10,000 levels deep took 100 MB of spaces (and no Mermaid
# draws a diagram that long). Nodes deeper than this are drawn as one flat list under their node at this
# depth, each label starting with its level ('[41] ...') as `mindmap tree` shows them.
MAX_INDENTED_DEPTH = 40


def escape(text: str) -> str:
    """Return TEXT for a quoted Mermaid string: special characters as entity codes, line breaks as <br>."""
    out = "".join(ENTITIES.get(ch, ch) for ch in text)
    return "<br>".join(out.split("\n"))


def write(mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write the map as a Mermaid mindmap; notes, urls, attributes and cross-links have no place in it."""
    lines = ["mindmap"]
    deep = 0
    for index, (node_id, level) in enumerate(mindmap.walk()):
        node = mindmap.node(node_id)
        opening, closing = SHAPES[node.kind]
        text = node.label
        if node.kind == "channel" and (node.platform or node.handle):
            # The diagram has no links: a channel labelled 'Twitter' (as forms name them) names its account.
            text = channel_text(node.label, node.platform, node.handle, node.url)[0]
        if level > MAX_INDENTED_DEPTH:
            deep += 1
            text = f"[{level}] {text}"
        indent = INDENT * (min(level, MAX_INDENTED_DEPTH + 1) + 1)
        lines.append(f'{indent}n{index}{opening}"{escape(text)}"{closing}')
    dropped = losses(mindmap, "notes", "urls", "attributes", "cross-links") | detail_losses(mindmap)
    text = "\n".join(lines) + "\n"
    warnings = []
    if deep:
        warnings.append(
            f"{counted(deep, 'nodes')} deeper than {MAX_INDENTED_DEPTH} levels are drawn as a flat list under their "
            f"node at level {MAX_INDENTED_DEPTH}, each label starting with its level ('[{MAX_INDENTED_DEPTH + 1}] ...')"
        )
    if len(text) > MERMAID_MAX_TEXT_SIZE:
        part = options.extra.get("part", "--from NODE or --depth N")
        warnings.append(
            f"the diagram is {len(text):,} characters, more than the {MERMAID_MAX_TEXT_SIZE:,} Mermaid draws by "
            f"default: export part of the map with {part}, or raise maxTextSize where it is shown"
        )
    return Exported(text.encode("utf-8"), dropped, warnings)


FORMAT = Format("mermaid", (".mmd", ".mermaid"), "Mermaid mindmap diagram (write only)", write=write)
