"""Safe XML parsing for the readers: no DTD loading, no entity expansion, no network."""

from __future__ import annotations

import re
from typing import Any

from mindmap.errors import FormatError

MAX_XML_BYTES = 200 * 1024 * 1024
_ENTITIES = (
    "the {what} file declares XML entities; mindmap does not expand them (they can read local files "
    "or blow up in memory), so it refuses the file"
)


# No entities, DTDs or network, no huge trees: what every XML reader here parses with (also iterparse).
SAFE_PARSING: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}

# libxml2 nests elements at most this deep with huge_tree (256 without). huge_tree also lifts its 10 MB
# limit on one text or attribute: safe where entities are refused and files are at most MAX_XML_BYTES.
HUGE_TREE_DEPTH = 2048


def too_deep(error: Any, what: str) -> FormatError | None:
    """Return the message for libxml2's ERROR if it refused the file for nesting too deep, else None."""
    message = str(getattr(error, "msg", "") or error)
    if not message.startswith("Excessive depth in document"):
        return None
    found = re.match(r"Excessive depth in document: (\d+)", message)
    limit = int(found.group(1)) if found else HUGE_TREE_DEPTH
    line, column = getattr(error, "position", None) or (getattr(error, "lineno", 0), 0)
    where = f" (line {line:,}, column {column:,})" if line else ""
    return FormatError(
        f"the {what} file is nested too deep for mindmap: more than {limit:,} XML elements inside one another{where}"
    )


def parse(data: bytes, what: str, *, recover: bool = False, huge_tree: bool = False) -> Any:
    """Return the root element of the XML in DATA, refusing entity declarations (XXE, entity bombs)."""
    # WHAT names the format in error messages. With RECOVER, libxml2 repairs what it can; HUGE_TREE reads elements
    # nested up to HUGE_TREE_DEPTH deep.
    from lxml import etree

    if len(data) > MAX_XML_BYTES:
        raise FormatError(
            f"the {what} file is {len(data) / 2**20:,.0f} MiB; the limit is {MAX_XML_BYTES / 2**20:,.0f} MiB"
        )
    parser = etree.XMLParser(recover=recover, **{**SAFE_PARSING, "huge_tree": huge_tree})
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        deep = too_deep(error, what)
        if deep is not None:
            raise deep from None
        # An entity the parser refused to expand fails as a syntax error: say why it is refused instead.
        if b"<!ENTITY" in data:
            raise FormatError(_ENTITIES.format(what=what)) from None
        line = getattr(error, "lineno", None)
        where = f" (line {line})" if line else ""
        raise FormatError(f"not a well-formed {what} file{where}: {error.msg}") from None
    if root is None:
        raise FormatError(f"not a {what} file: there is no XML element in it")
    dtd: Any = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise FormatError(_ENTITIES.format(what=what))
    return root
