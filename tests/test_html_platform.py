"""The HTML links page names a channel's platform once: after the label only when the label does not say it."""

from __future__ import annotations

from mindmap.formats import WriteOptions, get_format
from mindmap.model import MindMap


def test_the_platform_follows_a_label_only_when_the_label_does_not_name_it() -> None:
    mindmap = MindMap("Sheffield")
    org = mindmap.add("organisation", "Council", mindmap.add("sector", "Local government"))
    mindmap.add("channel", "Twitter @SheffCouncil", org, url="https://twitter.com/SheffCouncil")
    mindmap.add("channel", "News feed", org, url="https://facebook.com/sheffieldcitycouncil")
    html = get_format("html")
    assert html.write is not None
    page = html.write(mindmap, WriteOptions()).data.decode()
    assert 'Twitter @SheffCouncil</a><span class="platform">' not in page
    assert 'News feed</a><span class="platform"> (Facebook)</span>' in page
