"""The shortcuts of the big-map .mm import give exactly what the general code gives (issue 9)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from mindmap.errors import RuleError
from mindmap.formats._bulk import checked, checked_label, node_entry
from mindmap.formats._freemind_read import _Collector, parse
from mindmap.formats._html_text import _SPACE, HtmlText
from mindmap.formats.freemind import read
from mindmap.model import MAX_LABEL_CHARS, MAX_URL_CHARS

# Characters that each test of a text turns on: controls (tab, CR, line feed, C1), a combining accent
# and a text that NFC changes (the Angstrom sign), a surrogate, a noncharacter, blank space.
AWKWARD = ["a", "é", " ", "\n", "\t", "\r", "\x00", "\x85", "e\u0301", "\u0301", "\u212b", "\ud800", "\ufffe", "😀"]
short_texts = st.lists(st.sampled_from(AWKWARD), max_size=6).map("".join)
# Texts at their limits, to check the lengths as well.
long_texts = st.builds(
    lambda size, tail: "x" * size + tail,
    st.sampled_from([MAX_URL_CHARS - 1, MAX_URL_CHARS, MAX_LABEL_CHARS - 2, MAX_LABEL_CHARS]),
    short_texts,
)
texts = st.one_of(short_texts, short_texts, long_texts)


def entry_field_by_field(label: str, fields: dict[str, str]) -> dict[str, Any] | str:
    """Return the entry `node_entry` made before its shortcut (each text checked alone), or the RuleError's message."""
    try:
        entry: dict[str, Any] = {"id": "n1", "kind": "topic", "label": checked_label(label)}
        for name in ("note", "url", "platform", "handle", "added_by", "color"):
            if fields[name]:
                entry[name] = checked(fields[name], name)
    except RuleError as error:
        return str(error)
    entry["added_at"] = entry["modified_at"] = "2024-05-01T10:00:00Z"
    return entry


@given(texts, texts, texts, texts, texts, texts, texts)
def test_node_entry_checks_texts_together_as_it_would_one_by_one(label, note, url, platform, handle, by, color):
    fields = {"note": note, "url": url, "platform": platform, "handle": handle, "added_by": by, "color": color}
    try:
        made: dict[str, Any] | str = node_entry(
            "n1",
            "topic",
            label,
            note=note,
            url=url,
            platform=platform,
            handle=handle,
            by=by,
            color=color,
            added_at="2024-05-01T10:00:00Z",
        )
    except RuleError as error:
        made = str(error)
    assert made == entry_field_by_field(label, fields)


def mm(body: str) -> bytes:
    return f'<map version="1.0.1">\n<node TEXT="root">\n{body}\n</node>\n</map>\n'.encode()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ('<attribute NAME="city" VALUE="Derby"/>', {"city": "Derby"}),
        ('<attribute NAME="city" VALUE="Derby" OBJECT="text"/>', {"city": "Derby"}),  # Freeplane's typed values
        ('<attribute NAME="city"/>', {"city": ""}),
        ('<attribute VALUE="Derby" NAME="city"/>', {"city": "Derby"}),
        # A prefixed attribute counts by its local name, and the later one wins.
        ('<attribute NAME="city" VALUE="Derby" x:NAME="town" xmlns:x="urn:x"/>', {"town": "Derby"}),
        ('<x:attribute NAME="city" VALUE="Derby" xmlns:x="urn:x"/>', {"city": "Derby"}),
    ],
)
def test_attribute_rows_are_read_whatever_else_they_carry(row, expected):
    imported = read(mm(f'<node TEXT="child">{row}</node>'))
    child = imported.mindmap.children(imported.mindmap.root)[0]
    assert imported.mindmap.node(child).attributes == expected


def test_child_nodes_with_prefixed_attributes_are_read_by_their_local_names():
    imported = read(mm('<node x:TEXT="child" xmlns:x="urn:x" LINK="https://example.org"><node TEXT="leaf"/></node>'))
    mindmap = imported.mindmap
    child = mindmap.children(mindmap.root)[0]
    assert mindmap.label(child) == "child"
    assert mindmap.node(child).url == "https://example.org"
    assert [mindmap.label(kid) for kid in mindmap.children(child)] == ["leaf"]


def test_stamps_are_read_once_per_value_and_blank_or_bad_ones_dropped():
    imported = read(
        mm(
            '<node TEXT="a" CREATED="1714557600000" MODIFIED="1714557600000"/>'
            '<node TEXT="b" CREATED="1714557600000" MODIFIED="nonsense"/>'
            '<node TEXT="c"><attribute NAME="mindmap:kind" VALUE="topic"/>'
            '<attribute NAME="mindmap:added_at" VALUE="2024-05-01T10:00:00Z"/></node>'
        )
    )
    mindmap = imported.mindmap
    a, b, c = (mindmap.node(kid) for kid in mindmap.children(mindmap.root))
    assert (a.added_at, a.modified_at) == ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z")
    assert (b.added_at, b.modified_at) == ("2024-05-01T10:00:00Z", "")
    assert c.added_at == "2024-05-01T10:00:00Z"


def test_colours_are_kept_only_where_they_differ_from_the_palette_in_any_case():
    sector = '<attribute NAME="mindmap:kind" VALUE="sector"/>'
    imported = read(
        mm(
            f'<node TEXT="a" COLOR="#0072b2">{sector}</node>'  # the first sector's palette colour, in lower case
            f'<node TEXT="b" COLOR="#0072B2">{sector}</node>'  # the same colour: not the second sector's default
            f'<node TEXT="c" COLOR="#009E73">{sector}</node>'  # the third sector's
            f'<node TEXT="d" COLOR="">{sector}</node>'
        )
    )
    mindmap = imported.mindmap
    assert [mindmap.node(kid).color for kid in mindmap.children(mindmap.root)] == ["", "#0072B2", "", ""]


class CollectorWithoutShortcuts(_Collector):
    """The reader's expat handlers with every element taken the general way."""

    start = _Collector.start_any


NS = "urn:x"
words = st.sampled_from(["", "a", "Derby", " b ", "&<>\"'", "é", "x\ny", "mindmap:kind", "NAME"])


def attribute_names(*names: str) -> st.SearchStrategy[list[str]]:
    """A few of NAMES, some of them in a foreign namespace ('{urn:x}NAME')."""
    return st.lists(st.sampled_from([*names, *(f"{{{NS}}}{name}" for name in names)]), unique=True, max_size=4)


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> etree._Element:
    """A <node> with what FreeMind and Freeplane put in one: rows, notes, icons, links, hooks, children."""
    node = etree.Element(draw(st.sampled_from(["node", "node", f"{{{NS}}}node"])))
    for name in draw(attribute_names("TEXT", "ID", "LINK", "FOLDED", "COLOR", "xmlns-like")):
        node.set(name, draw(words))
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["attribute", "attribute", "richcontent", "icon", "arrowlink", "hook", "cloud"]))
        child = etree.SubElement(node, kind)
        if kind == "attribute":
            for name in draw(attribute_names("NAME", "VALUE", "OBJECT")):
                child.set(name, draw(words))
        elif kind == "richcontent":
            child.set("TYPE", draw(st.sampled_from(["NOTE", "NODE", "DETAILS"])))
            body = etree.SubElement(etree.SubElement(child, "html"), "body")
            etree.SubElement(body, "p").text = draw(words)
        elif kind == "icon":
            child.set("BUILTIN", draw(words))
        elif kind == "arrowlink":
            child.set("DESTINATION", draw(words))
        elif kind == "hook":
            child.set("NAME", draw(st.sampled_from(["accessories/plugins/NodeNote.properties", "ExternalObject"])))
            etree.SubElement(child, "text").text = draw(words)
    if depth < 3:
        for kid in draw(st.lists(elements(depth + 1), max_size=3)):
            node.append(kid)
    return node


@given(st.lists(elements(), min_size=1, max_size=2))
def test_the_reader_shortcuts_read_what_the_general_way_reads(roots):
    top = etree.Element("map", version="1.0.1")
    top.extend(roots)
    data = etree.tostring(top)
    fast_warnings: list[str] = []
    general_warnings: list[str] = []
    assert parse(data, fast_warnings) == parse(data, general_warnings, collector=CollectorWithoutShortcuts())
    assert fast_warnings == general_warnings


def decode_id_by_the_general_pattern(value: str) -> str | None:
    """Return what decode_id gave before its shortcut for ids with nothing to decode."""
    import re

    match = re.match(r"^ID_((?:[A-Za-z0-9.-]|__|_c)+)$", value)
    if not match:
        return None
    encoded = match.group(1)
    if "_" not in encoded:
        return encoded
    return re.sub(r"_(.)", lambda m: "_" if m.group(1) == "_" else ":", encoded)


@given(st.lists(st.sampled_from(["ID_", "ID", "_", "c", "a", "Z", "9", ".", "-", ":", "\n", " ", "é"]), max_size=8))
@example(["a", "\n"])  # 'ID_a\n', which the general pattern's '$' takes
@example(["a", "_", "_", "b", "_", "c"])
def test_ids_are_decoded_as_the_general_pattern_decodes_them(parts: list[str]) -> None:
    from mindmap.formats.freemind import decode_id

    for value in ("".join(parts), "ID_" + "".join(parts)):
        assert decode_id(value) == decode_id_by_the_general_pattern(value)


class HtmlTextAlwaysCollapsing(HtmlText):
    """HtmlText as it was: every text's white space collapsed by the regular expression."""

    def data(self, text: str) -> None:
        if self.plain is not None or self.hidden or self.pre or self.in_p:
            super().data(text)  # the same steps for these: no collapsing needed to compare them
            return
        text = _SPACE.sub(" ", text).replace("\xa0", " ")
        if not self.current or self.current[-1].endswith(" "):
            text = text.lstrip(" ")
        if text:
            self.current.append(text)


@given(st.lists(st.text(alphabet="ab \t\n\r\f\xa0\u3000é"), max_size=4))
@example(["a  b", "c\xa0d", "e\tf"])  # runs of spaces, &nbsp; and other white space: each collapsed
def test_note_text_is_collapsed_only_where_collapsing_changes_it(pieces: list[str]) -> None:
    fast, general = HtmlText(), HtmlTextAlwaysCollapsing()
    for converter in (fast, general):
        converter.start("div", {})
        for piece in pieces:
            converter.data(piece)
            converter.start("br", {})
        converter.end("div")
    assert fast.text() == general.text()


def test_platform_ids_and_their_aliases_normalise_as_before() -> None:
    from mindmap.channels import PLATFORM_ALIASES, PLATFORM_NAMES, normalise_platform

    for name in [*PLATFORM_NAMES, *PLATFORM_ALIASES, " Twitter ", "X", "FB"]:
        key = name.strip().lower()
        assert normalise_platform(name) == PLATFORM_ALIASES.get(key, key)


@given(
    st.dictionaries(
        st.sampled_from(["TEXT", "LOCALIZED_TEXT", "ENCRYPTED_CONTENT"]),
        st.one_of(texts, st.sampled_from(["<html><p>a</p></html>", "a < b", " a ", "\u200b=1+1", "x" * 10_001])),
    ),
    st.lists(st.sampled_from(["", "pic.png"]), max_size=2),
)
@example({"TEXT": "Derby QUAD"}, [])
def test_a_usual_label_is_what_the_general_way_makes_of_it(attrs: dict[str, str], external: list[str]) -> None:
    from mindmap.formats._freemind_read import RawNode, _label, _Tally, _usual_label

    usual = _usual_label(attrs)
    if usual is None:
        return
    tally = _Tally()
    assert _label(RawNode(None, attrs, external=tuple(external)), tally) == usual
    assert (tally.counts, tally.unusual) == ({}, False)
