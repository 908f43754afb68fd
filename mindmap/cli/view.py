"""Commands that show a map without changing it."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Optional

import typer

from mindmap.cli._app import app, note, one_line, settings, use_colour
from mindmap.cli._complete import complete_node
from mindmap.formats._layouts import LAYOUT_HELP

PANEL = "View"
MAX_JSON_INDENT = 100  # levels of JSON nesting indented; a tree level takes two (object, children list)


def print_json(value: Any) -> None:
    """Print VALUE as indented JSON on stdout."""
    typer.echo(indented_json(value))


def indented_json(value: Any) -> str:
    """Return VALUE as `json.dumps(value, indent=2, ensure_ascii=False)` does, without recursion."""
    # The json module recurses once per level of nesting, so `tree --json` of a very deep map would
    # overflow; this walks an explicit stack instead. Indentation stops growing after MAX_JSON_INDENT
    # levels, so that the output of a very deep tree stays linear in size (and still valid JSON).
    out: list[str] = []
    # Work items: ("text", str) to write, or ("value", value, level) to encode.
    stack: list[tuple[Any, ...]] = [("value", value, 0)]
    while stack:
        item = stack.pop()
        if item[0] == "text":
            out.append(item[1])
            continue
        _, current, level = item
        if isinstance(current, (dict, list)) and current:
            pad = "\n" + "  " * min(level + 1, MAX_JSON_INDENT)
            pairs = current.items() if isinstance(current, dict) else ((None, v) for v in current)
            tasks: list[tuple[Any, ...]] = [("text", "{" if isinstance(current, dict) else "[")]
            for index, (key, member) in enumerate(pairs):
                name = "" if key is None else json.dumps(str(key), ensure_ascii=False) + ": "
                tasks.append(("text", ("," if index else "") + pad + name))
                tasks.append(("value", member, level + 1))
            tasks.append(
                ("text", "\n" + "  " * min(level, MAX_JSON_INDENT) + ("}" if isinstance(current, dict) else "]"))
            )
            stack.extend(reversed(tasks))
        else:
            out.append(json.dumps(current, ensure_ascii=False))
    return "".join(out)


@app.command(rich_help_panel=PANEL)
def tree(
    node: Optional[str] = typer.Argument(
        None, metavar="NODE", autocompletion=complete_node, help="Show only this NODE's subtree."
    ),
    depth: Optional[int] = typer.Option(None, "--depth", "-d", min=0, help="Show at most this many levels."),
    ids: bool = typer.Option(False, "--ids", help="Show each node's id."),
    as_json: bool = typer.Option(False, "--json", help="Print the tree as nested JSON."),
) -> None:
    """Print the map as a tree, kinds told apart by colour and marker.

    Example: mindmap tree "Arts and culture" --depth 2
    """
    from mindmap.formats import text as text_format

    mindmap = settings().map_file.load()
    start = mindmap.resolve(node) if node else None
    if as_json:
        print_json(nested(mindmap, start, depth))
        return
    if not use_colour():
        text = text_format.render_plain(mindmap, start, depth, ids=ids)
        typer.echo(text, nl=False)
        hint_long_tree(text.count("\n"), depth)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    shown_lines = 0
    chunk = Text()
    for line in text_format.tree_lines(mindmap, start, depth, ids=ids):
        shown_lines += 1
        # Only the guide is dim (Text(guide, style=...) would set the whole line's style).
        chunk.append(line.guide, style="dim")
        if line.first:
            chunk.append(text_format.MARKERS[line.kind] + " ", style=text_format.STYLES[line.kind])
        else:
            chunk.append("  ")
        chunk.append(line.text, style=text_format.STYLES[line.kind])
        if line.detail:
            chunk.append("  " + line.detail, style="dim")
        # rich's cost is per print: a print per line took a 100,000-node tree 8 s, against 1.2 s uncoloured.
        if shown_lines % _LINES_PER_PRINT:
            chunk.append("\n")
        else:
            console.print(chunk, soft_wrap=True)
            chunk = Text()
    if chunk:
        chunk.right_crop(1)  # the line break after the last line: print ends the line
        console.print(chunk, soft_wrap=True)
    hint_long_tree(shown_lines, depth)


_LINES_PER_PRINT = 500


# A tree longer than this scrolls out of sight: `tree` then says how to show less (found by the scale trial:
# 100,004 lines of a national survey, 10 s on a terminal, with no word of --depth).
LONG_TREE_LINES = 1_000


def on_terminal() -> bool:
    """Return whether standard output is a terminal (piped or closed output needs no hint)."""
    import sys

    return sys.stdout is not None and sys.stdout.isatty()


def hint_long_tree(lines: int, depth: int | None) -> None:
    """Note how to show less after a tree of LINES lines printed without --depth, if it is long."""
    if lines > LONG_TREE_LINES and depth is None and on_terminal():
        note(f"{lines:,} lines: show fewer levels with --depth 2, or one part with `mindmap tree NODE`")


def nested(mindmap: Any, start: str | None, depth: int | None) -> dict[str, Any]:
    """Return START's subtree as nested dicts: every field of each node, and "children": [...]."""
    return mindmap.nested(start, depth)  # type: ignore[no-any-return]


@app.command(rich_help_panel=PANEL)
def show(
    node: str = typer.Argument(..., metavar="NODE", autocompletion=complete_node, help="The NODE to show."),
    as_json: bool = typer.Option(False, "--json", help="Print the fields as JSON."),
) -> None:
    """Show every field of one node.

    Example: mindmap show "Derby QUAD"
    """
    mindmap = settings().map_file.load()
    node_id = mindmap.resolve(node)
    record = dataclasses.asdict(mindmap.node(node_id))
    record["path"] = mindmap.path(node_id)
    parent = mindmap.parent(node_id)
    record["parent"] = parent or ""
    record["children"] = mindmap.children(node_id)
    record["links_out"] = [dataclasses.asdict(link) for link in mindmap.links_from(node_id)]
    record["links_in"] = [dataclasses.asdict(link) for link in mindmap.links_to(node_id)]
    if as_json:
        print_json(record)
        return
    rows = [(key, record[key]) for key in ("id", "kind", "label", "path")]
    if record["url"]:
        from mindmap.model import readable_url

        record["url"] = readable_url(record["url"])  # as typed; --json gives the stored link
    rows += [(key, record[key]) for key in ("url", "platform", "handle", "note", "color") if record[key]]
    rows += [(f"attr {key}", value) for key, value in record["attributes"].items()]
    rows += [(key, record[key]) for key in ("added_by", "added_at", "modified_at") if record[key]]
    if record["folded"]:
        rows.append(("folded", "yes"))
    rows.append(("parent", mindmap.display_path(parent) if parent else "(none: the root)"))
    rows.append(("children", str(len(record["children"]))))
    for link in mindmap.links_from(node_id):
        rows.append(("link to", mindmap.display_path(link.target) + (f" ({link.label})" if link.label else "")))
    for link in mindmap.links_to(node_id):
        rows.append(("link from", mindmap.display_path(link.source) + (f" ({link.label})" if link.label else "")))
    width = max(len(key) for key, _ in rows)
    for key, value in rows:
        lines = str(value).split("\n")
        typer.echo(f"{key:<{width}}  {lines[0]}")
        for more in lines[1:]:
            typer.echo(f"{'':<{width}}  {more}")


@app.command(rich_help_panel=PANEL)
def find(
    text: str = typer.Argument(
        "",
        metavar="TEXT",
        help="Text to look for in labels, notes, urls and attributes (any case; 'cafe' finds 'Café'; "
        "a pasted link finds the node that stores it).",
    ),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="Only nodes of this kind (e.g. org, channel)."),
    platform: Optional[str] = typer.Option(
        None, "--platform", "-p", help="Only channels on this platform (e.g. facebook, twitter)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the matches as JSON."),
) -> None:
    """Find nodes and print their paths: by text, kind or platform; exit 1 when none matches (as grep).

    Example: mindmap find council --kind org
    """
    from mindmap.channels import normalise_platform
    from mindmap.errors import MindmapError

    if not text and kind is None and platform is None:
        raise MindmapError("say what to find: TEXT, --kind or --platform (e.g. mindmap find --platform facebook)")
    mindmap = settings().map_file.load()
    found = mindmap.find(text, kind=kind, platform=normalise_platform(platform) if platform else None)
    if as_json:
        print_json(
            [{"id": n, "kind": mindmap.kind(n), "label": mindmap.label(n), "path": mindmap.path(n)} for n in found]
        )
    else:
        for node_id in found:
            typer.echo(f"{one_line(mindmap.display_path(node_id))}  [{node_id}]")
    if not found:
        # As grep: scripts test `if mindmap find ...; then`. The reason is no error, so no 'Error:' line.
        note(mindmap.no_match(text, kind=kind, platform=platform))
        raise typer.Exit(1)


@app.command(rich_help_panel=PANEL)
def view(
    node: Optional[str] = typer.Argument(
        None,
        metavar="NODE",
        autocompletion=complete_node,
        help="Show only this NODE's subtree (default: the whole map).",
    ),
    layout: str = typer.Option("radial", "--layout", help=LAYOUT_HELP),
    no_open: bool = typer.Option(False, "--no-open", help="Only write the page and print its path."),
) -> None:
    """Open the map (or a NODE's subtree) as a web page in your browser: the drawing and every link.

    Example: mindmap view "Arts and culture"
    """
    import os
    import tempfile
    import webbrowser
    from pathlib import Path

    from mindmap.cli._progress import write_warned
    from mindmap.exporting import part
    from mindmap.formats import WriteOptions, get_format
    from mindmap.store import write_atomically

    mindmap = settings().map_file.load()
    if node is not None:
        mindmap = part(mindmap, node, colours=True)
    page_format = get_format("html")
    assert page_format.write is not None
    # view has no --from or --depth: a part of the map is opened by naming its NODE; and it publishes nothing.
    words = {"part": "mindmap view NODE", "links": "on the page"}
    page = write_warned(page_format, mindmap, WriteOptions(layout=layout, extra=words))
    # A file that outlives this command: the browser reads it after mindmap has exited.
    handle, name = tempfile.mkstemp(prefix="mindmap-", suffix=".html")
    os.close(handle)
    path = Path(name)
    write_atomically(path, page.data)
    if no_open:
        typer.echo(str(path))
        return
    try:
        opened = webbrowser.open(path.as_uri())
    except webbrowser.Error:
        opened = False
    if not opened:
        typer.echo(str(path))
        note("Could not start a browser; open the page above yourself")
        return
    note(f"Opened {path}")
