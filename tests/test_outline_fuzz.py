"""Any bytes given to the outline readers give a map or one MindmapError, never another exception."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mindmap.errors import MindmapError
from mindmap.formats import csv_table, markdown, opml

READERS = {"opml": opml.read, "markdown": markdown.read, "csv": csv_table.read}

# Bytes near each format's shape find more than random noise does.
SEEDS = {
    "opml": st.builds(
        lambda body: b'<opml version="2.0"><head><title>t</title></head><body>' + body + b"</body></opml>",
        st.binary(max_size=200)
        | st.text(alphabet='<>/outline text="&#;x_note' + "\u00e9", max_size=200).map(str.encode),
    ),
    "markdown": st.text(alphabet="#-*+1. \n\t[]()<>`\\&;!xé_~|", max_size=300).map(str.encode),
    "csv": st.builds(
        lambda header, body: header + b"\n" + body,
        st.sampled_from([b"path,kind,url,note,by", b"id,parent_id,label,kind,attributes", b"x"]),
        st.text(alphabet=",\"\n\r=+-@'/abc{}:", max_size=200).map(str.encode),
    ),
}


@pytest.mark.parametrize("name", sorted(READERS))
@given(data=st.data())
def test_fuzz_reader_gives_a_map_or_a_mindmap_error(name, data):
    raw = data.draw(st.one_of(st.binary(max_size=300), SEEDS[name]))
    try:
        imported = READERS[name](raw)
    except MindmapError:
        return
    imported.mindmap.validate()
