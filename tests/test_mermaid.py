"""Mermaid mindmap: every label quoted, Mermaid's special characters as entity codes."""

from __future__ import annotations

import re

from samples import awkward_map

from mindmap.formats import WriteOptions, mermaid
from mindmap.model import MindMap

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
