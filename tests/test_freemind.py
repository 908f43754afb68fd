"""FreeMind/Freeplane .mm: the writer (schema, golden file, formula guard) and the reader (corpus, repairs, safety).

Regenerate the golden file with `UPDATE_GOLDEN=1 pytest tests/test_freemind.py`, then review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import CORPUS
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from samples import awkward_map

from mindmap.errors import FormatError
from mindmap.formats import WriteOptions, get_format
from mindmap.formats._html_text import html_to_text
from mindmap.formats._palette import PALETTE, node_colours
from mindmap.formats._xml_repair import repair
from mindmap.formats.freemind import GUARD, decode_id, encode_id, guard, read, unguard, write
from mindmap.model import MindMap
from mindmap.store import MapFile

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "awkward.mm"
XSD = HERE / "fixtures" / "freemind.xsd"
DERBY = HERE.parent / "maps" / "derby.json"
MM = CORPUS / "mm"


def export(mindmap: MindMap) -> bytes:
    return write(mindmap, WriteOptions()).data


def roundtrip(mindmap: MindMap) -> MindMap:
    return read(export(mindmap)).mindmap


def derby() -> MindMap:
    return MapFile(DERBY).load()


def mm(body: str, *, head: str = '<map version="1.0.1">') -> bytes:
    return f"{head}\n{body}\n</map>\n".encode()


# ------------------------------------------------------------------------------------------- writer


@pytest.mark.parametrize("make", [awkward_map, derby], ids=["awkward", "derby"])
def test_export_validates_against_the_freemind_schema(make):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(export(make()))
    assert schema.validate(document), schema.error_log.last_error


def test_export_matches_the_golden_file(monkeypatch):
    monkeypatch.setenv("MINDMAP_ID_SEED", "golden")
    data = export(awkward_map())
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_bytes(data)
    assert data == GOLDEN.read_bytes()
    assert data == export(awkward_map())


def test_export_writes_every_node_with_the_desktop_fields():
    mindmap = awkward_map()
    root = etree.fromstring(export(mindmap))
    assert root.get("version") == "0.9.0"
    nodes = root.findall(".//node")
    assert len(nodes) == len(mindmap)
    for element in nodes:
        assert element.get("FOLDED") in ("true", "false")
        assert element.get("ID", "").startswith("ID_")
        assert element.get("CREATED") == element.get("MODIFIED") == "1767323045000"
    positions = [element.get("POSITION") for element in root.find("node").findall("node")]
    assert positions == ["right", "left"]
    assert sum(1 for element in nodes if element.get("LINK")) == 5
    assert len(root.findall(".//arrowlink")) == 2
    data = export(mindmap)
    assert b"&#24503;&#27604;" in data  # non-ASCII as character references, as FreeMind writes
    assert "🎬".encode() in data and b"&#127916;" not in data  # NanoXML would cut that reference to 16 bits


def test_export_colours_each_sector_branch_from_the_palette():
    mindmap = awkward_map()
    root = etree.fromstring(export(mindmap))
    by_text = {element.get("TEXT"): element.get("COLOR") for element in root.iter("node")}
    assert by_text["Public & <civic> sector"] == PALETTE[0]
    assert by_text["Arts [and] culture (Derby)"] == PALETTE[1]
    assert by_text["Twitter @derbyquad"] == PALETTE[1]
    assert by_text['Awkward & <odd> "map"'] is None


def test_a_sectors_own_colour_is_carried_down_its_branch_as_in_the_svg():
    # The Leicester trial: a sector set to #1F77B4 had its organisations and channels in the palette's #0072B2.
    from mindmap.formats._style import branch_colours as svg_colours

    mindmap = awkward_map()
    sector = mindmap.children(mindmap.root)[0]
    mindmap.update(sector, color="#1f77b4")
    below = [node_id for node_id, _ in mindmap.walk(sector)][1:]
    by_id = {element.get("ID"): element.get("COLOR") for element in etree.fromstring(export(mindmap)).iter("node")}
    assert by_id[encode_id(sector)] == "#1F77B4"  # stored as set --colour stores it
    assert below and {by_id[encode_id(node_id)] for node_id in below} == {svg_colours(mindmap)[below[0]]}
    assert svg_colours(mindmap)[below[0]] == "#1F77B4"
    back = roundtrip(mindmap)
    assert back.node(sector).color == "#1F77B4"
    assert all(back.node(node_id).color == "" for node_id in below)  # the carried colour is no node's own


def test_a_sector_colour_the_svg_cannot_draw_leaves_its_branch_the_palettes():
    # As a map read from a file may hold it ('red' from a hand-edited .mm): set --colour takes only #RRGGBB.
    document = awkward_map().to_document(fresh=True)
    sector = MindMap.from_document(document).children(document["graph"]["nodes"][0]["id"])[0]
    next(entry for entry in document["graph"]["nodes"] if entry["id"] == sector)["color"] = "red"
    mindmap = MindMap.from_document(document)
    below = [node_id for node_id, _ in mindmap.walk(sector)][1]
    by_id = {element.get("ID"): element.get("COLOR") for element in etree.fromstring(export(mindmap)).iter("node")}
    assert by_id[encode_id(sector)] == "red"
    assert by_id[encode_id(below)] == PALETTE[0]
    assert roundtrip(mindmap).node(below).color == ""


def test_palette_is_a_function_of_the_map_and_honours_own_colours():
    mindmap = awkward_map()
    sector = mindmap.children(mindmap.root)[0]
    assert node_colours(mindmap) == node_colours(mindmap.copy())
    mindmap.update(sector, color="#123456")
    assert node_colours(mindmap)[sector] == "#123456"
    assert node_colours(mindmap, explicit=False)[sector] == PALETTE[0]


def test_export_reports_no_losses():
    result = get_format("mm").write(awkward_map(), WriteOptions())  # type: ignore[misc]
    assert result.dropped == {}


def test_formula_text_is_guarded_so_freeplane_shows_it_literally():
    mindmap = awkward_map()
    root = etree.fromstring(export(mindmap))
    texts = [element.get("TEXT") for element in root.iter("node")]
    assert GUARD + "=~ s///n and ==/eq" in texts
    assert not [text for text in texts if text.startswith("=")]
    values = [element.get("VALUE") for element in root.iter("attribute")]
    assert GUARD + "=1+1" in values
    notes = [p.text for p in root.iter("p")]
    assert GUARD + "=starts with equals" in notes


@given(st.lists(st.sampled_from(["=", GUARD, " ", "\n", "<", "<html", "HTML", "a", "é"]), max_size=8).map("".join))
def test_guard_is_undone_exactly(text):
    assert unguard(guard(text)) == text
    assert not guard(text).lstrip(" \t\n").startswith("=")


@given(st.from_regex(r"[A-Za-z0-9_.:-]{1,64}", fullmatch=True))
def test_ids_encode_as_xml_names_and_decode_back(node_id):
    encoded = encode_id(node_id)
    assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", encoded)
    assert decode_id(encoded) == node_id


# ------------------------------------------------------------------------------------------ round trip


@pytest.mark.parametrize("make", [awkward_map, derby], ids=["awkward", "derby"])
def test_export_then_import_gives_the_same_map(make):
    original = make()
    imported = read(export(original))
    assert imported.warnings == []
    assert imported.mindmap.to_document() == original.to_document()


def test_times_are_rows_only_where_created_and_modified_cannot_hold_them():
    mindmap = MindMap("Root", by="ann")
    exact = mindmap.add("topic", "exact", mindmap.root)
    mindmap.set_provenance(exact, added_at="2026-01-02T03:04:05Z", modified_at="2026-01-02T03:04:06Z")
    offset = mindmap.add("topic", "offset", mindmap.root)
    mindmap.set_provenance(offset, added_at="2026-01-02T04:04:05+01:00", modified_at="2026-01-02T03:04:05.5Z")
    data = export(mindmap)
    element = etree.fromstring(data).find("node")
    rows = {
        node.get("TEXT"): {row.get("NAME"): row.get("VALUE") for row in node.findall("attribute")}
        for node in element.findall("node")
    }
    assert "mindmap:added_at" not in rows["exact"] and "mindmap:modified_at" not in rows["exact"]
    assert rows["offset"]["mindmap:added_at"] == "2026-01-02T04:04:05+01:00"
    assert rows["offset"]["mindmap:modified_at"] == "2026-01-02T03:04:05.5Z"
    assert read(data).mindmap.to_document() == mindmap.to_document()


def test_round_trip_keeps_every_kind():
    kinds = {node.kind for node in roundtrip(awkward_map()).nodes()}
    assert kinds == {"root", "sector", "organisation", "channel", "topic"}


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029\ufffe\uffff")
    | st.sampled_from(["\n", "\t", "=", GUARD, "&", "<", " "]),
    max_size=30,
)
_LABEL = _TEXT.filter(lambda text: text.strip())
_KEY = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85\ufffe\uffff"),
    max_size=12,
).filter(lambda text: text.strip())


@st.composite
def random_maps(draw):
    mindmap = MindMap(draw(_LABEL.map(lambda t: t.replace("\n", " ").replace("\t", " "))), by=draw(_KEY))
    ids = [mindmap.root]
    for _ in range(draw(st.integers(0, 12))):
        parent = draw(st.sampled_from(ids))
        kind = {"root": "sector", "sector": "organisation", "organisation": "channel"}.get(mindmap.kind(parent))
        if kind is None or draw(st.booleans()):
            if mindmap.kind(parent) == "channel":
                continue
            kind = "topic"
        node_id = mindmap.add(
            kind,
            draw(_LABEL),
            parent,
            note=draw(_TEXT),
            url=draw(st.sampled_from(["", "https://example.org/?a=1&b=2", "mailto:x@example.org"])),
            url_as_is=True,
            attributes=draw(st.dictionaries(_KEY, _TEXT, max_size=3)),
            platform=draw(st.sampled_from(["", "twitter"])),
            handle=draw(st.sampled_from(["", "someone"])),
            folded=draw(st.booleans()),
            # A colour equal to its sector's reads back as none of the node's own (docs/freemind.md):
            # the root's children and the rest take different ones.
            color=draw(st.sampled_from(["", "#abcdef" if parent == mindmap.root else "#123456"])),
        )
        # Times CREATED/MODIFIED hold exactly, and times they cannot (which the writer keeps as rows).
        stamp = st.sampled_from([None, "1999-12-31T23:59:59Z", "2026-01-02T03:04:05.123Z", "2026-01-02T04:04:05+01:00"])
        mindmap.set_provenance(node_id, added_at=draw(stamp), modified_at=draw(stamp))
        ids.append(node_id)
    for _ in range(draw(st.integers(0, 3))):
        source, target = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        if source != target:
            mindmap.link(source, target, draw(_KEY.map(lambda t: t.replace("\n", " "))))
    return mindmap


@given(random_maps())
def test_random_maps_survive_export_and_import(mindmap):
    assert roundtrip(mindmap).to_document() == mindmap.to_document()


_SCHEMA = etree.XMLSchema(etree.parse(str(XSD)))


@given(random_maps())
def test_random_maps_export_valid_files(mindmap):
    assert _SCHEMA.validate(etree.fromstring(export(mindmap))), _SCHEMA.error_log.last_error


def test_user_attributes_named_like_ours_stay_the_users():
    mindmap = MindMap("Clash")
    node = mindmap.add("topic", "t", attributes={"mindmap:kind": "sector", "kind": "x", "mindmap:user:y": "z"})
    back = roundtrip(mindmap)
    assert back.node(node).attributes == {"mindmap:kind": "sector", "kind": "x", "mindmap:user:y": "z"}
    assert back.kind(node) == "topic"


def test_a_10000_level_chain_survives_export_and_import():
    mindmap = MindMap("Deep")
    parent = mindmap.root
    for level in range(10_000):
        parent = mindmap.add("topic", f"level {level}", parent)
    back = roundtrip(mindmap)
    assert len(back) == 10_001
    assert back.depth(parent) == 10_000
    assert back.label(parent) == "level 9999"


def test_a_100000_level_file_imports_without_overflow():
    depth = 100_000
    data = b'<map version="1.0.1">' + b'<node TEXT="x">' * depth + b"</node>" * depth + b"</map>"
    assert len(read(data).mindmap) == depth


# ---------------------------------------------------------------------------------------------- corpus

CORPUS_COUNTS = {
    "fm071-doc.mm": (366, ["Home page of FreeMind", "Knud Riishøjgård"]),
    "fm080-features.mm": (62, ["Features 0.8.0", "Moveable Nodes"]),
    "fm101-doc.mm": (482, ["FreeMind\n- free mind mapping software -", "Radek Švarc", "Balázs Márton"]),
    "fp-userguide-1.12.1-large.mm": (1460, ["Tutorial\nFreeplane 1.7", "Introduction", "Goal"]),
    "fp-functions-1.9.0.mm": (69, ["Basic Freeplane\nFunctions", "Spell check & Academic Writing suite"]),
    "wisemapping-export-bug3.mm": (278, ["Indicator needs", "Which new measures", "Landscape of measures"]),
    "bad-fm080b5-ctrlchar-ref.mm": (80, ["Freemind 0.8.0 ToDos", "Undo", "error in ApplyPatternAction"]),
}


def corpus_file(name: str) -> bytes:
    path = MM / name
    if not path.exists():
        pytest.skip(f"the shared corpus is not at {MM}")
    return path.read_bytes()


@pytest.mark.parametrize("name", sorted(CORPUS_COUNTS))
def test_corpus_file_imports_with_its_node_count_and_texts(name):
    count, labels = CORPUS_COUNTS[name]
    imported = read(corpus_file(name))
    assert len(imported.mindmap) == count
    found = {node.label for node in imported.mindmap.nodes()}
    for label in labels:
        assert label in found
    MindMap("target").graft(imported.mindmap)  # what `mindmap import` does: it must fit the rules


@pytest.mark.parametrize("name", sorted(CORPUS_COUNTS))
def test_corpus_file_survives_export_and_import(name):
    first = read(corpus_file(name)).mindmap
    second = roundtrip(first)
    assert [node.label for node in second.nodes()] == [node.label for node in first.nodes()]
    assert second.to_document() == first.to_document()


def test_corpus_ctrlchar_file_warns_about_the_repair():
    imported = read(corpus_file("bad-fm080b5-ctrlchar-ref.mm"))
    assert any("control characters" in message for message in imported.warnings)


def test_corpus_freeplane_features():
    functions = read(corpus_file("fp-functions-1.9.0.mm")).mindmap
    assert any(node.label.startswith("Encrypted node") for node in functions.nodes())
    guide = read(corpus_file("fp-userguide-1.12.1-large.mm")).mindmap
    assert sum("details" in node.attributes for node in guide.nodes()) > 50
    assert guide.links()
    notes = read(corpus_file("fm080-features.mm")).mindmap
    moveable = notes.node(notes.resolve("Moveable Nodes"))
    assert moveable.note.startswith("Approaching the inner side")


# --------------------------------------------------------------------------------------------- reader


def test_reader_takes_everything_the_model_has_a_place_for():
    data = mm(
        """<node ID="ID_1" TEXT="Root" CREATED="1767323045000" MODIFIED="1767323046000">
<node ID="ID_2" TEXT="Child" FOLDED="true" COLOR="#ff0000" LINK="https://example.org" POSITION="left">
<icon BUILTIN="idea"/><icon BUILTIN="yes"/>
<attribute NAME="owner" VALUE="Ann"/><attribute NAME="owner" VALUE="Bob"/>
<richcontent TYPE="NOTE"><html><head/><body><p>First   line</p><p>second&#160;line</p></body></html></richcontent>
<richcontent TYPE="DETAILS"><html><body><p>Shown below</p></body></html></richcontent>
<arrowlink DESTINATION="ID_3" MIDDLE_LABEL="see"/><arrowlink DESTINATION="ID_404"/>
</node>
<node ID="ID_3"><richcontent TYPE="NODE"><html><body><p>Rich</p><ul><li>one</li><li>two</li></ul>
<p>a<br/>b</p></body></html></richcontent></node>
</node>"""
    )
    imported = read(data)
    mindmap = imported.mindmap
    assert mindmap.root == "ID_1"
    root = mindmap.node("ID_1")
    assert (root.kind, root.added_at, root.modified_at) == ("root", "2026-01-02T03:04:05Z", "2026-01-02T03:04:06Z")
    child = mindmap.node("ID_2")
    assert (child.kind, child.folded, child.color, child.url) == ("topic", True, "#FF0000", "https://example.org")
    assert child.attributes == {"owner": "Ann", "owner (2)": "Bob", "icons": "idea, yes", "details": "Shown below"}
    assert child.note == "First line\nsecond line"
    assert mindmap.node("ID_3").label == "Rich\n- one\n- two\na\nb"
    assert [(link.source, link.target, link.label) for link in mindmap.links()] == [("ID_2", "ID_3", "see")]
    assert imported.dropped == {"cross-links": 1}


def test_reader_skips_freeplane_styles_and_keeps_unique_ids_only():
    data = mm(
        """<node ID="A" TEXT="Root"><hook NAME="MapStyle"><map_styles><stylenode LOCALIZED_TEXT="default">
<stylenode TEXT="style"/></stylenode></map_styles></hook>
<node ID="dup" TEXT="one"/><node ID="dup" TEXT="two"/><node ID="bad id!" TEXT="three"/></node>""",
        head='<map version="freeplane 1.9.13">',
    )
    imported = read(data)
    assert [node.label for node in imported.mindmap.nodes()] == ["Root", "one", "two", "three"]
    ids = imported.mindmap.ids()
    assert ids[1] == "dup" and ids[2] != "dup" and ids[3] != "bad id!"
    assert any("new id" in message for message in imported.warnings)


def test_reader_keeps_kinds_only_where_the_rules_allow():
    data = mm(
        """<node TEXT="Root"><attribute NAME="mindmap:kind" VALUE="root"/>
<node TEXT="Sector"><attribute NAME="mindmap:kind" VALUE="sector"/>
<node TEXT="Channel with a child"><attribute NAME="mindmap:kind" VALUE="channel"/><node TEXT="leaf"/></node>
</node><node TEXT="Stray org"><attribute NAME="mindmap:kind" VALUE="organisation"/></node></node>"""
    )
    imported = read(data)
    assert [node.kind for node in imported.mindmap.nodes()] == ["root", "sector", "topic", "topic", "topic"]
    assert any("topics because their kind" in message for message in imported.warnings)


def test_reader_takes_our_note_paragraphs_verbatim_until_an_editor_rewrites_them():
    head = '<html><head><meta name="generator" content="mindmap"/></head><body>'
    ours = mm(
        f'<node TEXT="a"><richcontent TYPE="NOTE">{head}<p>  two  spaces </p><p></p><p>x</p></body></html>'
        "</richcontent></node>"
    )
    rewritten = mm(
        f'<node TEXT="a"><richcontent TYPE="NOTE">{head}\n<p>\n  two  spaces\n</p><p>x<b>y</b></p>'
        "</body></html></richcontent></node>"
    )
    for data, note in ((ours, "  two  spaces \n\nx"), (rewritten, "two spaces\nxy")):
        mindmap = read(data).mindmap
        assert mindmap.node(mindmap.root).note == note


def test_reader_turns_freemind_08_html_text_and_images_into_labels():
    data = mm(
        '<node TEXT="&lt;html&gt;&lt;b&gt;Bold&lt;/b&gt; text">'
        '<node TEXT="&lt;html&gt;&lt;img src=&quot;a.png&quot;&gt;"/>'
        "<node/></node>"
    )
    labels = [node.label for node in read(data).mindmap.nodes()]
    assert labels == ["Bold text", "[image: a.png]", "(no text)"]


def test_reader_labels_freeplane_image_and_summary_nodes():
    data = mm(
        '<node TEXT="r"><node TEXT=""><hook URI="Images/a b.png" NAME="ExternalObject"/></node>'
        '<node TEXT=""><hook NAME="FirstGroupNode"/></node><node TEXT=""><hook NAME="SummaryNode"/></node></node>'
    )
    mindmap = read(data).mindmap
    assert [node.label for node in mindmap.nodes()][1:] == [
        "[image: Images/a b.png]",
        "(start of a summarised group)",
        "(summary)",
    ]
    assert mindmap.node(mindmap.children(mindmap.root)[0]).attributes == {"image": "Images/a b.png"}


def test_reader_takes_freeplane_plain_text_notes_as_they_are():
    data = mm(
        '<node TEXT="a"><richcontent TYPE="NOTE" CONTENT-TYPE="plain/markdown"><text>'
        "# Title\n\n* one\n* two</text></richcontent></node>"
    )
    mindmap = read(data).mindmap
    assert mindmap.node(mindmap.root).note == "# Title\n\n* one\n* two"


def test_reader_uses_freeplane_localized_text_when_there_is_no_text():
    data = mm('<node LOCALIZED_TEXT="new_mindmap"><node TEXT="a"/></node>')
    assert [node.label for node in read(data).mindmap.nodes()] == ["new mindmap", "a"]


def test_reader_refuses_files_nested_beyond_the_limit(monkeypatch):
    from mindmap.formats import _freemind_read

    monkeypatch.setattr(_freemind_read, "MAX_DEPTH", 50)
    data = b'<map version="1.0.1">' + b'<node TEXT="x">' * 60 + b"</node>" * 60 + b"</map>"
    with pytest.raises(FormatError, match="nested more than 50 elements deep"):
        read(data)


@given(st.text(alphabet=st.sampled_from(list("<>!/[]-&;#x0a ph=\"'CDATA")), max_size=40))
def test_html_to_text_never_raises(markup):
    assert isinstance(html_to_text("<html>" + markup), str)


def test_html_to_text_keeps_preformatted_text():
    assert html_to_text("<html><body><pre>a  b\n  c</pre><p>x   y</p></body></html>") == "a  b\n  c\nx y"


# ---------------------------------------------------------------------------------------------- repairs


def test_repair_replaces_html_entities_and_drops_control_references():
    data = mm('<node TEXT="caf&eacute;&nbsp;&amp; bar&#x0;&#1;&#x41;"/>')
    imported = read(data)
    assert imported.mindmap.label(imported.mindmap.root) == "café\xa0& barA"
    text = " ".join(imported.warnings)
    assert "&eacute;" in text and "&nbsp;" in text and "control characters" in text


def test_repair_decodes_8bit_html_bodies_per_line():
    russian = "Привет мир".encode("cp1251")
    western = "Café crème".encode("cp1252")
    body = (
        '<node TEXT="Ünïcode root">\n<node TEXT="'.encode()
        + russian
        + b'"/>\n<node><richcontent TYPE="NODE"><html><body><p>'
        + western
        + b"</p></body></html></richcontent></node>\n</node>"
    )
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n<map version="0.9.0">\n' + body + b"\n</map>"
    imported = read(data)
    assert [node.label for node in imported.mindmap.nodes()] == ["Ünïcode root", "Привет мир", "Café crème"]
    assert any("cp1251" in message for message in imported.warnings)
    assert any("cp1252" in message for message in imported.warnings)


def test_repair_handles_line_ends_namespaces_and_declarations():
    data = b'<map version="0.9.0" xmlns="http://example.org/fm" xmlns:x="urn:x">\r\n<node TEXT="a" x:y="1">\n'
    data += b'<node TEXT="b"/>\r<node TEXT="c"/></node></map>'
    imported = read(data)
    assert [node.label for node in imported.mindmap.nodes()] == ["a", "b", "c"]
    assert any("line ends" in message for message in imported.warnings)
    assert any("namespaces" in message for message in imported.warnings)
    declared = b'  <?xml version="1.0" encoding="ISO-8859-1"?>\n<map version="0.7.1"><node TEXT="caf\xe9"/></map>'
    assert [node.label for node in read(declared).mindmap.nodes()] == ["café"]


def test_repair_joins_utf16_surrogate_references():
    data = mm('<node TEXT="film &#xd83c;&#xdfac; and &#55357;&#56832; lone &#xd83c;"/>')
    imported = read(data)
    assert imported.mindmap.label(imported.mindmap.root) == "film 🎬 and 😀 lone "
    assert any("surrogate" in message for message in imported.warnings)


def test_repair_leaves_valid_files_alone():
    data = export(awkward_map())
    assert repair(data) == (data, [])


# ----------------------------------------------------------------------------------------------- safety


def test_external_entities_are_refused():
    data = b"""<?xml version="1.0"?>
<!DOCTYPE map [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<map version="1.0.1"><node TEXT="&xxe;"/></map>"""
    with pytest.raises(FormatError, match="declares XML entities"):
        read(data)


def test_entity_bombs_are_refused():
    levels = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    data = f"""<?xml version="1.0"?>
<!DOCTYPE map [<!ENTITY lol0 "lol">{levels}]>
<map version="1.0.1"><node TEXT="&lol9;"/></map>""".encode()
    with pytest.raises(FormatError, match="declares XML entities"):
        read(data)


def test_repair_does_not_touch_files_that_declare_entities():
    data = b'<!DOCTYPE map [<!ENTITY nbsp "&#160;">]><map><node TEXT="a&nbsp;b &amp c"/></map>'
    assert repair(data) == (data, [])
    with pytest.raises(FormatError, match="declares XML entities"):
        read(data)


def test_an_external_dtd_is_never_loaded():
    data = b'<!DOCTYPE map SYSTEM "http://example.invalid/freemind.dtd"><map><node TEXT="a"/></map>'
    assert [node.label for node in read(data).mindmap.nodes()] == ["a"]


def test_a_new_map_exports_and_imports_the_same():
    mindmap = MindMap("Fresh")
    mindmap.add("sector", "Arts")
    assert roundtrip(mindmap).to_document() == mindmap.to_document()


@given(st.binary(max_size=300))
def test_any_bytes_give_a_map_or_a_format_error(data):
    try:
        read(b'<map version="1.0.1"><node TEXT="r">' + data + b"</node></map>")
        read(data)
    except FormatError:
        pass


@given(st.data())
def test_damaged_exports_give_a_map_or_a_format_error(data):
    original = export(awkward_map())
    start = data.draw(st.integers(0, len(original) - 1))
    end = data.draw(st.integers(start, min(len(original), start + 40)))
    damaged = original[:start] + data.draw(st.binary(max_size=20)) + original[end:]
    try:
        read(damaged)
    except FormatError:
        pass


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "well-formed"),
        (b'<opml version="2.0"><body/></opml>', "top element is <opml>"),
        (b'<map version="1.0.1"></map>', "no root <node>"),
        (b'<map version="1.0.1"><node TEXT="a">', "well-formed"),
    ],
)
def test_bad_files_get_one_clear_error(data, message):
    with pytest.raises(FormatError, match=message):
        read(data)


# -------------------------------------------------------------------------------------------------- CLI


def test_cli_export_and_import_mm(run, load, tmp_path):
    out = tmp_path / "map.mm"
    arts = run("add", "sector", "Arts").stdout.strip()
    run("add", "org", "Derby QUAD", "--under", arts)
    result = run("export", str(out))
    assert result.exit_code == 0, result.stderr
    assert etree.fromstring(out.read_bytes()).tag == "map"
    result = run("import", str(out), "--under", arts)
    assert result.exit_code == 0, result.stderr
    mindmap = load()
    assert len(mindmap) == 6
    imported_root = mindmap.children(arts)[1]
    # The imported root takes the first kind that fits its new parent and its children, so kinds survive.
    assert mindmap.kind(imported_root) == "sector"
    assert [(mindmap.label(kid), mindmap.kind(kid)) for kid in mindmap.children(imported_root)] == [("Arts", "sector")]


def test_cli_import_of_a_corpus_file(run, load):
    path = MM / "fm101-doc.mm"
    if not path.exists():
        pytest.skip("the shared corpus is absent")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert len(load()) == 1 + 482


def test_cli_import_names_the_repairs_and_export_reports_no_loss(run, tmp_path):
    path = MM / "bad-fm080b5-ctrlchar-ref.mm"
    if not path.exists():
        pytest.skip("the shared corpus is absent")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "control characters" in result.stderr
    result = run("export", str(tmp_path / "out.mm"))
    assert result.exit_code == 0, result.stderr
    assert "not written" not in result.stderr
    assert len(read((tmp_path / "out.mm").read_bytes()).mindmap) == 1 + 80


def test_cli_failed_import_leaves_the_map_unchanged(run, map_path, tmp_path):
    bad = tmp_path / "bad.mm"
    bad.write_bytes(b'<!DOCTYPE map [<!ENTITY a "b">]><map><node TEXT="&a;"/></map>')
    before = map_path.read_bytes()
    result = run("import", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the FreeMind file declares XML entities")
    assert map_path.read_bytes() == before


# ------------------------------------------------------------------------------ internal links, roots


def test_internal_links_survive_import_and_export_even_when_ids_change():
    data = mm(
        """<node ID="ID_1" TEXT="Root">
<node ID="dup" TEXT="first"/><node ID="dup" TEXT="second" LINK="#ID_7"/>
<node ID="ID_7" TEXT="target" LINK="#dup"/><node ID="bad id!" TEXT="renamed"/>
<node ID="ID_8" TEXT="jumps to renamed" LINK="#bad id!"/><node ID="ID_9" TEXT="web" LINK="https://example.org"/>
</node>"""
    )
    mindmap = read(data).mindmap
    by_label = {node.label: node for node in mindmap.nodes()}
    assert by_label["second"].url == "#" + by_label["target"].id
    assert by_label["target"].url == "#" + by_label["first"].id  # the first node with a repeated ID
    assert by_label["jumps to renamed"].url == "#" + by_label["renamed"].id
    assert by_label["web"].url == "https://example.org"
    out = export(mindmap).decode()
    ids = dict(re.findall(r'ID="([^"]+)" TEXT="([^"]+)"', out))
    links = dict(re.findall(r'TEXT="([^"]+)"[^>]*LINK="#([^"]+)"', out))
    assert {ids[target] for target in links.values()} == {"target", "first", "renamed"}
    assert ids[links["second"]] == "target" and ids[links["jumps to renamed"]] == "renamed"
    again = read(out.encode()).mindmap
    assert again.to_document() == mindmap.to_document()


def test_corpus_userguide_internal_links_point_at_their_nodes_after_a_round_trip():
    source = corpus_file("fp-userguide-1.12.1-large.mm")
    targets = re.findall(rb'LINK="#(ID_[^"]+)"', source)
    assert len(targets) == 33
    imported = read(source)
    out = export(imported.mindmap)
    out_ids = set(re.findall(rb' ID="([^"]+)"', out))
    out_links = re.findall(rb'LINK="#([^"]+)"', out)
    assert len(out_links) == 33
    assert all(link in out_ids for link in out_links)
    mindmap = imported.mindmap
    internal = [node for node in mindmap.nodes() if node.url.startswith("#")]
    assert len(internal) == 33
    assert all(node.url[1:] in mindmap for node in internal)
    # The file's own IDs were usable, so each link still names the node the file meant.
    assert all(node.url[1:].encode() in targets for node in internal)


def test_svg_and_html_link_internal_links_to_their_node_and_drop_unsafe_urls():
    mindmap = MindMap("t", by="tester")
    target = mindmap.add("topic", "target")
    mindmap.add("topic", "jump", url="#" + target)
    mindmap.add("topic", "script", url="javascript:alert(1)", url_as_is=True)
    for name in ("svg", "html"):
        exported = get_format(name).write(mindmap, WriteOptions())
        assert exported.dropped == {"unsafe urls": 1}
        assert exported.data.count(f' href="#node-{target}"'.encode()) == 1  # plus its xlink:href
        assert f'id="node-{target}"'.encode() in exported.data


def test_self_links_are_dropped_and_said_to_be_self_links():
    data = mm(
        """<node ID="ID_1" TEXT="Root"><node ID="ID_2" TEXT="loop"><arrowlink DESTINATION="ID_2"/>
<arrowlink DESTINATION="ID_404"/><arrowlink DESTINATION="ID_1"/></node></node>"""
    )
    imported = read(data)
    assert [(link.source, link.target) for link in imported.mindmap.links()] == [("ID_2", "ID_1")]
    assert imported.dropped == {"cross-links": 2}
    assert "dropped 1 cross-link from a node to itself" in imported.warnings
    assert "dropped 1 cross-link to a node that is not in the file" in imported.warnings


def test_corpus_functions_self_links_are_reported_as_self_links():
    imported = read(corpus_file("fp-functions-1.9.0.mm"))
    assert "dropped 7 cross-links from a node to itself" in imported.warnings
    assert not any("not in the file" in warning for warning in imported.warnings)


def test_a_second_root_is_dropped_with_a_warning_that_counts_its_nodes():
    data = mm(
        """<node ID="ID_1" TEXT="A"><node ID="ID_2" TEXT="a1"/></node>
<node ID="ID_3" TEXT="B"><node TEXT="b1"><richcontent TYPE="NOTE"><html><body><p>x</p></body></html></richcontent>
<node TEXT="b2"/></node></node><node TEXT="C"/>"""
    )
    imported = read(data)
    assert [node.label for node in imported.mindmap.nodes()] == ["A", "a1"]
    assert imported.dropped == {"nodes": 4}
    assert (
        "the file has 3 root <node> elements under <map> and a map has one root: kept the first, "
        "dropped the other 4 nodes" in imported.warnings
    )


def test_internal_links_follow_their_nodes_when_import_gives_new_ids():
    data = mm(
        '<node ID="ID_1" TEXT="Root"><node ID="ID_2" TEXT="from" LINK="#ID_3"/><node ID="ID_3" TEXT="to"/></node>'
    )
    target = MindMap("target", by="tester")
    for _ in range(2):  # the second import clashes with the first one's ids, so its nodes get new ones
        target.graft(read(data).mindmap)
    pairs = [(node.id, node.url) for node in target.nodes() if node.label == "from"]
    tos = [node.id for node in target.nodes() if node.label == "to"]
    assert len(pairs) == 2 and pairs[0][0] != pairs[1][0]
    assert [url for _, url in pairs] == ["#" + to for to in tos]


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_bmp_references_are_made_on_the_bytes_as_on_the_text(text):
    from mindmap.formats.freemind import _bmp_as_references

    expected = re.sub("[\u0080-\uffff]", lambda match: f"&#{ord(match.group())};", text).encode("utf-8")
    assert _bmp_as_references(text.encode("utf-8")) == expected


def test_images_in_notes_and_details_are_counted_as_dropped_not_lost_silently():
    data = mm(
        """<node ID="ID_1" TEXT="Root"><node ID="ID_2" TEXT="pictured">
<richcontent TYPE="NOTE"><html><body><img src="a.png"/><img src="b.png"/></body></html></richcontent>
<richcontent TYPE="DETAILS"><html><body><p>Caption</p><img src="c.png"/></body></html></richcontent>
</node></node>"""
    )
    imported = read(data)
    node = next(node for node in imported.mindmap.nodes() if node.label == "pictured")
    assert node.note == "" and node.attributes["details"] == "Caption"
    assert imported.dropped == {"images": 3}
    assert "dropped 3 images in notes and details (their text is kept)" in imported.warnings


def test_colours_from_a_hand_edited_file_are_stored_as_set_colour_stores_them(run, load, tmp_path):
    # 'red' or 'rgb(...)' in a map made `combine` fail later on a colour the user never typed; '#fff' and
    # ' #ABCDEF ' are colours, stored #RRGGBB, and a child's '#FFF' under a '#fff' sector is the branch's.
    source = tmp_path / "edited.mm"
    source.write_text(
        '<map version="1.0.1"><node TEXT="Root">'
        '<node TEXT="Arts" COLOR="#fff"><node TEXT="A1" COLOR="#FFF"/><node TEXT="A2" COLOR=" #abcdef "/></node>'
        '<node TEXT="Health" COLOR="red"><node TEXT="H1" COLOR="rgb(1,2,3)"/><node TEXT="H2"/></node>'
        "</node></map>",
        encoding="utf-8",
    )
    result = run("import", str(source))
    assert result.exit_code == 0, result.stderr
    assert "Warning: left out 2 colours not written as #RRGGBB or #RGB\n" in result.stderr
    mindmap = load()
    colours = {node.label: node.color for node in mindmap.nodes()}
    assert colours == {"Test map": "", "Root": "", "Arts": "#FFFFFF", "A1": "", "A2": "#ABCDEF"} | {
        "Health": "",
        "H1": "",
        "H2": "",
    }
    assert run("combine", "H2", "H1").exit_code == 0


def test_colours_from_csv_and_opml_are_stored_as_set_colour_stores_them(run, load, tmp_path):
    source = tmp_path / "edited.csv"
    source.write_text(
        "id,parent_id,kind,label,color\nr,,root,R,\na,r,topic,A,#abc\nb,r,topic,B,red\n", encoding="utf-8"
    )
    result = run("import", str(source))
    assert result.exit_code == 0, result.stderr
    assert "left out 1 colour not written as #RRGGBB or #RGB" in result.stderr
    outline = tmp_path / "edited.opml"
    outline.write_text(
        '<opml version="2.0"><head><title>O</title></head><body>'
        '<outline text="C" mindmap_color=" #ABCDEF"/><outline text="D" mindmap_color="blue"/></body></opml>',
        encoding="utf-8",
    )
    result = run("import", str(outline))
    assert result.exit_code == 0, result.stderr
    assert "left out 1 colour not written as #RRGGBB or #RGB" in result.stderr
    colours = {node.label: node.color for node in load().nodes()}
    assert colours == {"Test map": "", "R": "", "A": "#AABBCC", "B": "", "O": "", "C": "#ABCDEF", "D": ""}
