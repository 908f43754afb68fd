"""Write a map, or a part of it, in another format: the library behind `mindmap export`."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from mindmap.errors import FormatError, RuleError
from mindmap.formats import Exported, Format, WriteOptions, format_for_path, get_format
from mindmap.model import MindMap

# The formats that colour each sector's branch (formats/_palette.py): a part keeps the whole map's colours in them.
COLOURED_FORMATS = frozenset({"svg", "html", "dot", "freemind"})


def part(mindmap: MindMap, start: str | None = None, depth: int | None = None, *, colours: bool = False) -> MindMap:
    """Return START's subtree (a NODE: id, unique label or path) with its ancestors, cut DEPTH levels below it.

    Without START and DEPTH, MINDMAP itself; with DEPTH alone, the map cut DEPTH levels below the root.
    """
    # With COLOURS, START's sector keeps the colour it has in the whole map, given it as its own: alone in the
    # part it would take the palette's first (the Leicester trial's 'Arts and culture' went from light to dark blue).
    if start is None and depth is None:
        return mindmap
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int)):
        raise RuleError(f"the depth must be a whole number, not {depth!r}")
    cut = mindmap.subtree(mindmap.resolve(start) if start is not None else mindmap.root, depth)
    if not colours or start is None:
        return cut  # DEPTH alone keeps every sector, in its place in the palette
    from mindmap.formats import branch_colours

    whole = branch_colours(mindmap)
    document = cut.to_document()
    sectors = set(cut.children(cut.root))
    for entry in document["graph"]["nodes"]:
        if entry["id"] in sectors and not entry.get("color"):
            entry["color"] = whole[entry["id"]]
    return MindMap.from_document(document)


def check_output_folder(path: str | os.PathLike[str]) -> None:
    """Raise FormatError, before any drawing, if the folder PATH is to be written in does not exist."""
    if str(path) == "-":
        return  # standard output, for the command line
    if "\0" in str(path):  # writing would raise ValueError, after the drawing
        raise FormatError(f"cannot write {str(path)!r}: a file name cannot hold a NUL character")
    folder = Path(path).parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise FormatError(f"cannot write {path}: the folder {str(folder)!r} {what}; create it first")


def render(
    mindmap: MindMap,
    fmt: Format | str,
    options: WriteOptions | None = None,
    *,
    warn: Callable[[str], None] | None = None,
    writing: Callable[[], AbstractContextManager[Any]] | None = None,
) -> Exported:
    """Return MINDMAP written in FMT (a Format or a format's name), every warning in Exported.warnings.

    The warnings a format knows before writing (Format.notices) come first. WARN, if given, hears each warning
    as soon as it is known: those before writing (which may take a while) before it starts, as `mindmap export`
    prints them. The writing runs inside WRITING(), if given (the command line's progress bar).
    """
    if not isinstance(fmt, (Format, str)):
        raise FormatError(f"name the format to write as text (e.g. 'svg') or a Format, not {type(fmt).__name__}")
    chosen = get_format(fmt) if isinstance(fmt, str) else fmt
    if chosen.write is None:
        raise FormatError(f"mindmap cannot write {chosen.name} files")
    options = options or WriteOptions()
    if not isinstance(options, WriteOptions):
        raise FormatError(f"the options are a WriteOptions, not {type(options).__name__}")
    early = chosen.notices(mindmap, options) if chosen.notices else []
    if warn:
        for message in early:
            warn(message)
    with writing() if writing else contextlib.nullcontext():
        result = chosen.write(mindmap, options)
    later = [message for message in result.warnings if message not in early]
    if warn:
        for message in later:
            warn(message)
    return Exported(result.data, dict(result.dropped), [*early, *later])


def export_file(
    mindmap: MindMap,
    path: str | os.PathLike[str],
    *,
    format_name: str | None = None,
    start: str | None = None,
    depth: int | None = None,
    layout: str = "radial",
    renderer: str = "wasm",
) -> Exported:
    """Write MINDMAP (or START's part, see part()) to PATH in the format its extension names, atomically.

    Return what was written: the bytes, what the format could not carry (`describe_losses` words it) and the
    warnings. FORMAT_NAME overrides the extension; LAYOUT and RENDERER are for SVG, HTML and DOT.
    """
    from mindmap.store import write_atomically

    fmt = format_for_path(str(path), format_name, reading=False)
    check_output_folder(path)
    cut = part(mindmap, start, depth, colours=fmt.name in COLOURED_FORMATS)
    result = render(cut, fmt, WriteOptions(layout=layout, renderer=renderer))
    write_atomically(Path(path), result.data)
    return result
