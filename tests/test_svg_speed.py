"""The fast paths of the SVG export give what the slow, obvious code gave (issue 9).

`_dot.quote` replaced the graphviz package's quoting, `_style._says_word` a regex compiled per channel,
`_dot.wrap` skips textwrap for a line that fits, and `svg._secure` finds its targets with lxml instead
of visiting each element: each is checked here against the code it replaced.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import graphviz
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from mindmap.formats import _dot, _style, svg

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Text heavy in what DOT quoting and label matching care about.
awkward_text = st.text(alphabet=st.sampled_from('aZ_09.-"\\<>@/ &\nKkıİ字é'), max_size=14) | st.text(max_size=10)


@pytest.mark.filterwarnings("ignore:expect syntax error")  # graphviz warns of a final odd backslash
@given(awkward_text)
@example("node")
@example("-1.5")
@example('a\\"b')
@example("<b>html</b>")
@example("trailing\n")
def test_quote_agrees_with_the_graphviz_package(value: str) -> None:
    assert _dot.quote(value) == graphviz.quoting.quote(value)
    assert _dot.quote(_dot.Literal(value)) == graphviz.quoting.quote(graphviz.nohtml(value))


def test_attr_lists_agree_with_the_graphviz_package() -> None:
    attrs = {"url": 'https://e.org/?a="b"', "color": "#FFFFFF", "id": "node-x", "penwidth": "1.2", "z": "graph"}
    label = _dot.dot_text(["<b>two</b>", 'lines "quoted"'])
    assert _dot.attr_list(attrs, label=label) == graphviz.quoting.attr_list(label, kwargs=attrs)
    assert _dot.attr_list(attrs) == graphviz.quoting.attr_list(kwargs=attrs)
    assert _dot.attr_list({}) == graphviz.quoting.attr_list(kwargs={}) == ""


@given(awkward_text, awkward_text.filter(bool))
@example("Twitter @derbyquad", "derbyquad")
@example("derby.quad", "quad")
@example("QUAD_x quad", "quad")
def test_says_word_agrees_with_the_regex_it_replaced(text: str, word: str) -> None:
    expected = re.search(rf"(?<![\w@.]){re.escape(word)}(?![\w])", text, re.IGNORECASE) is not None
    assert _style._says_word(text, word) == expected


@given(st.text(max_size=60), st.integers(min_value=6, max_value=30))
@example("A label that fits", 22)
@example("  padded  ", 22)
@example("x" * 22, 22)
def test_wrap_agrees_with_textwrap(text: str, width: int) -> None:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if paragraph:
            fit = max(6, round(width * len(paragraph) / _dot.columns(paragraph)))
            lines.extend(textwrap.wrap(paragraph, fit, break_long_words=True, break_on_hyphens=True))
    if not lines:
        lines = [text.strip() or " "]
    if len(lines) > _dot.MAX_LINES:
        lines = lines[: _dot.MAX_LINES]
        lines[-1] = lines[-1][: max(1, width - 1)].rstrip() + "…"
    assert _dot.wrap(text, width) == lines


def secure_one_by_one(root: Any) -> None:
    """The sweep as it was before issue 9: visit every element, check each attribute."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        local = element.tag.rpartition("}")[2]
        if local in svg._ACTIVE_ELEMENTS:
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
            continue
        for name in list(element.attrib):
            if name.rpartition("}")[2].lower().startswith("on"):
                del element.attrib[name]
        for name in svg.HREF_ATTRIBUTES:
            value = element.get(name)
            if value is not None and not _style.is_safe_url(value):
                del element.attrib[name]
        if local == "a" and element.get(f"{{{XLINK_NS}}}href"):
            element.set("href", element.get(f"{{{XLINK_NS}}}href"))
            element.set("target", "_blank")
            element.set("rel", "noopener noreferrer")


HOSTILE_SVG = f"""<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}" xmlns:x="urn:x" onload="a()" x:onclick="b()">
  <g id="g1" ONMOUSEOVER="c()" Onfocus="d()" one="kept" x:one="kept">
    <a xlink:href="https://example.org/" target="_top"><text>ok</text></a>
    <a xlink:href="javascript:alert(1)"><text>bad</text></a>
    <a href="javascript:alert(2)" xlink:href="mailto:a@b.org"><text>mixed</text></a>
    <script>alert(3)</script>
    <x:script>alert(4)</x:script>
    <foreignObject><script>alert(5)</script><div xmlns="http://www.w3.org/1999/xhtml" onclick="e()"/></foreignObject>
    <image xlink:href="https://example.org/i.png"/>
    <use href="#g1"/>
    <x:a xlink:href="https://example.org/x"/>
    <text onwheel="f()">words<tspan onblur="g()">more</tspan></text>
  </g>
  <script xmlns="">alert(6)</script>
</svg>"""


def test_the_sweep_removes_what_the_one_by_one_sweep_removed() -> None:
    fast = etree.fromstring(HOSTILE_SVG.encode())
    slow = etree.fromstring(HOSTILE_SVG.encode())
    svg._secure(fast)
    secure_one_by_one(slow)
    assert etree.tostring(fast) == etree.tostring(slow)
    text = etree.tostring(fast).decode()
    assert "alert" not in text and "()" not in text
    assert text.count('rel="noopener noreferrer"') == 3  # the safe links, whatever their namespace
