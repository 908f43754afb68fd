"""The link rules hold wherever a link enters a map: add, set, imports; `check` flags what is left."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mindmap.channels import problems, recognise

SEED = Path("/work/shared/seed/derby-social-media-map.txt")
# Every Facebook and Twitter link and handle in the origin story, with what it normalises to.
SEED_LINKS = {
    "http://twitter.com/DerbyUniPress": "https://twitter.com/DerbyUniPress",
    "http://www.twitter.com/derbyspolice": "https://twitter.com/derbyspolice",
}
SEED_HANDLES = {"@derbyquad": "https://twitter.com/derbyquad", "@Derbyshirecc": "https://twitter.com/Derbyshirecc"}

# Old Facebook group addresses, from the years of the story, and the group page each one names.
OLD_FACEBOOK_GROUPS = [
    "http://www.facebook.com/group.php?gid=123456789012",
    "http://www.facebook.com/home.php#!/group.php?gid=123456789012",
    "http://www.facebook.com/home.php?#!/group.php?gid=123456789012",
    "http://www.facebook.com/group.php?v=wall&gid=123456789012",
    "https://m.facebook.com/group.php?gid=123456789012&ref=ts",
    "http://www.facebook.com/home.php?ref=home#!/group.php?gid=123456789012&ref=ts",
    "facebook.com/group.php?gid=123456789012",
]


@pytest.mark.parametrize("pasted", OLD_FACEBOOK_GROUPS)
def test_old_facebook_group_links_keep_their_group_number(pasted):
    channel = recognise(pasted)
    assert (channel.platform, channel.handle, channel.url) == (
        "facebook",
        "groups/123456789012",
        "https://facebook.com/groups/123456789012",
    )
    assert channel.label == "Facebook group 123456789012"
    assert problems(channel.url, "facebook") == []


def test_old_facebook_group_link_without_a_number_is_not_a_page():
    assert [p.code for p in problems("http://www.facebook.com/group.php", "facebook")] == ["not-a-page"]


@pytest.mark.parametrize(("pasted", "url"), sorted(SEED_LINKS.items()))
def test_seed_links_normalise(pasted, url):
    assert recognise(pasted).url == url
    assert problems(pasted) == []


@pytest.mark.parametrize(("pasted", "url"), sorted(SEED_HANDLES.items()))
def test_seed_handles_normalise(pasted, url):
    assert recognise(pasted, default_platform="twitter").url == url


def test_every_facebook_and_twitter_link_of_the_seed_is_in_the_table():
    if not SEED.exists():
        pytest.skip("the seed text is not here")
    found = set(re.findall(r"(?:https?://)?(?:www\.)?(?:twitter|facebook)\.com/[^\s)\]]*[^\s)\].,;]", SEED.read_text()))
    assert found == set(SEED_LINKS)


@pytest.fixture
def org(run):
    run("add", "sector", "Community")
    run("add", "org", "Derby Groups", "--under", "Community")
    return "Derby Groups"


def test_add_channel_keeps_an_old_group_link_working(run, load, org):
    result = run("add", "channel", OLD_FACEBOOK_GROUPS[1], "--under", "Derby Groups")
    assert result.exit_code == 0, result.stderr
    channel = load().node(result.stdout.strip())
    assert (channel.url, channel.handle) == ("https://facebook.com/groups/123456789012", "groups/123456789012")
