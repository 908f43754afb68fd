"""Mermaid mindmap: every label quoted, Mermaid's special characters as entity codes."""

from __future__ import annotations

import re

from samples import awkward_map

from mindmap.formats import WriteOptions, mermaid
from mindmap.model import MindMap
from mindmap.store import MapFile

NODE = re.compile(r'^( *)n\d+(\(\(|\{\{|\(|\[|\))"([^"]*)"(\)\)|\}\}|\)|\]|\()$')


def test_every_node_is_one_quoted_line_indented_by_depth():
    mindmap = awkward_map()
    lines = mermaid.write(mindmap, WriteOptions()).data.decode().splitlines()
    assert lines[0] == "mindmap"
    assert len(lines) == len(mindmap) + 1
    for line, (_, level) in zip(lines[1:], mindmap.walk(), strict=True):
        match = NODE.match(line)
        assert match, line
        assert len(match.group(1)) == 2 * (level + 1)
        text = match.group(3).replace("<br>", "")
        assert not set(text) & set('"`<>&'), line
        assert re.fullmatch(r"(?:[^#]|#\w+;)*", text), line  # every '#' starts an entity code


def test_special_characters_become_entity_codes():
    assert mermaid.escape('a "b" #1 `c` <d> & e') == "a #quot;b#quot; #35;1 #96;c#96; #lt;d#gt; #amp; e"
    assert mermaid.escape("one\ntwo") == "one<br>two"
    assert mermaid.escape("(x) [y] {z}") == "(x) [y] {z}"  # plain characters inside a quoted string


def test_shapes_follow_kinds():
    mindmap = MindMap("Derby")
    arts = mindmap.add("sector", "Arts")
    quad = mindmap.add("org", "QUAD", arts)
    mindmap.add("channel", "Twitter", quad)
    mindmap.add("topic", "Idea", arts)
    assert mermaid.write(mindmap, WriteOptions()).data.decode().splitlines()[1:] == [
        '  n0(("Derby"))',
        '    n1{{"Arts"}}',
        '      n2("QUAD")',
        '        n3["Twitter"]',
        '      n4)"Idea"(',
    ]


def _map_of_text_size(organisations: int) -> MindMap:
    mindmap = MindMap("Derby")
    arts = mindmap.add("sector", "Arts")
    for number in range(organisations):
        mindmap.add("org", f"Organisation number {number:04d} of the arts", arts)
    return mindmap


def test_a_diagram_longer_than_mermaid_draws_by_default_gets_a_warning():
    small = mermaid.write(_map_of_text_size(100), WriteOptions())
    big = mermaid.write(_map_of_text_size(1500), WriteOptions())

    assert len(small.data.decode()) <= mermaid.MERMAID_MAX_TEXT_SIZE and small.warnings == []
    size = len(big.data.decode())
    assert size > mermaid.MERMAID_MAX_TEXT_SIZE
    assert big.warnings == [
        f"the diagram is {size:,} characters, more than the 50,000 Mermaid draws by default: "
        "export part of the map with --from NODE or --depth N, or raise maxTextSize where it is shown"
    ]


def test_export_warns_of_a_diagram_too_long_for_mermaid_and_still_writes_it(run, map_path, tmp_path):
    MapFile(map_path).save(_map_of_text_size(1500))
    target = tmp_path / "big.mmd"

    result = run("export", str(target))

    assert result.exit_code == 0
    assert "Warning: the diagram is" in result.stderr and "--from NODE or --depth N" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("mindmap\n")
