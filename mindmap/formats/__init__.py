"""The registry of file formats: each module here converts between one format and the model.

A format module defines `FORMAT = Format(...)` with a pure `read(data) -> Imported` and/or
`write(mindmap, options) -> Exported`. Modules whose names start with `_` hold shared helpers.
Adding a format is adding one file; the CLI's format list comes from `all_formats()`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePath
from typing import Any

from mindmap.errors import FormatError
from mindmap.model import MindMap, counted  # counted: here too, where formats and the CLI have long found it


@dataclass
class WriteOptions:
    """Choices a writer may honour; writers ignore what does not apply to them."""

    layout: str = "radial"
    renderer: str = "wasm"
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Exported:
    """A writer's output and what the format could not carry."""

    data: bytes
    dropped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Imported:
    """A reader's map, the repairs it made, and what it had to leave out."""

    mindmap: MindMap
    warnings: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)
    # Kinds (node id -> kind) that nodes should get once grafted, where the standalone map could not hold them
    # (an organisation cannot sit directly under a root); the import applies them under the real parent.
    kinds: dict[str, str] = field(default_factory=dict)
    # True when the file's top level stands for the node it is imported under: its nodes merge by label
    # with the nodes already there (a contributions form names paths in the map), and its root is not added.
    merge_by_path: bool = False
    # Keys of DROPPED that a warning already explains (with its reason): the summary of losses leaves them out,
    # so that each loss is said once.
    explained: set[str] = field(default_factory=set)
    # Node id -> refusal, for nodes of a form that no row of their own named, made as sectors only because a path
    # ran through them: an import refuses to make such a node a new sector inside a sector (mostly a '/' in an
    # organisation's name). The refusal is the text before and after the parent's path, which the importer knows.
    implied_sectors: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The map as its document, when a reader hands that over (see ImportedDocument): imports graft its entries
    # directly. Read only: the map built from it keeps the entries.
    document: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    # Per node entry of DOCUMENT (in order), True where the reader vouches that the entry is what
    # `_bulk.node_entry` makes of the entry's own fields (as `_bulk.stored_as_is` would find): an import then
    # keeps it without checking it again. None: every entry is checked.
    vouched: list[bool] | None = field(default=None, repr=False, compare=False)
    # True when the file names no title and the reader made one up for the root ('Contributions'): the file's
    # name says more (see importing.name_untitled_root).
    untitled: bool = False


class ImportedDocument(Imported):
    """A reader's checked map document, whose map is built only when something asks for `mindmap`.

    The reader has checked DOCUMENT as `MindMap.from_document` would (BUILD then turns it into the map, and must
    not fail); an import hangs its node entries into the target without a map of the file in between.
    """

    def __init__(
        self,
        document: dict[str, Any],
        build: Callable[[dict[str, Any]], MindMap],
        warnings: list[str],
        dropped: dict[str, int],
        *,
        explained: set[str],
        vouched: list[bool] | None = None,
    ) -> None:
        self._mindmap: MindMap | None = None
        self._build = build
        super().__init__(None, warnings, dropped, explained=explained)  # type: ignore[arg-type]
        self.document = document
        self.vouched = vouched

    @property  # type: ignore[override]
    def mindmap(self) -> MindMap:
        """Return the file's map, built from the document the first time."""
        if self._mindmap is None:
            assert self.document is not None
            self._mindmap = self._build(self.document)
        return self._mindmap

    @mindmap.setter
    def mindmap(self, mindmap: MindMap | None) -> None:
        # A map set from outside replaces the document (an import lets go of the file's map this way).
        self._mindmap = mindmap
        if mindmap is not None:
            self.document = None
            self.vouched = None


Reader = Callable[[bytes], Imported]
Writer = Callable[[MindMap, WriteOptions], Exported]
Notices = Callable[[MindMap, WriteOptions], list[str]]


@dataclass(frozen=True)
class Format:
    """One file format: its name, file extensions, and the functions that convert it."""

    name: str
    extensions: tuple[str, ...]
    description: str
    read: Reader | None = None
    write: Writer | None = None
    binary: bool = False
    # Warnings the writer will give that are known before it starts: a slow drawing says so at once.
    notices: Notices | None = None
    # The reader for `import --force`, where READ refuses what people typed (a contributions form's faulty
    # links): this one keeps it, as `add --force` does. None: READ refuses nothing that --force would keep.
    read_forced: Reader | None = None


@cache
def all_formats() -> tuple[Format, ...]:
    """Return every registered format, sorted by name."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        fmt = getattr(module, "FORMAT", None)
        if isinstance(fmt, Format):
            found.append(fmt)
    return tuple(sorted(found, key=lambda f: f.name))


def get_format(name: str) -> Format:
    """Return the format called NAME (or having NAME as an extension)."""
    if not isinstance(name, str):  # given from Python
        raise FormatError(f"a format is named by text (e.g. 'svg'), not {type(name).__name__}")
    wanted = name.lower().lstrip(".")
    for fmt in all_formats():
        if wanted == fmt.name or f".{wanted}" in fmt.extensions:
            return fmt
    names = ", ".join(f.name for f in all_formats())
    raise FormatError(f"unknown format {name!r}; the formats are: {names}")


def format_for_path(path: str, name: str | None = None, *, reading: bool) -> Format:
    """Return the format NAME, or the one PATH's extension implies, that can read or write."""
    action = "read" if reading else "write"
    if name:
        fmt = get_format(name)
    else:
        if path == "-":
            raise FormatError(f"name the format with --format to {action} standard {'input' if reading else 'output'}")
        suffix = "".join(PurePath(path).suffixes[-1:]).lower()
        matches = [f for f in all_formats() if suffix and suffix in f.extensions]
        able = [f for f in matches if (f.read if reading else f.write)]
        if not able:
            names = ", ".join(ext for f in all_formats() if (f.read if reading else f.write) for ext in f.extensions)
            what = f"the extension {suffix!r}" if suffix else "a file without an extension"
            raise FormatError(f"cannot tell the format of {path!r} from {what}; use --format, or one of: {names}")
        fmt = able[0]
    if reading and fmt.read is None:
        readable = ", ".join(f.name for f in all_formats() if f.read)
        raise FormatError(f"mindmap cannot import {fmt.name}; it imports: {readable}")
    if not reading and fmt.write is None:
        raise FormatError(f"mindmap cannot export {fmt.name}")
    return fmt


def describe_losses(name: str, dropped: Mapping[str, int]) -> str | None:
    """Return the one line that says what a conversion left out, e.g. 'mermaid: 3 notes not written'."""
    parts = [counted(count, what) for what, count in dropped.items() if count]
    if not parts:
        return None
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{name}: {listed} not written"


def content_counts(mindmap: MindMap) -> dict[str, int]:
    """Return how many notes, urls, attributes and cross-links the map holds (for loss lines)."""
    return mindmap.count_content()


def losses(mindmap: MindMap, *kinds: str) -> dict[str, int]:
    """Return the counts of the named KINDS of content (from content_counts) that a writer drops."""
    counts = content_counts(mindmap)
    return {kind: counts[kind] for kind in kinds if counts[kind]}


# The map's own details as a loss line names them: MapMeta's fields but the title, which every format
# carries as its root or title, and the creation date, which every map gets unasked (a line about it
# on every export would drown the lines that matter).
MAP_DETAILS = {"authors": "authors", "license": "licences", "description": "descriptions"}


def detail_losses(mindmap: MindMap, *kept: str) -> dict[str, int]:
    """Return the map's details (authors, licence, description, extra fields) outside KEPT, counted."""
    meta = mindmap.meta
    dropped = {}
    for name, shown in MAP_DETAILS.items():
        value = getattr(meta, name)
        if value and name not in kept:
            dropped[shown] = len(value) if name == "authors" else 1
    if meta.extra and "extra" not in kept:
        dropped["map fields"] = len(meta.extra)
    return dropped


def branch_colours(mindmap: MindMap) -> dict[str, str]:
    """Return each node's colour as the SVG, HTML and .mm writers give it: its sector's own, else the palette's."""
    from mindmap.formats._style import branch_colours as colours

    return colours(mindmap)
