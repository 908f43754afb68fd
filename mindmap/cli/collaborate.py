"""Commands for working together: diff, merge, the git merge driver, the journal, undo and redo."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from mindmap.cli._app import app, elided, note, one_line, settings, warn
from mindmap.cli._complete import complete_node
from mindmap.errors import MapFileError, MindmapError
from mindmap.formats import counted
from mindmap.store import MapFile, current_user

if TYPE_CHECKING:
    from mindmap.model import MindMap

PANEL = "Collaborate"


def _load_bytes(data: bytes, where: str) -> MindMap:
    from mindmap.formats import json_map
    from mindmap.model import MindMap

    try:
        return MindMap.from_document(json_map.loads(data), adopt=True)
    except MindmapError as error:
        raise MapFileError(f"{where}: {error}") from None


@app.command(rich_help_panel=PANEL)
def diff(
    old: Optional[str] = typer.Argument(None, metavar="OLD", help="The old map file."),
    new: Optional[str] = typer.Argument(None, metavar="NEW", help="The new map file (default: the --map file)."),
    git_revision: Optional[str] = typer.Option(
        None, "--git", help="Compare the --map file with itself at this git revision (e.g. HEAD)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the differences as JSON."),
) -> None:
    """Compare two maps by node id; exit 0 when equal, 1 when different (an error also says 'Error:').

    Example: mindmap diff old.json new.json   or   mindmap diff --git HEAD
    """
    from mindmap.diff import diff_indexed, read_index
    from mindmap.gittools import show_at_revision

    # One map is held (packed) while the other is read, and neither keeps its graph: two big maps fit in memory.
    if git_revision is not None:
        if old is not None or new is not None:
            raise MindmapError("give either OLD and NEW, or --git REV (which compares the --map file)")
        map_file = settings().map_file
        before = read_index(
            lambda: show_at_revision(map_file.path, git_revision), f"{map_file.path} at {git_revision}", pack=True
        )
        after = read_index(map_file.read_bytes, str(map_file.path))
    else:
        if old is None:
            raise MindmapError("give one or two map files (OLD, and NEW or else the --map file), or --git REV")
        old_file, new_file = MapFile(old), MapFile(new) if new is not None else settings().map_file
        before = read_index(old_file.read_bytes, str(old_file.path), pack=True)
        after = read_index(new_file.read_bytes, str(new_file.path))
    result = diff_indexed(before, after)
    if as_json:
        from mindmap.cli.view import print_json

        print_json(result.to_json())
    else:
        typer.echo(result.text(), nl=False)
    if not result.equal:
        raise typer.Exit(1)


@app.command(rich_help_panel=PANEL)
def merge(
    base: str = typer.Argument(..., metavar="BASE", help="The common ancestor map (git's %O; an empty file for none)."),
    ours: str = typer.Argument(..., metavar="OURS", help="Our map (git's %A)."),
    theirs: str = typer.Argument(..., metavar="THEIRS", help="Their map (git's %B)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Where to write the result (default: OURS)."),
    as_json: bool = typer.Option(False, "--json", help="Print the conflicts as JSON on stdout."),
    name: Optional[str] = typer.Option(
        None, "--name", help="The map's name in messages (git's %P; default: where the result goes)."
    ),
) -> None:
    """Merge two maps from their common ancestor by node id; exit 1 if conflicts needed a rule.

    Example: mindmap merge base.json mine.json theirs.json -o merged.json
    """
    from mindmap.formats import json_map
    from mindmap.merge import merge_maps
    from mindmap.store import write_atomically

    base_file = MapFile(base)
    base_map = None if not base_file.read_bytes().strip() else base_file.load()
    result = merge_maps(base_map, MapFile(ours).load(), MapFile(theirs).load())
    target = Path(output or ours)
    write_atomically(target, json_map.dumps(result.mindmap.to_document()))
    if as_json:
        from mindmap.cli.view import print_json

        print_json([conflict.to_json() for conflict in result.conflicts])
    for conflict in result.conflicts:
        typer.echo(f"Conflict: {conflict.message}", err=True)
    # Under git, OURS is a temporary file (.merge_file_XXXXXX): the map's own path means more.
    shown = name or str(target)
    if result.conflicts:
        typer.echo(
            f"Merged {counted(len(result.mindmap), 'nodes')} into {shown} "
            f"with {counted(len(result.conflicts), 'conflicts')}, "
            "resolved by the rules in docs/collaboration.md; find them with 'mindmap find merge-conflict'",
            err=True,
        )
        raise typer.Exit(1)
    note(f"Merged {counted(len(result.mindmap), 'nodes')} into {shown}")


@app.command("git-setup", rich_help_panel=PANEL)
def git_setup(
    textconv: bool = typer.Option(
        True, "--textconv/--no-textconv", help="Also make 'git diff' and 'git log -p' show maps as text trees."
    ),
) -> None:
    """Register mindmap as git's merge driver (and diff text) for map files in this repository.

    Example: mindmap --map maps/derby.json git-setup
    """
    from mindmap.gittools import setup, tracked_private_files

    map_file = settings().map_file
    map_path = map_file.path.absolute()
    changes = setup(map_path, map_path.parent, textconv=textconv)
    for line in changes:
        note(f"Set {line}")
    if not changes:
        note("Already set up; nothing changed")
    tracked = tracked_private_files(map_path.parent)
    if tracked:
        listed = " ".join(shlex.quote(os.path.relpath(path)) for path in tracked)
        them = "it" if len(tracked) == 1 else "them"
        warn(
            f"git tracks {listed}: a journal (one person's undo history) or lock conflicts in every merge; "
            f"stop tracking {them}, keeping the file{'s' if len(tracked) > 1 else ''}: git rm --cached {listed}"
        )
    if not map_path.exists():
        # The pattern above names a file that is not there: the map the user meant may go unregistered.
        warn(
            f"there is no map file {str(map_file.path)!r} yet; a map with another name outside maps/ "
            "needs its own `mindmap --map FILE git-setup`"
        )


@app.command("git-textconv", rich_help_panel=PANEL)
def git_textconv(file: str = typer.Argument(..., metavar="FILE", help="The map file to print.")) -> None:
    """Print a map file as an indented text tree with ids and fields (git's textconv for maps).

    Example: mindmap git-textconv maps/derby.json
    """
    from mindmap.gittools import textconv

    data = MapFile(file).read_bytes()
    try:
        mindmap = _load_bytes(data, file)
    except MapFileError:
        # Not a valid map (say, mid-edit): show the bytes so that git diff still works.
        sys.stdout.buffer.write(data)
        return
    typer.echo(textconv(mindmap), nl=False)


@app.command(rich_help_panel=PANEL)
def log(
    count: Optional[int] = typer.Option(None, "-n", "--count", min=1, help="Show at most this many entries."),
    node: Optional[str] = typer.Option(
        None,
        "--node",
        metavar="NODE",
        autocompletion=complete_node,
        help="Only the entries that changed this NODE (a removed one by its label).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the entries as JSON."),
) -> None:
    """Show the journal of edits made to the map here, newest first.

    Example: mindmap log -n 5 --node "Derby QUAD"
    """
    from mindmap.journal import MAX_ENTRIES, history

    entries = history(settings().map_file, limit=count, node=node)
    if as_json:
        from mindmap.cli.view import print_json

        print_json(entries)
        return
    for entry in entries:
        kind = "" if entry.get("type") == "edit" else f"[{entry.get('type')}] "
        command = one_line(entry.get("command", ""))
        typer.echo(f"{entry.get('at', '')}  {entry.get('by', '') or '?'}  {kind}{command}")
        for line in entry.get("summary", []):
            typer.echo(f"    {one_line(line)}")
    if not entries and node is not None:
        # The node may well have been edited: before the journal's window, or in another clone.
        note(f"No journaled edits of {node!r} among the last {MAX_ENTRIES} edits made here")
    elif not entries:
        note("No journaled edits")


@app.command(rich_help_panel=PANEL)
def undo(by: Optional[str] = typer.Option(None, "--by", help="Who undoes (for the journal).")) -> None:
    """Revert the last edit made with mindmap to this map.

    Example: mindmap undo
    """
    from mindmap.journal import undo as undo_edit

    entry = undo_edit(settings().map_file, by=current_user(by))
    note(f"Undid: {elided(entry.raw.get('command') or '; '.join(entry.raw.get('summary', [])))}")


@app.command(rich_help_panel=PANEL)
def redo(by: Optional[str] = typer.Option(None, "--by", help="Who redoes (for the journal).")) -> None:
    """Re-apply the last edit that undo reverted.

    Example: mindmap redo
    """
    from mindmap.journal import redo as redo_edit

    entry = redo_edit(settings().map_file, by=current_user(by))
    note(f"Redid: {elided(entry.raw.get('command') or '; '.join(entry.raw.get('summary', [])))}")
