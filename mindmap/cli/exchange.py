"""Commands that move maps in and out of other formats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import typer

from mindmap.cli._app import app, note, settings, warn
from mindmap.cli._complete import complete_node
from mindmap.errors import FormatError
from mindmap.formats import WriteOptions, all_formats, describe_losses, format_for_path

PANEL = "Exchange"


def read_input(path: str) -> bytes:
    """Return the bytes of PATH, or of standard input for '-'."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise FormatError(f"no file {path!r}") from None
    except IsADirectoryError:
        raise FormatError(f"{path} is a folder, not a file") from None
    except OSError as error:
        raise FormatError(f"cannot read {path}: {error.strerror}") from None


def write_output(path: str, data: bytes) -> None:
    """Write DATA to PATH (atomically), or to standard output for '-'."""
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from mindmap.store import write_atomically

    write_atomically(Path(path), data)


@app.command(rich_help_panel=PANEL)
def export(
    output: str = typer.Argument(..., help="The file to write ('-' for standard output, with --format)."),
    format_name: Optional[str] = typer.Option(
        None, "--format", "-f", help="The format (default: from OUTPUT's extension)."
    ),
    from_node: Optional[str] = typer.Option(
        None, "--from", autocompletion=complete_node, help="Export only this NODE's subtree (with its ancestors)."
    ),
    depth: Optional[int] = typer.Option(None, "--depth", "-d", min=0, help="Export at most this many levels."),
    layout: str = typer.Option("radial", "--layout", help="SVG/HTML layout: radial (root in the centre) or tree."),
    renderer: str = typer.Option("wasm", "--renderer", help="SVG renderer: wasm (bundled) or system (dot on PATH)."),
) -> None:
    """Export the map to another format (see `mindmap formats`).

    Example: mindmap export derby.svg
    """
    fmt = format_for_path(output, format_name, reading=False)
    assert fmt.write is not None
    mindmap = settings().map_file.load()
    if from_node is not None or depth is not None:
        start = mindmap.resolve(from_node) if from_node else mindmap.root
        if from_node is not None and depth is not None:
            depth += mindmap.depth(start)
        mindmap = mindmap.subtree(start, depth)
    from mindmap.cli._progress import drawing

    with drawing(len(mindmap), fmt.name):
        result = fmt.write(mindmap, WriteOptions(layout=layout, renderer=renderer))
    write_output(output, result.data)
    for message in result.warnings:
        warn(message)
    lost = describe_losses(fmt.name, result.dropped)
    if lost:
        typer.echo(lost, err=True)
    if output != "-":
        note(f"Wrote {output} ({fmt.name}, {len(mindmap):,} nodes)")


@app.command("import", rich_help_panel=PANEL)
def import_file(
    file: str = typer.Argument(..., help="The file to import ('-' for standard input, with --format)."),
    under: Optional[str] = typer.Option(
        None, "--under", "-u", autocompletion=complete_node, help="Graft under this NODE (default: the root)."
    ),
    format_name: Optional[str] = typer.Option(
        None, "--format", "-f", help="The format (default: from FILE's extension)."
    ),
    by: Optional[str] = typer.Option(None, "--by", help="Who contributed the imported nodes."),
) -> None:
    """Import a file's tree into the map, all or nothing.

    Example: mindmap import contributions.csv --under "Community and third sector"
    """
    from mindmap.store import current_user

    fmt = format_for_path(file, format_name, reading=True)
    assert fmt.read is not None
    imported = fmt.read(read_input(file))
    who = current_user(by)
    for node in imported.mindmap.nodes():
        if not node.added_by:
            imported.mindmap.set_provenance(node.id, added_by=who)
    with settings().map_file.edit(by=by) as mindmap:
        parent = mindmap.resolve(under) if under else None
        mindmap.graft(imported.mindmap, parent)
    for message in imported.warnings:
        warn(message)
    note(f"Imported {len(imported.mindmap):,} nodes from {file}")


@app.command("formats", rich_help_panel=PANEL)
def list_formats(as_json: bool = typer.Option(False, "--json", help="Print the list as JSON.")) -> None:
    """List the formats mindmap reads and writes.

    Example: mindmap formats
    """
    rows: list[dict[str, Any]] = [
        {
            "name": f.name,
            "extensions": list(f.extensions),
            "read": f.read is not None,
            "write": f.write is not None,
            "description": f.description,
        }
        for f in all_formats()
    ]
    if as_json:
        from mindmap.cli.view import print_json

        print_json(rows)
        return
    for row in rows:
        able = "/".join(word for word, ok in (("read", row["read"]), ("write", row["write"])) if ok)
        typer.echo(f"{row['name']:<10} {' '.join(row['extensions']):<14} {able:<11} {row['description']}")
