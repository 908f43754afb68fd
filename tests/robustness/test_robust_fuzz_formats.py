"""Fuzz the file readers: random bytes and mutated valid files give a map or one MindmapError, nothing else.

Quick under the default hypothesis profile; `make fuzz` (tests named *fuzz*) runs them at 5,000 examples.
The JSON reader has its own fuzz tests in test_robust_fuzz.py, the outline readers in tests/test_outline_fuzz.py
and `channels.recognise` in tests/test_channels.py; these add the FreeMind reader and mutated valid files.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from samples import awkward_map

from mindmap.errors import MindmapError
from mindmap.formats import Imported, WriteOptions, csv_table, freemind, json_map, markdown, opml

READERS: dict[str, Callable[[bytes], Imported]] = {
    "json": json_map.read,
    "freemind": freemind.read,
    "opml": opml.read,
    "markdown": markdown.read,
    "csv": csv_table.read,
}
WRITERS = {
    "json": json_map.FORMAT,
    "freemind": freemind.FORMAT,
    "opml": opml.FORMAT,
    "markdown": markdown.FORMAT,
    "csv": csv_table.FORMAT,
}
VALID: dict[str, bytes] = {}


def valid_file(name: str) -> bytes:
    """Return a valid file of format NAME, written from the awkward sample map."""
    if name not in VALID:
        write = WRITERS[name].write
        assert write is not None
        VALID[name] = write(awkward_map(), WriteOptions()).data
    return VALID[name]


def read_or_refuse(name: str, data: bytes) -> None:
    try:
        imported = READERS[name](data)
    except MindmapError:
        return
    imported.mindmap.validate()


FREEMIND_NEAR = st.builds(
    lambda body: b'<map version="1.0.1"><node TEXT="r">' + body + b"</node></map>",
    st.binary(max_size=200)
    | st.text(
        alphabet='<>/node TEXT="&#;x_richcontent attribute NAME VALUE LINK arrowlink' + "\u00e9", max_size=200
    ).map(str.encode),
)


@given(data=st.one_of(st.binary(max_size=400), FREEMIND_NEAR))
def test_fuzz_freemind_reader_gives_a_map_or_a_mindmap_error(data: bytes) -> None:
    read_or_refuse("freemind", data)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """Return ORIGINAL with a few bytes replaced, inserted, deleted, or a slice cut out or repeated."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["replace", "insert", "delete", "cut", "repeat"]))
        byte = draw(st.sampled_from(list(b"<>\"'&;/=,\n\r\t\\{}[]#-*0\x00\xff\xc3")))
        if action == "replace":
            data[at] = byte
        elif action == "insert":
            data.insert(at, byte)
        elif action == "delete":
            del data[at]
        else:
            end = draw(st.integers(at, min(len(data), at + 200)))
            piece = data[at:end]
            data[at:end] = b"" if action == "cut" else piece * 2
    return bytes(data)


@pytest.mark.parametrize("name", sorted(READERS))
@given(data=st.data())
def test_fuzz_mutated_valid_files(name: str, data: st.DataObject) -> None:
    read_or_refuse(name, data.draw(mutated(valid_file(name))))
