"""mindmap's own JSON map file: networkx node-link data in a versioned envelope."""

from __future__ import annotations

from typing import Any

import orjson

from mindmap.errors import FormatError, MapFileError
from mindmap.formats import Exported, Format, Imported, WriteOptions
from mindmap.model import MindMap

UTF8_BOM = b"\xef\xbb\xbf"


def dumps(document: dict[str, Any]) -> bytes:
    """Return DOCUMENT as deterministic JSON: sorted keys, two-space indent, final newline."""
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def loads(data: bytes) -> Any:
    """Return the JSON value in DATA, or raise MapFileError saying where it is broken."""
    if not data or data.isspace():  # (strip() would copy a large file)
        raise MapFileError("the file is empty")
    if data.startswith(UTF8_BOM):
        # Windows Notepad writes one when a user fixes a typo by hand; it only says "UTF-8". The map is
        # read without it, and the next save writes none (docs/reliability.md).
        data = data[len(UTF8_BOM) :]
    try:
        # orjson reads and checks UTF-8 bytes itself; decoding to str first costs a copy and, for
        # text beyond ASCII, a re-encoding. Only a file that fails is decoded, to say where it is broken.
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise MapFileError(f"line {line}, column {column}: not valid UTF-8 (byte 0x{data[error.start]:02x})") from None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as error:
        message = error.msg
        if "recursion" in message.lower() or "depth limit" in message.lower():
            raise MapFileError("the JSON is nested too deeply to be a map") from None
        marker = conflict_marker_line(text)
        if marker is not None:
            raise MapFileError(
                f"line {marker}: git's conflict markers (<<<<<<<): git merged this map as plain text; run "
                "`mindmap --map FILE git-setup`, then `git checkout -m FILE` to merge it again by node id"
            ) from None
        if error.pos >= len(text.rstrip()):
            message = f"the JSON ends too early (is the file truncated?): {message}"
        raise MapFileError(f"line {error.lineno}, column {error.colno}: {message}") from None


def conflict_marker_line(text: str) -> int | None:
    """Return the number of the first line of TEXT where git marked a merge conflict, or None."""
    # git writes "<<<<<<< ours", "=======" and ">>>>>>> theirs" at the start of lines; JSON never starts one so.
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("<<<<<<<"):
            return number
    return None


def read(data: bytes) -> Imported:
    """Read a mindmap JSON file."""
    try:
        return Imported(MindMap.from_document(loads(data), adopt=True))
    except MapFileError as error:
        raise FormatError(str(error)) from None


def write(mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write the map as mindmap JSON."""
    return Exported(dumps(mindmap.to_document(fresh=False)))


FORMAT = Format("json", (".json",), "mindmap's own map file (JSON)", read=read, write=write)
