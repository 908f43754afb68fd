"""mindmap's own JSON map file: networkx node-link data in a versioned envelope."""

from __future__ import annotations

import re
from typing import Any

import orjson

from mindmap.errors import ConflictMarkersError, FormatError, MapFileError
from mindmap.formats import Exported, Format, Imported, WriteOptions
from mindmap.model import MindMap

UTF8_BOM = b"\xef\xbb\xbf"


def dumps(document: dict[str, Any]) -> bytes:
    """Return DOCUMENT as deterministic JSON: sorted keys, two-space indent, final newline."""
    # orjson appends the newline itself: adding it here would copy the whole file once more.
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


# What a JSON text needs to put a character in a string that a map may not store (model._NOT_STORABLE): an
# escape other than \n \t \" \\ \/ (such as \u0007, \b or \r), a raw DEL, a raw C1 control (U+0080-U+009F
# in UTF-8) or a raw U+FFFE/U+FFFF. Raw C0 controls and surrogates are not JSON: the parser refuses them.
# The escape pattern also matches some harmless texts (a backslash followed by "u" in "C:\\users"): those
# are then checked text by text, as are all texts of any file this finds something in.
_UNUSUAL_ESCAPE = re.compile(rb'\\[^nt"\\/]')
_C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")
_NONCHARACTER = re.compile(rb"\xef\xbf[\xbe\xbf]")


def texts_storable(data: bytes) -> bool:
    """Return True if no string in the JSON DATA can hold a character a map may not store (False: check each)."""
    # One pass over the bytes (memchr for the lead bytes) instead of a search of every text of every node.
    return not (
        b"\x7f" in data
        or (b"\\" in data and _UNUSUAL_ESCAPE.search(data))
        or (b"\xc2" in data and _C1_CONTROL.search(data))
        or (b"\xef" in data and _NONCHARACTER.search(data))
    )


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
            raise ConflictMarkersError(marker) from None
        if text.lstrip().startswith("<"):
            # XML: most often --map naming the .mm or OPML file to work on, which a map is made from instead.
            raise MapFileError(
                "not a map file (mindmap's JSON) but XML (a FreeMind .mm or an OPML outline?); to make a map "
                "from it: mindmap --map NEW.json init --from FILE"
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


# From this size on, a map file is decoded by msgspec, which checks its nodes as it goes (formats/_checked_json.py).
# Importing msgspec costs about 6 ms, won back from about 5,000 nodes (2 MB); smaller maps are read as before.
CHECKED_DECODING_FROM_BYTES = 2 * 2**20


def load_map(data: bytes) -> tuple[Any, MindMap]:
    """Return the document in the map file DATA and the map it holds (keeping its entries), or raise MapFileError."""
    storable = texts_storable(data)
    if storable and len(data) >= CHECKED_DECODING_FROM_BYTES:
        # The usual file: msgspec decodes it and checks its nodes at once (a third of loading a big map). A file
        # it is not sure of is read again below as before, so that messages and maps stay exactly as they were.
        from mindmap.formats._checked_json import checked_document

        document = checked_document(data)
        if document is not None:
            try:
                return document, MindMap.from_document(document, adopt=True, storable=True, checked=True)
            except MapFileError:
                pass
    document = loads(data)
    return document, MindMap.from_document(document, adopt=True, storable=storable)


def read(data: bytes) -> Imported:
    """Read a mindmap JSON file."""
    try:
        return Imported(load_map(data)[1])
    except ConflictMarkersError:
        raise  # whoever read the file names it in the advice
    except MapFileError as error:
        raise FormatError(str(error)) from None


def write(mindmap: MindMap, options: WriteOptions) -> Exported:
    """Write the map as mindmap JSON."""
    return Exported(dumps(mindmap.to_document(fresh=False)))


FORMAT = Format("json", (".json",), "mindmap's own map file (JSON)", read=read, write=write)
