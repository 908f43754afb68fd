"""Exports of deep maps: what each text format writes for a chain thousands of levels deep, and what it costs."""

from __future__ import annotations

import csv
import io
import tracemalloc
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_scale import chain, cli

from mindmap.formats import WriteOptions, csv_table, markdown, mermaid
from mindmap.model import MindMap
from mindmap.store import MapFile


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_export_of_a_deep_chain_holds_its_text_about_once() -> None:
    # The path column repeats every ancestor's label, so the file grows with depth squared (10,000 levels:
    # 515 MiB). Built as text, joined, then encoded (with each level's path kept), it was held 4 times over.
    mindmap = chain(1500)
    tracemalloc.start()
    try:
        data = csv_table.write(mindmap, WriteOptions()).data
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(data) > 10_000_000
    assert peak < 1.5 * len(data)


def test_csv_export_of_a_deep_chain_from_the_command_line_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "chain.json"
    mindmap = chain(400)
    MapFile(path).save(mindmap)
    cli(path, "export", str(tmp_path / "chain.csv"))
    data = (tmp_path / "chain.csv").read_bytes()
    assert data == csv_table.write(mindmap, WriteOptions()).data
    table = csv_rows(data)
    assert table[400]["path"] == "/".join(f"level {i}" for i in range(1, 401))
    back = csv_table.read(data).mindmap
    assert [back.path(node_id) for node_id in back.ids()] == [mindmap.path(node_id) for node_id in mindmap.ids()]


# A tree as the parent of each new topic, by its place among those made before (0 is the root).
trees = st.lists(
    st.tuples(st.integers(min_value=0), st.text(alphabet="ab/\\ ", min_size=1, max_size=6).filter(str.strip)),
    max_size=25,
)


@given(trees)
def test_csv_rows_carry_each_node_s_parent_and_path(shape: list[tuple[int, str]]) -> None:
    mindmap = MindMap("Tree")
    made = [mindmap.root]
    for parent, label in shape:
        made.append(mindmap.add("topic", label, made[parent % len(made)]))
    table = csv_rows(csv_table.write(mindmap, WriteOptions()).data)
    assert [row["id"] for row in table] == mindmap.ids()
    for row in table:
        assert row["parent_id"] == (mindmap.parent(row["id"]) or "")
        assert row["path"] == mindmap.path(row["id"])


def test_markdown_of_a_deep_chain_stops_indenting_and_reads_back_as_the_same_tree(tmp_path: Path) -> None:
    path = tmp_path / "chain.json"
    mindmap = chain(2000)
    MapFile(path).save(mindmap)
    result = cli(path, "export", str(tmp_path / "chain.md"))
    assert "1,960 nodes deeper than 40 levels are written as a flat list" in result.stderr
    lines = (tmp_path / "chain.md").read_text().splitlines()
    # Indenting every level made the file grow with depth squared: 4 MB here, 100 MB for 10,000 levels.
    assert max(len(line) for line in lines) < 2 * markdown.MAX_INDENTED_DEPTH + 60
    assert lines[-1] == " " * 2 * markdown.MAX_INDENTED_DEPTH + "- level 2000 <!-- mindmap: level 2000 -->"
    back = tmp_path / "back.json"
    cli(back, "init", "--from", str(tmp_path / "chain.md"))
    assert shape(MapFile(back).load()) == shape(mindmap)


def shape(mindmap: MindMap) -> list[tuple[int, str]]:
    """Return the map's nodes below the root as (level, label), in tree order: its tree, ids aside."""
    return [(level, mindmap.label(node_id)) for node_id, level in mindmap.walk()][1:]


# Each new topic goes under the node made STEP places before the last one (0: under the last), so that the
# trees are mostly deep, with branches.
deep_trees = st.lists(st.sampled_from([0, 0, 0, 0, 1, 2, 7]), min_size=1, max_size=150)


@given(deep_trees, st.booleans())
def test_markdown_reads_back_trees_of_any_depth(steps: list[int], folded: bool) -> None:
    mindmap = MindMap("Deep")
    made = [mindmap.root]
    for number, step in enumerate(steps, 1):
        made.append(mindmap.add("topic", f"n{number} <!-- mindmap: level 1 -->", made[max(0, len(made) - 1 - step)]))
        if folded and number % 3 == 0:
            mindmap.update(made[-1], folded=True)
    exported = markdown.write(mindmap, WriteOptions())
    imported = markdown.read(exported.data)
    assert not imported.warnings
    back = imported.mindmap
    assert shape(back) == shape(mindmap)
    assert [back.node(n).folded for n in back.ids()] == [mindmap.node(n).folded for n in mindmap.ids()]
    assert bool(exported.warnings) == (max(level for _, level in mindmap.walk()) > markdown.MAX_INDENTED_DEPTH)


def test_markdown_level_marks_that_cannot_hold_are_warned_of_and_left_out() -> None:
    text = "# Root\n\n- a\n  - b <!-- mindmap: level 7 -->\n- c <!-- mindmap: level 2 -->\n  - d\n"
    imported = markdown.read(text.encode())
    assert imported.warnings == [
        "Markdown line 4: the mark 'level 7' cannot hold here (the item stands at level 2); placed the item where "
        "its indentation puts it"
    ]
    assert shape(imported.mindmap) == [(1, "a"), (2, "b"), (2, "c"), (3, "d")]


def test_many_level_marks_that_cannot_hold_make_one_warning() -> None:
    # A mark on each of 1,000 items printed 1,000 warning lines.
    text = "# Root\n" + "".join(f"- x{number} <!-- mindmap: level 7 -->\n" for number in range(1000))
    imported = markdown.read(text.encode())
    assert imported.warnings == [
        "Markdown line 2: the mark 'level 7' cannot hold here (the item stands at level 1); placed the item where "
        "its indentation puts it; 999 more marks cannot hold either: lines 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and "
        "989 more"
    ]
    assert len(shape(imported.mindmap)) == 1000


def test_many_items_with_several_links_make_one_warning() -> None:
    # A list of organisations with '[Twitter](...) [Facebook](...)' each printed a warning line per item.
    text = "# Root\n" + "".join(f"- [a](https://a.org/{n}) [b](https://b.org/{n})\n" for n in range(30))
    imported = markdown.read(text.encode())
    assert imported.warnings == [
        "Markdown line 2: 2 links in one item; kept the first; 29 more items do so too: lines 3, 4, 5, 6, 7, 8, 9, "
        "10, 11, 12 and 19 more"
    ]
    one = markdown.read(b"# Root\n- [a](https://a.org) [b](https://b.org)\n- c\n")
    assert one.warnings == ["Markdown line 2: 2 links in one item; kept the first"]


def test_markdown_level_marks_written_as_text_move_nothing() -> None:
    # Escaped, in a code span or before more text, a mark is what a label says, not where the item goes.
    text = (
        "# Root\n\n- a\n- b \\<!-- mindmap: level 2 -->\n- `c <!-- mindmap: level 2 -->`\n"
        "- d <!-- mindmap: level 2 --> and more\n- e \\\\<!-- mindmap: level 2 -->\n"
    )
    imported = markdown.read(text.encode())
    assert not imported.warnings
    assert shape(imported.mindmap) == [
        (1, "a"),
        (1, "b <!-- mindmap: level 2 -->"),
        (1, "c <!-- mindmap: level 2 -->"),
        (1, "d  and more"),
        (2, "e \\"),  # the backslash is escaped: the mark is one
    ]


def test_mermaid_of_a_deep_chain_draws_the_deep_levels_flat_with_their_level(tmp_path: Path) -> None:
    path = tmp_path / "chain.json"
    MapFile(path).save(chain(2000))
    result = cli(path, "export", str(tmp_path / "chain.mmd"))
    assert (
        "1,960 nodes deeper than 40 levels are drawn as a flat list under their node at level 40, each label "
        "starting with its level ('[41] ...')" in result.stderr
    )
    lines = (tmp_path / "chain.mmd").read_text().splitlines()
    assert max(len(line) for line in lines) < 2 * mermaid.MAX_INDENTED_DEPTH + 60
    deep = " " * 2 * (mermaid.MAX_INDENTED_DEPTH + 2)
    assert lines[41] == " " * 2 * 41 + 'n40)"level 40"('  # after 'mindmap' and the root
    assert lines[42] == deep + 'n41)"[41] level 41"('
    assert lines[-1] == deep + 'n2000)"[2000] level 2000"('
