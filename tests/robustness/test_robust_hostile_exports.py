"""Hostile content stays text in every writer: markup, scripts, formulas and graph syntax come out inert.

Each writer in the registry gets one map whose labels, notes, urls and attributes hold hostile text; each
output is parsed back the way its reader (a browser, Graphviz, markmap, a spreadsheet) would.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mindmap.formats import WriteOptions, all_formats, csv_table, freemind, get_format, json_map, markdown, opml
from mindmap.model import MindMap

HOSTILE = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "<img src=x onerror=alert(1)>",
    '"]; a -> b [label="',
    "[bold red]x[/]",
    "))boom((",
    ":::class",
    '%%{init: {"theme":"x"}}%%',
    "click n1 call alert()",
    "[x](javascript:alert(1))",
    "**b**",
    "# h",
    '=HYPERLINK("http://evil","x")',
    "+1",
    "-1",
    "@SUM(A1)",
]
HOSTILE_URLS = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "https://example.org/?q=<x>"]
SAFE_SCHEMES = ("http:", "https:", "mailto:", "#")


def hostile_map() -> MindMap:
    """Return a map with every hostile text as a topic label, its note, an attribute, and hostile urls."""
    m = MindMap("Hostile <b>map</b>", by="tester")
    sector = m.add("sector", "Arts & <i>culture</i>")
    org = m.add("organisation", '"><svg onload=alert(1)> Ltd', sector, note="<script>alert(1)</script>")
    m.add("channel", "Twitter", org, url="https://twitter.com/derbyquad", platform="twitter", handle="derbyquad")
    for index, text in enumerate(HOSTILE):
        m.add(
            "topic",
            text,
            org,
            note=f"note {text}",
            url=HOSTILE_URLS[index % len(HOSTILE_URLS)],
            url_as_is=True,  # a map that holds them, as a hand-edited file may
            attributes={"said": text},
        )
    return m


WRITERS = sorted(f.name for f in all_formats() if f.write is not None)


def export(name: str, m: MindMap) -> bytes:
    fmt = get_format(name)
    assert fmt.write is not None
    return fmt.write(m, WriteOptions()).data


def test_every_writer_is_covered() -> None:
    checked = {"svg", "html", "dot", "markdown", "mermaid", "opml", "freemind", "csv", "json", "text"}
    assert set(WRITERS) <= checked, f"writers without a hostile-content check: {set(WRITERS) - checked}"


# ------------------------------------------------------------------ SVG and HTML


def local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def check_markup_tree(root: Any) -> str:
    """Assert no script, no on* attribute, no unsafe href under ROOT; return its text."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = local_name(element.tag)
        if tag == "script":
            # Our own script may exist in HTML; user text must never reach it as code.
            assert not any(text in (element.text or "") for text in ("alert(1)",)), "user text inside a script"
        for name, value in element.attrib.items():
            local = local_name(name)
            assert not local.startswith("on"), f"event handler {name}={value!r} on <{tag}>"
            if local in ("href", "src", "action", "formaction"):
                assert value.strip().lower().startswith(SAFE_SCHEMES) or not re.match(
                    r"\s*[a-z][a-z0-9+.-]*:", value, re.I
                ), f"unsafe {local}={value!r}"
    return "".join(root.itertext())


@pytest.mark.parametrize("name", [n for n in ("svg", "html") if n in WRITERS])
def test_svg_and_html_keep_hostile_text_inert(name: str) -> None:
    from lxml import etree, html

    data = export(name, hostile_map())
    root = etree.fromstring(data) if name == "svg" else html.document_fromstring(data)
    text = check_markup_tree(root)
    flat = re.sub(r"\s+", " ", text)
    for label in HOSTILE:
        assert label in text or label in flat, f"{label!r} not shown literally in the {name}"


# ------------------------------------------------------------------ DOT


def test_dot_labels_cannot_add_nodes_or_edges() -> None:
    m = hostile_map()
    data = export("dot", m).decode()
    # Outside quoted strings, every statement is ours: count them with the strings blanked out.
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', data)
    bare = re.sub(r"<(?:[^<>]|<[^<>]*>)*>", '""', bare)  # HTML-like labels, one level of nesting
    edges = len(re.findall(r"->|--", bare))
    tree_edges = len(m) - 1
    assert edges == tree_edges + len(list(m.links())), data
    assert "alert(1)" not in bare


# ------------------------------------------------------------------ Markdown


def test_markdown_has_no_raw_html_or_script_links_and_reads_back() -> None:
    from markdown_it import MarkdownIt

    m = hostile_map()
    data = export("markdown", m)
    tokens = MarkdownIt("commonmark").parse(data.decode())
    for token in tokens:
        for child in [token, *(token.children or [])]:
            if child.type in ("html_inline", "html_block"):
                assert not any(bad in child.content for bad in ("<script", "<img", "<svg", "onerror", "onload")), child
            href = str(child.attrGet("href") or "") if child.attrs else ""
            assert not href.strip().lower().startswith(("javascript:", "data:")), href
    back = markdown.read(data).mindmap
    labels = {back.label(node_id) for node_id, *_ in back.walk()}
    for label in HOSTILE:
        assert label in labels, f"{label!r} did not come back through the Markdown reader"


# ------------------------------------------------------------------ Mermaid


def test_mermaid_keeps_user_text_inside_quotes() -> None:
    data = export("mermaid", hostile_map()).decode()
    for line in data.splitlines():
        outside = re.sub(r'"[^"]*"', '""', line)
        for text in HOSTILE:
            assert text not in outside, f"{text!r} outside quotes in {line!r}"
        assert "alert" not in outside and "%%{" not in outside, line
        assert not outside.lstrip().startswith("click"), line


# ------------------------------------------------------------------ OPML, .mm, JSON: round trips


def fields(m: MindMap) -> list[tuple[str, str, dict[str, str]]]:
    out = []
    for node_id, *_ in m.walk():
        node = m.node(node_id)
        out.append((node.label, node.note, dict(node.attributes)))
    return out


@pytest.mark.parametrize("name", ["opml", "freemind", "json"])
def test_xml_and_json_round_trip_hostile_text(name: str) -> None:
    from lxml import etree

    m = hostile_map()
    data = export(name, m)
    reader = {"opml": opml.read, "freemind": freemind.read, "json": json_map.read}[name]
    if name != "json":
        etree.fromstring(data)  # well-formed
    back = reader(data).mindmap
    assert fields(back)[1:] == fields(m)[1:]


# ------------------------------------------------------------------ CSV


def test_csv_neutralises_formulas_and_reads_back() -> None:
    m = hostile_map()
    data = export("csv", m)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    for row in rows:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", f"formula cell {cell!r}"
    back = csv_table.read(data).mindmap
    assert fields(back)[1:] == fields(m)[1:]


# ------------------------------------------------------------------ text


def test_text_has_no_escapes_and_shows_labels() -> None:
    data = export("text", hostile_map()).decode()
    assert "\x1b" not in data
    for label in HOSTILE:
        assert label in data


# ------------------------------------------------------------------ random hostile text

ALPHABET = st.sampled_from(list("<>\"'&;=+-@[](){}:%#*_`!|\\/ \n") + ["script", "javascript:", "on", "alert(1)", "x"])


@given(texts=st.lists(st.lists(ALPHABET, min_size=1, max_size=12).map("".join), min_size=1, max_size=4))
def test_fuzz_hostile_text_round_trips_through_xml_csv_and_markdown_stays_inert(texts: list[str]) -> None:
    from markdown_it import MarkdownIt

    m = MindMap("Random", by="tester")
    sector = m.add("sector", "S")
    for index, text in enumerate(texts):
        label = f"{index} {text.strip()}"
        m.add("topic", label, sector, note=text, attributes={"a": text})
    original = fields(m)[1:]
    for name, reader in (("opml", opml.read), ("freemind", freemind.read), ("csv", csv_table.read)):
        assert fields(reader(export(name, m)).mindmap)[1:] == original, name
    for token in MarkdownIt("commonmark").parse(export("markdown", m).decode()):
        for child in [token, *(token.children or [])]:
            assert child.type not in ("html_inline", "html_block") or "<script" not in child.content
