"""Export then import gives the same tree, for every outline format, on random maps (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from samples import awkward_map

from mindmap.formats import WriteOptions, csv_table, json_map, markdown, opml
from mindmap.model import ALLOWED_PARENTS, MindMap

# Text the model accepts: no control characters but line breaks and tabs, nothing XML 1.0 cannot hold.
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff", whitelist_characters="\n\t"),
    max_size=40,
)
LABEL = TEXT.filter(lambda s: s.strip())
URL = st.builds(lambda path: "https://example.org/" + path, st.text("abcxyz/?=&%()-_", max_size=15))


@st.composite
def maps(draw: st.DrawFn) -> MindMap:
    """Return a random valid map: any kinds the rules allow, awkward labels, notes, urls and attributes."""
    mindmap = MindMap(draw(LABEL))
    ids = [mindmap.root]
    for _ in range(draw(st.integers(0, 25))):
        parent = draw(st.sampled_from(ids))
        parent_kind = mindmap.kind(parent)
        kinds = [k for k in ("sector", "organisation", "channel", "topic") if parent_kind in ALLOWED_PARENTS[k]]
        if not kinds:
            continue
        ids.append(
            mindmap.add(
                draw(st.sampled_from(kinds)),
                draw(LABEL),
                parent,
                note=draw(st.one_of(st.just(""), TEXT)),
                url=draw(st.one_of(st.just(""), URL)),
                url_as_is=True,
                attributes=draw(
                    st.dictionaries(LABEL.map(lambda s: s.replace("\n", " ").replace("\t", " ")), TEXT, max_size=2)
                ),
                platform=draw(st.sampled_from(["", "twitter"])),
                handle=draw(st.sampled_from(["", "derbyquad"])),
                folded=draw(st.booleans()),
                color=draw(st.sampled_from(["", "#1b9e77"])),
            )
        )
    if len(ids) > 2 and draw(st.booleans()):
        mindmap.link(ids[1], ids[-1], draw(st.sampled_from(["", "partners"])))
    return mindmap


def shape(mindmap: MindMap, *fields: str) -> list[tuple]:
    """Return each node's depth and label (and FIELDS), in tree order: what a round trip must keep."""
    rows = []
    for node_id, level in mindmap.walk():
        node = mindmap.node(node_id)
        rows.append((level, node.label, *(getattr(node, name) for name in fields)))
    return rows


FIELDS = (
    "kind",
    "note",
    "url",
    "platform",
    "handle",
    "attributes",
    "added_by",
    "added_at",
    "modified_at",
    "folded",
    "color",
)


@given(maps())
def test_opml_round_trip_keeps_every_field(mindmap):
    back = opml.read(opml.write(mindmap, WriteOptions()).data).mindmap
    assert shape(back, *FIELDS)[1:] == shape(mindmap, *FIELDS)[1:]
    assert back.label(back.root) == mindmap.label(mindmap.root)


@given(maps())
def test_csv_round_trip_keeps_every_field_and_id(mindmap):
    back = csv_table.read(csv_table.write(mindmap, WriteOptions()).data).mindmap
    assert shape(back, *FIELDS, "id")[1:] == shape(mindmap, *FIELDS, "id")[1:]
    assert shape(back, "note", "url")[0] == shape(mindmap, "note", "url")[0]


@given(maps())
def test_markdown_round_trip_keeps_labels_tree_and_urls(mindmap):
    back = markdown.read(markdown.write(mindmap, WriteOptions()).data).mindmap
    assert shape(back, "url", "folded")[1:] == shape(mindmap, "url", "folded")[1:]
    assert shape(back, "url")[0] == shape(mindmap, "url")[0]


@given(maps())
def test_json_round_trip_is_exact(mindmap):
    back = json_map.read(json_map.write(mindmap, WriteOptions()).data).mindmap
    assert back == mindmap


def test_awkward_map_round_trips_through_every_outline_format():
    original = awkward_map()
    for fmt, fields in ((opml, FIELDS), (csv_table, FIELDS), (markdown, ("url",)), (json_map, FIELDS)):
        back = fmt.read(fmt.write(original, WriteOptions()).data).mindmap
        assert shape(back, *fields)[1:] == shape(original, *fields)[1:], fmt.__name__


def markdown_it_outline(text: str) -> list[tuple[int, str, str]]:
    """Return (depth, text, link) per heading or list item as markdown-it (markmap's parser) reads TEXT."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})  # markmap renders raw HTML, so parse it as HTML
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]  # front matter, which markmap reads as such (not as a thematic break)
    found = []
    depth = 0
    for token in md.parse(text):
        if token.type == "bullet_list_open":
            depth += 1
        elif token.type == "bullet_list_close":
            depth -= 1
        elif token.type == "inline":
            parts, link = [], ""
            for child in token.children or []:
                if child.type == "text":
                    parts.append(child.content)
                elif child.type == "html_inline":
                    assert child.content in ("<br>", markdown.FOLD), f"raw HTML reaches markmap: {child.content!r}"
                    parts.append("\n" if child.content == "<br>" else "")
                elif child.type == "link_open":
                    link = str(child.attrs["href"])
                elif child.type != "link_close":
                    raise AssertionError(f"markdown-it reads {child.type} in {token.content!r}")
            found.append(
                (depth, "".join(parts).removesuffix(" ") if markdown.FOLD in token.content else "".join(parts), link)
            )
        elif token.type in ("html_block", "code_block", "fence", "blockquote_open", "ordered_list_open", "hr"):
            raise AssertionError(f"markdown-it reads a {token.type} in the outline")
    return found


@given(maps())
def test_markdown_output_is_the_same_outline_to_markdown_it(mindmap):
    from markdown_it import MarkdownIt

    normalise = MarkdownIt("commonmark").normalizeLink
    written = markdown.write(mindmap, WriteOptions()).data.decode()
    expected = [
        (level, mindmap.label(node_id), normalise(mindmap.node(node_id).url) if mindmap.node(node_id).url else "")
        for node_id, level in mindmap.walk()
    ]
    assert markdown_it_outline(written) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("csv", {"authors": 2, "licences": 1, "descriptions": 1, "map fields": 1}),
        ("opml", {"licences": 1, "descriptions": 1, "map fields": 1}),
        ("md", {"map fields": 1}),
        ("mermaid", {"authors": 2, "licences": 1, "descriptions": 1, "map fields": 1}),
        ("txt", {"authors": 2, "licences": 1, "descriptions": 1, "map fields": 1}),
        ("mm", {}),
        ("json", {}),
    ],
)
def test_every_writer_says_which_map_details_it_leaves_out(name, expected):
    from mindmap.formats import describe_losses, get_format

    mindmap = MindMap("Details", by="tester")
    mindmap.meta.authors = ["Tim", "Paul Cole"]
    mindmap.meta.license = "CC BY 4.0"
    mindmap.meta.description = "Who is active where"
    mindmap.meta.created = "2010-01-01"
    mindmap.meta.extra = {"source": "blog"}
    fmt = get_format(name)
    dropped = fmt.write(mindmap, WriteOptions()).dropped
    assert dropped == expected
    if expected:
        line = describe_losses(fmt.name, dropped)
        assert line is not None and line.endswith("not written")
        assert ("licence" in line) == ("licences" in expected)
