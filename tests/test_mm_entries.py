"""The .mm reader hands over its checked document; imports graft from its entries without a map of the file.

Every import here is made twice: from the reader's document (what `mindmap import` does) and from the map
built of it, as every other reader hands over (`Imported(imported.mindmap, ...)`). The saved map must be the same
bytes, and the warnings and summary the same lines (issue 9, stop 15).
"""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
from conftest import CORPUS
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from samples import awkward_map
from test_fast_paths import texts
from test_freemind import random_maps

from mindmap.errors import FormatError, MindmapError
from mindmap.formats import Imported, ImportedDocument, WriteOptions, json_map
from mindmap.formats._bulk import node_entry, stored_as_is
from mindmap.formats.freemind import NODE_FIELDS, read, write
from mindmap.importing import ROOT_MODES, import_into, map_from_import
from mindmap.model import MindMap

MM = CORPUS / "mm"
CORPUS_FILES = sorted(path.name for path in MM.glob("*.mm")) if MM.is_dir() else []


def through_map(imported: Imported) -> Imported:
    """Return IMPORTED as a reader that hands over a map would: the map built, no document."""
    return Imported(
        imported.mindmap,
        imported.warnings,
        imported.dropped,
        imported.kinds,
        imported.merge_by_path,
        imported.explained,
    )


def target_map() -> MindMap:
    target = MindMap("Bench", by="owner")
    target.add("sector", "Arts")
    return target


def outcome(data: bytes, *, via_map: bool, **options: Any) -> tuple[bytes, list[str], str, str | None] | str:
    """Return the saved map, the warnings, the summary and the line of losses of importing DATA (or the error)."""
    try:
        imported = read(data)
        assert isinstance(imported, ImportedDocument)
        staged, report = import_into(target_map(), through_map(imported) if via_map else imported, **options)
    except MindmapError as error:
        return f"{type(error).__name__}: {error}"
    saved = json_map.dumps(staged.to_document(fresh=False))
    return saved, report.warnings, report.summary(), report.dropped_line("freemind")


def assert_same_both_ways(data: bytes) -> None:
    for root in ROOT_MODES:
        for by in ("", "importer"):
            options: dict[str, Any] = {"root": root, "by": by, "release": True}
            assert outcome(data, via_map=False, **options) == outcome(data, via_map=True, **options), (root, by)
    kinds = {"kinds": "auto", "by": "importer"}
    assert outcome(data, via_map=False, **kinds) == outcome(data, via_map=True, **kinds)


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINDMAP_ID_SEED", "entries")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.mark.parametrize("name", CORPUS_FILES or ["(no corpus)"])
def test_corpus_files_import_the_same_from_entries_as_from_their_map(name: str) -> None:
    if not CORPUS_FILES:
        pytest.skip(f"the shared corpus is not at {MM}")
    data = (MM / name).read_bytes()
    imported = read(data)
    assert isinstance(imported, ImportedDocument)
    imported.mindmap.validate()  # the document the reader checked cheaply is a valid map
    assert_same_both_ways(data)


def test_the_awkward_map_imports_the_same_from_entries_as_from_its_map() -> None:
    assert_same_both_ways(write(awkward_map(), WriteOptions()).data)


def test_a_map_imported_into_itself_gets_copies_the_same_either_way() -> None:
    mindmap = awkward_map()
    data = write(mindmap, WriteOptions()).data
    for via_map in (False, True):
        imported = read(data)
        staged, report = import_into(mindmap, through_map(imported) if via_map else imported, root="node")
        assert report.copies == len(mindmap)
    first = import_into(mindmap, read(data), root="node")[0]
    second = import_into(mindmap, through_map(read(data)), root="node")[0]
    assert json_map.dumps(first.to_document()) == json_map.dumps(second.to_document())


@given(random_maps())
def test_random_maps_exported_import_the_same_from_entries_as_from_their_map(mindmap: MindMap) -> None:
    assert_same_both_ways(write(mindmap, WriteOptions()).data)


def test_the_map_of_the_file_is_built_only_when_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    data = write(awkward_map(), WriteOptions()).data
    imported = read(data)
    assert isinstance(imported, ImportedDocument)
    built: list[dict[str, Any]] = []
    real = imported._build
    monkeypatch.setattr(imported, "_build", lambda document: built.append(document) or real(document))
    import_into(target_map(), imported, release=True)
    assert built == []
    # Other users of the map get it, built once from the same entries; `init --from` makes the same map.
    fresh = read(data)
    assert fresh.mindmap is fresh.mindmap
    assert fresh.document is not None and fresh.mindmap.holds_entries_of(fresh.document)
    made = map_from_import(fresh, by="x")[0]
    assert made.to_document() == map_from_import(through_map(read(data)), by="x")[0].to_document()


def test_setting_the_map_lets_go_of_the_document() -> None:
    imported = read(write(awkward_map(), WriteOptions()).data)
    imported.mindmap = MindMap("other")
    assert imported.document is None
    assert imported.mindmap.label(imported.mindmap.root) == "other"


def test_an_error_quoting_a_node_path_names_it_as_from_the_map() -> None:
    source = MindMap("File")
    sector = source.add("sector", "Media")
    source.add("organisation", "Derby Telegraph", sector)
    data = write(source, WriteOptions()).data
    target = MindMap("Bench")
    org = target.add("organisation", "Holder", target.add("sector", "S"))
    channel = target.add("channel", "Twitter", org, url="https://twitter.com/holder")
    for via_map in (False, True):
        imported = read(data)
        with pytest.raises(MindmapError) as raised:
            import_into(target, through_map(imported) if via_map else imported, channel, root="children")
        assert str(raised.value) == "cannot import 'Media' under 'S/Holder/Twitter': nothing can go under a channel"


def mm(body: str, *, map_attributes: str = "") -> bytes:
    return f'<map version="1.0.1">\n<node TEXT="root"{map_attributes}>\n{body}\n</node>\n</map>\n'.encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # A label cut to its first 10,000 characters that are all blank.
        (
            mm(f'<node TEXT="{" " * 10_000}x"/>'),
            "the FreeMind map cannot become a mindmap map: graph.nodes[1].label: a label cannot be empty",
        ),
        # The map's details come from the file as they are.
        (
            mm('<attribute NAME="mindmap:map.license" VALUE="a\u0085b"/>'),
            "the FreeMind map cannot become a mindmap map: meta.license: contains the control character U+0085 "
            "at position 2",
        ),
        # A repeated attribute name numbered past the limit of a name.
        (
            mm("".join(f'<attribute NAME="{"k" * 194}" VALUE="{i}"/>' for i in range(1001))),
            "the FreeMind map cannot become a mindmap map: graph.nodes[0].attributes: is 201 characters long; "
            "the limit is 200",
        ),
        # A label made of the names of a node's images, which are not cleaned.
        (
            mm('<node><richcontent TYPE="NODE"><html><body><img src="a&#x85;b"/></body></html></richcontent></node>'),
            "the FreeMind map cannot become a mindmap map: graph.nodes[1].label: contains the control character "
            "U+0085 at position 10",
        ),
        (
            mm('<node><hook NAME="ExternalObject" URI="a&#x85;b"/></node>'),
            "the FreeMind map cannot become a mindmap map: graph.nodes[1].label: contains the control character "
            "U+0085 at position 10",
        ),
    ],
    ids=["blank-label", "bad-license", "long-numbered-name", "image-label", "external-image-label"],
)
def test_files_that_cannot_become_a_map_fail_when_read_with_the_messages_of_the_map(data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as raised:
        read(data)
    assert str(raised.value) == message


# node_entry's fields, each one of the awkward texts or a usual one, and whether the entry says it.
usual = st.sampled_from(["x", "Derby QUAD", "https://example.org/a", "Café"])
usual_or_awkward = st.one_of(usual, usual, usual, texts)


@given(
    st.dictionaries(
        st.sampled_from(["label", "note", "url", "platform", "handle", "added_by", "color", "added_at", "modified_at"]),
        usual_or_awkward,
    ),
    st.one_of(st.none(), st.dictionaries(usual_or_awkward, usual_or_awkward, max_size=2)),
    st.sampled_from([None, True, False]),
    st.sampled_from(["", "importer"]),
)
def test_an_entry_said_to_be_stored_as_is_is_what_node_entry_makes_of_it(
    fields: dict[str, str], attributes: dict[str, str] | None, folded: bool | None, by: str
) -> None:
    entry: dict[str, Any] = {"id": "n1", "kind": "topic", "label": "x", "added_at": "t", "modified_at": "t", **fields}
    if attributes is not None:
        entry["attributes"] = attributes
    if folded is not None:
        entry["folded"] = folded
    if not stored_as_is(entry, by):
        return
    assert made_of(entry, by) == entry


def made_of(entry: dict[str, Any], by: str) -> dict[str, Any]:
    """Return what node_entry makes of ENTRY's own fields, as the import calls it (BY for a node without added_by)."""
    return node_entry(
        entry["id"],
        entry["kind"],
        entry["label"],
        note=entry.get("note", ""),
        url=entry.get("url", ""),
        platform=entry.get("platform", ""),
        handle=entry.get("handle", ""),
        by=entry.get("added_by") or by,
        color=entry.get("color", ""),
        added_at=entry.get("added_at") or "now",
        modified_at=entry.get("modified_at", ""),
        attributes=entry.get("attributes"),
        folded=bool(entry.get("folded")),
    )


def test_usual_entries_are_stored_as_is() -> None:
    entry = {"id": "n1", "kind": "topic", "label": "Café", "added_by": "a", "added_at": "t", "modified_at": "t"}
    assert stored_as_is(entry)
    assert stored_as_is({**entry, "attributes": {"city": "Derby"}, "folded": True, "note": "two\nlines"})
    assert not stored_as_is({**entry, "label": " Café"})  # node_entry strips labels
    assert not stored_as_is({**entry, "label": "Cafe\u0301"})  # ... and composes accents
    assert not stored_as_is({k: v for k, v in entry.items() if k != "added_by"}, "importer")  # ... and fills in BY
    assert not stored_as_is({**entry, "note": ""})  # ... and leaves empty fields out
    rows = {"city": "Derby", "mindmap:kind": "x"}
    assert stored_as_is({**entry, "label": "Derby QUAD", "attributes": rows})  # printable ASCII, rows and all
    assert not stored_as_is({**entry, "label": "Cafe\u0301", "attributes": rows})
    assert not stored_as_is({**entry, "attributes": {"city": "Der\x00by"}})
    assert not stored_as_is({**entry, "handle": "a\x00b", "attributes": rows})


# Texts that a map may not hold as they are, or that the reader changes: C1 controls, a guard, blanks, long ones.
odd_words = st.sampled_from(["", " ", "a", "\x85", "a\x7fb", "\u200b=x", "é", "x" * 10_001, " " * 10_000 + "x"])


@st.composite
def odd_files(draw: st.DrawFn) -> bytes:
    """A small .mm file whose texts, rows, images and map details are any of ODD_WORDS."""
    top = etree.Element("map", version="1.0.1")
    parents = [top]
    for _ in range(draw(st.integers(1, 4))):
        node = etree.SubElement(draw(st.sampled_from(parents)), "node")
        if draw(st.booleans()):
            node.set("TEXT", draw(odd_words))
        for _ in range(draw(st.integers(0, 2))):
            what = draw(st.sampled_from(["row", "meta", "image", "external", "link"]))
            if what == "row":
                etree.SubElement(node, "attribute", NAME=draw(odd_words), VALUE=draw(odd_words))
            elif what == "meta":
                name = draw(st.sampled_from(["title", "license", "authors", "extra", "created"]))
                etree.SubElement(node, "attribute", NAME=f"mindmap:map.{name}", VALUE=draw(odd_words))
            elif what == "image":
                body = etree.SubElement(
                    etree.SubElement(etree.SubElement(node, "richcontent", TYPE="NODE"), "html"), "body"
                )
                etree.SubElement(body, "img", src=draw(odd_words))
            elif what == "external":
                etree.SubElement(node, "hook", NAME="ExternalObject", URI=draw(odd_words))
            else:
                node.set("LINK", draw(odd_words))
        parents.append(node)
    return etree.tostring(top)


def read_checked_by_the_map(data: bytes) -> Imported:
    """Return what `read` gives when the whole document is always checked by building its map (as before)."""
    from mindmap.formats import _freemind_read

    def always_the_map(document: dict[str, Any], tally: Any) -> dict[str, Any]:
        _freemind_read.map_of(document)
        return document

    with patch.object(_freemind_read, "checked_document", always_the_map):
        return read(data)


@given(odd_files())
def test_the_reader_refuses_what_the_map_would_refuse_and_hands_over_valid_documents(data: bytes) -> None:
    try:
        expected: Any = read_checked_by_the_map(data).document
    except MindmapError as error:
        expected = str(error)
    try:
        imported = read(data)
    except MindmapError as error:
        assert str(error) == expected
        return
    assert imported.document == expected
    imported.mindmap.validate()


# Texts for the reader's vouching (issue 9, stop 17): usual ones, and each thing node_entry would change or refuse.
vouch_words = st.sampled_from(
    [
        "Derby QUAD",
        "a",
        "x" * 10_000,
        "",
        " ",
        " lead",
        "trail ",
        "Caf\u00e9",
        "Cafe\u0301",
        "two\nlines",
        "a\tb",
        "a\x7fb",
    ]
)
vouch_times = st.sampled_from(["1714557600000", "", "x", "-1", "99999999999999999999"])


@st.composite
def vouch_files(draw: st.DrawFn) -> bytes:
    """A small .mm file whose texts, links, times, colours, notes and rows are usual or awkward."""
    top = etree.Element("map", version="1.0.1")
    parents = [top]
    for _ in range(draw(st.integers(1, 5))):
        node = etree.SubElement(draw(st.sampled_from(parents)), "node")
        for name, words in (("TEXT", vouch_words), ("LINK", vouch_words), ("COLOR", vouch_words)):
            if draw(st.booleans()):
                node.set(name, draw(words))
        for name in ("CREATED", "MODIFIED"):
            if draw(st.integers(0, 3)):
                node.set(name, draw(vouch_times))
        if draw(st.booleans()):  # a note as HTML
            note = etree.SubElement(node, "richcontent", TYPE="NOTE")
            paragraph = etree.SubElement(etree.SubElement(etree.SubElement(note, "html"), "body"), "p")
            paragraph.text = draw(vouch_words)
        elif draw(st.booleans()):  # a note as FreeMind 0.7 kept it, taken as it is
            hook = etree.SubElement(node, "hook", NAME="accessories/plugins/NodeNote.properties")
            etree.SubElement(hook, "text").text = draw(vouch_words)
        for _ in range(draw(st.integers(0, 3))):
            name = draw(st.one_of(vouch_words, st.sampled_from(["mindmap:" + f for f in NODE_FIELDS])))
            etree.SubElement(node, "attribute", NAME=name, VALUE=draw(vouch_words))
        parents.append(node)
    return etree.tostring(top)


def assert_vouched_entries_are_made_as_they_are(data: bytes) -> int:
    """Check that each entry the reader vouches for is what node_entry makes of it; return how many it vouched for."""
    try:
        imported = read(data)
    except MindmapError:
        return 0
    assert imported.document is not None
    entries = imported.document["graph"]["nodes"]
    vouched = imported.vouched or [False] * len(entries)
    assert len(vouched) == len(entries)
    for entry, sure in zip(entries, vouched, strict=True):
        for by in ("", "importer"):
            if sure:
                assert made_of(entry, by) == entry or by and "added_by" not in entry, entry
                assert stored_as_is(entry, by) or by and "added_by" not in entry, entry
    return sum(vouched)


@given(vouch_files())
def test_entries_the_reader_vouches_for_are_what_node_entry_makes_of_them(data: bytes) -> None:
    assert_vouched_entries_are_made_as_they_are(data)


@given(vouch_files())
def test_files_with_usual_and_awkward_entries_import_the_same_from_entries_as_from_their_map(data: bytes) -> None:
    assert_same_both_ways(data)


@given(random_maps())
def test_exported_maps_entries_the_reader_vouches_for_are_what_node_entry_makes_of_them(mindmap: MindMap) -> None:
    assert_vouched_entries_are_made_as_they_are(write(mindmap, WriteOptions()).data)


def test_the_reader_vouches_for_usual_entries_only() -> None:
    times = 'CREATED="1714557600000" MODIFIED="1714557600000"'
    usual = f'<node TEXT="Derby QUAD" LINK="https://example.org/a" COLOR="#123456" {times}>'
    usual += '<attribute NAME="city" VALUE="Derby"/><attribute NAME="mindmap:handle" VALUE="dq"/></node>'
    odd = [
        f'<node TEXT=" Derby" {times}/>',  # node_entry strips labels
        f'<node TEXT="Cafe\u0301" {times}/>',  # ... and composes accents
        '<node TEXT="Derby" CREATED="1714557600000"/>',  # ... and fills in modified_at
        f'<node TEXT="Derby" {times}><attribute NAME="city" VALUE="two&#10;lines"/></node>',
        f'<node TEXT="Derby" LINK="https://example.org/\u00e9" {times}/>',
        f'<node TEXT="Derby" {times}><hook NAME="accessories/plugins/NodeNote.properties"><text>Cafe\u0301</text>'
        "</hook></node>",
        f'<node TEXT="Derby" {times}><attribute NAME="mindmap:handle" VALUE="Cafe\u0301"/></node>',
    ]
    imported = read(mm(usual + "".join(odd)))
    assert imported.vouched == [False, True] + [False] * len(odd)  # never the root
    assert assert_vouched_entries_are_made_as_they_are(mm(usual)) == 1
    # A COLOR no map may hold is left out: the entry is usual without it.
    uncoloured = read(mm(usual + f'<node TEXT="Derby" COLOR="#Cafe\u0301" {times}/>'))
    assert uncoloured.vouched == [False, True, True]
    assert "color" not in uncoloured.document["graph"]["nodes"][2]
    # A long label cut to its limit may be blank: the whole document is checked by its map, the usual entry still
    # vouched for.
    assert read(mm(usual + f'<node TEXT="{"x" * 10_001}" {times}/>')).vouched == [False, True, False]


def test_typed_rows_are_read_as_fields_the_last_of_each_name_unguarded_among_other_rows() -> None:
    # The parse files our typed rows as fields (RawNode.fields) and keeps the others in order (issue 9, stop 17).
    rows = [
        ("mindmap:kind", "channel"),
        ("city", "Derby"),
        ("mindmap:handle", "first"),
        ("mindmap:user:mindmap:kind", "own"),
        ("mindmap:handle", "\u200b=second"),
        ("mindmap:kind", "organisation"),
        ("city", "Leicester"),
    ]
    for extra in ("", ' xmlns:x="urn:x" x:TYPE="x"'):  # a row with more than its name and value: the general way
        body = "".join(f'<attribute NAME="{name}" VALUE="{value}"{extra}/>' for name, value in rows)
        node = f'<node TEXT="Derby QUAD">{body}</node>'
        imported = read(mm(f'<node TEXT="Arts"><attribute NAME="mindmap:kind" VALUE="sector"/>{node}</node>'))
        assert imported.document is not None
        entry = imported.document["graph"]["nodes"][2]
        assert (entry["kind"], entry["handle"]) == ("organisation", "=second")
        assert entry["attributes"] == {"city": "Derby", "mindmap:kind": "own", "city (2)": "Leicester"}


def parents_in_pre_order(picks: list[int]) -> list[int | None]:
    """Return each node's parent's place in a tree drawn from PICKS, the nodes listed in pre-order as a reader does."""
    parents: list[int | None] = [None] + [pick % (place + 1) for place, pick in enumerate(picks)]
    order: list[int] = []  # the tree in pre-order, as a reader lists it
    stack = [0]
    while stack:
        place = stack.pop()
        order.append(place)
        stack.extend(reversed([child for child, parent in enumerate(parents) if parent == place]))
    new_place = {old: new for new, old in enumerate(order)}
    return [None if parents[old] is None else new_place[parents[old]] for old in order]  # type: ignore[index]


@given(st.lists(st.one_of(st.just(0), st.integers(min_value=0, max_value=10**6)), max_size=60))
def test_branch_colours_by_place_are_branch_colours(picks: list[int]) -> None:
    # The reader works out its default colours from the nodes' places (issue 9, stop 17): the same as by ids.
    from mindmap.formats._palette import branch_colours, branch_colours_by_place

    in_order = parents_in_pre_order(picks)
    ids = [f"n{place}" for place in range(len(in_order))]
    by_id = branch_colours(
        (ids[place], None if parent is None else ids[parent], "topic") for place, parent in enumerate(in_order)
    )
    assert branch_colours_by_place(in_order) == [by_id[node_id] for node_id in ids]


@given(
    st.lists(st.integers(min_value=0, max_value=10**6), max_size=40),
    st.lists(st.sampled_from(["", "#1f77b4", "red", "#ABCDEF"]), min_size=41, max_size=41),
)
def test_branch_colours_by_place_carry_sectors_own_colours_as_branch_colours(picks: list[int], own: list[str]) -> None:
    # A sector's own colour is its branch's below it, in the .mm writer (by ids) and reader (by places) alike.
    from mindmap.formats._palette import branch_colours, branch_colours_by_place

    in_order = parents_in_pre_order(picks)
    ids = [f"n{place}" for place in range(len(in_order))]
    by_id = branch_colours(
        ((ids[place], None if parent is None else ids[parent], "topic") for place, parent in enumerate(in_order)),
        dict(zip(ids, own, strict=False)),
    )
    assert branch_colours_by_place(in_order, own[: len(ids)]) == [by_id[node_id] for node_id in ids]
