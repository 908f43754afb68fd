"""The .mm repairs skip the work that changes nothing, and still repair what they did (issue 9)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mindmap.formats._xml_repair import _is_utf8, repair

NAMES = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&nbsp;", "&eacute;", "&bogus;", "&", "x", " ", "é", "\n"]


def utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@given(st.binary(max_size=40) | st.text(max_size=20).map(str.encode))
def test_the_utf8_test_agrees_with_decoding(data):
    assert _is_utf8(data) == utf8(data)


def test_a_file_that_names_only_xmls_own_entities_is_kept_as_it_is():
    data = b'<map><node TEXT="a &amp; b &quot;c&quot; &lt;d&gt; &apos;"/></map>'
    repaired, warnings = repair(data)
    assert repaired is data  # not even copied: a big file would be held twice through the parse
    assert warnings == []


@given(st.lists(st.sampled_from(NAMES), max_size=8).map("".join))
def test_html_entities_are_still_replaced_beside_xmls_own(text):
    data = f'<map><node TEXT="{text}"/></map>'.encode()
    repaired, warnings = repair(data)
    expected = text.replace("&nbsp;", "&#xa0;").replace("&eacute;", "&#xe9;").replace("&bogus;", "&amp;bogus;")
    # A bare '&' (not a reference) is escaped last.
    assert repaired.decode().replace("&amp;", "&") == f'<map><node TEXT="{expected}"/></map>'.replace("&amp;", "&")
    assert any("undefined HTML entit" in warning for warning in warnings) == ("&nbsp;" in text or "&eacute;" in text)
    assert any("unknown entit" in warning for warning in warnings) == ("&bogus;" in text)


@given(st.lists(st.sampled_from([0, 1, 2, 3]), max_size=6), st.sampled_from([1, 2, 3, 4]))
def test_raw_control_bytes_are_dropped_and_counted_wherever_the_pieces_are_cut(places, size):
    # The search goes a piece at a time (a megabyte in use; a few bytes here), so a control byte on either side
    # of a cut, or none at all, must come out the same as from one pass over the whole file.
    from unittest.mock import patch

    from mindmap.formats import _xml_repair

    text = bytearray(b'<map><node TEXT="abcdefgh"/></map>')
    for place in sorted(places, reverse=True):
        text[17 + place : 17 + place] = b"\x01"
    data = bytes(text)
    pieces = _xml_repair._pieces
    with patch.object(_xml_repair, "_pieces", lambda data: pieces(data, size)):
        repaired, warnings = repair(data)
    assert repaired == b'<map><node TEXT="abcdefgh"/></map>'
    if places:
        assert f"dropped {len(places)} raw control character" in " ".join(warnings)
    else:
        assert repaired is data and warnings == []
