"""Links pasted from running text come in brackets or end a sentence: '(https://...)', '... @x).', '[link]'."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mindmap import MindMap, channels
from mindmap.editing import add_node

LINKS = [
    "https://twitter.com/derbyquad",
    "https://youtube.com/@derbyquad",
    "https://facebook.com/derbyquad",
    "https://www.derbyquad.co.uk",
    "https://en.wikipedia.org/wiki/Derby_(city)",
    "https://example.org/a_(b)_(c)",
    "mailto:box@derbyquad.co.uk",
]


@pytest.mark.parametrize(
    ("pasted", "stored"),
    [
        ("https://youtube.com/@derbyquad)", "https://youtube.com/@derbyquad"),
        ("(https://twitter.com/derbyquad)", "https://twitter.com/derbyquad"),
        (["see", "https://twitter.com/derbyquad)."][1], "https://twitter.com/derbyquad"),
        ("[https://twitter.com/derbyquad]", "https://twitter.com/derbyquad"),
        ("https://twitter.com/derbyquad!", "https://twitter.com/derbyquad"),
        ("https://twitter.com/derbyquad:", "https://twitter.com/derbyquad"),
        ('"(https://twitter.com/derbyquad)."', "https://twitter.com/derbyquad"),
        ("(https://en.wikipedia.org/wiki/Derby_(city))", "https://en.wikipedia.org/wiki/Derby_(city)"),
        ("https://en.wikipedia.org/wiki/Derby_(city)).", "https://en.wikipedia.org/wiki/Derby_(city)"),
        ("https://example.org/a_(b)_(c)", "https://example.org/a_(b)_(c)"),
    ],
)
def test_brackets_and_stops_around_a_link_are_not_part_of_it(pasted, stored):
    channel = channels.recognise(pasted)
    assert channel.url == stored and not channels.problems(channel.url, channel.platform)


def test_a_bracketed_handle_and_a_bracketed_link_in_a_map():
    mindmap = MindMap("Derby")
    quad = add_node(mindmap, "org", "Derby QUAD", add_node(mindmap, "sector", "Arts"), url="(https://derbyquad.co.uk)")
    twitter = add_node(mindmap, "channel", "(@derbyquad)", quad, platform="twitter")
    youtube = mindmap.add("channel", "YouTube", quad, url="https://youtube.com/@derbyquad).")
    assert mindmap.node(quad).url == "https://derbyquad.co.uk"
    assert mindmap.node(twitter).url == "https://twitter.com/derbyquad"
    assert (mindmap.node(youtube).platform, mindmap.node(youtube).handle) == ("youtube", "@derbyquad")


@given(
    link=st.sampled_from(LINKS),
    before=st.sampled_from(["", "(", "[", '"', "<", '"(']),
    after=st.sampled_from(["", ")", "]", ").", ")!", ".", ",", '"', ">", ')."', "):"]),
)
def test_what_wraps_a_link_changes_nothing(link, before, after):
    assert channels.recognise(before + link + after) == channels.recognise(link)
