"""The fast paths of the SVG export give what the slow, obvious code gave (issue 9).

`_dot.quote` replaced the graphviz package's quoting, `_style._says_word` a regex compiled per channel,
and `_dot.wrap` skips textwrap for a line that fits: each is checked here against the code it replaced.
"""

from __future__ import annotations

import re
import textwrap

import graphviz
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mindmap.formats import _dot, _style

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
