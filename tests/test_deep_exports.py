"""Exports of deep maps: what each text format writes for a chain thousands of levels deep, and what it costs."""

from __future__ import annotations

import csv
import io
import tracemalloc
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_scale import chain, cli

from mindmap.formats import WriteOptions, csv_table
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
