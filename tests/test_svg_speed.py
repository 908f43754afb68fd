"""The fast paths of the SVG export give what the slow, obvious code gave (issue 9).

`_style._says_word` replaced a regex compiled per channel, and `_dot.wrap` skips textwrap for a line that
fits: each is checked here against the code it replaced.
"""

from __future__ import annotations

import re
import textwrap

from hypothesis import example, given
from hypothesis import strategies as st

from mindmap.formats import _dot, _style

# Text heavy in what label matching and wrapping care about.
awkward_text = st.text(alphabet=st.sampled_from('aZ_09.-"\\<>@/ &\nKkıİ字é'), max_size=14) | st.text(max_size=10)


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
