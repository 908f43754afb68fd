"""Links in a platform's stored shape are read by a shortcut: the same results as the general way (issue 9).

`channels._platform_link` skips the steps of `recognise()` that change nothing for a link such as
https://twitter.com/derbyquad (unwrapping, the parse cache, queries, redirects). Every answer it gives must
be what the general way gives; where it gives none, the general way reads the link as before.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mindmap import channels as ch
from mindmap.errors import MindmapError

HOSTS = [
    *ch._CANONICAL_HOST.values(),
    *sorted(ch._HOSTS),
    *sorted(ch._MASTODON_SERVERS)[:3],
    *sorted(ch._SHORTENERS)[:3],
    *sorted(ch._REDIRECT_HOSTS),
    "www.twitter.com",
    "m.facebook.com",
    "uk.linkedin.com",
    "business.facebook.com",
    "derby.bsky.social",
    "google.com",
    "youtu.be",
    "twitter.com.",
    "example.org",
    "mastodon.example",
    "derby.wordpress.com",
    "pinterest.fr",
    "out.reddit.com",
]
# The words the platforms' parsers look for, and names of every shape they take or refuse.
PARSER_WORDS = """
search hashtag explore intent share compose login logout signup i home settings notifications messages tos
privacy about p reel reels tv stories accounts direct legal developer profile.php group.php groups pg people
pages l.php redirect redir company in school showcase channel user c watch shorts status photo photos video
posts permalink tag discover t users with_replies media pin ideas today business discuss profile post feed
events sharer.php r.php url
"""
WORDS = [
    *PARSER_WORDS.split(),
    "derbyquad",
    "123456789",
    "Derby_Quad",
    "derby.quad",
    "derby-quad",
    "Derby-Quad-123456789",
    "1234567",
    "a",
    "x" * 15,
    "x" * 16,
    "x" * 31,
    "x" * 101,
    "@derbyquad",
    "@derby.quad",
    "@Derby_Quad",
    "@a@mastodon.social",
    "@",
    "name.",
    "did:plc:abc",
    "derby.bsky.social",
]
links = st.builds(
    lambda host, words: f"https://{host}/" + "/".join(words),
    st.sampled_from(HOSTS),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
)


def general_parse(url: str) -> ch._Parsed | None:
    """Return what the general way reads in URL (as `_normalised` did before the shortcut), or None if it fails."""
    try:
        return ch._recognised(ch._unwrapped(url))
    except MindmapError:
        return None


@given(links)
@example("https://twitter.com/derbyquad")
@example("https://facebook.com/l.php")
@example("https://youtube.com/redirect")
@example("https://linkedin.com/redir/redirect")
@example("https://mastodon.social/@derbyquad/123")
@example("https://twitter.com/derbyquad/status/123456789")
@example("https://tiktok.com/@derbyquad/video/123456789")
@example("https://instagram.com/derbyquad/p/123456789")
def test_the_shortcut_reads_a_link_as_the_general_way_does(url):
    fast = ch._platform_link(url)
    if fast is not None:
        assert fast == general_parse(url)


@given(
    links, st.sampled_from(["channel", "organisation", "topic"]), st.sampled_from([None, "twitter", "x", "mastodon"])
)
@example("https://twitter.com/derbyquad/status/123456789", "channel", "twitter")
def test_stored_link_gives_what_it_gave_without_the_shortcut(url, kind, platform):
    fast = ch.stored_link(url, kind, platform)
    with mock.patch.object(ch, "_platform_link", lambda text: None):
        assert ch.stored_link(url, kind, platform) == fast


@pytest.mark.parametrize(
    "url",
    [
        "https://twitter.com/derbyquad",
        "https://facebook.com/derbyquad",
        "https://instagram.com/derbyquad",
        "https://youtube.com/@derbyquad",
        "https://linkedin.com/company/derbyquad",
        "https://tiktok.com/@derbyquad",
        "https://mastodon.social/@derbyquad",
    ],
)
def test_the_links_an_export_writes_take_the_shortcut(url):
    fast = ch._platform_link(url)
    assert fast is not None
    assert (fast.url, fast.fault) == (url, "")
