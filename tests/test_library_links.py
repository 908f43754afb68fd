"""The library stores links as the command line and imports do: normalised, a faulty one refused unless forced."""

from __future__ import annotations

from typing import Any

import pytest

from mindmap.errors import RuleError
from mindmap.importing import ImportReport
from mindmap.model import MindMap, stored_url


@pytest.fixture
def org_map() -> tuple[MindMap, str]:
    mindmap = MindMap("Derby")
    sector = mindmap.add("sector", "Arts")
    return mindmap, mindmap.add("org", "Derby QUAD", sector)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("http://www.facebook.com/derbyquad", "https://facebook.com/derbyquad"),
        ("https://m.facebook.com/derbyquad/?ref=bookmarks&fref=ts", "https://facebook.com/derbyquad"),
        ("http://www.twitter.com/DerbyUniPress", "https://twitter.com/DerbyUniPress"),
        ("www.derbyquad.co.uk/whats-on/?utm_source=newsletter", "https://www.derbyquad.co.uk/whats-on"),
        ("derbyquad.co.uk", "https://derbyquad.co.uk"),
    ],
)
def test_add_and_update_store_the_normalised_link(org_map: tuple[MindMap, str], given: str, stored: str) -> None:
    mindmap, org = org_map
    topic = mindmap.add("topic", "See", org, url=given)
    assert mindmap.node(topic).url == stored
    mindmap.update(org, url=given)
    assert mindmap.node(org).url == stored


def test_a_channel_added_from_the_library_gets_platform_and_handle_from_its_link(
    org_map: tuple[MindMap, str],
) -> None:
    mindmap, org = org_map
    channel = mindmap.add("channel", "Facebook", org, url="http://www.facebook.com/derbyquad?fref=ts")
    node = mindmap.node(channel)
    assert (node.url, node.platform, node.handle) == ("https://facebook.com/derbyquad", "facebook", "derbyquad")
    mindmap.update(channel, url="http://twitter.com/derbyquad")
    node = mindmap.node(channel)
    assert (node.url, node.platform, node.handle) == ("https://twitter.com/derbyquad", "twitter", "@derbyquad")


@pytest.mark.parametrize("kind", ["channel", "org", "topic"])
def test_a_facebook_search_link_is_refused_and_the_map_unchanged(org_map: tuple[MindMap, str], kind: str) -> None:
    mindmap, org = org_map
    before = mindmap.to_document()
    search = "https://www.facebook.com/search/top/?q=derby%20quad"
    with pytest.raises(RuleError, match="search-results page.*add --force to keep it anyway"):
        mindmap.add(kind, "Found it", org, url=search)
    with pytest.raises(RuleError, match="search-results page"):
        mindmap.update(org, url=search)
    assert mindmap.to_document() == before


def test_force_keeps_a_faulty_link_normalised(org_map: tuple[MindMap, str]) -> None:
    mindmap, org = org_map
    search = "http://www.facebook.com/search/top/?q=derby"
    channel = mindmap.add("channel", "Found it", org, url=search, force=True)
    assert mindmap.node(channel).url == "https://facebook.com/search/top?q=derby"
    mindmap.update(org, url="https://bit.ly/3abc", force=True)
    assert mindmap.node(org).url == "https://bit.ly/3abc"


def test_url_as_is_stores_a_link_unread(org_map: tuple[MindMap, str]) -> None:
    mindmap, org = org_map
    topic = mindmap.add("topic", "Old", org, url="http://www.facebook.com/search/?q=x", url_as_is=True)
    assert mindmap.node(topic).url == "http://www.facebook.com/search/?q=x"


def test_a_library_user_and_a_command_line_user_get_the_same_map(run: Any, load: Any) -> None:
    messy = "http://www.facebook.com/derbyquad/?ref=bookmarks"
    run("add", "sector", "Arts")
    run("add", "org", "Derby QUAD", "--under", "Arts", "--url", messy)
    run("add", "channel", messy, "--under", "Derby QUAD")
    from_cli = load()
    mindmap = MindMap("Test map")
    arts = mindmap.add("sector", "Arts")
    quad = mindmap.add("org", "Derby QUAD", arts, url=messy)
    mindmap.add("channel", "Facebook derbyquad", quad, url=messy)
    for ref in ("Derby QUAD", "Derby QUAD/Facebook derbyquad"):
        ours, theirs = mindmap.node(mindmap.resolve(ref)), from_cli.node(from_cli.resolve(ref))  # type: ignore[attr-defined]
        assert (ours.url, ours.platform, ours.handle) == (theirs.url, theirs.platform, theirs.handle)


@pytest.mark.parametrize(
    "url",
    [
        "http://www.facebook.com/derbyquad",
        "https://m.facebook.com/groups/derbyarts/?ref=share",
        "https://www.facebook.com/search/top/?q=derby",
        "www.example.org/a/?utm_source=x",
        "https://bit.ly/3abc",
        "mailto:info@example.org",
        "#abc123",
    ],
)
@pytest.mark.parametrize("kind", ["channel", "organisation", "topic"])
def test_imports_and_the_library_store_a_link_alike(url: str, kind: str) -> None:
    report = ImportReport(top="")
    imported = report.stored_url(url, kind)
    stored, _, _ = stored_url(url, kind, force=True)
    assert stored == imported
    refused = False
    try:
        stored_url(url, kind)
    except RuleError:
        refused = True
    assert refused == bool(report.links_faulty)
