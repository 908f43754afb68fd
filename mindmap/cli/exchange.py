"""Commands that move maps in and out of other formats."""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from mindmap.cli._app import app, note, one_line, settings, silence_stdout, warn
from mindmap.cli._complete import complete_node
from mindmap.errors import FormatError, MapFileError
from mindmap.formats import Format, Imported, WriteOptions, all_formats, counted, describe_losses, format_for_path
from mindmap.formats._layouts import LAYOUT_HELP

PANEL = "Exchange"


def read_input(path: str) -> bytes:
    """Return the bytes of PATH, or of standard input for '-'."""
    if path == "-":
        if sys.stdin is None:
            raise FormatError("standard input is closed; give a file instead of '-'")
        try:
            return sys.stdin.buffer.read()
        except OSError as error:
            raise FormatError(f"cannot read standard input: {error.strerror}") from None
    from mindmap.importing import file_bytes

    return file_bytes(path)


def write_output(path: str, data: bytes) -> None:
    """Write DATA to PATH (atomically), or to standard output for '-'."""
    if path == "-":
        if sys.stdout is None:
            raise FormatError("cannot write to standard output: it is closed; give a file name instead of '-'")
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise
            silence_stdout()  # else Python reports the same failure again when it flushes at exit
            raise FormatError(f"cannot write to standard output: {error.strerror}") from None
        return
    from mindmap.store import write_atomically

    write_atomically(Path(path), data)


@app.command(rich_help_panel=PANEL)
def export(
    output: str = typer.Argument(
        ..., metavar="OUTPUT", help="The file to write ('-' for standard output, with --format)."
    ),
    format_name: Optional[str] = typer.Option(
        None, "--format", "-f", help="The format (default: from OUTPUT's extension)."
    ),
    from_node: Optional[str] = typer.Option(
        None,
        "--from",
        metavar="NODE",
        autocompletion=complete_node,
        help="Export only this NODE's subtree (with its ancestors).",
    ),
    depth: Optional[int] = typer.Option(
        None, "--depth", "-d", min=0, help="Export at most this many levels below NODE (or the root), as tree --depth."
    ),
    layout: str = typer.Option("radial", "--layout", help=f"SVG, HTML and DOT only. {LAYOUT_HELP}"),
    renderer: str = typer.Option("wasm", "--renderer", help="SVG renderer: wasm (bundled) or system (dot on PATH)."),
) -> None:
    """Export the map to another format (see `mindmap formats`).

    Example: mindmap export derby.svg
    """
    from mindmap.exporting import COLOURED_FORMATS, check_output_folder, part

    fmt = format_for_path(output, format_name, reading=False)
    assert fmt.write is not None
    check_output_folder(output)
    # An empty --from is the whole map, as `tree ""` shows it (a script's "$SECTOR" left empty).
    mindmap = part(settings().map_file.load(), from_node or None, depth, colours=fmt.name in COLOURED_FORMATS)
    from mindmap.cli._progress import write_warned

    result = write_warned(fmt, mindmap, WriteOptions(layout=layout, renderer=renderer))
    write_output(output, result.data)
    lost = describe_losses(fmt.name, result.dropped)
    if lost:
        typer.echo(lost, err=True)
    if output != "-":
        note(f"Wrote {output} ({fmt.name}, {counted(len(mindmap), 'nodes')})")


KINDS_HELP = "keep: kinds from the file (else topic); auto: also guess them (urls make channels, ...)."
ROOT_HELP = (
    "auto: the file's root comes in as a node, except when it has the label of the node imported under "
    "(a map's own export): then only its children do; node: always the root too; children: never the root."
)


class ImportProgress:
    """A rich progress bar on stderr that appears only when an import runs longer than about a second."""

    DELAY_SECONDS = 1.0

    def __init__(self, what: str) -> None:
        self.what = what
        self.enabled = sys.stderr.isatty() and not settings().quiet
        self.progress: Any = None
        self.task: Any = None
        self.timer: Any = None

    def __enter__(self) -> ImportProgress:
        if self.enabled:
            import threading

            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.task = self.progress.add_task(f"Reading {self.what}", total=None)
            self.timer = threading.Timer(self.DELAY_SECONDS, self.progress.start)
            self.timer.daemon = True
            self.timer.start()
        return self

    def update(self, done: int, total: int) -> None:
        """Show DONE of TOTAL nodes copied."""
        if self.progress is not None:
            self.progress.update(self.task, description=f"Importing {self.what}", completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.progress.stop()


def read_import(
    file: str, format_name: str | None, *, force: bool = False, forceable: bool = False
) -> tuple[Format, Imported]:
    """Return the format of FILE ('-': standard input) and what its reader made of it (FORCE: as import's).

    FORCEABLE: a refusal that FORCE would have spared says so (the command has --force).
    """
    from mindmap.formats.csv_table import FaultyRowsError
    from mindmap.importing import read_data, read_file

    try:
        if file == "-":
            return read_data(read_input(file), file, format_name, force=force)
        return read_file(file, format_name, force=force)
    except FaultyRowsError as error:
        if force or not forceable:
            raise
        raise FormatError(f"{error}; or add --force to keep faulty links (`mindmap check` lists them)") from None


def report_import(fmt_name: str, report: Any, file: str, where: str, verb: str = "Imported") -> None:
    """Print the import's warnings (one a line), what it dropped, and the summary line ('VERB 3 nodes ...')."""
    for message in report.warnings:
        warn(message)
    lost = report.dropped_line(fmt_name)
    if lost:
        typer.echo(lost, err=True)
    created = report.new_top_line()
    note(
        f"{verb} {report.summary()} from {file if file != '-' else 'standard input'} {where}"
        + (f"; {created}" if created else "")
    )


def create_from_file(
    file: str,
    format_name: str | None,
    kinds: str,
    title: str | None,
    authors: list[str] | None,
    license: str,
    description: str,
    force: bool,
    by: str | None,
) -> None:
    """Create the map file from FILE: its root becomes the map's root, its title the map's (unless TITLE)."""
    from mindmap.importing import map_from_import
    from mindmap.store import current_user

    map_file = settings().map_file
    if map_file.exists() and not force:
        raise MapFileError(f"{map_file.path} already exists; use --force to replace it")
    with ImportProgress(file if file != "-" else "standard input"):
        fmt, imported = read_import(file, format_name)
        mindmap, report = map_from_import(imported, by=current_user(by), kinds=kinds)
    if title:
        mindmap.meta.title = title
        mindmap.rename(mindmap.root, title)
        mindmap.set_provenance(mindmap.root, modified_at=mindmap.node(mindmap.root).added_at or None)
    if authors:
        mindmap.meta.authors = list(authors)
    if license:
        mindmap.meta.license = license
    if description:
        mindmap.meta.description = description
    map_file.create(mindmap, force=force)
    report_import(fmt.name, report, file, f"into {map_file.path} ({mindmap.meta.title})")


@app.command("import", rich_help_panel=PANEL)
def import_file(
    file: str = typer.Argument(..., metavar="FILE", help="The file to import ('-' for standard input, with --format)."),
    under: Optional[str] = typer.Option(
        None,
        "--under",
        "-u",
        metavar="NODE",
        autocompletion=complete_node,
        help="Graft under this NODE (default: the root).",
    ),
    format_name: Optional[str] = typer.Option(
        None, "--format", "-f", help="The format (default: from FILE's extension)."
    ),
    by: Optional[str] = typer.Option(None, "--by", help="Who contributed the imported nodes."),
    kinds: str = typer.Option("keep", "--kinds", help=KINDS_HELP),
    root: str = typer.Option("auto", "--root", help=ROOT_HELP),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Say what the import would add and warn of, and leave the map as it is."
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Keep a form's or sheet's faulty links (search pages, short links, single posts), as add --force; "
        "`check` lists them.",
    ),
) -> None:
    """Import a file's tree into the map, all or nothing.

    Example: mindmap import contributions.csv --under "Community and third sector" --dry-run
    """
    from mindmap.importing import added_lines, import_into
    from mindmap.store import current_user

    map_file = settings().map_file
    map_file.check_exists()  # before reading the file: a big one takes seconds
    if dry_run:
        with ImportProgress(file if file != "-" else "standard input") as progress:
            fmt, imported = read_import(file, format_name, force=force, forceable=True)
            mindmap = map_file.load()  # read, never locked nor saved: the same import, on a map kept in memory
            parent = mindmap.resolve(under) if under else None
            staged, report = import_into(
                mindmap, imported, parent, by=current_user(by), kinds=kinds, progress=progress.update, root=root
            )
        for line in added_lines(mindmap, staged):  # what it would add, as a result: a summary's counts said too little
            typer.echo(one_line(line))  # one line per node, as `find` lists paths
        where = mindmap.display_path(parent or mindmap.root)
        report_import(fmt.name, report, file, f"under {where!r}", verb="Would import")
        warn_beyond_undo(report.nodes, "would add")
        note(f"Nothing was changed (--dry-run): {map_file.path} is as it was")
        return
    with ImportProgress(file if file != "-" else "standard input") as progress:
        fmt, imported = read_import(file, format_name, force=force, forceable=True)
        with map_file.edit(by=by) as mindmap:
            parent = mindmap.resolve(under) if under else None
            staged, report = import_into(
                mindmap,
                imported,
                parent,
                by=current_user(by),
                kinds=kinds,
                progress=progress.update,
                root=root,
                release=True,  # the file's own map is no longer needed: freed before the new map is built
            )
            del imported
            mindmap.replace_with(staged)  # all or nothing: the map changes only once the import succeeded
    where = mindmap.display_path(parent or mindmap.root)
    if report.root_left_out and root == "auto":
        note(
            f"The file's root has the label of {where!r}, so its children came in under it (--root node: the root too)"
        )
    report_import(fmt.name, report, file, f"under {where!r}")
    warn_beyond_undo(report.nodes, "added")


def warn_beyond_undo(nodes: int, verb: str) -> None:
    """Warn that `undo` cannot take back an import of NODES nodes, if it cannot (VERB: 'added'/'would add')."""
    from mindmap.journal import MAX_PATCH_NODES

    # The journal keeps no patch for so big a change: said now, not first when undo refuses (found by trial).
    if nodes > MAX_PATCH_NODES:
        warn(
            f"the import {verb} {nodes:,} nodes, more than the {MAX_PATCH_NODES:,} `mindmap undo` can take back: "
            "keep a copy of the map (for example commit it with git) to go back"
        )


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
