"""Safe XML parsing for the readers: no DTD loading, no entity expansion, no network."""

from __future__ import annotations

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


def parse(data: bytes, what: str, *, recover: bool = False) -> Any:
    """Return the root element of the XML in DATA, refusing entity declarations (XXE, entity bombs).

    WHAT names the format in error messages. With RECOVER, libxml2 repairs what it can.
    """
    from lxml import etree

    if len(data) > MAX_XML_BYTES:
        raise FormatError(
            f"the {what} file is {len(data) / 2**20:,.0f} MiB; the limit is {MAX_XML_BYTES / 2**20:,.0f} MiB"
        )
    parser = etree.XMLParser(recover=recover, **SAFE_PARSING)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
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
