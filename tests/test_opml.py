"""OPML: the corpus files, encodings, include outlines, our own fields, and hostile or broken input."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import CORPUS
from samples import awkward_map

from mindmap.errors import FormatError
from mindmap.formats import WriteOptions, opml
from mindmap.formats._outline import EMPTY_LABEL
from mindmap.model import MindMap

FIXTURES = Path(__file__).parent / "fixtures"
# file -> <outline> count, from the corpus README
CORPUS_COUNTS = {
    "drummer-states.opml": 59,
    "opmleditor-source-latin1.opml": 1329,
    "zavala-starter.opml": 12,
}


@pytest.mark.parametrize(("name", "outlines"), sorted(CORPUS_COUNTS.items()))
def test_corpus_file_imports_with_its_node_count(name, outlines):
    path = CORPUS / "opml" / name
    if not path.exists():
        pytest.skip(f"corpus file {path} is not here")
    data = path.read_bytes()
    imported = opml.read(data)
    # One node per outline, plus the root for the head's title.
    assert len(imported.mindmap) == outlines + 1
    labels = {node.label for node in imported.mindmap.nodes()}
    # Labels lose the spaces at their ends (the model strips them), nothing else.
    texts = {m.decode().strip() for m in re.findall(rb"<outline text=\"([^\"&]+)\"", data) if m.strip()}
    assert texts <= labels


def test_corpus_texts_and_includes():
    path = CORPUS / "opml" / "opmleditor-source-latin1.opml"
    if not path.exists():
        pytest.skip("corpus file is not here")
    mindmap = opml.read(path.read_bytes()).mindmap
    assert mindmap.label(mindmap.root) == "nodeEditor: opmlPackage"
    assert mindmap.meta.authors == ["Dave Winer"]
    includes = [n for n in mindmap.nodes() if n.attributes.get("type") == "include"]
    assert [n.label for n in includes] == ["Colors", "Kids names", "Veggies"]
    assert includes[0].url == "http://scripting.com/publicfolder/misc/inclusionDemo/colors.opml"
    escaped = next(n for n in mindmap.nodes() if n.label.startswith('<a href="https://github.com/scripting/opml'))
    assert "visitAll</a>" in escaped.label  # markup in text is text, as written


def test_latin1_opml_1_0_keeps_its_characters():
    imported = opml.read((FIXTURES / "latin1.opml").read_bytes())
    mindmap = imported.mindmap
    assert mindmap.label(mindmap.root) == "Cafés de Derby ©"
    assert mindmap.meta.authors == ["Renée"]
    assert mindmap.meta.created == "2005-03-15"
    top = mindmap.node(mindmap.children(mindmap.root)[0])
    assert top.label == "Crème brûlée & co"
    assert top.note == "Line one\nLine two ½"
    feed, included, titled, empty = (mindmap.node(n) for n in mindmap.children(top.id))
    assert feed.url == "http://example.org/"  # the web page before the feed: people follow the node's link
    assert feed.attributes == {"type": "rss", "xmlUrl": "http://example.org/feed.xml"}
    assert included.url == "http://example.org/other.opml"
    assert included.attributes == {"type": "include"}
    assert titled.label == "Only a title"
    assert empty.label == EMPTY_LABEL
    assert any("without text" in w for w in imported.warnings)


def test_include_outlines_are_never_fetched(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("the OPML reader opened a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    imported = opml.read((FIXTURES / "latin1.opml").read_bytes())
    assert len(imported.mindmap) == 6


def test_writer_head_and_outlines():
    from lxml import etree

    root = etree.fromstring(opml.write(awkward_map(), WriteOptions()).data)
    assert root.get("version") == "2.0"
    head = root.find("head")
    assert head.findtext("title") == 'Awkward & <odd> "map"'
    assert head.findtext("ownerName") == "Tim, Paul Cole"
    assert head.findtext("dateCreated") == "Fri, 02 Jan 2026 00:00:00 GMT"
    assert head.findtext("dateModified") == "Fri, 02 Jan 2026 03:04:05 GMT"
    channel = root.find(".//outline[@text='Twitter @derbyquad']")
    assert channel.get("type") == "link"
    assert channel.get("url") == "https://twitter.com/derbyquad"
    assert channel.get("mindmap_kind") == "channel"
    assert channel.get("mindmap_handle") == "derbyquad"
    assert len(root.findall(".//outline")) == len(awkward_map()) - 1


def test_own_export_keeps_kinds_fields_and_attributes():
    original = awkward_map()
    back = opml.read(opml.write(original, WriteOptions()).data).mindmap
    assert [(n.kind, n.label, n.note, n.url, n.platform, n.handle, n.attributes, n.added_at) for n in back.nodes()][
        1:
    ] == [(n.kind, n.label, n.note, n.url, n.platform, n.handle, n.attributes, n.added_at) for n in original.nodes()][
        1:
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head></opml>', "no <body>"),
        (b"<html><body/></html>", "not an OPML file"),
        (b"<opml><body><outline text='a'></body></opml>", "not a well-formed OPML file (line 1)"),
        (b"", "not a well-formed OPML file"),
    ],
)
def test_broken_files_get_one_clear_error(data, message):
    with pytest.raises(FormatError, match=re.escape(message)):
        opml.read(data)


def test_external_entity_and_entity_bomb_are_refused_fast(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<opml version="2.0"><body><outline text="&x;"/></body></opml>'
    ).encode()
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY l0 "lol">{lol}]>'
        '<opml version="2.0"><body><outline text="&l9;"/></body></opml>'
    ).encode()
    for data in (xxe, bomb):
        started = time.perf_counter()
        with pytest.raises(FormatError) as caught:
            opml.read(data)
        assert "SECRET" not in str(caught.value)
        assert time.perf_counter() - started < 5  # a generous bound: the bomb would take minutes and gigabytes


def test_deep_nesting_is_a_clear_error_not_a_crash():
    depth = 100_000
    data = b"<opml><body>" + b'<outline text="x">' * depth + b"</outline>" * depth + b"</body></opml>"
    with pytest.raises(FormatError, match="OPML"):
        opml.read(data)


def test_moderately_deep_file_imports_without_recursion():
    depth = 250
    data = b"<opml><body>" + b'<outline text="x">' * depth + b"</outline>" * depth + b"</body></opml>"
    mindmap = opml.read(data).mindmap
    assert len(mindmap) == depth + 1
    assert max(level for _, level in mindmap.walk()) == depth


def _outcome(read, data: bytes) -> object:
    try:
        imported = read(data)
    except Exception as error:  # noqa: BLE001 - any failure: the whole-tree reader then says what is wrong
        return type(error)
    return (imported.mindmap.to_document(), imported.warnings, imported.dropped, imported.kinds)


STREAM_CASES = [
    b'<opml version="2.0"><head><title>T</title></head><body><outline text="a"/></body><extra/></opml>junk',
    b'<opml><head><title>T</title></head><body><outline text="a" mindmap_kind="channel"><outline text="b"/>'
    b"</outline></body></opml>",
    b'<opml version="2.0"><head><title> </title></head><body></body></opml>',
    b'<notopml><body><outline text="a"/></body></notopml>',
    b'<opml><head><title>T</title></head><body><x><outline text="hidden"/></x><outline text="a"><y/>'
    b'<outline text="b"/></outline></body><body><outline text="second body"/></body></opml>',
    b'<o:opml xmlns:o="urn:x"><o:head><o:title>NS</o:title></o:head><o:body><o:outline text="a"/></o:body></o:opml>',
    b'<?xml version="1.0" encoding="ISO-8859-1"?><opml><head><title>caf\xe9</title></head><body><outline text="\xe9"/>'
    b"</body></opml>",
    b'<opml><head><title>T</title></head><body><outline text="a"/></body></opml><opml/>',
    b'<opml><head><title>T</title></head><body><outline text="a" mindmap_kind="bogus"/></body></opml>',
    b"",
]


def test_the_streaming_reader_reads_what_the_whole_tree_reader_reads_or_leaves_the_file_to_it(monkeypatch):
    monkeypatch.setenv("MINDMAP_ID_SEED", "stream")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    written = opml.write(awkward_map(), WriteOptions()).data
    cases = [written, *STREAM_CASES] + [written[:cut] for cut in range(0, len(written), 97)]
    streamed = 0
    for data in cases:
        tree = _outcome(opml._read_tree, data)
        stream = _outcome(opml._read_streaming, data)
        assert _outcome(opml.read, data) == tree
        if not isinstance(stream, type):
            streamed += 1
            assert stream == tree
    assert streamed >= 5  # the common files do stream


def test_an_outline_before_the_head_is_left_to_the_whole_tree_reader():
    data = b'<opml version="2.0"><body><outline text="a"/></body><head><title>T</title></head></opml>'
    with pytest.raises(opml._Unusual):
        opml._read_streaming(data)
    mindmap = opml.read(data).mindmap
    assert mindmap.label(mindmap.root) == "T"


def chain(levels: int) -> MindMap:
    mindmap = MindMap("Deep")
    node = mindmap.root
    for level in range(levels):
        node = mindmap.add("topic", f"level {level + 1}", node)
    return mindmap


def test_deep_outlines_read_to_libxml2s_huge_tree_depth_and_deeper_is_one_clear_line():
    # libxml2 stops at 256 nested elements, 2,048 with huge_tree (<opml> and <body> count).
    deepest = opml.MAX_READ_LEVELS
    exported = opml.write(chain(deepest), WriteOptions())
    assert exported.warnings == []
    assert len(opml.read(exported.data).mindmap) == deepest + 1
    too_deep = opml.write(chain(deepest + 1), WriteOptions())
    assert "use .mm or .md" in too_deep.warnings[0]
    with pytest.raises(FormatError) as error:
        opml.read(too_deep.data)
    message = str(error.value)
    assert message.startswith("the OPML file is nested too deep for mindmap: more than 2,048 XML elements")
    assert "line 2" in message and "\n" not in message
    assert "XML_PARSE_HUGE" not in message and "libxml" not in message
