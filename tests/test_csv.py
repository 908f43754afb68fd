"""CSV: the export's own columns, the contributions form, formula injection, and bad rows."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from samples import awkward_map

from mindmap.errors import FormatError
from mindmap.formats import WriteOptions, csv_table


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_export_starts_with_a_byte_order_mark_so_spreadsheets_read_utf8():
    data = csv_table.write(awkward_map(), WriteOptions()).data
    assert data.startswith(b"\xef\xbb\xbfid,parent_id,")
    assert data.count(b"\xef\xbb\xbf") == 1
    # Excel's 8-bit reading of the same bytes would show the accents as two characters each.
    assert "café" in data.decode("utf-8-sig")


def test_export_has_one_row_per_node_with_the_documented_columns():
    mindmap = awkward_map()
    table = rows(csv_table.write(mindmap, WriteOptions()).data)
    assert list(table[0]) == list(csv_table.COLUMNS)
    assert [r["id"] for r in table] == mindmap.ids()
    quad = next(r for r in table if r["label"].startswith("Derby QUAD"))
    assert quad["path"] == "Arts [and] culture (Derby)/Derby QUAD \"cinema\" 'café'"
    assert quad["kind"] == "organisation"
    assert json.loads(quad["attributes"]) == {"city": "Derby", "since": "2008", "formula": "=1+1"}


def test_formula_cells_are_guarded():
    table = rows(csv_table.write(awkward_map(), WriteOptions()).data)
    cells = [value for row in table for value in row.values()]
    assert "'=~ s///n and ==/eq" in cells
    assert "'=starts with equals" in cells
    assert not any(re.match(r"[=+\-@]", value) for value in cells)


@given(st.text())
def test_guard_is_undone_exactly(value):
    guarded = csv_table.guard(value)
    assert not re.match(r"[=+\-@\t\r]", guarded)
    assert csv_table.unguard(guarded) == value


def test_export_reads_back_as_the_same_map():
    original = awkward_map()
    back = csv_table.read(csv_table.write(original, WriteOptions()).data)
    assert not back.merge_by_path
    original_nodes = original.to_document()["graph"]["nodes"][1:]
    assert back.mindmap.to_document()["graph"]["nodes"][1:] == original_nodes
    assert back.mindmap.node(back.mindmap.root).label == original.label(original.root)


FORM = (
    "path,kind,url,note,by\r\n"
    "Arts and culture/Derby QUAD/Twitter @derbyquad,channel,https://twitter.com/derbyquad,,Bel\r\n"
    "Arts and culture/Derby QUAD,org,https://www.derbyquad.co.uk,Arts centre,Tim\r\n"
    "Public sector/Derbyshire Police/Twitter @derbyspolice,,http://www.twitter.com/derbyspolice,,\r\n"
    "Ideas,topic,,'=not a formula,\r\n"
)


def test_contributions_form_makes_missing_nodes_with_the_kinds_the_rules_imply():
    imported = csv_table.read(FORM.encode())
    mindmap = imported.mindmap
    assert imported.merge_by_path
    assert [(mindmap.path(n.id), n.kind) for n in mindmap.nodes()][1:] == [
        ("Arts and culture", "sector"),
        ("Arts and culture/Derby QUAD", "organisation"),
        ("Arts and culture/Derby QUAD/Twitter @derbyquad", "channel"),
        ("Public sector", "sector"),
        ("Public sector/Derbyshire Police", "organisation"),
        ("Public sector/Derbyshire Police/Twitter @derbyspolice", "channel"),
        ("Ideas", "topic"),
    ]
    quad = mindmap.node(mindmap.resolve("Arts and culture/Derby QUAD"))
    assert (quad.url, quad.note, quad.added_by) == ("https://www.derbyquad.co.uk", "Arts centre", "Tim")
    assert mindmap.node(mindmap.resolve("Ideas")).note == "=not a formula"


def test_form_rows_whose_kind_cannot_be_at_the_top_wait_for_the_import():
    imported = csv_table.read(b"path,kind\nDerby QUAD,org\nDerby QUAD/Twitter,channel\n")
    mindmap = imported.mindmap
    quad, twitter = mindmap.ids()[1:]
    assert imported.kinds == {quad: "organisation", twitter: "channel"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"path,kind\nA,organ\n", "CSV line 2: unknown kind 'organ'"),
        (b"path,kind\nA,topic\nA/B,channel\n", "CSV line 3: 'A' is a topic, so a channel cannot go under it"),
        (b"path,kind\nA,sector\nB,topic\nA,sector\n", "CSV line 4: the path 'A' is already on line 2"),
        (b"path,kind\n,topic\n", "CSV line 2: the path is empty"),
        (b"path,kind\nA//B,topic\n", "CSV line 2: the path 'A//B' has an empty part"),
        (b'path\n"unclosed\n', "CSV line 2: unexpected end of data"),
        (b"path,kind\nA,topic,extra\n", "CSV line 2: 3 cells but the header names 2 columns"),
        (b"name,what\nA,B\n", "neither mindmap's export columns (needs id, parent_id, label)"),
        (b"", "the CSV file is empty"),
        (b"id,parent_id,label\nr,,Root\na,zz,A\n", "CSV line 3: no row has the parent_id 'zz'"),
        (b"id,parent_id,label\nr,,Root\na,r,A\na,r,B\n", "CSV line 4: the id 'a' is already on line 3"),
        (b"id,parent_id,label\nr,,Root\ns,,Other\n", "CSV line 3: a second row without a parent_id"),
        (b"id,parent_id,label,kind\nr,,Root,root\na,r,A,channel\n", "CSV line 3: a channel cannot go under a root"),
        (b"id,parent_id,label,attributes\nr,,Root,\na,r,A,[1]\n", "CSV line 3: the attributes must be a JSON"),
        (b"id,parent_id,label\nr,,Root\na,b,A\nb,a,B\n", "CSV line 3: the row is in a cycle"),
    ],
)
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported(data, message):
    with pytest.raises(FormatError, match=re.escape(message)):
        csv_table.read(data)


def test_excel_byte_order_mark_and_windows_encoding():
    imported = csv_table.read(b"\xef\xbb\xbfpath\nCaf\xc3\xa9\n")
    assert [n.label for n in imported.mindmap.nodes()][1:] == ["Café"]
    imported = csv_table.read(b"path\nCaf\xe9\n")
    assert [n.label for n in imported.mindmap.nodes()][1:] == ["Café"]
    assert "Windows-1252" in imported.warnings[0]


def test_a_long_note_survives_the_round_trip():
    from mindmap.model import MindMap

    mindmap = MindMap("Map")
    mindmap.add("topic", "Long", note="x" * 500_000)
    back = csv_table.read(csv_table.write(mindmap, WriteOptions()).data).mindmap
    assert back.node(back.ids()[1]).note == "x" * 500_000


@given(st.text(alphabet="ab,\"'\r\n\x85\u2028\x0b\x1c", max_size=40))
def test_the_reader_splits_lines_as_a_stringio_would(text):
    from mindmap.formats.csv_table import _lines

    assert list(_lines(text)) == list(io.StringIO(text, newline=""))


def test_a_csv_too_big_to_import_again_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """A chain 10,000 levels deep exported 515 MiB of paths that import refused, without a word (found by trial)."""
    from mindmap import importing
    from mindmap.model import MindMap

    assert csv_table.READ_LIMIT_BYTES == importing.MAX_IMPORT_BYTES
    mindmap = MindMap("Chain", by="tester")
    parent = mindmap.root
    for level in range(20):
        parent = mindmap.add("topic", f"level {level}", parent)
    assert csv_table.write(mindmap, WriteOptions()).warnings == []
    monkeypatch.setattr(csv_table, "READ_LIMIT_BYTES", 1000)
    [warning] = csv_table.write(mindmap, WriteOptions()).warnings
    assert "more than the 0 MiB mindmap imports" in warning and "use .mm or .json" in warning
